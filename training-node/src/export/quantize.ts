/**
 * Weight quantisation for the ONNX variants, as pure array math (the graph side is onnx-linear.ts):
 * - q4 (`com.microsoft.MatMulNBits`, bits 4, block 32, symmetric, no zero_points input): per row n of W [N, K] and
 *   block b, m = the element of largest |w| (sign kept), s = -m/8, q = clamp(roundf(w/s + 8), 0, 15), dequantised by
 *   the kernel as (q - 8)·s; two codes per byte, the first in the low nibble; K zero-padded to a multiple of 32
 *   (ORT q4_dq.cpp / ContribOperators.md, PUBLISHING-FORMATS.md A9). An all-zero block has s = 0 and codes 8.
 * - q8 linear weights: per output column symmetric int8 with ORT's reduce_range (|q| ≤ 63, 7 bits), which keeps the
 *   u8×s8 AVX2 path from saturating int16 sums; dequantised as q·s. transformers.js's conversion uses per_channel +
 *   reduce_range for BERT (PUBLISHING-FORMATS.md A8).
 * - q8 embedding rows: per row symmetric int8 (|q| ≤ 127), read back by Gather + Cast + Mul (no integer matmul).
 *
 * Non-goals: asymmetric/zero-point variants, bnb4, q2/q1. Rounding of ties: half away from zero (C roundf).
 * Shape legend: W is [N, K] row-major = [out_features, in_features] (a PyTorch Linear weight); kBlocks = ceil(K/32).
 */

/** MatMulNBits block size written by publish (the WebGPU kernels' fused variants need 32). */
export const Q4_BLOCK = 32;

/** C roundf: half away from zero. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.floor(-x + 0.5) : Math.floor(x + 0.5);
}

/** MatMulNBits tensors of one weight: B uint8 [N, kBlocks, block/2] and scales [N·kBlocks] (float32 values). */
export interface MatMulNBitsWeight {
  N: number;
  K: number;
  block: number;
  kBlocks: number;
  packed: Uint8Array;
  scales: Float32Array;
}

/** Quantise W [N, K] to 4-bit symmetric blocks (ORT's MatMulNBits layout and formula). */
export function quantizeMatMulNBits(w: Float32Array, N: number, K: number, block = Q4_BLOCK): MatMulNBitsWeight {
  if (w.length !== N * K) throw new Error(`quantizeMatMulNBits: ${w.length} values for [${N}, ${K}]`);
  if (block % 2 !== 0 || block < 16) throw new Error(`quantizeMatMulNBits: block ${block} must be an even size ≥ 16`);
  const kBlocks = Math.ceil(K / block);
  const half = block / 2;
  const packed = new Uint8Array(N * kBlocks * half);
  const scales = new Float32Array(N * kBlocks);
  const codes = new Uint8Array(block);
  for (let n = 0; n < N; n++) {
    for (let b = 0; b < kBlocks; b++) {
      let m = 0;
      for (let r = 0; r < block; r++) {
        const k = b * block + r;
        const v = k < K ? w[n * K + k] : 0;
        if (Math.abs(v) > Math.abs(m)) m = v;
      }
      const s = m === 0 ? 0 : Math.fround(-m / 8);
      const inv = s === 0 ? 0 : Math.fround(1 / s);
      for (let r = 0; r < block; r++) {
        const k = b * block + r;
        const v = k < K ? w[n * K + k] : 0;
        codes[r] = Math.min(15, Math.max(0, roundHalfAway(Math.fround(v * inv) + 8)));
      }
      scales[n * kBlocks + b] = s;
      const base = (n * kBlocks + b) * half;
      for (let j = 0; j < half; j++) packed[base + j] = codes[2 * j] | (codes[2 * j + 1] << 4);
    }
  }
  return { N, K, block, kBlocks, packed, scales };
}

/** Dequantise MatMulNBits tensors back to W' [N, K] (what the kernel multiplies with). */
export function dequantizeMatMulNBits(q: MatMulNBitsWeight, scales: Float32Array = q.scales): Float32Array {
  const { N, K, block, kBlocks, packed } = q;
  const half = block / 2;
  const out = new Float32Array(N * K);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const b = Math.floor(k / block), r = k % block;
      const byte = packed[(n * kBlocks + b) * half + (r >> 1)];
      const code = r % 2 === 0 ? byte & 0x0f : byte >> 4;
      out[n * K + k] = (code - 8) * scales[n * kBlocks + b];
    }
  }
  return out;
}

/** Per-column int8 weights for MatMulInteger: Bq [K, N] (the MatMul B layout) and a scale per column [N]. */
export interface Int8ColumnWeight {
  N: number;
  K: number;
  /** [K, N] row-major: the transpose of W [N, K]. */
  q: Int8Array;
  scales: Float32Array;
  qmax: number;
}

/** Quantise W [N, K] per output feature, symmetric, |q| ≤ qmax (63 = ORT reduce_range), transposed to [K, N]. */
export function quantizeInt8Columns(w: Float32Array, N: number, K: number, qmax = 63): Int8ColumnWeight {
  if (w.length !== N * K) throw new Error(`quantizeInt8Columns: ${w.length} values for [${N}, ${K}]`);
  const q = new Int8Array(K * N);
  const scales = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    let maxAbs = 0;
    for (let k = 0; k < K; k++) maxAbs = Math.max(maxAbs, Math.abs(w[n * K + k]));
    const s = Math.fround(maxAbs / qmax);
    scales[n] = s;
    for (let k = 0; k < K; k++) q[k * N + n] = s === 0 ? 0 : Math.max(-qmax, Math.min(qmax, roundHalfAway(w[n * K + k] / s)));
  }
  return { N, K, q, scales, qmax };
}

/** Per-row int8 table (embedding): q [R, C] and a scale per row [R], |q| ≤ 127. */
export function quantizeInt8Rows(w: Float32Array, R: number, C: number): { q: Int8Array; scales: Float32Array } {
  const q = new Int8Array(R * C);
  const scales = new Float32Array(R);
  for (let r = 0; r < R; r++) {
    let maxAbs = 0;
    for (let c = 0; c < C; c++) maxAbs = Math.max(maxAbs, Math.abs(w[r * C + c]));
    const s = Math.fround(maxAbs / 127);
    scales[r] = s;
    for (let c = 0; c < C; c++) q[r * C + c] = s === 0 ? 0 : Math.max(-127, Math.min(127, roundHalfAway(w[r * C + c] / s)));
  }
  return { q, scales };
}
