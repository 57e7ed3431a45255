/**
 * WGSL for elementwise layers: SwiGLU, exact-erf GELU, residual add, multiply, in-place scale.
 * One thread per element over a 2-D grid (see common.wgsl.ts). Shape legend: N = element count.
 * Gradient convention as the reference: swiglu/gelu input grads ASSIGNED, residual grads ACCUMULATED.
 */
import { FLAT_INDEX, WG } from './common.wgsl';

const HEAD = /* wgsl */ `
struct Params { N: u32, scale: f32 }
@group(0) @binding(0) var<uniform> p: Params;
${FLAT_INDEX}
`;
const ENTRY = /* wgsl */ `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg);
  if (i >= p.N) { return; }`;

/** erf with |error| < 1.2e-7 (same Chebyshev fit as reference/pointwise.ts). */
const ERF = /* wgsl */ `
fn erfApprox(x: f32) -> f32 {
  let z = abs(x);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  return select(r - 1.0, 1.0 - r, x >= 0.0);
}
`;

/** out = silu(gate)·up. Bindings: 1 out, 2 gate, 3 up. */
export const SWIGLU_FORWARD_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> gate: array<f32>;
@group(0) @binding(3) var<storage, read> up: array<f32>;
${ENTRY}
  let g = gate[i];
  out[i] = g / (1.0 + exp(-g)) * up[i];
}`;

/** dgate = dout·up·silu'(gate), dup = dout·silu(gate). Bindings: 1 dgate, 2 dup, 3 dout, 4 gate, 5 up. */
export const SWIGLU_BACKWARD_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dgate: array<f32>;
@group(0) @binding(2) var<storage, read_write> dup: array<f32>;
@group(0) @binding(3) var<storage, read> dout: array<f32>;
@group(0) @binding(4) var<storage, read> gate: array<f32>;
@group(0) @binding(5) var<storage, read> up: array<f32>;
${ENTRY}
  let g = gate[i];
  let s = 1.0 / (1.0 + exp(-g));
  dgate[i] = dout[i] * up[i] * s * (1.0 + g * (1.0 - s));
  dup[i] = dout[i] * g * s;
}`;

/** out = 0.5·x·(1 + erf(x/√2)). Bindings: 1 out, 2 inp. */
export const GELU_FORWARD_WGSL = HEAD + ERF + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> inp: array<f32>;
${ENTRY}
  let x = inp[i];
  out[i] = 0.5 * x * (1.0 + erfApprox(x * 0.70710678118654752));
}`;

/** dinp = dout·(Φ(x) + x·φ(x)). Bindings: 1 dinp, 2 dout, 3 inp. */
export const GELU_BACKWARD_WGSL = HEAD + ERF + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dinp: array<f32>;
@group(0) @binding(2) var<storage, read> dout: array<f32>;
@group(0) @binding(3) var<storage, read> inp: array<f32>;
${ENTRY}
  let x = inp[i];
  let cdf = 0.5 * (1.0 + erfApprox(x * 0.70710678118654752));
  let pdf = 0.3989422804014327 * exp(-0.5 * x * x);
  dinp[i] = dout[i] * (cdf + x * pdf);
}`;

/** out = a + b. Bindings: 1 out, 2 a, 3 b. */
export const RESIDUAL_FORWARD_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> a: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
${ENTRY}
  out[i] = a[i] + b[i];
}`;

/** x += scale·dout (one residual branch's accumulation). Bindings: 1 x, 2 dout. */
export const ACCUMULATE_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read> dout: array<f32>;
${ENTRY}
  x[i] = x[i] + p.scale * dout[i];
}`;

/** out = a·b elementwise (masks, gating). Bindings: 1 out, 2 a, 3 b. */
export const MULTIPLY_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> a: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
${ENTRY}
  out[i] = a[i] * b[i];
}`;

/** x *= scale in place (gradient clipping). Bindings: 1 x. */
export const SCALE_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
${ENTRY}
  x[i] = x[i] * p.scale;
}`;
