/**
 * MOVE ME into engine/kernels/pointwise.ts (+ pointwise.wgsl.ts) and reference/pointwise.ts: an op the models
 * needed that the engine did not have yet, written in the engine's style so it can move unchanged.
 *
 * multiplyForward: out[N] = a[N]·b[N] (LoRA dropout on the GPU: dropped = x ⊙ keep, keep ∈ {0, 1/(1-p)}).
 * Shape legend: N = element count. No backward pair: d(a) = dout ⊙ b is the same op.
 */
import { grid, type EngineDevice, type GpuTensor, type Kernel } from '../engine/device';
import { FLAT_INDEX, WG } from '../engine/kernels/common.wgsl';

const MULTIPLY_WGSL = /* wgsl */ `
struct Params { N: u32, scale: f32 }
@group(0) @binding(0) var<uniform> p: Params;
${FLAT_INDEX}
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> a: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg);
  if (i >= p.N) { return; }
  out[i] = a[i] * b[i];
}`;
const MULTIPLY: Kernel = { label: 'multiply', code: MULTIPLY_WGSL, entry: 'main' };

/** out[N] = a[N] · b[N] (out must not alias a or b). */
export function multiplyForward(dev: EngineDevice, out: GpuTensor, a: GpuTensor, b: GpuTensor, N: number): void {
  if (N > 0) dev.dispatch(MULTIPLY, [{ u: N }, { f: 0 }], [out, a, b], grid(N, WG));
}
