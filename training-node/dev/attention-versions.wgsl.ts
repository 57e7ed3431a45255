/**
 * Lab v1 of the attention kernels: the engine's simple form until the workgroup-per-row kernels (one thread per
 * query row for the forward and dq; one thread per (b, t, kv head, d) for dk/dv). Kept runnable for
 * dev/attention.ts; same bindings and uniforms as src/engine/kernels/attention.wgsl.ts.
 * Shape legend: as src/engine/kernels/attention.wgsl.ts. Non-goals: being used by the engine.
 */
import { WG } from '../src/engine/kernels/common.wgsl';
import {
  ATT_HEAD, ATTENTION_DKV_BINDINGS, ATTENTION_DQ_BINDINGS, ATTENTION_FORWARD_BINDINGS, ATTENTION_VISIBLE, QUERY_ROW_ENTRY
} from '../src/engine/kernels/attention.wgsl';

/** Bindings: 1 out, 2 att, 3 q, 4 k, 5 v, 6 segments. One thread per (b, h, t). */
export const ATTENTION_V1_FORWARD_WGSL = ATT_HEAD + /* wgsl */ `
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
  for (var d = 0u; d < p.HS; d = d + 1u) {
    var acc = 0.0;
    for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) {
      acc = acc + att[attOff + t2] * v[((b * p.T + t2) * p.NKV + kvh) * p.HS + d];
    }
    out[qOff + d] = acc;
  }
}`;

/**
 * dpre[b,h,t,:] = scale·att·(dout·v - Σ att·(dout·v)) and dq = dpre·k. One thread per (b, h, t).
 * Bindings: 1 dq, 2 dpre, 3 dout, 4 k, 5 v, 6 att.
 */
export const ATTENTION_V1_BACKWARD_DQ_WGSL = ATT_HEAD + /* wgsl */ `
${ATTENTION_DQ_BINDINGS}${QUERY_ROW_ENTRY}
  var rowDot = 0.0;
  for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) {
    let vOff = ((b * p.T + t2) * p.NKV + kvh) * p.HS;
    var acc = 0.0;
    for (var d = 0u; d < p.HS; d = d + 1u) { acc = acc + dout[qOff + d] * v[vOff + d]; }
    dpre[attOff + t2] = acc;
    rowDot = rowDot + acc * att[attOff + t2];
  }
  for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) {
    dpre[attOff + t2] = att[attOff + t2] * (dpre[attOff + t2] - rowDot) * p.scale;
  }
  for (var d = 0u; d < p.HS; d = d + 1u) {
    var acc = 0.0;
    for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) {
      acc = acc + dpre[attOff + t2] * k[((b * p.T + t2) * p.NKV + kvh) * p.HS + d];
    }
    dq[qOff + d] = acc;
  }
}`;

/**
 * dk[b,t2,g,d] = Σ_{h in group g} Σ_t dpre[b,h,t,t2]·q[b,t,h,d]; dv likewise with att and dout.
 * One thread per (b, t2, g, d). Bindings: 1 dk, 2 dv, 3 dpre, 4 att, 5 q, 6 dout.
 */
export const ATTENTION_V1_BACKWARD_DKV_WGSL = ATT_HEAD + /* wgsl */ `
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
      let qOff = ((b * p.T + t) * p.NH + h) * p.HS + d;
      sk = sk + dpre[a] * q[qOff];
      sv = sv + att[a] * dout[qOff];
    }
  }
  dk[idx] = sk;
  dv[idx] = sv;
}`;

