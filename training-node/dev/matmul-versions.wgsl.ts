/**
 * Losing versions of the matmul kernel, kept runnable for the lab (dev/matmul.ts). They share the engine's
 * GEMM uniform struct, bindings and epilogue (src/engine/kernels/matmul.wgsl.ts), so the same dispatch
 * arguments drive every version. The winner (v2, tiled 32×32) is GEMM_TILED_WGSL in the engine.
 */
import { DENSE_B, ENABLE_F16, GEMM_LOAD_TILES, GEMM_PARAMS, STORE } from '../src/engine/kernels/matmul.wgsl';

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

/**
 * v5 (mixed-precision lab, needs shader-f16): what f16 ACTIVATIONS would cost — A, B and c all f16, tiles f16
 * in workgroup memory (half the bytes), products and accumulation widened to f32, c rounded to f16 on store.
 * Compared with v4 (the engine's GEMM_TILED_F16B_WGSL: f16 B only) to decide whether activations go f16.
 */
export const GEMM_V5_F16_ACTIVATIONS_WGSL = ENABLE_F16 + GEMM_PARAMS.replaceAll('array<f32>', 'array<f16>') + /* wgsl */ `
@group(0) @binding(3) var<storage, read> b: array<f16>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;
const TM = 32u;
const TN = 32u;
const TK = 16u;
var<workgroup> tileA: array<f16, 512>; // [TK][TM]
var<workgroup> tileB: array<f16, 512>; // [TK][TN]

fn storeC(m: u32, n: u32, acc: f32) {
  if (m >= p.M || n >= p.N) { return; }
  let idx = m * p.N + n;
  var value = p.alpha * acc;
  if (p.beta != 0.0) { value = value + p.beta * f32(c[idx]); }
  if (p.hasBias != 0u) { value = value + bias[n]; }
  c[idx] = f16(value);
}

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row0 = wid.y * TM;
  let col0 = wid.x * TN;
  let tid = lid.y * 16u + lid.x;
  var acc00 = 0.0; var acc01 = 0.0; var acc10 = 0.0; var acc11 = 0.0;
  for (var k0 = 0u; k0 < p.K; k0 = k0 + TK) {
    for (var i = tid; i < TM * TK; i = i + 256u) {
      var kk = i % TK;
      var mm = i / TK;
      if (p.sak != 1u) { mm = i % TM; kk = i / TM; }
      var va = f16(0.0);
      if (row0 + mm < p.M && k0 + kk < p.K) { va = a[(row0 + mm) * p.sam + (k0 + kk) * p.sak]; }
      tileA[kk * TM + mm] = va;
      var nn = i % TN;
      var kb = i / TN;
      if (p.sbn != 1u) { kb = i % TK; nn = i / TK; }
      var vb = f16(0.0);
      if (col0 + nn < p.N && k0 + kb < p.K) { vb = b[(k0 + kb) * p.sbk + (col0 + nn) * p.sbn]; }
      tileB[kb * TN + nn] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk = kk + 1u) {
      let a0 = f32(tileA[kk * TM + lid.y]);
      let a1 = f32(tileA[kk * TM + lid.y + 16u]);
      let b0 = f32(tileB[kk * TN + lid.x]);
      let b1 = f32(tileB[kk * TN + lid.x + 16u]);
      acc00 = acc00 + a0 * b0;
      acc01 = acc01 + a0 * b1;
      acc10 = acc10 + a1 * b0;
      acc11 = acc11 + a1 * b1;
    }
    workgroupBarrier();
  }
  storeC(row0 + lid.y, col0 + lid.x, acc00);
  storeC(row0 + lid.y, col0 + lid.x + 16u, acc01);
  storeC(row0 + lid.y + 16u, col0 + lid.x, acc10);
  storeC(row0 + lid.y + 16u, col0 + lid.x + 16u, acc11);
}
`;
