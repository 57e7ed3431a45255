/**
 * Dispatchers for the linear layers on the GPU, mirroring reference/matmul.ts argument for argument
 * (outputs, inputs, weights, dimensions) with GpuTensor instead of Float32Array.
 *
 * Shape legend: BT = batch*sequence rows, C = input channels, OC = output channels. Weights [OC, C].
 * Gradient convention: dweight/dbias ACCUMULATE (+=); dinp is ASSIGNED unless accumulateDinp.
 * All work is recorded on the device's encoder; it runs at the next flush/readback.
 */
import { type EngineDevice, type GpuTensor, type Kernel, type UniformValue } from '../device';
import { upload, uploadF16 } from '../buffers';
import type { Quantized4bit } from '../reference/matmul';
import {
  COLUMN_SUM_WGSL, GEMM_PREFIXES, GEMM_TILING_LARGE, GEMM_TILING_MEDIUM, GEMM_TILING_SMALL, gemmTiledBody, type GemmTiling
} from './matmul.wgsl';

type GemmOperand = keyof typeof GEMM_PREFIXES;
/** One kernel per B operand and tiling; labels gemm_<operand>_<tm>x<tn>. */
function gemmKernels(t: GemmTiling): Record<GemmOperand, Kernel> {
  const body = gemmTiledBody(t);
  const make = (operand: GemmOperand): Kernel =>
    ({ label: `gemm_${operand}_${t.tm}x${t.tn}`, code: GEMM_PREFIXES[operand] + body, entry: 'main' });
  return { f32: make('f32'), f16b: make('f16b'), q4: make('q4'), q4f16s: make('q4f16s') };
}
/** Largest tile first; gemm takes the first whose edge fits min(M, N), else the last. */
const GEMM_TIERS = [GEMM_TILING_LARGE, GEMM_TILING_MEDIUM, GEMM_TILING_SMALL].map((tiling) => ({ tiling, kernels: gemmKernels(tiling) }));
const COLUMN_SUM: Kernel = { label: 'column_sum', code: COLUMN_SUM_WGSL, entry: 'main' };

/** A 4-bit quantised weight on the GPU (see reference Quantized4bit for the packing). */
export interface GpuQuantized4bit {
  packed: GpuTensor; // u32 [OC*C/8]
  scales: GpuTensor; // f32 [OC*C/group], or f16 under mixed precision
  OC: number;
  C: number;
  group: number;
}

/** Upload a CPU-quantised weight; scales 'f16' (needs shader-f16) stores the group scales rounded to half. */
export function uploadQuantized4bit(dev: EngineDevice, q: Quantized4bit, scales: 'f32' | 'f16' = 'f32'): GpuQuantized4bit {
  const scaleTensor = scales === 'f16' ? uploadF16(dev, q.scales, 'q4_scales') : upload(dev, q.scales, 'q4_scales');
  return { packed: upload(dev, q.packed, 'q4_packed'), scales: scaleTensor, OC: q.OC, C: q.C, group: q.group };
}

/** Element strides of the two GEMM operands: A(m,k) = a[m*sam + k*sak], B(k,n) = b[k*sbk + n*sbn]. */
export interface GemmStrides {
  sam: number;
  sak: number;
  sbk: number;
  sbn: number;
}

/** Dense-or-quantised right operand of a GEMM. */
export type GemmB = GpuTensor | GpuQuantized4bit;

function isQuantized(b: GemmB): b is GpuQuantized4bit {
  return 'packed' in b;
}

/** Uniform values of the GEMM kernels (GemmParams in matmul.wgsl.ts order). */
export function gemmUniforms(
  M: number, N: number, K: number, s: GemmStrides, hasBias: boolean, alpha: number, beta: number, group = 0
): UniformValue[] {
  return [
    { u: M }, { u: N }, { u: K }, { u: s.sam }, { u: s.sak }, { u: s.sbk }, { u: s.sbn }, { u: hasBias ? 1 : 0 },
    { f: alpha }, { f: beta }, { u: group }, { u: 0 }
  ];
}

/**
 * c[M,N] = alpha·A·B + beta·c + bias[N] with strided operands (register-blocked tiled kernel; 4-bit B dequantised
 * and f16 B widened in the loads, f32 accumulation). A, c and bias are f32. Products with M or N below the large
 * tile (LoRA's rank-sized operands) use the small tiling so fewer threads compute padding.
 */
