/**
 * LoRA linear on the GPU, composed from the strided GEMM (kernels/matmul.ts); mirrors reference loraMatmul*.
 *
 * out[BT,OC] = inp·W^T + bias + scale·(inp·A^T)·B^T, A[R,C], B[OC,R], scale = alpha/R; W dense f32 or 4-bit.
 * Shape legend: BT = rows, C = in channels, OC = out channels, R = rank.
 * Gradient convention: dloraA/dloraB ACCUMULATE (+=); dinp ASSIGNED unless accumulateDinp. Frozen W/bias.
 * Non-goals: dropout on the LoRA path (pass a dropped-out input if needed), merged-weight inference.
 */
import type { EngineDevice, GpuTensor } from '../device';
import { dinpStrides, forwardStrides, gemm, type GemmB } from './matmul';

/** Forward; saves hidden[BT,R] = inp·A^T for the backward pass. */
export function loraMatmulForward(
  dev: EngineDevice, out: GpuTensor, hidden: GpuTensor,
  inp: GpuTensor, weight: GemmB, bias: GpuTensor | null, loraA: GpuTensor, loraB: GpuTensor,
  BT: number, C: number, OC: number, R: number, scale: number
): void {
  gemm(dev, out, inp, weight, bias, BT, OC, C, forwardStrides(C));
  gemm(dev, hidden, inp, loraA, null, BT, R, C, forwardStrides(C));
  gemm(dev, out, hidden, loraB, null, BT, OC, R, forwardStrides(R), scale, 1);
}

/**
 * Backward. `dhidden` is caller-owned scratch [BT,R] (holds scale·dout·B afterwards).
 * dloraB[OC,R] += scale·dout^T·hidden; dloraA[R,C] += dhidden^T·inp; dinp = dout·W + dhidden·A.
 */
export function loraMatmulBackward(
  dev: EngineDevice, dinp: GpuTensor | null, dloraA: GpuTensor, dloraB: GpuTensor, dhidden: GpuTensor,
  dout: GpuTensor, inp: GpuTensor, hidden: GpuTensor, weight: GemmB, loraA: GpuTensor, loraB: GpuTensor,
  BT: number, C: number, OC: number, R: number, scale: number, accumulateDinp = false
): void {
  gemm(dev, dhidden, dout, loraB, null, BT, R, OC, { sam: OC, sak: 1, sbk: R, sbn: 1 }, scale, 0);
  gemm(dev, dloraB, dout, hidden, null, OC, R, BT, { sam: 1, sak: OC, sbk: R, sbn: 1 }, scale, 1);
  gemm(dev, dloraA, dhidden, inp, null, R, C, BT, { sam: 1, sak: R, sbk: C, sbn: 1 }, 1, 1);
  if (dinp) {
    gemm(dev, dinp, dout, weight, null, BT, C, OC, dinpStrides(C, OC), 1, accumulateDinp ? 1 : 0);
    gemm(dev, dinp, dhidden, loraA, null, BT, C, R, dinpStrides(C, R), 1, 1);
  }
}
