/**
 * De-duplication: exact (same dedupe-normalised hash) and near-duplicate (MinHash over word shingles,
 * banded LSH for candidates, exact Jaccard to confirm), with union-find to form clusters. Clusters are the
 * unit the splitter keeps together, so duplicates never straddle train/val/test.
 *
 * Non-goals: semantic similarity (embeddings), cross-lingual duplicates.
 *
 * Shape legend: documents are indexed 0..n-1; a signature is `numPermutations` uint32 minima; LSH uses
 * `bands × rowsPerBand = numPermutations`; the candidate threshold is ≈ (1/bands)^(1/rowsPerBand).
 */
import { dedupeKeyText } from './hash';
import { fnv1a32, mix32 } from './random';

/** Disjoint-set forest with path halving and union by size. */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(count: number) {
    this.parent = new Int32Array(count).map((_, i) => i);
    this.size = new Int32Array(count).fill(1);
  }

  /** The representative of `x`'s set. */
  find(x: number): number {
    let node = x;
    while (this.parent[node] !== node) {
      this.parent[node] = this.parent[this.parent[node]];
      node = this.parent[node];
    }
    return node;
  }

  /** Merges the sets of `a` and `b`; returns whether they were separate. */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
    return true;
  }
}

export interface NearDuplicateOptions {
  /** Jaccard similarity of shingle sets at or above which two documents are near-duplicates (default 0.8). */
  threshold?: number;
  /** Words per shingle (default 3). */
  shingleSize?: number;
  /** MinHash permutations (default 128). */
  numPermutations?: number;
}

/** The distinct hashed word shingles of a text (its dedupe-normalised words, `size` at a time). */
export function wordShingles(text: string, size: number): Uint32Array {
  const words = dedupeKeyText(text).split(' ').filter(Boolean);
  const set = new Set<number>();
  if (words.length < size) {
    if (words.length > 0) set.add(fnv1a32(words.join(' ')));
  } else {
    for (let i = 0; i + size <= words.length; i++) set.add(fnv1a32(words.slice(i, i + size).join(' ')));
  }
  return Uint32Array.from([...set].sort((a, b) => a - b));
}

/** MinHash signature: for each permutation seed, the minimum of mix32(shingle ^ seed). */
export function minHashSignature(shingles: Uint32Array, seeds: Uint32Array): Uint32Array {
  const signature = new Uint32Array(seeds.length).fill(0xffffffff);
  for (let p = 0; p < seeds.length; p++) {
    const seed = seeds[p];
    let min = 0xffffffff;
    for (let i = 0; i < shingles.length; i++) {
      const h = mix32(shingles[i] ^ seed);
      if (h < min) min = h;
    }
    signature[p] = min;
  }
  return signature;
}

/** Exact Jaccard similarity of two sorted shingle arrays. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** Picks the band layout whose candidate threshold sits just below `threshold`, for high recall. */
export function chooseBands(numPermutations: number, threshold: number): { bands: number; rowsPerBand: number } {
  let best = { bands: numPermutations, rowsPerBand: 1 };
  for (let rows = 1; rows <= numPermutations; rows++) {
    if (numPermutations % rows !== 0) continue;
    const bands = numPermutations / rows;
    const candidateThreshold = Math.pow(1 / bands, 1 / rows);
    if (candidateThreshold <= threshold - 0.1) best = { bands, rowsPerBand: rows };
  }
  return best;
}

export interface NearDuplicatePair {
  a: number;
  b: number;
  similarity: number;
}

/**
 * Finds near-duplicate pairs among `texts` (Jaccard ≥ threshold, confirmed exactly). Documents with
 * identical shingle sets are reported too; callers that already merged exact duplicates can ignore those.
 */
export function findNearDuplicates(texts: readonly string[], options: NearDuplicateOptions = {}): NearDuplicatePair[] {
  const threshold = options.threshold ?? 0.8;
  const shingleSize = options.shingleSize ?? 3;
  const numPermutations = options.numPermutations ?? 128;
  const seeds = Uint32Array.from({ length: numPermutations }, (_, i) => mix32(0x9e3779b9 + i));
  const shingles = texts.map((t) => wordShingles(t, shingleSize));
  const { bands, rowsPerBand } = chooseBands(numPermutations, threshold);
  const buckets = new Map<string, number[]>();
  for (let doc = 0; doc < texts.length; doc++) {
    if (shingles[doc].length === 0) continue;
    const signature = minHashSignature(shingles[doc], seeds);
    for (let band = 0; band < bands; band++) {
      const key = `${band}:${signature.subarray(band * rowsPerBand, (band + 1) * rowsPerBand).join(',')}`;
      const bucket = buckets.get(key);
      if (bucket) bucket.push(doc);
      else buckets.set(key, [doc]);
    }
  }
  const checked = new Set<string>();
  const pairs: NearDuplicatePair[] = [];
  for (const bucket of buckets.values()) {
    for (let i = 0; i < bucket.length; i++) {
      for (let j = i + 1; j < bucket.length; j++) {
        const a = bucket[i];
        const b = bucket[j];
        const key = a < b ? `${a},${b}` : `${b},${a}`;
        if (checked.has(key)) continue;
        checked.add(key);
        const similarity = jaccard(shingles[a], shingles[b]);
        if (similarity >= threshold) pairs.push({ a: Math.min(a, b), b: Math.max(a, b), similarity });
      }
    }
  }
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}

/** Cluster id per document (the smallest index in its cluster) from a list of linked pairs. */
export function clustersFromPairs(count: number, pairs: readonly { a: number; b: number }[]): number[] {
  const forest = new UnionFind(count);
  for (const p of pairs) forest.union(p.a, p.b);
  const smallest = new Map<number, number>();
  for (let i = 0; i < count; i++) {
    const root = forest.find(i);
    if (!smallest.has(root)) smallest.set(root, i);
  }
  return Array.from({ length: count }, (_, i) => smallest.get(forest.find(i)) as number);
}
