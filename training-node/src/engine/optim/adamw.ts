/**
 * CPU optimiser pieces: AdamW (PyTorch semantics, decoupled weight decay), cosine schedule with linear
 * warmup (Hugging Face get_cosine_schedule_with_warmup, plus a floor minLr), global grad-norm clipping
 * (torch.nn.utils.clip_grad_norm_). The WGSL AdamW kernel (kernels/adamw.ts) is checked against adamwStep.
 *
 * Non-goals: fused multi-tensor state, AMSGrad, 8-bit states. No Node APIs.
 * Shape legend: N = number of parameters in one tensor.
 */

/**
 * One AdamW step in place on params/m/v[N] (step is 1-based, used for bias correction):
 * p -= lr·wd·p; m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; p -= lr · m̂ / (√v̂ + eps).
 */
export function adamwStep(
  params: Float32Array, grads: Float32Array, m: Float32Array, v: Float32Array,
  lr: number, beta1: number, beta2: number, eps: number, weightDecay: number, step: number
): void {
  if (!(step >= 1)) throw new RangeError(`adamwStep: step must be >= 1 (1-based), got ${step}`);
  const bc1 = 1 - Math.pow(beta1, step);
  const bc2 = 1 - Math.pow(beta2, step);
  for (let i = 0; i < params.length; i++) {
    const g = grads[i];
    const mi = beta1 * m[i] + (1 - beta1) * g;
    const vi = beta2 * v[i] + (1 - beta2) * g * g;
    m[i] = mi;
    v[i] = vi;
    const p = params[i] * (1 - lr * weightDecay);
    params[i] = p - (lr * (mi / bc1)) / (Math.sqrt(vi / bc2) + eps);
  }
}

/**
 * Learning rate after `step` completed optimizer steps (0-based, like an HF scheduler): linear warmup
 * 0 → maxLr over `warmup` steps, then cosine decay maxLr → minLr at step `total`; minLr afterwards.
 */
export function cosineSchedule(step: number, warmup: number, total: number, maxLr: number, minLr: number): number {
  if (step < warmup) return (maxLr * step) / Math.max(1, warmup);
  const progress = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
  return minLr + (maxLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

/** Global L2 norm of all grads; if it exceeds maxNorm, scales them in place by maxNorm/(norm+1e-6). Returns the pre-clip norm. */
export function clipGradNorm(grads: Float32Array[], maxNorm: number): number {
  let ss = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) ss += g[i] * g[i];
  const norm = Math.sqrt(ss);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= coef;
  return norm;
}
