/**
 * CPU reference for the pointwise and lookup layers: token embedding, SwiGLU, exact GELU, residual add.
 *
 * Purpose: test oracle for the WGSL kernels and building block for CPU models. float64 math, f32 storage.
 * Non-goals: speed, the tanh GELU approximation (BERT checkpoints use exact erf GELU).
 *
 * Shape legend: BT = batch*sequence rows, C = channels, V = vocab (table rows), N = element count.
 * Gradient convention (llm.c): dtable ACCUMULATES (+=); swiglu/gelu input grads are ASSIGNED (=);
 * residualBackward ACCUMULATES (+=) into both inputs (it is the residual stream).
 */

/** out[BT,C] = table[tokens[bt], :]. Throws on a token outside [0, V). */
export function embeddingForward(
  out: Float32Array, tokens: Int32Array, table: Float32Array, BT: number, C: number
): void {
  const V = table.length / C;
  for (let bt = 0; bt < BT; bt++) {
    const tok = tokens[bt];
    if (!(tok >= 0 && tok < V)) throw new RangeError(`embeddingForward: token ${tok} at row ${bt} is outside [0, ${V})`);
    out.set(table.subarray(tok * C, tok * C + C), bt * C);
  }
}

/** dtable[V,C] += scatter of dout[BT,C] by tokens. */
export function embeddingBackward(
  dtable: Float32Array, dout: Float32Array, tokens: Int32Array, BT: number, C: number
): void {
  for (let bt = 0; bt < BT; bt++) {
    const base = tokens[bt] * C;
    for (let c = 0; c < C; c++) dtable[base + c] += dout[bt * C + c];
  }
}

/** out[N] = silu(gate) * up, silu(x) = x·σ(x). */
export function swigluForward(out: Float32Array, gate: Float32Array, up: Float32Array, N: number): void {
  for (let i = 0; i < N; i++) {
    const g = gate[i];
    out[i] = (g / (1 + Math.exp(-g))) * up[i];
  }
}

/** dgate[N] = dout·up·silu'(gate); dup[N] = dout·silu(gate). */
export function swigluBackward(
  dgate: Float32Array, dup: Float32Array, dout: Float32Array, gate: Float32Array, up: Float32Array, N: number
): void {
  for (let i = 0; i < N; i++) {
    const g = gate[i];
    const s = 1 / (1 + Math.exp(-g));
    dgate[i] = dout[i] * up[i] * s * (1 + g * (1 - s));
    dup[i] = dout[i] * g * s;
  }
}

/** erf(x) with |error| < 1.2e-7 (Numerical Recipes erfc Chebyshev fit); JS has no Math.erf. */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r : r - 1;
}

/** out[N] = x · Φ(x) = 0.5·x·(1 + erf(x/√2)) (exact GELU, as in BERT). */
export function geluForward(out: Float32Array, inp: Float32Array, N: number): void {
  for (let i = 0; i < N; i++) {
    const x = inp[i];
    out[i] = 0.5 * x * (1 + erf(x * Math.SQRT1_2));
  }
}

/** dinp[N] = dout · (Φ(x) + x·φ(x)). */
export function geluBackward(dinp: Float32Array, dout: Float32Array, inp: Float32Array, N: number): void {
  const invSqrt2Pi = 1 / Math.sqrt(2 * Math.PI);
  for (let i = 0; i < N; i++) {
    const x = inp[i];
    const cdf = 0.5 * (1 + erf(x * Math.SQRT1_2));
    const pdf = invSqrt2Pi * Math.exp(-0.5 * x * x);
    dinp[i] = dout[i] * (cdf + x * pdf);
  }
}

/** out[N] = a + b. */
export function residualForward(out: Float32Array, a: Float32Array, b: Float32Array, N: number): void {
  for (let i = 0; i < N; i++) out[i] = a[i] + b[i];
}

/** da[N] += dout; db[N] += dout (residual stream: accumulate). */
export function residualBackward(da: Float32Array, db: Float32Array, dout: Float32Array, N: number): void {
  for (let i = 0; i < N; i++) {
    da[i] += dout[i];
    db[i] += dout[i];
  }
}

/** out[N] = a·b elementwise (masks, gating). Its own backward: d(a) = dout·b, d(b) = dout·a. */
export function multiplyForward(out: Float32Array, a: Float32Array, b: Float32Array, N: number): void {
  for (let i = 0; i < N; i++) out[i] = a[i] * b[i];
}
