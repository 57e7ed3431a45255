/**
 * Dispatchers for elementwise layers (SwiGLU, exact GELU, residual, multiply) and in-place helpers (accumulate, scale),
 * mirroring reference/pointwise.ts. Shape legend: N = element count.
 * residualBackward ACCUMULATES into da and db (which must be different tensors: WebGPU forbids binding one
 * writable range twice in a dispatch).
 */
import { kernel, grid, type EngineDevice, type GpuTensor, type Kernel } from '../device';
import { WG } from './common.wgsl';
import * as wgsl from './pointwise.wgsl';

const SWIGLU_FORWARD = kernel('swiglu_forward', wgsl.SWIGLU_FORWARD_WGSL);
const SWIGLU_BACKWARD = kernel('swiglu_backward', wgsl.SWIGLU_BACKWARD_WGSL);
const GELU_FORWARD = kernel('gelu_forward', wgsl.GELU_FORWARD_WGSL);
const GELU_BACKWARD = kernel('gelu_backward', wgsl.GELU_BACKWARD_WGSL);
const RESIDUAL_FORWARD = kernel('residual_forward', wgsl.RESIDUAL_FORWARD_WGSL);
const ACCUMULATE = kernel('accumulate', wgsl.ACCUMULATE_WGSL);
const SCALE = kernel('scale', wgsl.SCALE_WGSL);
const MULTIPLY = kernel('multiply', wgsl.MULTIPLY_WGSL);

function elementwise(dev: EngineDevice, k: Kernel, tensors: GpuTensor[], N: number, scale = 0): void {
  if (N > 0) dev.dispatch(k, [{ u: N }, { f: scale }], tensors, grid(N, WG));
}

/** out[N] = silu(gate)·up. */
export function swigluForward(dev: EngineDevice, out: GpuTensor, gate: GpuTensor, up: GpuTensor, N: number): void {
  elementwise(dev, SWIGLU_FORWARD, [out, gate, up], N);
}

/** dgate[N], dup[N] (=) from dout. */
export function swigluBackward(
  dev: EngineDevice, dgate: GpuTensor, dup: GpuTensor, dout: GpuTensor, gate: GpuTensor, up: GpuTensor, N: number
): void {
  elementwise(dev, SWIGLU_BACKWARD, [dgate, dup, dout, gate, up], N);
}

/** out[N] = exact GELU(inp). */
export function geluForward(dev: EngineDevice, out: GpuTensor, inp: GpuTensor, N: number): void {
  elementwise(dev, GELU_FORWARD, [out, inp], N);
}

/** dinp[N] (=) = dout·GELU'(inp). */
export function geluBackward(dev: EngineDevice, dinp: GpuTensor, dout: GpuTensor, inp: GpuTensor, N: number): void {
  elementwise(dev, GELU_BACKWARD, [dinp, dout, inp], N);
}

/** out[N] = a + b. */
export function residualForward(dev: EngineDevice, out: GpuTensor, a: GpuTensor, b: GpuTensor, N: number): void {
  elementwise(dev, RESIDUAL_FORWARD, [out, a, b], N);
}

/** da[N] += dout; db[N] += dout. */
export function residualBackward(dev: EngineDevice, da: GpuTensor, db: GpuTensor, dout: GpuTensor, N: number): void {
  elementwise(dev, ACCUMULATE, [da, dout], N, 1);
  elementwise(dev, ACCUMULATE, [db, dout], N, 1);
}

/** x[N] += scale·y[N]. */
export function accumulate(dev: EngineDevice, x: GpuTensor, y: GpuTensor, N: number, scale = 1): void {
  elementwise(dev, ACCUMULATE, [x, y], N, scale);
}

/** out[N] = a·b (out must not alias a or b). Its own backward: d(a) = dout·b, d(b) = dout·a. */
export function multiplyForward(dev: EngineDevice, out: GpuTensor, a: GpuTensor, b: GpuTensor, N: number): void {
  elementwise(dev, MULTIPLY, [out, a, b], N);
}

/** x[N] *= scale, in place. */
export function scaleInPlace(dev: EngineDevice, x: GpuTensor, N: number, scale: number): void {
  elementwise(dev, SCALE, [x], N, scale);
}
