/**
 * WGSL for the linear layers: one strided GEMM used for every matmul forward/backward, LoRA and the
 * 4-bit dequantising QLoRA base, plus a column sum for bias gradients.
 *
 * GEMM: c[M,N] (contiguous) = alpha · Σ_k A(m,k)·B(k,n) + beta · c + bias[n]
 *   with A(m,k) = a[m*sam + k*sak] and B(k,n) = b[k*sbk + n*sbn] (strides pick plain or transposed operands).
 * Tiled version: 32×32 output tile per 16×16 workgroup (2×2 outputs per thread), K tile 16, operands staged
 * in workgroup memory. Edges (M, N, K not multiples of the tile) are zero-padded in the loads.
 * The q4 variant reads B as symmetric 4-bit codes: value(idx) = (nibble(idx) - 8) · scales[idx / group].
 * The f16B variant (mixed precision, needs `shader-f16`) reads B as array<f16> — the frozen base weight stored
 * in half precision — and widens each element to f32 in the tile load; tiles, products and accumulation stay
 * f32, so the only error versus the f32 kernel is the rounding of B to f16. Likewise the q4 variant may read
 * its group scales as f16 (GEMM_TILED_Q4_F16S_WGSL).
 * Non-goals: f16 A/C operands (activations stay f32, see engine README), subgroup ops, split-K.
 */

/** Uniform struct and the c/a bindings shared by every GEMM version (exported for the kernel lab). */
export const GEMM_PARAMS = /* wgsl */ `
struct GemmParams {
  M: u32, N: u32, K: u32, sam: u32,
  sak: u32, sbk: u32, sbn: u32, hasBias: u32,
  alpha: f32, beta: f32, group: u32, pad: u32,
}
@group(0) @binding(0) var<uniform> p: GemmParams;
@group(0) @binding(1) var<storage, read_write> c: array<f32>;
@group(0) @binding(2) var<storage, read> a: array<f32>;
`;

/** Dense B operand and bias bindings plus loadB (exported for the kernel lab). */
export const DENSE_B = /* wgsl */ `
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;
fn loadB(k: u32, n: u32) -> f32 { return b[k * p.sbk + n * p.sbn]; }
`;

/** f16 B operand (frozen base weight in half precision) widened to f32 in loadB; bias stays f32. */
export const F16_B = /* wgsl */ `
@group(0) @binding(3) var<storage, read> b: array<f16>;
@group(0) @binding(4) var<storage, read> bias: array<f32>;
fn loadB(k: u32, n: u32) -> f32 { return f32(b[k * p.sbk + n * p.sbn]); }
`;

/** The WGSL directive that must open every module using f16 (device feature `shader-f16`). */
export const ENABLE_F16 = 'enable f16;\n';

/** 4-bit B operand with f32 scales, or f16 scales under mixed precision (widened before the multiply). */
const q4B = (scale: 'f32' | 'f16'): string => /* wgsl */ `
@group(0) @binding(3) var<storage, read> packed: array<u32>;
@group(0) @binding(4) var<storage, read> scales: array<${scale}>;
@group(0) @binding(5) var<storage, read> bias: array<f32>;
fn loadB(k: u32, n: u32) -> f32 {
  let idx = k * p.sbk + n * p.sbn;
  let code = (packed[idx >> 3u] >> ((idx & 7u) * 4u)) & 15u;
  return (f32(code) - 8.0) * f32(scales[idx / p.group]);
}
`;

/** storeC: alpha/beta/bias epilogue with bounds check (exported for the kernel lab). */
export const STORE = /* wgsl */ `
fn storeC(m: u32, n: u32, acc: f32) {
  if (m >= p.M || n >= p.N) { return; }
  let idx = m * p.N + n;
  var value = p.alpha * acc;
  if (p.beta != 0.0) { value = value + p.beta * c[idx]; }
  if (p.hasBias != 0u) { value = value + bias[n]; }
  c[idx] = value;
}
`;

