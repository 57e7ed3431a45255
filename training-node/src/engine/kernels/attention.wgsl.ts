/**
 * WGSL for RoPE (rotate-half, table-driven) and grouped-query attention.
 *
 * Shape legend: B = batch, T = sequence length, BT = B*T, NH = query heads, NKV = kv heads, HS = head size.
 * Layouts as the reference: q/out [B,T,NH,HS], k/v [B,T,NKV,HS], att/dpre [B,NH,T,T], segments u32 [B,T].
 * Masking is the reference's rule (reference/attention.ts attentionVisible): causal, sliding window (0 = none),
 * segment ids (0 = padding; a real query sees only keys of its own segment). Backward reads the saved att, in
 * which hidden keys are 0, so it needs no mask.
 * RoPE reads cos/sin from a table [maxPos, HS/2, 2] built on the CPU (reference ropeTable): WGSL's cos/sin are
 * too inexact for large angles. Attention materialises att (the backward contract): one thread per query row for
 * the forward and dq; one thread per (b, t, kv head, d) for dk/dv, summing over the query heads of its group.
 * Every product with a zero att entry (causal future, masked key) is skipped, which halves causal work; why this
 * layout and not a workgroup per row: dev/README.md (attention lab). Non-goals: flash attention, KV cache, f16.
 */
import { FLAT_INDEX, WG } from './common.wgsl';

const ROPE_HEAD = /* wgsl */ `
struct Params { BT: u32, NH: u32, HS: u32, sign: f32 }
@group(0) @binding(0) var<uniform> p: Params;
${FLAT_INDEX}
`;
const ROPE_BODY = /* wgsl */ `
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let half = p.HS / 2u;
  let idx = flatIndex(gid, nwg);
  if (idx >= p.BT * p.NH * half) { return; }
  let i = idx % half;
  let bth = idx / half; // bt * NH + h
  let bt = bth / p.NH;
  let pos = u32(positions[bt]);
  let cosv = table[(pos * half + i) * 2u];
  let sinv = p.sign * table[(pos * half + i) * 2u + 1u];
  let base = bth * p.HS;
  let x1 = SRC[base + i];
  let x2 = SRC[base + i + half];
  DST[base + i] = x1 * cosv - x2 * sinv;
  DST[base + i + half] = x2 * cosv + x1 * sinv;
}`;

/** out = rope(inp). Bindings: 1 out, 2 inp, 3 positions (i32 [BT]), 4 table. sign -1 = inverse (backward). */
export const ROPE_WGSL = ROPE_HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> inp: array<f32>;
@group(0) @binding(3) var<storage, read> positions: array<i32>;
@group(0) @binding(4) var<storage, read> table: array<f32>;
` + ROPE_BODY.replace('SRC', 'inp').replace('SRC', 'inp').replace('DST', 'out').replace('DST', 'out');

/** x = rope(x) in place. Bindings: 1 x, 2 positions, 3 table. */
export const ROPE_INPLACE_WGSL = ROPE_HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read> positions: array<i32>;
@group(0) @binding(3) var<storage, read> table: array<f32>;
` + ROPE_BODY.replace('SRC', 'x').replace('SRC', 'x').replace('DST', 'x').replace('DST', 'x');

/** WGSL: the forward's bindings 1 out, 2 att, 3 q, 4 k, 5 v, 6 segments. */
export const ATTENTION_FORWARD_BINDINGS = /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> att: array<f32>;
@group(0) @binding(3) var<storage, read> q: array<f32>;
@group(0) @binding(4) var<storage, read> k: array<f32>;
@group(0) @binding(5) var<storage, read> v: array<f32>;
@group(0) @binding(6) var<storage, read> segments: array<u32>;
`;

/** WGSL: the dq kernels' bindings 1 dq, 2 dpre, 3 dout, 4 k, 5 v, 6 att. */
export const ATTENTION_DQ_BINDINGS = /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dq: array<f32>;
@group(0) @binding(2) var<storage, read_write> dpre: array<f32>;
@group(0) @binding(3) var<storage, read> dout: array<f32>;
@group(0) @binding(4) var<storage, read> k: array<f32>;
@group(0) @binding(5) var<storage, read> v: array<f32>;
@group(0) @binding(6) var<storage, read> att: array<f32>;
`;

