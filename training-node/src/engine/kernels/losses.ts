/**
 * Dispatchers for cross-entropy (ignore index -100) and mean pooling + L2 normalisation (mirror
 * reference/losses.ts). Shape legend: B, T, BT = B*T, C, V. targets: i32 [BT]; mask: u32 [B,T].
 * dlogits and dinp are ASSIGNED.
 */
import { kernel, grid, type EngineDevice, type GpuTensor } from '../device';
import { WG } from './common.wgsl';
import * as wgsl from './losses.wgsl';

const CE_FORWARD = kernel('crossentropy_forward', wgsl.CROSSENTROPY_FORWARD_WGSL);
const CE_BACKWARD = kernel('crossentropy_backward', wgsl.CROSSENTROPY_BACKWARD_WGSL);
const POOL_FORWARD = kernel('meanpool_l2_forward', wgsl.MEANPOOL_FORWARD_WGSL);
const POOL_BACKWARD = kernel('meanpool_l2_backward', wgsl.MEANPOOL_BACKWARD_WGSL);

/** losses[BT] = -log softmax(logits)[target] (0 for -100, NaN for an invalid target); probs[BT,V]. */
export function crossEntropyForward(
  dev: EngineDevice, losses: GpuTensor, probs: GpuTensor, logits: GpuTensor, targets: GpuTensor, BT: number, V: number
): void {
  dev.dispatch(CE_FORWARD, [{ u: BT }, { u: V }, { u: 0 }, { f: 0 }], [losses, probs, logits, targets], grid(BT, 1));
}

/** dlogits[BT,V] = dlosses[bt]·(probs - onehot); dlosses is a number (all rows) or an f32 tensor [BT]. */
export function crossEntropyBackward(
  dev: EngineDevice, dlogits: GpuTensor, dlosses: GpuTensor | number, probs: GpuTensor, targets: GpuTensor,
  BT: number, V: number
): void {
  const perToken = typeof dlosses !== 'number';
  dev.dispatch(CE_BACKWARD, [{ u: BT }, { u: V }, { u: perToken ? 1 : 0 }, { f: perToken ? 0 : dlosses }],
    [dlogits, probs, targets, perToken ? dlosses : dev.none], grid(BT * V, WG));
}

/** out[B,C] = L2-normalised masked mean of inp[B,T,C]; saves norm[B]. */
export function meanPoolL2Forward(
  dev: EngineDevice, out: GpuTensor, norm: GpuTensor, inp: GpuTensor, mask: GpuTensor, B: number, T: number, C: number
): void {
  dev.dispatch(POOL_FORWARD, [{ u: B }, { u: T }, { u: C }, { u: 0 }], [out, norm, inp, mask], grid(B, 1));
}

/** dinp[B,T,C] (=) from dout[B,C], out[B,C], norm[B]. */
export function meanPoolL2Backward(
  dev: EngineDevice, dinp: GpuTensor, dout: GpuTensor, out: GpuTensor, norm: GpuTensor, mask: GpuTensor,
  B: number, T: number, C: number
): void {
  dev.dispatch(POOL_BACKWARD, [{ u: B }, { u: T }, { u: C }, { u: 0 }], [dinp, dout, out, norm, mask], grid(B, 1));
}