export function gemm(
  dev: EngineDevice, c: GpuTensor, a: GpuTensor, b: GemmB, bias: GpuTensor | null,
  M: number, N: number, K: number, s: GemmStrides, alpha = 1, beta = 0
): void {
  if (M === 0 || N === 0) return;
  const { tiling, kernels } = GEMM_TIERS.find((t) => Math.min(M, N) >= t.tiling.tm) ?? GEMM_TIERS[GEMM_TIERS.length - 1]!;
  const groups: [number, number] = [Math.ceil(N / tiling.tn), Math.ceil(M / tiling.tm)];
  const biasT = bias ?? dev.none;
  if (a.dtype === 'f16' || c.dtype === 'f16' || bias?.dtype === 'f16') throw new Error('gemm: only B may be f16');
  if (isQuantized(b)) {
    dev.dispatch(b.scales.dtype === 'f16' ? kernels.q4f16s : kernels.q4, gemmUniforms(M, N, K, s, bias !== null, alpha, beta, b.group),
      [c, a, b.packed, b.scales, biasT], groups);
  } else {
    dev.dispatch(b.dtype === 'f16' ? kernels.f16b : kernels.f32, gemmUniforms(M, N, K, s, bias !== null, alpha, beta), [c, a, b, biasT], groups);
  }
}

/** Strides for out[BT,OC] = inp[BT,C] · W[OC,C]^T. */
export function forwardStrides(C: number): GemmStrides {
  return { sam: C, sak: 1, sbk: 1, sbn: C };
}

/** Strides for dinp[BT,C] = dout[BT,OC] · W[OC,C]. */
export function dinpStrides(C: number, OC: number): GemmStrides {
  return { sam: OC, sak: 1, sbk: C, sbn: 1 };
}

/** Strides for dW[OC,C] = dout[BT,OC]^T · inp[BT,C]. */
export function dweightStrides(C: number, OC: number): GemmStrides {
  return { sam: 1, sak: OC, sbk: C, sbn: 1 };
}

/** dbias[N] += Σ_m x[M,N]. */
export function columnSumAccumulate(dev: EngineDevice, dbias: GpuTensor, x: GpuTensor, M: number, N: number): void {
  dev.dispatch(COLUMN_SUM, [{ u: M }, { u: N }], [dbias, x], [Math.ceil(N / 64)]);
}

/** out[BT,OC] = inp[BT,C] · weight[OC,C]^T + bias[OC]. */
export function matmulForward(
  dev: EngineDevice, out: GpuTensor, inp: GpuTensor, weight: GpuTensor, bias: GpuTensor | null,
  BT: number, C: number, OC: number
): void {
  gemm(dev, out, inp, weight, bias, BT, OC, C, forwardStrides(C));
}

/** dinp[BT,C] (= or +=) = dout·W; dweight[OC,C] += dout^T·inp; dbias[OC] += Σ dout. Null skips a gradient. */
export function matmulBackward(
  dev: EngineDevice, dinp: GpuTensor | null, dweight: GpuTensor | null, dbias: GpuTensor | null,
  dout: GpuTensor, inp: GpuTensor, weight: GpuTensor, BT: number, C: number, OC: number, accumulateDinp = false
): void {
  if (dinp) gemm(dev, dinp, dout, weight, null, BT, C, OC, dinpStrides(C, OC), 1, accumulateDinp ? 1 : 0);
  if (dweight) gemm(dev, dweight, dout, inp, null, OC, C, BT, dweightStrides(C, OC), 1, 1);
  if (dbias) columnSumAccumulate(dev, dbias, dout, BT, OC);
}

/** out[BT,OC] = inp[BT,C] · dequant(W)[OC,C]^T + bias (dequantised inside the GEMM's tile loads). */
export function dequant4bitMatmulForward(
  dev: EngineDevice, out: GpuTensor, inp: GpuTensor, weight: GpuQuantized4bit, bias: GpuTensor | null,
  BT: number, C: number, OC: number
): void {
  checkQuant(weight, C, OC);
  gemm(dev, out, inp, weight, bias, BT, OC, C, forwardStrides(C));
}

/** dinp[BT,C] (= or +=) = dout[BT,OC] · dequant(W): input gradient only (frozen base). */
export function dequant4bitMatmulBackward(
  dev: EngineDevice, dinp: GpuTensor, dout: GpuTensor, weight: GpuQuantized4bit,
  BT: number, C: number, OC: number, accumulateDinp = false
): void {
  checkQuant(weight, C, OC);
  gemm(dev, dinp, dout, weight, null, BT, C, OC, dinpStrides(C, OC), 1, accumulateDinp ? 1 : 0);
}

function checkQuant(q: GpuQuantized4bit, C: number, OC: number): void {
  if (q.C !== C || q.OC !== OC) throw new Error(`quantised weight is [${q.OC},${q.C}], expected [${OC},${C}]`);
}
