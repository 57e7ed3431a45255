/**
 * GPU optimiser dispatchers: AdamW step on one parameter tensor (mirrors optim/adamw.ts adamwStep) and
 * global gradient-norm clipping (mirrors clipGradNorm; one small readback per call for the norm), and a
 * reusable grad-norm plan that leaves Σg² in a one-element GPU tensor (for optimizers that keep state on the GPU).
 * Shape legend: N = elements of one tensor.
 */
import { grid, type EngineDevice, type GpuTensor, type Kernel } from '../device';
import { createTensor } from '../buffers';
import { WG } from './common.wgsl';
import { ADAMW_WGSL, SUM_PARTIALS_WGSL, SUM_SQUARES_ITEMS, SUM_SQUARES_WGSL } from './adamw.wgsl';
import { scaleInPlace } from './pointwise';

const ADAMW: Kernel = { label: 'adamw', code: ADAMW_WGSL, entry: 'main' };
const SUM_SQUARES: Kernel = { label: 'sum_squares', code: SUM_SQUARES_WGSL, entry: 'main' };
const SUM_PARTIALS: Kernel = { label: 'sum_partials', code: SUM_PARTIALS_WGSL, entry: 'main' };

/** AdamW hyper-parameters for one step (step is 1-based). */
export interface AdamWStep {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  step: number;
  /** Multiplies the gradient before use (e.g. a clip coefficient); default 1. */
  gradScale?: number;
}

/** params/m/v[N] updated in place from grads[N]. */
export function adamwStep(dev: EngineDevice, params: GpuTensor, grads: GpuTensor, m: GpuTensor, v: GpuTensor, h: AdamWStep): void {
  if (!(h.step >= 1)) throw new RangeError(`adamwStep: step must be >= 1 (1-based), got ${h.step}`);
  const N = params.length;
  dev.dispatch(ADAMW, [
    { u: N }, { f: h.lr }, { f: h.beta1 }, { f: h.beta2 }, { f: h.eps }, { f: h.weightDecay },
    { f: 1 - Math.pow(h.beta1, h.step) }, { f: 1 - Math.pow(h.beta2, h.step) }, { f: h.gradScale ?? 1 }
  ], [params, m, v, grads], grid(N, WG));
}

/** Partial sums of squares of each tensor into its own 256-byte-aligned (64-element) slice of one zeroed buffer. */
function sumSquaresPartials(dev: EngineDevice, grads: GpuTensor[]): { partial: GpuTensor; slices: GpuTensor[]; record(): void } {
  const perGroup = WG * SUM_SQUARES_ITEMS;
  const counts = grads.map((g) => Math.ceil(g.length / perGroup));
  const sliceLength = counts.map((n) => Math.ceil(n / 64) * 64);
  const total = Math.max(64, sliceLength.reduce((a, b) => a + b, 0));
  const partial = createTensor(dev, total, 'grad_norm_partials');
  let offset = 0;
  const slices = grads.map((_, i) => {
    const slice = { buffer: partial.buffer, offset: offset * 4, length: counts[i] };
    offset += sliceLength[i];
    return slice;
  });
  const record = (): void => grads.forEach((g, i) => {
    if (g.length > 0) dev.dispatch(SUM_SQUARES, [{ u: g.length }, { u: 0 }, { u: 0 }, { u: 0 }], [slices[i], g], grid(counts[i], 1));
  });
  return { partial, slices, record };
}

/** Global L2 norm of the tensors (partial sums on the GPU, final sum in float64 on the CPU). */
export async function gradNorm(dev: EngineDevice, grads: GpuTensor[]): Promise<number> {
  const { partial, slices, record } = sumSquaresPartials(dev, grads);
  record();
  const values = new Float32Array(await dev.read(partial));
  partial.buffer.destroy();
  let ss = 0;
  slices.forEach((s) => {
    for (let j = 0; j < s.length; j++) ss += values[s.offset / 4 + j];
  });
  return Math.sqrt(ss);
}

/** A fixed set of gradient tensors whose Σg² is reduced entirely on the GPU into `sumSquares` (1 element). */
export interface GradNormPlan {
  sumSquares: GpuTensor; // (1) written by record()
  /** Record the reduction (two stages, fixed order: deterministic run to run). */
  record(): void;
  destroy(): void;
}

/** Allocate the partials and result buffers once for these tensors; record() may run every step. */
export function createGradNormPlan(dev: EngineDevice, grads: GpuTensor[]): GradNormPlan {
  const stage1 = sumSquaresPartials(dev, grads);
  const sumSquares = createTensor(dev, 1, 'grad_norm_sum');
  return {
    sumSquares,
    record(): void {
      stage1.record();
      dev.dispatch(SUM_PARTIALS, [{ u: stage1.partial.length }, { u: 0 }, { u: 0 }, { u: 0 }], [sumSquares, stage1.partial], [1]);
    },
    destroy(): void {
      stage1.partial.buffer.destroy();
      sumSquares.buffer.destroy();
    }
  };
}

/** torch clip_grad_norm_: returns the pre-clip norm; scales every grad by maxNorm/(norm+1e-6) when below 1. */
export async function clipGradNorm(dev: EngineDevice, grads: GpuTensor[], maxNorm: number): Promise<number> {
  const norm = await gradNorm(dev, grads);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) for (const g of grads) scaleInPlace(dev, g, g.length, coef);
  return norm;
}
