/**
 * CPU reference for the heads: softmax cross-entropy over the vocabulary (with ignore index) and
 * masked mean pooling + L2 normalisation (sentence embeddings).
 *
 * Purpose: test oracle for the WGSL kernels and building block for CPU models. float64 sums, f32 storage.
 * Non-goals: label smoothing, z-loss, the contrastive losses themselves (those live in train/, on [B,C]).
 *
 * Shape legend: B = batch, T = sequence length, BT = B*T, C = channels, V = vocab.
 * Gradient convention: dlogits and dinp are ASSIGNED (=).
 */

/** Target value that excludes a token from the loss (PyTorch/HF convention, e.g. non-assistant tokens). */
export const IGNORE_INDEX = -100;

/**
 * losses[BT] = -log softmax(logits)[target] (0 where target == IGNORE_INDEX); probs[BT,V] = softmax(logits).
 * Throws on a target outside [0, V) that is not IGNORE_INDEX.
 */
export function crossEntropyForward(
  losses: Float32Array, probs: Float32Array, logits: Float32Array, targets: Int32Array, BT: number, V: number
): void {
  for (let bt = 0; bt < BT; bt++) {
    const row = bt * V;
    let max = -Infinity;
    for (let i = 0; i < V; i++) max = Math.max(max, logits[row + i]);
    let sum = 0;
    for (let i = 0; i < V; i++) sum += Math.exp(logits[row + i] - max);
    for (let i = 0; i < V; i++) probs[row + i] = Math.exp(logits[row + i] - max) / sum;
    const target = targets[bt];
    if (target === IGNORE_INDEX) {
      losses[bt] = 0;
      continue;
    }
    if (!(target >= 0 && target < V)) {
      throw new RangeError(`crossEntropyForward: target ${target} at row ${bt} is outside [0, ${V}) and not ${IGNORE_INDEX}`);
    }
    losses[bt] = -(logits[row + target] - max - Math.log(sum));
  }
}

/** Number of rows whose target is not IGNORE_INDEX (the usual mean-loss denominator). */
export function countTargets(targets: Int32Array, BT: number): number {
  let n = 0;
  for (let bt = 0; bt < BT; bt++) if (targets[bt] !== IGNORE_INDEX) n++;
  return n;
}

/**
 * dlogits[BT,V] = dlosses[bt] · (probs - onehot(target)), zero rows for IGNORE_INDEX.
 * dlosses is the per-token loss gradient: a number for all rows (e.g. 1/countTargets) or Float32Array[BT].
 */
export function crossEntropyBackward(
  dlogits: Float32Array, dlosses: Float32Array | number, probs: Float32Array, targets: Int32Array,
  BT: number, V: number
): void {
  for (let bt = 0; bt < BT; bt++) {
    const row = bt * V;
    const target = targets[bt];
    const scale = typeof dlosses === 'number' ? dlosses : dlosses[bt];
    if (target === IGNORE_INDEX) {
      dlogits.fill(0, row, row + V);
      continue;
    }
    for (let i = 0; i < V; i++) dlogits[row + i] = scale * (probs[row + i] - (i === target ? 1 : 0));
  }
}

/** Norm floor of F.normalize (eps = 1e-12), also used by sentence-transformers' Normalize layer. */
export const L2_EPS = 1e-12;

/**
 * out[B,C] = p / max(‖p‖, 1e-12) with p = mean of inp[B,T,C] over tokens where mask[B,T] == 1;
 * saves norm[B] = max(‖p‖, 1e-12). A sequence with no unmasked token pools to zeros.
 */
export function meanPoolL2Forward(
  out: Float32Array, norm: Float32Array, inp: Float32Array, mask: Uint8Array, B: number, T: number, C: number
): void {
  const pooled = new Float64Array(C);
  for (let b = 0; b < B; b++) {
    pooled.fill(0);
    let count = 0;
    for (let t = 0; t < T; t++) {
      if (mask[b * T + t] === 0) continue;
      count++;
      for (let c = 0; c < C; c++) pooled[c] += inp[(b * T + t) * C + c];
    }
    let ss = 0;
    for (let c = 0; c < C; c++) {
      pooled[c] /= Math.max(count, 1);
      ss += pooled[c] * pooled[c];
    }
    const n = Math.max(Math.sqrt(ss), L2_EPS);
    norm[b] = n;
    for (let c = 0; c < C; c++) out[b * C + c] = pooled[c] / n;
  }
}

/** dinp[B,T,C] (=) from dout[B,C], the forward's out[B,C] and norm[B]; masked tokens get 0. */
export function meanPoolL2Backward(
  dinp: Float32Array, dout: Float32Array, out: Float32Array, norm: Float32Array, mask: Uint8Array,
  B: number, T: number, C: number
): void {
  const dpooled = new Float64Array(C);
  for (let b = 0; b < B; b++) {
    let count = 0;
    for (let t = 0; t < T; t++) if (mask[b * T + t] !== 0) count++;
    let dot = 0;
    for (let c = 0; c < C; c++) dot += out[b * C + c] * dout[b * C + c];
    // y = p/‖p‖ ⇒ dp = (dy - y·(y·dy)) / ‖p‖; p = Σ x / count
    for (let c = 0; c < C; c++) dpooled[c] = (dout[b * C + c] - out[b * C + c] * dot) / norm[b] / Math.max(count, 1);
    for (let t = 0; t < T; t++) {
      const keep = mask[b * T + t] !== 0;
      for (let c = 0; c < C; c++) dinp[(b * T + t) * C + c] = keep ? dpooled[c] : 0;
    }
  }
}
