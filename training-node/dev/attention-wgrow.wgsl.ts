/**
 * Lab v2 of the attention kernels (dev/attention.ts): the GPU-shaped layout, one 64-lane workgroup per query row
 * for the forward and dq (keys strided over lanes, one-barrier max/sum reductions, then the row times V or K split
 * over (d, key part) lanes) and one per key row (b, t2, kv head) for dk/dv; zero att entries skipped. Slower than
 * the engine's kernels on lavapipe and SwiftShader (see dev/README.md); not measured on a real GPU.
 * Dispatch: B·NH·T workgroups (forward, dq), B·T·NKV (dk/dv). Bindings and uniforms as the engine's kernels.
 * Shape legend: as src/engine/kernels/attention.wgsl.ts. Non-goals: being used by the engine.
 */
import { FLAT_INDEX, WG } from '../src/engine/kernels/common.wgsl';
import {
  ATTENTION_DKV_BINDINGS, ATTENTION_DQ_BINDINGS, ATTENTION_FORWARD_BINDINGS, ATTENTION_VISIBLE
} from '../src/engine/kernels/attention.wgsl';

const ATT_HEAD = /* wgsl */ `
struct Params { B: u32, T: u32, NH: u32, NKV: u32, HS: u32, causal: u32, hasMask: u32, scale: f32, window: u32 }
@group(0) @binding(0) var<uniform> p: Params;
${FLAT_INDEX}
var<workgroup> partialA: array<f32, ${WG}>;
var<workgroup> partialB: array<f32, ${WG}>;
// One-barrier workgroup reductions (every lane reads all ${WG} partials): fewer barriers than a tree, which is
// what costs on CPU Vulkan drivers; partialB is free here. Call from uniform control flow.
fn rowMax(value: f32, lane: u32) -> f32 {
  partialB[lane] = value;
  workgroupBarrier();
  var m = partialB[0];
  for (var i = 1u; i < ${WG}u; i = i + 1u) { m = max(m, partialB[i]); }
  workgroupBarrier();
  return m;
}
fn rowSum(value: f32, lane: u32) -> f32 {
  partialB[lane] = value;
  workgroupBarrier();
  var s = 0.0;
  for (var i = 0u; i < ${WG}u; i = i + 1u) { s = s + partialB[i]; }
  workgroupBarrier();
  return s;
}
`;

/** Entry of the workgroup-per-query-row kernels: decodes (b, h, t) from the workgroup, the kv head and offsets. */
const QUERY_ROW_ENTRY = /* wgsl */ `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lane: u32) {
  let row = flatGroup(wid, nwg);
  if (row >= p.B * p.NH * p.T) { return; }
  let t = row % p.T;
  let bh = row / p.T;
  let h = bh % p.NH;
  let b = bh / p.NH;
  let kvh = h / (p.NH / p.NKV);
  let qOff = ((b * p.T + t) * p.NH + h) * p.HS;
  let attOff = row * p.T;
  let parts = max(1u, ${WG}u / p.HS); // lanes per column when HS < ${WG}: (d = lane % HS, part = lane / HS)`;

/**
 * WGSL statements: dst[qOff + d] = Σ_{t2 < hi, weight != 0} weights[attOff + t2]·src[kv row t2, head kvh, d].
 * HS >= WG: lanes loop over d; HS < WG: lane (d, part) sums every parts-th t2 and partialA adds the parts up.
 * Zero weights (masked keys: att and dpre are exactly 0 there) are skipped. Uniform control flow (barrier).
 */
function weightedKvRows(dst: string, weights: string, src: string): string {
  return /* wgsl */ `
  if (parts == 1u) {
    for (var d = lane; d < p.HS; d = d + ${WG}u) {
      var acc = 0.0;
      for (var t2 = 0u; t2 < hi; t2 = t2 + 1u) {
        let w = ${weights}[attOff + t2];
        if (w != 0.0) { acc = acc + w * ${src}[((b * p.T + t2) * p.NKV + kvh) * p.HS + d]; }
      }
      ${dst}[qOff + d] = acc;
    }
  } else {
    let d = lane % p.HS;
    let part = lane / p.HS;
    var acc = 0.0;
    if (part < parts) {
      for (var t2 = part; t2 < hi; t2 = t2 + parts) {
        let w = ${weights}[attOff + t2];
        if (w != 0.0) { acc = acc + w * ${src}[((b * p.T + t2) * p.NKV + kvh) * p.HS + d]; }
      }
    }
    partialA[lane] = acc;
    workgroupBarrier();
    if (lane < p.HS) {
      var total = 0.0;
      for (var j = 0u; j < parts; j = j + 1u) { total = total + partialA[lane + j * p.HS]; }
      ${dst}[qOff + lane] = total;
    }
  }`;
}

/**
 * Bindings: 1 out, 2 att, 3 q, 4 k, 5 v, 6 segments. One 64-lane workgroup per query row (b, h, t): lanes take
 * every 64th key for the scores, workgroup max and sum reductions, then att·v split over (d, key part).
 */
