/**
 * Dispatchers for RMSNorm and LayerNorm (mirror reference/norms.ts argument for argument).
 * Shape legend: BT = rows, C = channels. Forward saves rstd[BT] (and mean[BT]); dinp, dweight, dbias ACCUMULATE.
 */
import { kernel, grid, type EngineDevice, type GpuTensor } from '../device';
import { WG } from './common.wgsl';
import * as wgsl from './norms.wgsl';

const RMS_FORWARD = kernel('rmsnorm_forward', wgsl.RMSNORM_FORWARD_WGSL);
const RMS_DINP = kernel('rmsnorm_backward_dinp', wgsl.RMSNORM_BACKWARD_DINP_WGSL);
const RMS_DWEIGHT = kernel('rmsnorm_backward_dweight', wgsl.RMSNORM_BACKWARD_DWEIGHT_WGSL);
const LN_FORWARD = kernel('layernorm_forward', wgsl.LAYERNORM_FORWARD_WGSL);
const LN_DINP = kernel('layernorm_backward_dinp', wgsl.LAYERNORM_BACKWARD_DINP_WGSL);
const LN_DPARAMS = kernel('layernorm_backward_dparams', wgsl.LAYERNORM_BACKWARD_DPARAMS_WGSL);

const params = (BT: number, C: number, eps = 0) => [{ u: BT }, { u: C }, { f: eps }, { u: 0 }];

/** out[BT,C] = inp·rstd·weight; saves rstd[BT]. */
export function rmsnormForward(
  dev: EngineDevice, out: GpuTensor, rstd: GpuTensor, inp: GpuTensor, weight: GpuTensor, BT: number, C: number, eps: number
): void {
  dev.dispatch(RMS_FORWARD, params(BT, C, eps), [out, rstd, inp, weight], grid(BT, 1));
}

/** dinp[BT,C] +=, dweight[C] +=. */
export function rmsnormBackward(
  dev: EngineDevice, dinp: GpuTensor, dweight: GpuTensor, dout: GpuTensor, inp: GpuTensor, weight: GpuTensor,
  rstd: GpuTensor, BT: number, C: number
): void {
  dev.dispatch(RMS_DINP, params(BT, C), [dinp, dout, inp, weight, rstd], grid(BT, 1));
  dev.dispatch(RMS_DWEIGHT, params(BT, C), [dweight, dout, inp, rstd], [Math.ceil(C / WG)]);
}

/** out[BT,C] = (inp - mean)·rstd·weight + bias; saves mean[BT], rstd[BT]. */
export function layernormForward(
  dev: EngineDevice, out: GpuTensor, mean: GpuTensor, rstd: GpuTensor, inp: GpuTensor, weight: GpuTensor,
  bias: GpuTensor, BT: number, C: number, eps: number
): void {
  dev.dispatch(LN_FORWARD, params(BT, C, eps), [out, mean, rstd, inp, weight, bias], grid(BT, 1));
}

/** dinp[BT,C] +=, dweight[C] +=, dbias[C] +=. */
export function layernormBackward(
  dev: EngineDevice, dinp: GpuTensor, dweight: GpuTensor, dbias: GpuTensor, dout: GpuTensor, inp: GpuTensor,
  weight: GpuTensor, mean: GpuTensor, rstd: GpuTensor, BT: number, C: number
): void {
  dev.dispatch(LN_DINP, params(BT, C), [dinp, dout, inp, weight, mean, rstd], grid(BT, 1));
  dev.dispatch(LN_DPARAMS, params(BT, C), [dweight, dbias, dout, inp, mean, rstd], [Math.ceil(C / WG)]);
}
