/**
 * WGSL for the optimiser: AdamW (PyTorch semantics, decoupled decay; bias corrections precomputed on the CPU,
 * an optional gradient scale folds clipping in), a partial sum of squares for the global grad norm, and a
 * one-workgroup sum of those partials so the norm can stay on the GPU until a single float is read.
 * Shape legend: N = elements of one parameter tensor, K = partial sums.
 */
import { FLAT_INDEX, WG, WG_REDUCE } from './common.wgsl';

/** Bindings: 1 params, 2 m, 3 v, 4 grads. */
export const ADAMW_WGSL = /* wgsl */ `
struct Params { N: u32, lr: f32, beta1: f32, beta2: f32, eps: f32, weightDecay: f32, bc1: f32, bc2: f32, gradScale: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> m: array<f32>;
@group(0) @binding(3) var<storage, read_write> v: array<f32>;
@group(0) @binding(4) var<storage, read> grads: array<f32>;
${FLAT_INDEX}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg);
  if (i >= p.N) { return; }
  let g = grads[i] * p.gradScale;
  let mi = p.beta1 * m[i] + (1.0 - p.beta1) * g;
  let vi = p.beta2 * v[i] + (1.0 - p.beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  let decayed = params[i] * (1.0 - p.lr * p.weightDecay);
  params[i] = decayed - p.lr * (mi / p.bc1) / (sqrt(vi / p.bc2) + p.eps);
}`;

/** partial[w] = Σ x² over workgroup w's 64·ITEMS elements. Bindings: 1 partial, 2 x. */
export const SUM_SQUARES_ITEMS = 16;
export const SUM_SQUARES_WGSL = /* wgsl */ `
struct Params { N: u32, pad0: u32, pad1: u32, pad2: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
${FLAT_INDEX}
${WG_REDUCE}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lane: u32) {
  let wgIndex = flatGroup(wid, nwg);
  let start = wgIndex * ${WG * SUM_SQUARES_ITEMS}u;
  var s = 0.0;
  for (var j = 0u; j < ${SUM_SQUARES_ITEMS}u; j = j + 1u) {
    let i = start + j * ${WG}u + lane;
    if (i < p.N) { let g = x[i]; s = s + g * g; }
  }
  let total = workgroupSum(s, lane);
  if (lane == 0u) { partial[wgIndex] = total; }
}`;


/** out[0] = Σ partial[0..K) by one workgroup (lanes stride, then a tree; fixed order). Bindings: 1 out, 2 partial. */
export const SUM_PARTIALS_WGSL = /* wgsl */ `
struct Params { K: u32, pad0: u32, pad1: u32, pad2: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> partial: array<f32>;
${WG_REDUCE}
@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) lane: u32) {
  var s = 0.0;
  for (var i = lane; i < p.K; i = i + ${WG}u) { s = s + partial[i]; }
  let total = workgroupSum(s, lane);
  if (lane == 0u) { out[0] = total; }
}`;