/** WGSL: the dk/dv kernels' bindings 1 dk, 2 dv, 3 dpre, 4 att, 5 q, 6 dout. */
export const ATTENTION_DKV_BINDINGS = /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dk: array<f32>;
@group(0) @binding(2) var<storage, read_write> dv: array<f32>;
@group(0) @binding(3) var<storage, read> dpre: array<f32>;
@group(0) @binding(4) var<storage, read> att: array<f32>;
@group(0) @binding(5) var<storage, read> q: array<f32>;
@group(0) @binding(6) var<storage, read> dout: array<f32>;
`;

/** WGSL: the masking rule (reference attentionVisible) over uniforms p and a `segments` binding. */
export const ATTENTION_VISIBLE = /* wgsl */ `
fn visible(b: u32, t: u32, t2: u32) -> bool {
  if (p.causal != 0u && t2 > t) { return false; }
  if (p.window != 0u && t2 + p.window <= t) { return false; } // t - t2 >= window
  if (p.hasMask != 0u) {
    let key = segments[b * p.T + t2];
    let query = segments[b * p.T + t];
    if (key == 0u || (query != 0u && query != key)) { return false; }
  }
  return true;
}
`;

/** Entry of the one-thread-per-query-row kernels: decodes (b, h, t), the kv head and the row offsets. */
export const QUERY_ROW_ENTRY = /* wgsl */ `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = flatIndex(gid, nwg);
  if (idx >= p.B * p.NH * p.T) { return; }
  let t = idx % p.T;
  let bh = idx / p.T;
  let h = bh % p.NH;
  let b = bh / p.NH;
  let kvh = h / (p.NH / p.NKV);
  let qOff = ((b * p.T + t) * p.NH + h) * p.HS;
  let attOff = idx * p.T;`;

export const ATT_HEAD = /* wgsl */ `
struct Params { B: u32, T: u32, NH: u32, NKV: u32, HS: u32, causal: u32, hasMask: u32, scale: f32, window: u32 }
@group(0) @binding(0) var<uniform> p: Params;
${FLAT_INDEX}
`;

/** Bindings: 1 out, 2 att, 3 q, 4 k, 5 v, 6 segments. One thread per (b, h, t). */
export const ATTENTION_FORWARD_WGSL = ATT_HEAD + /* wgsl */ `
${ATTENTION_FORWARD_BINDINGS}
${ATTENTION_VISIBLE}
${QUERY_ROW_ENTRY}
  var maxv = -3.4e38;
  var hasVisible = false;
  for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) {
    if (!visible(b, t, t2)) { continue; }
    let kOff = ((b * p.T + t2) * p.NKV + kvh) * p.HS;
    var dot = 0.0;
    for (var d = 0u; d < p.HS; d = d + 1u) { dot = dot + q[qOff + d] * k[kOff + d]; }
    let s = dot * p.scale;
    att[attOff + t2] = s;
    maxv = max(maxv, s);
    hasVisible = true;
  }
  var sum = 0.0;
  for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) {
    var e = 0.0;
    if (hasVisible && visible(b, t, t2)) { e = exp(att[attOff + t2] - maxv); }
    att[attOff + t2] = e;
    sum = sum + e;
  }
  let inv = select(0.0, 1.0 / sum, sum > 0.0);
  for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) { att[attOff + t2] = att[attOff + t2] * inv; }
  let hi = select(p.T, t + 1u, p.causal != 0u);
  for (var d = 0u; d < p.HS; d = d + 1u) {
    var acc = 0.0;
    for (var t2 = 0u; t2 < hi; t2 = t2 + 1u) {
      let w = att[attOff + t2];
      if (w != 0.0) { acc = acc + w * v[((b * p.T + t2) * p.NKV + kvh) * p.HS + d]; }
    }
    out[qOff + d] = acc;
  }
}`;

/**
 * dpre[b,h,t,:] = scale·att·(dout·v - Σ att·(dout·v)) and dq = dpre·k. One thread per (b, h, t).
 * Bindings: 1 dq, 2 dpre, 3 dout, 4 k, 5 v, 6 att.
 */
export const ATTENTION_BACKWARD_DQ_WGSL = ATT_HEAD + /* wgsl */ `
${ATTENTION_DQ_BINDINGS}${QUERY_ROW_ENTRY}
  var rowDot = 0.0;
  for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) {
    let vOff = ((b * p.T + t2) * p.NKV + kvh) * p.HS;
    let a = att[attOff + t2];
    var acc = 0.0;
    if (a != 0.0) {
      for (var d = 0u; d < p.HS; d = d + 1u) { acc = acc + dout[qOff + d] * v[vOff + d]; }
    }
    dpre[attOff + t2] = acc;
    rowDot = rowDot + acc * a;
  }
  for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) {
    dpre[attOff + t2] = att[attOff + t2] * (dpre[attOff + t2] - rowDot) * p.scale;
  }
  for (var d = 0u; d < p.HS; d = d + 1u) {
    var acc = 0.0;
    for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) {
      let w = dpre[attOff + t2];
      if (w != 0.0) { acc = acc + w * k[((b * p.T + t2) * p.NKV + kvh) * p.HS + d]; }
    }
    dq[qOff + d] = acc;
  }
}`;

/**
 * dk[b,t2,g,d] = Σ_{h in group g} Σ_t dpre[b,h,t,t2]·q[b,t,h,d]; dv likewise with att and dout.
 * One thread per (b, t2, g, d). Bindings: 1 dk, 2 dv, 3 dpre, 4 att, 5 q, 6 dout.
 */
export const ATTENTION_BACKWARD_DKV_WGSL = ATT_HEAD + /* wgsl */ `
${ATTENTION_DKV_BINDINGS}@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = flatIndex(gid, nwg);
  if (idx >= p.B * p.T * p.NKV * p.HS) { return; }
  let d = idx % p.HS;
  let g = (idx / p.HS) % p.NKV;
  let bt2 = idx / (p.HS * p.NKV);
  let t2 = bt2 % p.T;
  let b = bt2 / p.T;
  let groupSize = p.NH / p.NKV;
  var sk = 0.0;
  var sv = 0.0;
  for (var h = g * groupSize; h < (g + 1u) * groupSize; h = h + 1u) {
    for (var t = 0u; t < p.T; t = t + 1u) {
      let a = ((b * p.NH + h) * p.T + t) * p.T + t2;
      let w = att[a];
      if (w != 0.0) {
        let qOff = ((b * p.T + t) * p.NH + h) * p.HS + d;
        sk = sk + dpre[a] * q[qOff];
        sv = sv + w * dout[qOff];
      }
    }
  }
  dk[idx] = sk;
  dv[idx] = sv;
}`;
