/**
 * Embedding cache keys and the cache interface the app implements over IndexedDB (src/lib/db owns storage).
 * A key pins the model id, its revision and the SHA-256 of the exact chunk text, so a re-rank with the same
 * model reuses vectors and a model update never serves stale ones.
 *
 * Non-goals: persistence, eviction policy. Shape legend: key = "<modelId>@<revision>:<sha256 hex of text>".
 */
import { sha256HexOfBytes } from '../models/integrity';

export interface EmbeddingCacheEntry {
  key: string;
  vector: Float32Array;
}

/** What the page provides (Dexie-backed) and tests provide (in memory). */
export interface EmbeddingCache {
  /** Vectors for the keys, `undefined` where missing, in the same order. */
  get(keys: string[]): Promise<(Float32Array | undefined)[]>;
  put(entries: EmbeddingCacheEntry[]): Promise<void>;
}

/** Hex SHA-256 of a UTF-8 string via WebCrypto (browser, worker and Node 20 alike). */
export async function sha256Hex(text: string): Promise<string> {
  return sha256HexOfBytes(new TextEncoder().encode(text));
}

/** Cache key for one chunk's vector under one model revision. */
export async function embeddingCacheKey(model: { id: string; revision?: string }, text: string): Promise<string> {
  if (!model.id) throw new Error('embeddingCacheKey: model id is empty');
  return `${model.id}@${model.revision ?? 'main'}:${await sha256Hex(text)}`;
}

/** In-memory EmbeddingCache for tests and the CLI. */
export class MemoryEmbeddingCache implements EmbeddingCache {
  readonly store = new Map<string, Float32Array>();
  async get(keys: string[]): Promise<(Float32Array | undefined)[]> {
    return keys.map((k) => this.store.get(k));
  }
  async put(entries: EmbeddingCacheEntry[]): Promise<void> {
    for (const e of entries) this.store.set(e.key, e.vector);
  }
}

/** Embed texts through the cache: only misses reach `embed`, and their vectors are stored. */
export async function embedWithCache(
  texts: string[],
  model: { id: string; revision?: string },
  embed: (texts: string[]) => Promise<Float32Array[]>,
  cache?: EmbeddingCache
): Promise<{ vectors: Float32Array[]; hits: number }> {
  if (!cache) return { vectors: await embed(texts), hits: 0 };
  const keys = await Promise.all(texts.map((t) => embeddingCacheKey(model, t)));
  const cached = await cache.get(keys);
  const missIdx = cached.flatMap((v, i) => (v ? [] : [i]));
  const fresh = missIdx.length ? await embed(missIdx.map((i) => texts[i])) : [];
  if (fresh.length !== missIdx.length) throw new Error(`embedWithCache: embedder returned ${fresh.length} vectors for ${missIdx.length} texts`);
  const vectors = cached.slice() as Float32Array[];
  missIdx.forEach((i, k) => (vectors[i] = fresh[k]));
  if (missIdx.length) await cache.put(missIdx.map((i, k) => ({ key: keys[i], vector: fresh[k] })));
  return { vectors, hits: texts.length - missIdx.length };
}
