/**
 * Losing versions of the matmul kernel, kept runnable for the lab (dev/matmul.ts). They share the engine's
 * GEMM uniform struct, bindings and epilogue (src/engine/kernels/matmul.wgsl.ts), so the same dispatch
 * arguments drive every version. The winner (v2, tiled 32×32) is GEMM_TILED_WGSL in the engine.
 */
import { DENSE_B, GEMM_LOAD_TILES, GEMM_PARAMS, STORE } from '../src/engine/kernels/matmul.wgsl';

/** v1 naive: one output per thread, 16×16 workgroups, operands straight from storage. */
export const GEMM_V1_NAIVE_WGSL = GEMM_PARAMS + DENSE_B + STORE + /* wgsl */ `
@compute @workgroup_size(16, 16)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let m = gid.y;
  let n = gid.x;
  if (m >= p.M || n >= p.N) { return; }
  var acc = 0.0;
  for (var k = 0u; k < p.K; k = k + 1u) { acc = acc + a[m * p.sam + k * p.sak] * loadB(k, n); }
  storeC(m, n, acc);
}
`;

const TILED4_BODY = /* wgsl */ `
const TM = 64u;
const TN = 64u;
const TK = 16u;
var<workgroup> tileA: array<f32, 1024>; // [TK][TM]
var<workgroup> tileB: array<f32, 1024>; // [TK][TN]

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row0 = wid.y * TM;
  let col0 = wid.x * TN;
  let tid = lid.y * 16u + lid.x;
  var acc: array<array<f32, 4>, 4>;
  for (var k0 = 0u; k0 < p.K; k0 = k0 + TK) {
${GEMM_LOAD_TILES}
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk = kk + 1u) {
      var av: array<f32, 4>;
      var bv: array<f32, 4>;
      for (var r = 0u; r < 4u; r = r + 1u) {
        av[r] = tileA[kk * TM + lid.y + 16u * r];
        bv[r] = tileB[kk * TN + lid.x + 16u * r];
      }
      for (var r = 0u; r < 4u; r = r + 1u) {
        for (var q = 0u; q < 4u; q = q + 1u) { acc[r][q] = acc[r][q] + av[r] * bv[q]; }
      }
    }
    workgroupBarrier();
  }
  for (var r = 0u; r < 4u; r = r + 1u) {
    for (var q = 0u; q < 4u; q = q + 1u) { storeC(row0 + lid.y + 16u * r, col0 + lid.x + 16u * q, acc[r][q]); }
  }
}
`;

/** v3: 64×64 output tile per 16×16 workgroup, 4×4 outputs per thread (register blocking). */
export const GEMM_V3_TILED4_WGSL = GEMM_PARAMS + DENSE_B + STORE + TILED4_BODY;
