/**
 * WGSL for RMSNorm and LayerNorm. Forward and the dinp backward use one 64-lane workgroup per row with
 * workgroup reductions; the parameter gradients use one thread per channel looping over rows (deterministic,
 * no atomics). Shape legend: BT = rows, C = channels. dinp, dweight, dbias ACCUMULATE (as the reference).
 */
import { FLAT_INDEX, WG, WG_REDUCE } from './common.wgsl';

const HEAD = /* wgsl */ `
struct Params { BT: u32, C: u32, eps: f32, pad: u32 }
@group(0) @binding(0) var<uniform> p: Params;
${FLAT_INDEX}
${WG_REDUCE}
`;
const ROW_ENTRY = /* wgsl */ `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lane: u32) {
  let row = flatGroup(wid, nwg);
  if (row >= p.BT) { return; }
  let base = row * p.C;`;
const COLUMN_ENTRY = /* wgsl */ `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= p.C) { return; }`;

/** Bindings: 1 out, 2 rstd, 3 inp, 4 weight. */
export const RMSNORM_FORWARD_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> rstd: array<f32>;
@group(0) @binding(3) var<storage, read> inp: array<f32>;
@group(0) @binding(4) var<storage, read> weight: array<f32>;
${ROW_ENTRY}
  var ss = 0.0;
  for (var c = lane; c < p.C; c = c + ${WG}u) { let x = inp[base + c]; ss = ss + x * x; }
  let r = inverseSqrt(workgroupSum(ss, lane) / f32(p.C) + p.eps);
  if (lane == 0u) { rstd[row] = r; }
  for (var c = lane; c < p.C; c = c + ${WG}u) { out[base + c] = inp[base + c] * r * weight[c]; }
}`;

/** dinp += r·(dout·w - norm·mean(dout·w·norm)). Bindings: 1 dinp, 2 dout, 3 inp, 4 weight, 5 rstd. */
export const RMSNORM_BACKWARD_DINP_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dinp: array<f32>;
@group(0) @binding(2) var<storage, read> dout: array<f32>;
@group(0) @binding(3) var<storage, read> inp: array<f32>;
@group(0) @binding(4) var<storage, read> weight: array<f32>;
@group(0) @binding(5) var<storage, read> rstd: array<f32>;
${ROW_ENTRY}
  let r = rstd[row];
  var dot = 0.0;
  for (var c = lane; c < p.C; c = c + ${WG}u) { dot = dot + dout[base + c] * weight[c] * inp[base + c] * r; }
  let meanDot = workgroupSum(dot, lane) / f32(p.C);
  for (var c = lane; c < p.C; c = c + ${WG}u) {
    let norm = inp[base + c] * r;
    dinp[base + c] = dinp[base + c] + r * (dout[base + c] * weight[c] - norm * meanDot);
  }
}`;

/** dweight[c] += Σ_rows dout·inp·rstd. Bindings: 1 dweight, 2 dout, 3 inp, 4 rstd. */
export const RMSNORM_BACKWARD_DWEIGHT_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dweight: array<f32>;
@group(0) @binding(2) var<storage, read> dout: array<f32>;
@group(0) @binding(3) var<storage, read> inp: array<f32>;
@group(0) @binding(4) var<storage, read> rstd: array<f32>;
${COLUMN_ENTRY}
  var sum = 0.0;
  for (var row = 0u; row < p.BT; row = row + 1u) { sum = sum + dout[row * p.C + c] * inp[row * p.C + c] * rstd[row]; }
  dweight[c] = dweight[c] + sum;
}`;

/** Bindings: 1 out, 2 mean, 3 rstd, 4 inp, 5 weight, 6 bias. */
export const LAYERNORM_FORWARD_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read_write> mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> rstd: array<f32>;
@group(0) @binding(4) var<storage, read> inp: array<f32>;
@group(0) @binding(5) var<storage, read> weight: array<f32>;
@group(0) @binding(6) var<storage, read> bias: array<f32>;
${ROW_ENTRY}
  var sum = 0.0;
  for (var c = lane; c < p.C; c = c + ${WG}u) { sum = sum + inp[base + c]; }
  let m = workgroupSum(sum, lane) / f32(p.C);
  var sq = 0.0;
  for (var c = lane; c < p.C; c = c + ${WG}u) { let d = inp[base + c] - m; sq = sq + d * d; }
  let r = inverseSqrt(workgroupSum(sq, lane) / f32(p.C) + p.eps);
  if (lane == 0u) { mean[row] = m; rstd[row] = r; }
  for (var c = lane; c < p.C; c = c + ${WG}u) { out[base + c] = (inp[base + c] - m) * r * weight[c] + bias[c]; }
}`;

/** dinp += r·(dnorm - mean(dnorm) - norm·mean(dnorm·norm)). Bindings: 1 dinp, 2 dout, 3 inp, 4 weight, 5 mean, 6 rstd. */
export const LAYERNORM_BACKWARD_DINP_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dinp: array<f32>;
@group(0) @binding(2) var<storage, read> dout: array<f32>;
@group(0) @binding(3) var<storage, read> inp: array<f32>;
@group(0) @binding(4) var<storage, read> weight: array<f32>;
@group(0) @binding(5) var<storage, read> mean: array<f32>;
@group(0) @binding(6) var<storage, read> rstd: array<f32>;
${ROW_ENTRY}
  let m = mean[row];
  let r = rstd[row];
  var s1 = 0.0;
  var s2 = 0.0;
  for (var c = lane; c < p.C; c = c + ${WG}u) {
    let dnorm = dout[base + c] * weight[c];
    s1 = s1 + dnorm;
    s2 = s2 + dnorm * (inp[base + c] - m) * r;
  }
  let dnormMean = workgroupSum(s1, lane) / f32(p.C);
  let dnormNormMean = workgroupSum(s2, lane) / f32(p.C);
  for (var c = lane; c < p.C; c = c + ${WG}u) {
    let norm = (inp[base + c] - m) * r;
    let dnorm = dout[base + c] * weight[c];
    dinp[base + c] = dinp[base + c] + r * (dnorm - dnormMean - norm * dnormNormMean);
  }
}`;

/** dweight[c] += Σ dout·norm; dbias[c] += Σ dout. Bindings: 1 dweight, 2 dbias, 3 dout, 4 inp, 5 mean, 6 rstd. */
export const LAYERNORM_BACKWARD_DPARAMS_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dweight: array<f32>;
@group(0) @binding(2) var<storage, read_write> dbias: array<f32>;
@group(0) @binding(3) var<storage, read> dout: array<f32>;
@group(0) @binding(4) var<storage, read> inp: array<f32>;
@group(0) @binding(5) var<storage, read> mean: array<f32>;
@group(0) @binding(6) var<storage, read> rstd: array<f32>;
${COLUMN_ENTRY}
  var sw = 0.0;
  var sb = 0.0;
  for (var row = 0u; row < p.BT; row = row + 1u) {
    let g = dout[row * p.C + c];
    sw = sw + g * (inp[row * p.C + c] - mean[row]) * rstd[row];
    sb = sb + g;
  }
  dweight[c] = dweight[c] + sw;
  dbias[c] = dbias[c] + sb;
}`;
