/**
 * CPU reference for seeded, stateless dropout (LoRA dropout, classifier dropout).
 *
 * The keep decision for element i is a pure function of (seed, i): lowbias32(i + lowbias32(seed)) compared with
 * floor(p·2^32). The WGSL kernel computes the very same 32-bit integer hash, so CPU and GPU drop the same
 * elements and backward recomputes the mask instead of storing it (seeded determinism, resumable runs).
 * Non-goals: cryptographic randomness. Shape legend: N = element count. dinp is ASSIGNED.
 */

/** Chris Wellons' lowbias32 integer hash (32-bit, wrap-around multiply). */
export function lowbias32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** u32 threshold below which a hash means "drop" for probability p in [0, 1). */
export function dropoutThreshold(p: number): number {
  if (!(p >= 0 && p < 1)) throw new RangeError(`dropout: p must be in [0, 1), got ${p}`);
  return Math.min(0xffffffff, Math.floor(p * 4294967296));
}

/** Whether element i survives dropout for this seed and threshold. */
export function dropoutKeeps(seed: number, i: number, threshold: number): boolean {
  return lowbias32((i + lowbias32(seed)) >>> 0) >= threshold;
}

/** out[N] = inp · keep / (1 - p) with keep from (seed, i); p = 0 copies. */
export function dropoutForward(out: Float32Array, inp: Float32Array, N: number, p: number, seed: number): void {
  const threshold = dropoutThreshold(p);
  const scale = 1 / (1 - p);
  for (let i = 0; i < N; i++) out[i] = dropoutKeeps(seed, i, threshold) ? inp[i] * scale : 0;
}

/** dinp[N] = dout · keep / (1 - p), the same mask recomputed from (seed, i); dinp may alias dout. */
export function dropoutBackward(dinp: Float32Array, dout: Float32Array, N: number, p: number, seed: number): void {
  dropoutForward(dinp, dout, N, p, seed);
}
