/**
 * CPU reference ops of the training engine: every layer as an explicit *Forward / *Backward pair on
 * Float32Array (argument order: outputs, inputs, weights, dimensions), the oracle for the WGSL kernels.
 *
 * Shape legend: B = batch, T = sequence length, BT = B*T, C = channels, OC = output channels, NH = heads,
 * NKV = kv heads, HS = head size, V = vocab, R = LoRA rank, N = element count.
 * Gradient convention: parameter gradients ACCUMULATE (+=); activation gradients are ASSIGNED (=) except on
 * the residual stream: residualBackward and the norms' dinp ACCUMULATE (+=); matmul-family dinp is assigned
 * unless its trailing accumulateDinp flag is set.
 */
export { matmulForward, matmulBackward, quantize4bit, dequantize4bit, dequant4bitAt, dequant4bitMatmulForward,
  dequant4bitMatmulBackward, loraMatmulForward, loraMatmulBackward } from './matmul';
export type { Quantized4bit, BaseWeight } from './matmul';
export { rmsnormForward, rmsnormBackward, layernormForward, layernormBackward } from './norms';
export { embeddingForward, embeddingBackward, swigluForward, swigluBackward, geluForward, geluBackward,
  residualForward, residualBackward, multiplyForward, erf } from './pointwise';
export { ropeTable, ropeForward, ropeBackward, attentionForward, attentionBackward, attentionVisible, checkHeads, checkWindow } from './attention';
export type { SegmentIds } from './attention';
export { ropeInvFreq } from './rope';
export type { RopeConfig, RopeScaling } from './rope';
export { IGNORE_INDEX, countTargets, crossEntropyForward, crossEntropyBackward, L2_EPS, meanPoolL2Forward,
  meanPoolL2Backward } from './losses';
export { lowbias32, dropoutThreshold, dropoutKeeps, dropoutForward, dropoutBackward } from './dropout';
export { adamwStep, cosineSchedule, clipGradNorm } from '../optim/adamw';
