/**
 * WebGPU ops of the training engine: the GPU twin of reference/index.ts. Every function takes the
 * EngineDevice first, then the same arguments as its CPU reference (GpuTensor for Float32Array), records its
 * dispatches on the device's encoder and returns at once; results are visible after a readback or flush.
 *
 * Shape legend: B = batch, T = sequence length, BT = B*T, C = channels, OC = output channels, NH = heads,
 * NKV = kv heads, HS = head size, V = vocab, R = LoRA rank, N = element count.
 * Differences from the reference: integer inputs are i32 tensors, masks are u32 tensors (uploadMask), RoPE takes
 * an uploaded ropeTable instead of theta, attention/LoRA backward take caller-owned scratch, invalid token ids
 * give zeros (embedding) or NaN losses (cross-entropy) instead of throwing.
 */
export { gemm, matmulForward, matmulBackward, dequant4bitMatmulForward, dequant4bitMatmulBackward,
  uploadQuantized4bit, columnSumAccumulate, forwardStrides, dinpStrides, dweightStrides } from './matmul';
export type { GpuQuantized4bit, GemmStrides, GemmB } from './matmul';
export { loraMatmulForward, loraMatmulBackward } from './lora';
export { embeddingForward, embeddingBackward } from './embedding';
export { rmsnormForward, rmsnormBackward, layernormForward, layernormBackward } from './norms';
export { ropeForward, ropeBackward, attentionForward, attentionBackward } from './attention';
export { swigluForward, swigluBackward, geluForward, geluBackward, residualForward, residualBackward, multiplyForward,
  accumulate, scaleInPlace } from './pointwise';
export { crossEntropyForward, crossEntropyBackward, meanPoolL2Forward, meanPoolL2Backward } from './losses';
export { dropoutForward, dropoutBackward } from './dropout';
export { adamwStep, gradNorm, clipGradNorm, createGradNormPlan } from './adamw';
export type { AdamWStep, GradNormPlan } from './adamw';
