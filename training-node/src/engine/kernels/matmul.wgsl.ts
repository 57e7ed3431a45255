/**
 * WGSL for the linear layers: one strided GEMM used for every matmul forward/backward, LoRA and the
 * 4-bit dequantising QLoRA base, plus a column sum for bias gradients.
 *
 * GEMM: c[M,N] (contiguous) = alpha · Σ_k A(m,k)·B(k,n) + beta · c + bias[n]
 *   with A(m,k) = a[m*sam + k*sak] and B(k,n) = b[k*sbk + n*sbn] (strides pick plain or transposed operands).
 * Register-blocked tiled kernel generated per tiling (gemmTiledBody): a 16×16 workgroup stages A and B tiles in
 * workgroup memory and each thread accumulates a block of outputs (8×8 of a 128×128 tile, 4×4 of 64×64 or 2×2
 * of 32×32; the dispatcher picks by min(M, N)). Edges (M, N, K not multiples of the tile) are zero-padded in the
 * loads and masked in the store.
 * The q4 variant reads B as symmetric 4-bit codes: value(idx) = (nibble(idx) - 8) · scales[idx / group].
 * The f16B variant (mixed precision, needs `shader-f16`) reads B as array<f16> — the frozen base weight stored
 * in half precision — and widens each element to f32 in the tile load; tiles, products and accumulation stay
 * f32, so the only error versus the f32 kernel is the rounding of B to f16. Likewise the q4 variant may read
 * its group scales as f16 (GEMM_TILED_Q4_F16S_WGSL).
 * Non-goals: f16 A/C operands (activations stay f32, see engine README), subgroup ops, split-K, vec4 global
 * loads (strided operands give no alignment guarantee).
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
 * Tile shape of a register-blocked GEMM: the workgroup (wgx × wgy threads) computes a tm × tn block of c, each
 * thread (tm/wgy) × (tn/wgx) outputs at rows ty + wgy·r, columns tx + wgx·q (strided, so neighbouring threads
 * touch neighbouring addresses in the tile reads and the stores). K advances tk at a time through A [tk][tm]
 * and B [tk][tn] tiles in workgroup memory.
 */
export interface GemmTiling {
  tm: number;
  tn: number;
  tk: number;
  wgx: number;
  wgy: number;
}

/** WebGPU's guaranteed minimums, which every adapter (browsers included) supports without requesting more. */
const MAX_INVOCATIONS = 256;
const MAX_WORKGROUP_BYTES = 16384;

/**
 * The GEMM entry point for one tiling, fully unrolled over the per-thread block (scalar accumulators, so no
 * driver has to keep a dynamically indexed array in registers). Edges (M, N, K not multiples of the tile) are
 * zero-padded in the loads and masked in storeC, so any shape is valid. Throws if the tiling exceeds the limits
 * above or does not divide evenly.
 */