/**
 * Loads the A tile [TK][TM] and B tile [TK][TN] of K block k0 into workgroup memory, zero-padded at the edges,
 * 256 threads cooperating. Expects consts TM, TN, TK (TM·TK and TN·TK equal), tileA/tileB, row0, col0, tid.
 */
export const GEMM_LOAD_TILES = /* wgsl */ `    for (var i = tid; i < TM * TK; i = i + 256u) {
      // Walk the unit-stride axis fastest so neighbouring threads read neighbouring addresses.
      var kk = i % TK;
      var mm = i / TK;
      if (p.sak != 1u) { mm = i % TM; kk = i / TM; }
      let m = row0 + mm;
      let k = k0 + kk;
      var va = 0.0;
      if (m < p.M && k < p.K) { va = a[m * p.sam + k * p.sak]; }
      tileA[kk * TM + mm] = va;
      var nn = i % TN;
      var kb = i / TN;
      if (p.sbn != 1u) { kb = i % TK; nn = i / TK; }
      let n = col0 + nn;
      let k2 = k0 + kb;
      var vb = 0.0;
      if (n < p.N && k2 < p.K) { vb = loadB(k2, n); }
      tileB[kb * TN + nn] = vb;
    }`;

const TILED_BODY = /* wgsl */ `
const TM = 32u;
const TN = 32u;
const TK = 16u;
var<workgroup> tileA: array<f32, 512>; // [TK][TM]
var<workgroup> tileB: array<f32, 512>; // [TK][TN]

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row0 = wid.y * TM;
  let col0 = wid.x * TN;
  let tid = lid.y * 16u + lid.x;
  var acc00 = 0.0; var acc01 = 0.0; var acc10 = 0.0; var acc11 = 0.0;
  for (var k0 = 0u; k0 < p.K; k0 = k0 + TK) {
${GEMM_LOAD_TILES}
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk = kk + 1u) {
      let a0 = tileA[kk * TM + lid.y];
      let a1 = tileA[kk * TM + lid.y + 16u];
      let b0 = tileB[kk * TN + lid.x];
      let b1 = tileB[kk * TN + lid.x + 16u];
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

/** Output tile edge of the tiled GEMM (dispatch ceil(N/32) × ceil(M/32) workgroups). */
export const GEMM_TILE = 32;

/** Tiled GEMM, dense B. Bindings: 0 params, 1 c, 2 a, 3 b, 4 bias. */
export const GEMM_TILED_WGSL = GEMM_PARAMS + DENSE_B + STORE + TILED_BODY;

/** Tiled GEMM, f16 B with f32 accumulation (needs shader-f16). Bindings: 0 params, 1 c, 2 a, 3 b (f16), 4 bias. */
export const GEMM_TILED_F16B_WGSL = ENABLE_F16 + GEMM_PARAMS + F16_B + STORE + TILED_BODY;

/** Tiled GEMM, B dequantised from 4-bit codes. Bindings: 0 params, 1 c, 2 a, 3 packed, 4 scales, 5 bias. */
export const GEMM_TILED_Q4_WGSL = GEMM_PARAMS + q4B('f32') + STORE + TILED_BODY;

/** Same with f16 group scales (mixed precision, needs shader-f16): codes and f32 accumulation unchanged. */
export const GEMM_TILED_Q4_F16S_WGSL = ENABLE_F16 + GEMM_PARAMS + q4B('f16') + STORE + TILED_BODY;

/** dbias[N] += Σ_m x[m*N + n]; one thread per column. Bindings: 0 {M, N}, 1 dbias, 2 x. */
export const COLUMN_SUM_WGSL = /* wgsl */ `
struct Params { M: u32, N: u32 }
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> dbias: array<f32>;
@group(0) @binding(2) var<storage, read> x: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let n = gid.x;
  if (n >= p.N) { return; }
  var sum = 0.0;
  for (var m = 0u; m < p.M; m = m + 1u) { sum = sum + x[m * p.N + n]; }
  dbias[n] = dbias[n] + sum;
}
`;
