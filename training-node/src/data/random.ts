/**
 * Deterministic randomness and fast 32-bit hashing for the data pipeline: a seeded PRNG (mulberry32), a
 * seeded Fisher–Yates shuffle, FNV-1a string hashing and a murmur3 finaliser used to derive MinHash
 * permutations. Pure TypeScript; the same seed gives the same splits on every machine.
 *
 * Non-goals: cryptographic strength (hash.ts has SHA-256 for audit keys).
 */

/** A PRNG returning floats in [0, 1), fully determined by `seed` (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * seededRandom(seed) after `skip` draws, in O(1): mulberry32's state is a Weyl sequence (seed + n·0x6d2b79f5),
 * so activation checkpointing can redraw one layer's dropout masks without replaying the layers before it.
 */
export function seededRandomAt(seed: number, skip: number): () => number {
  return seededRandom(((seed >>> 0) + Math.imul(skip >>> 0, 0x6d2b79f5)) >>> 0);
}

/** Returns a shuffled copy of `items` (Fisher–Yates driven by `random`). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** murmur3's 32-bit finaliser: a bijective mix, so `mix32(x ^ seed)` is a family of hash permutations. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A stable 32-bit seed from any string (lets `--seed` accept words). */
export function seedFromString(text: string): number {
  return mix32(fnv1a32(text));
}
