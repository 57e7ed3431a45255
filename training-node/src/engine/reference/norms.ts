/**
 * CPU reference for normalisation layers: RMSNorm (Llama) and LayerNorm (BERT).
 *
 * Purpose: test oracle for the WGSL kernels and building block for CPU models. float64 sums, f32 storage.
 * Non-goals: speed; norms over anything but the last axis.
 *
 * Shape legend: BT = batch*sequence rows, C = channels.
 * Forward saves rstd (and mean for LayerNorm) per row for the backward pass.
 * Gradient convention (llm.c): dweight/dbias ACCUMULATE (+=). dinp also ACCUMULATES (+=) because the input
 * of a norm is the residual stream, whose gradient collects several contributions; zero it when it isn't.
 */

/** out[BT,C] = inp / sqrt(mean(inp²) + eps) * weight[C]; saves rstd[BT]. */
export function rmsnormForward(
  out: Float32Array, rstd: Float32Array, inp: Float32Array, weight: Float32Array,
  BT: number, C: number, eps: number
): void {
  for (let bt = 0; bt < BT; bt++) {
    const row = bt * C;
    let ss = 0;
    for (let c = 0; c < C; c++) ss += inp[row + c] * inp[row + c];
    const r = 1 / Math.sqrt(ss / C + eps);
    rstd[bt] = r;
    for (let c = 0; c < C; c++) out[row + c] = inp[row + c] * r * weight[c];
  }
}

/** dinp[BT,C] += ∂L/∂inp; dweight[C] += Σ_bt dout·inp·rstd. */
export function rmsnormBackward(
  dinp: Float32Array, dweight: Float32Array, dout: Float32Array, inp: Float32Array, weight: Float32Array,
  rstd: Float32Array, BT: number, C: number
): void {
  for (let bt = 0; bt < BT; bt++) {
    const row = bt * C;
    const r = rstd[bt];
    // norm = inp*r; dnorm = dout*weight; dinp = r * (dnorm - norm * mean(dnorm*norm))
    let dot = 0;
    for (let c = 0; c < C; c++) dot += dout[row + c] * weight[c] * inp[row + c] * r;
    const meanDot = dot / C;
    for (let c = 0; c < C; c++) {
      const norm = inp[row + c] * r;
      dinp[row + c] += r * (dout[row + c] * weight[c] - norm * meanDot);
      dweight[c] += dout[row + c] * norm;
    }
  }
}

/** out[BT,C] = (inp - mean) * rstd * weight[C] + bias[C]; saves mean[BT], rstd[BT] (biased variance). */
export function layernormForward(
  out: Float32Array, mean: Float32Array, rstd: Float32Array,
  inp: Float32Array, weight: Float32Array, bias: Float32Array, BT: number, C: number, eps: number
): void {
  for (let bt = 0; bt < BT; bt++) {
    const row = bt * C;
    let m = 0;
    for (let c = 0; c < C; c++) m += inp[row + c];
    m /= C;
    let v = 0;
    for (let c = 0; c < C; c++) v += (inp[row + c] - m) * (inp[row + c] - m);
    const r = 1 / Math.sqrt(v / C + eps);
    mean[bt] = m;
    rstd[bt] = r;
    for (let c = 0; c < C; c++) out[row + c] = (inp[row + c] - m) * r * weight[c] + bias[c];
  }
}

/** dinp[BT,C] += ∂L/∂inp; dweight[C] += Σ dout·norm; dbias[C] += Σ dout. */
export function layernormBackward(
  dinp: Float32Array, dweight: Float32Array, dbias: Float32Array,
  dout: Float32Array, inp: Float32Array, weight: Float32Array, mean: Float32Array, rstd: Float32Array,
  BT: number, C: number
): void {
  for (let bt = 0; bt < BT; bt++) {
    const row = bt * C;
    const m = mean[bt];
    const r = rstd[bt];
    let dnormMean = 0;
    let dnormNormMean = 0;
    for (let c = 0; c < C; c++) {
      const norm = (inp[row + c] - m) * r;
      const dnorm = dout[row + c] * weight[c];
      dnormMean += dnorm;
      dnormNormMean += dnorm * norm;
    }
    dnormMean /= C;
    dnormNormMean /= C;
    for (let c = 0; c < C; c++) {
      const norm = (inp[row + c] - m) * r;
      const dnorm = dout[row + c] * weight[c];
      dinp[row + c] += r * (dnorm - dnormMean - norm * dnormNormMean);
      dweight[c] += dout[row + c] * norm;
      dbias[c] += dout[row + c];
    }
  }
}
