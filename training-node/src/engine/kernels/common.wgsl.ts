/**
 * WGSL snippets shared by kernels: flat 1-D indexing over a 2-D dispatch grid and workgroup reductions.
 *
 * Why WGSL lives in `*.wgsl.ts` template strings: the same module then loads unchanged under vitest, tsx/node
 * and a Vite browser build, with no loader plugin or `?raw` import, and snippets compose by interpolation.
 * Workgroup size for 1-D kernels is WG = 64; reductions use a 64-wide workgroup per row.
 */

/** Threads per workgroup of the 1-D and row-reduction kernels. */
export const WG = 64;

/** Flat thread index for a 1-D kernel dispatched with device.grid(n, WG) (x may be capped at 65535). */
export const FLAT_INDEX = /* wgsl */ `
fn flatIndex(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * ${WG}u;
}
fn flatGroup(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return wid.x + wid.y * nwg.x;
}
`;

/** Workgroup-wide sum and max over 64 lanes; every lane gets the result. Call from uniform control flow. */
export const WG_REDUCE = /* wgsl */ `
var<workgroup> reduceScratch: array<f32, ${WG}>;
fn workgroupSum(value: f32, lane: u32) -> f32 {
  reduceScratch[lane] = value;
  workgroupBarrier();
  for (var stride = ${WG / 2}u; stride > 0u; stride = stride >> 1u) {
    if (lane < stride) { reduceScratch[lane] = reduceScratch[lane] + reduceScratch[lane + stride]; }
    workgroupBarrier();
  }
  let total = reduceScratch[0];
  workgroupBarrier();
  return total;
}
fn workgroupMax(value: f32, lane: u32) -> f32 {
  reduceScratch[lane] = value;
  workgroupBarrier();
  for (var stride = ${WG / 2}u; stride > 0u; stride = stride >> 1u) {
    if (lane < stride) { reduceScratch[lane] = max(reduceScratch[lane], reduceScratch[lane + stride]); }
    workgroupBarrier();
  }
  let best = reduceScratch[0];
  workgroupBarrier();
  return best;
}
`;
