/**
 * Dispatchers for seeded stateless dropout (mirror reference/dropout.ts; identical masks on CPU and GPU).
 * Shape legend: N = element count. dinp is ASSIGNED; out/dinp may alias inp/dout.
 */
import { grid, type EngineDevice, type GpuTensor, type Kernel } from '../device';
import { dropoutThreshold, lowbias32 } from '../reference/dropout';
import { WG } from './common.wgsl';
import { DROPOUT_INPLACE_WGSL, DROPOUT_WGSL } from './dropout.wgsl';

const DROPOUT: Kernel = { label: 'dropout', code: DROPOUT_WGSL, entry: 'main' };
const DROPOUT_INPLACE: Kernel = { label: 'dropout_inplace', code: DROPOUT_INPLACE_WGSL, entry: 'main' };

/** out[N] = inp · keep(seed, i) / (1 - p). */
export function dropoutForward(dev: EngineDevice, out: GpuTensor, inp: GpuTensor, N: number, p: number, seed: number): void {
  const uniforms = [{ u: N }, { u: lowbias32(seed) }, { u: dropoutThreshold(p) }, { f: 1 / (1 - p) }];
  if (out.buffer === inp.buffer && out.offset === inp.offset) dev.dispatch(DROPOUT_INPLACE, uniforms, [out], grid(N, WG));
  else dev.dispatch(DROPOUT, uniforms, [out, inp], grid(N, WG));
}

/** dinp[N] = dout · keep(seed, i) / (1 - p), the forward's mask recomputed. */
export function dropoutBackward(dev: EngineDevice, dinp: GpuTensor, dout: GpuTensor, N: number, p: number, seed: number): void {
  dropoutForward(dev, dinp, dout, N, p, seed);
}
