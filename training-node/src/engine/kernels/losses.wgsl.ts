/**
 * WGSL for the heads: softmax cross-entropy (ignore index -100) and masked mean pooling + L2 normalisation.
 * Shape legend: B = batch, T = sequence length, BT = B*T, C = channels, V = vocab.
 * Cross-entropy forward uses one 64-lane workgroup per row (max, sum, probs); a target outside [0, V) that is
 * not -100 gives loss NaN (the reference throws). Mean pooling uses one workgroup per sequence.
 */
import { FLAT_INDEX, WG, WG_REDUCE } from './common.wgsl';

const CE_HEAD = /* wgsl */ `
struct Params { BT: u32, V: u32, hasPerToken: u32, scale: f32 }
@group(0) @binding(0) var<uniform> p: Params;
`;

/** Bindings: 1 losses [BT], 2 probs [BT,V], 3 logits [BT,V], 4 targets i32 [BT]. */
export const CROSSENTROPY_FORWARD_WGSL = CE_HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> losses: array<f32>;
@group(0) @binding(2) var<storage, read_write> probs: array<f32>;
@group(0) @binding(3) var<storage, read> logits: array<f32>;
@group(0) @binding(4) var<storage, read> targets: array<i32>;
${FLAT_INDEX}
${WG_REDUCE}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lane: u32) {
  let row = flatGroup(wid, nwg);
  if (row >= p.BT) { return; }
  let base = row * p.V;
  var m = -3.4e38;
  for (var i = lane; i < p.V; i = i + ${WG}u) { m = max(m, logits[base + i]); }
  let rowMax = workgroupMax(m, lane);
  var s = 0.0;
  for (var i = lane; i < p.V; i = i + ${WG}u) { s = s + exp(logits[base + i] - rowMax); }
  let sum = workgroupSum(s, lane);
  for (var i = lane; i < p.V; i = i + ${WG}u) { probs[base + i] = exp(logits[base + i] - rowMax) / sum; }
  if (lane == 0u) {
    let tgt = targets[row];
    if (tgt == -100) {
      losses[row] = 0.0;
    } else if (tgt < 0 || u32(tgt) >= p.V) {
      losses[row] = bitcast<f32>(0x7fc00000u + 0u * p.V); // NaN built at run time (a constant NaN is a compile error)
    } else {
      losses[row] = -(logits[base + u32(tgt)] - rowMax - log(sum));
    }
  }
}`;

/** dlogits = scale_bt·(probs - onehot). Bindings: 1 dlogits, 2 probs, 3 targets, 4 dlosses [BT] (if hasPerToken). */
export const CROSSENTROPY_BACKWARD_WGSL = CE_HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dlogits: array<f32>;
@group(0) @binding(2) var<storage, read> probs: array<f32>;
@group(0) @binding(3) var<storage, read> targets: array<i32>;
@group(0) @binding(4) var<storage, read> dlosses: array<f32>;
${FLAT_INDEX}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let idx = flatIndex(gid, nwg);
  if (idx >= p.BT * p.V) { return; }
  let row = idx / p.V;
  let i = idx % p.V;
  let tgt = targets[row];
  if (tgt == -100) { dlogits[idx] = 0.0; return; }
  var scale = p.scale;
  if (p.hasPerToken != 0u) { scale = dlosses[row]; }
  let onehot = select(0.0, 1.0, i32(i) == tgt);
  dlogits[idx] = scale * (probs[idx] - onehot);
}`;

const POOL_HEAD = /* wgsl */ `
struct Params { B: u32, T: u32, C: u32, pad: u32 }
@group(0) @binding(0) var<uniform> p: Params;
${FLAT_INDEX}
${WG_REDUCE}
fn countTokens(b: u32, lane: u32) -> f32 {
  var n = 0.0;
  for (var t = lane; t < p.T; t = t + ${WG}u) { if (mask[b * p.T + t] != 0u) { n = n + 1.0; } }
  return max(workgroupSum(n, lane), 1.0);
}
`;

/** Bindings: 1 out [B,C], 2 norm [B], 3 inp [B,T,C], 4 mask u32 [B,T]. One workgroup per sequence. */
export const MEANPOOL_FORWARD_WGSL = POOL_HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> norm: array<f32>;
@group(0) @binding(3) var<storage, read> inp: array<f32>;
@group(0) @binding(4) var<storage, read> mask: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lane: u32) {
  let b = flatGroup(wid, nwg);
  if (b >= p.B) { return; }
  let count = countTokens(b, lane);
  var ss = 0.0;
  for (var c = lane; c < p.C; c = c + ${WG}u) {
    var s = 0.0;
    for (var t = 0u; t < p.T; t = t + 1u) {
      if (mask[b * p.T + t] != 0u) { s = s + inp[(b * p.T + t) * p.C + c]; }
    }
    let pooled = s / count;
    out[b * p.C + c] = pooled;
    ss = ss + pooled * pooled;
  }
  let n = max(sqrt(workgroupSum(ss, lane)), 1e-12);
  if (lane == 0u) { norm[b] = n; }
  for (var c = lane; c < p.C; c = c + ${WG}u) { out[b * p.C + c] = out[b * p.C + c] / n; }
}`;

/** dinp[b,t,:] = mask·(dout - y·(y·dout))/(norm·count). Bindings: 1 dinp, 2 dout, 3 out, 4 norm, 5 mask. */
export const MEANPOOL_BACKWARD_WGSL = POOL_HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dinp: array<f32>;
@group(0) @binding(2) var<storage, read> dout: array<f32>;
@group(0) @binding(3) var<storage, read> out: array<f32>;
@group(0) @binding(4) var<storage, read> norm: array<f32>;
@group(0) @binding(5) var<storage, read> mask: array<u32>;
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lane: u32) {
  let b = flatGroup(wid, nwg);
  if (b >= p.B) { return; }
  let count = countTokens(b, lane);
  var d = 0.0;
  for (var c = lane; c < p.C; c = c + ${WG}u) { d = d + out[b * p.C + c] * dout[b * p.C + c]; }
  let dot = workgroupSum(d, lane);
  let denom = norm[b] * count;
  for (var i = lane; i < p.T * p.C; i = i + ${WG}u) {
    let t = i / p.C;
    let c = i % p.C;
    var g = 0.0;
    if (mask[b * p.T + t] != 0u) { g = (dout[b * p.C + c] - out[b * p.C + c] * dot) / denom; }
    dinp[(b * p.T + t) * p.C + c] = g;
  }
}`;