export function gemmTiledBody(t: GemmTiling): string {
  const threads = t.wgx * t.wgy;
  const rm = t.tm / t.wgy, rn = t.tn / t.wgx;
  if (!Number.isInteger(rm) || !Number.isInteger(rn) || threads > MAX_INVOCATIONS || t.wgx > 256 || t.wgy > 256) {
    throw new Error(`gemm tiling ${JSON.stringify(t)}: tm/wgy and tn/wgx must be integers, at most 256 threads`);
  }
  if ((t.tm + t.tn) * t.tk * 4 > MAX_WORKGROUP_BYTES) throw new Error(`gemm tiling ${JSON.stringify(t)}: over 16 KiB of tiles`);
  const loads = (count: number, body: string): string => {
    const lines: string[] = [];
    for (let j = 0; j * threads < count; j++) {
      const guard = (j + 1) * threads > count ? `if (tid + ${j * threads}u < ${count}u) ` : '';
      lines.push(`    ${guard}{ let i = tid + ${j * threads}u;${body} }`);
    }
    return lines.join('\n');
  };
  // Walk the unit-stride axis fastest so neighbouring threads read neighbouring addresses.
  const loadA = `
      var kk = i % TK; var mm = i / TK;
      if (p.sak != 1u) { mm = i % TM; kk = i / TM; }
      let m = row0 + mm; let k = k0 + kk;
      var v = 0.0;
      if (m < p.M && k < p.K) { v = a[m * p.sam + k * p.sak]; }
      tileA[kk * TM + mm] = v;`;
  const loadB = `
      var nn = i % TN; var kb = i / TN;
      if (p.sbn != 1u) { kb = i % TK; nn = i / TK; }
      let n = col0 + nn; let k = k0 + kb;
      var v = 0.0;
      if (n < p.N && k < p.K) { v = loadB(k, n); }
      tileB[kb * TN + nn] = v;`;
  const rows = [...Array(rm).keys()], cols = [...Array(rn).keys()];
  const acc = (r: number, q: number): string => `acc${r}_${q}`;
  return /* wgsl */ `
const TM = ${t.tm}u;
const TN = ${t.tn}u;
const TK = ${t.tk}u;
var<workgroup> tileA: array<f32, ${t.tm * t.tk}>; // [TK][TM]
var<workgroup> tileB: array<f32, ${t.tn * t.tk}>; // [TK][TN]

@compute @workgroup_size(${t.wgx}, ${t.wgy})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row0 = wid.y * TM;
  let col0 = wid.x * TN;
  let tid = lid.y * ${t.wgx}u + lid.x;
${rows.map((r) => '  ' + cols.map((q) => `var ${acc(r, q)} = 0.0;`).join(' ')).join('\n')}
  for (var k0 = 0u; k0 < p.K; k0 = k0 + TK) {
${loads(t.tm * t.tk, loadA)}
${loads(t.tn * t.tk, loadB)}
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk = kk + 1u) {
${rows.map((r) => `      let a${r} = tileA[kk * TM + lid.y + ${t.wgy * r}u];`).join('\n')}
${cols.map((q) => `      let b${q} = tileB[kk * TN + lid.x + ${t.wgx * q}u];`).join('\n')}
${rows.map((r) => '      ' + cols.map((q) => `${acc(r, q)} = ${acc(r, q)} + a${r} * b${q};`).join(' ')).join('\n')}
    }
    workgroupBarrier();
  }
${rows.flatMap((r) => cols.map((q) => `  storeC(row0 + lid.y + ${t.wgy * r}u, col0 + lid.x + ${t.wgx * q}u, ${acc(r, q)});`)).join('\n')}
}
`;
}

/** Large tiling (chosen by measurement, see dev/README.md): 128×128 per 16×16 workgroup, 8×8 per thread, K 8. */
export const GEMM_TILING_LARGE: GemmTiling = { tm: 128, tn: 128, tk: 8, wgx: 16, wgy: 16 };
/** Medium tiling, for products with min(M, N) in [64, 128): 64×64 per 16×16 workgroup, 4×4 per thread, K 16. */
export const GEMM_TILING_MEDIUM: GemmTiling = { tm: 64, tn: 64, tk: 16, wgx: 16, wgy: 16 };
/** Small tiling for skinny products (M or N below 64, e.g. LoRA rank): 32×32 per 16×16 workgroup, 2×2 each. */
export const GEMM_TILING_SMALL: GemmTiling = { tm: 32, tn: 32, tk: 16, wgx: 16, wgy: 16 };

/** The four B operands of the engine's GEMM, each a WGSL prefix to which a tiled body is appended. */
export const GEMM_PREFIXES = {
  f32: GEMM_PARAMS + DENSE_B + STORE,
  f16b: ENABLE_F16 + GEMM_PARAMS + F16_B + STORE,
  q4: GEMM_PARAMS + q4B('f32') + STORE,
  q4f16s: ENABLE_F16 + GEMM_PARAMS + q4B('f16') + STORE
} as const;

const TILED_BODY = gemmTiledBody(GEMM_TILING_LARGE);

/** Tiled GEMM (large tiling), dense B. Bindings: 0 params, 1 c, 2 a, 3 b, 4 bias. */
export const GEMM_TILED_WGSL = GEMM_PREFIXES.f32 + TILED_BODY;

/** Tiled GEMM, f16 B with f32 accumulation (needs shader-f16). Bindings: 0 params, 1 c, 2 a, 3 b (f16), 4 bias. */
export const GEMM_TILED_F16B_WGSL = GEMM_PREFIXES.f16b + TILED_BODY;

/** Tiled GEMM, B dequantised from 4-bit codes. Bindings: 0 params, 1 c, 2 a, 3 packed, 4 scales, 5 bias. */
export const GEMM_TILED_Q4_WGSL = GEMM_PREFIXES.q4 + TILED_BODY;

/** Same with f16 group scales (mixed precision, needs shader-f16): codes and f32 accumulation unchanged. */
export const GEMM_TILED_Q4_F16S_WGSL = GEMM_PREFIXES.q4f16s + TILED_BODY;

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
