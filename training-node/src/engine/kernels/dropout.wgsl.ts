/**
 * WGSL for seeded stateless dropout: the same lowbias32 hash as reference/dropout.ts, so masks match bit for bit.
 * Shape legend: N = element count. Bindings: 0 {N, seedHash, threshold, scale}, 1 out, 2 inp.
 */
import { FLAT_INDEX, WG } from './common.wgsl';

export const DROPOUT_WGSL = /* wgsl */ `
struct Params { N: u32, seedHash: u32, threshold: u32, scale: f32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> inp: array<f32>;
${FLAT_INDEX}
fn lowbias32(x: u32) -> u32 {
  var h = x;
  h = h ^ (h >> 16u);
  h = h * 0x7feb352du;
  h = h ^ (h >> 15u);
  h = h * 0x846ca68bu;
  h = h ^ (h >> 16u);
  return h;
}
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg);
  if (i >= p.N) { return; }
  let keep = lowbias32(i + p.seedHash) >= p.threshold;
  out[i] = select(0.0, inp[i] * p.scale, keep);
}`;

/** In-place variant (dinp aliasing dout). Bindings: 0 params, 1 x. */
export const DROPOUT_INPLACE_WGSL = DROPOUT_WGSL
  .replace('@group(0) @binding(2) var<storage, read> inp: array<f32>;\n', '')
  .replace('var<storage, read_write> out', 'var<storage, read_write> x')
  .replace('out[i] = select(0.0, inp[i] * p.scale, keep);', 'x[i] = select(0.0, x[i] * p.scale, keep);');