export const ATTENTION_V2_FORWARD_WGSL = ATT_HEAD + /* wgsl */ `
${ATTENTION_FORWARD_BINDINGS}
${ATTENTION_VISIBLE}
${QUERY_ROW_ENTRY}
  var localMax = -3.4e38;
  for (var t2 = lane; t2 < p.T; t2 = t2 + ${WG}u) {
    var s = 0.0;
    if (visible(b, t, t2)) {
      let kOff = ((b * p.T + t2) * p.NKV + kvh) * p.HS;
      var dot = 0.0;
      for (var d = 0u; d < p.HS; d = d + 1u) { dot = dot + q[qOff + d] * k[kOff + d]; }
      s = dot * p.scale;
      localMax = max(localMax, s);
    }
    att[attOff + t2] = s;
  }
  let maxv = rowMax(localMax, lane);
  let hasVisible = maxv > -3.0e38;
  var localSum = 0.0;
  for (var t2 = lane; t2 < p.T; t2 = t2 + ${WG}u) {
    var e = 0.0;
    if (hasVisible && visible(b, t, t2)) { e = exp(att[attOff + t2] - maxv); }
    att[attOff + t2] = e;
    localSum = localSum + e;
  }
  let sum = rowSum(localSum, lane);
  let inv = select(0.0, 1.0 / sum, sum > 0.0);
  for (var t2 = lane; t2 < p.T; t2 = t2 + ${WG}u) { att[attOff + t2] = att[attOff + t2] * inv; }
  storageBarrier(); // every lane's att entries, visible to the whole workgroup
  let hi = select(p.T, t + 1u, p.causal != 0u);
  ${weightedKvRows('out', 'att', 'v')}
}`;

/**
 * dpre[b,h,t,:] = scale·att·(dout·v - Σ att·(dout·v)) and dq = dpre·k. One workgroup per query row (b, h, t),
 * laid out as the forward; keys with att = 0 are skipped. Bindings: 1 dq, 2 dpre, 3 dout, 4 k, 5 v, 6 att.
 */
export const ATTENTION_V2_BACKWARD_DQ_WGSL = ATT_HEAD + /* wgsl */ `
${ATTENTION_DQ_BINDINGS}${QUERY_ROW_ENTRY}
  var localDot = 0.0;
  for (var t2 = lane; t2 < p.T; t2 = t2 + ${WG}u) {
    let a = att[attOff + t2];
    var acc = 0.0;
    if (a != 0.0) {
      let vOff = ((b * p.T + t2) * p.NKV + kvh) * p.HS;
      for (var d = 0u; d < p.HS; d = d + 1u) { acc = acc + dout[qOff + d] * v[vOff + d]; }
    }
    dpre[attOff + t2] = acc;
    localDot = localDot + acc * a;
  }
  let rowDot = rowSum(localDot, lane);
  for (var t2 = lane; t2 < p.T; t2 = t2 + ${WG}u) {
    dpre[attOff + t2] = att[attOff + t2] * (dpre[attOff + t2] - rowDot) * p.scale;
  }
  storageBarrier(); // every lane's dpre entries, visible to the whole workgroup
  let hi = p.T;
  ${weightedKvRows('dq', 'dpre', 'k')}
}`;

/**
 * dk[b,t2,g,d] = Σ_{h in group g} Σ_t dpre[b,h,t,t2]·q[b,t,h,d]; dv likewise with att and dout. One workgroup
 * per key row (b, t2, g); the (h, t) terms are split over (d, part) lanes as the query-row kernels split keys,
 * terms with att = 0 (so dpre = 0) skipped. Bindings: 1 dk, 2 dv, 3 dpre, 4 att, 5 q, 6 dout.
 */
export const ATTENTION_V2_BACKWARD_DKV_WGSL = ATT_HEAD + /* wgsl */ `
${ATTENTION_DKV_BINDINGS}fn keyTerm(b: u32, g: u32, t2: u32, j: u32, d: u32) -> vec2<f32> {
  let groupSize = p.NH / p.NKV;
  let h = g * groupSize + j / p.T;
  let t = j % p.T;
  let a = ((b * p.NH + h) * p.T + t) * p.T + t2;
  let w = att[a];
  if (w == 0.0) { return vec2<f32>(0.0, 0.0); }
  let qOff = ((b * p.T + t) * p.NH + h) * p.HS + d;
  return vec2<f32>(dpre[a] * q[qOff], w * dout[qOff]);
}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lane: u32) {
  let row = flatGroup(wid, nwg); // (b * T + t2) * NKV + g
  if (row >= p.B * p.T * p.NKV) { return; }
  let g = row % p.NKV;
  let bt2 = row / p.NKV;
  let t2 = bt2 % p.T;
  let b = bt2 / p.T;
  let terms = (p.NH / p.NKV) * p.T; // j = (h - g·groupSize)·T + t
  let parts = max(1u, ${WG}u / p.HS);
  let outOff = row * p.HS;
  if (parts == 1u) {
    for (var d = lane; d < p.HS; d = d + ${WG}u) {
      var acc = vec2<f32>(0.0, 0.0);
      for (var j = 0u; j < terms; j = j + 1u) { acc = acc + keyTerm(b, g, t2, j, d); }
      dk[outOff + d] = acc.x;
      dv[outOff + d] = acc.y;
    }
  } else {
    let d = lane % p.HS;
    let part = lane / p.HS;
    var acc = vec2<f32>(0.0, 0.0);
    if (part < parts) {
      for (var j = part; j < terms; j = j + parts) { acc = acc + keyTerm(b, g, t2, j, d); }
    }
    partialA[lane] = acc.x;
    partialB[lane] = acc.y;
    workgroupBarrier();
    if (lane < p.HS) {
      var sk = 0.0;
      var sv = 0.0;
      for (var j = 0u; j < parts; j = j + 1u) {
        sk = sk + partialA[lane + j * p.HS];
        sv = sv + partialB[lane + j * p.HS];
      }
      dk[outOff + lane] = sk;
      dv[outOff + lane] = sv;
    }
  }
}`;
