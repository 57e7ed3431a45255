/**
 * The model-side stores, kept apart from the recruiter's data because every byte here is disposable (it can be
 * downloaded or recomputed): a separate Dexie database `shortlist-model-cache` and the browser Cache API.
 *
 *   Dexie `shortlist-model-cache`
 *     vectors    key            one embedding: key = "<modelId>@<revision>:<sha256 of chunk text>" (core/embed/cache)
 *                model          "<modelId>@<revision>", so one model's vectors can be dropped together
 *     installed  id             a model added from an organisation's static hosting (manifest + the install slot
 *                               its files are in: writing this record is what makes a new version live)
 *   Cache API `transformers-cache` (transformers.js' own bucket, `env.cacheKey`)
 *     <origin>/models/<folder>/<path>   one verified model file of one install slot (core/models/slots.ts), stored
 *                                       where transformers.js looks first when a worker loads `<folder>` with
 *                                       localModelPath '/models/': installed models therefore load offline, from
 *                                       this cache, with remote models disabled. <folder> = modelFolderFor(slot).
 *
 * Non-goals: the main schema (db/schema.ts, untouched), downloading/verifying (core/models/manager.ts),
 * choosing models (state/models.svelte.ts). Components never import this file; services do.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { EmbeddingCache, EmbeddingCacheEntry } from '../core/embed/cache';
import type { InstalledModel, ModelStore, StoredFile } from '../core/models/manager';
import { modelIdOfSlot } from '../core/models/slots';

export const MODEL_CACHE_DB_NAME = 'shortlist-model-cache';
/** transformers.js' default Cache API bucket (env.cacheKey): files put here are found by its loader. */
export const TRANSFORMERS_CACHE_NAME = 'transformers-cache';
/** Path prefix under the app origin that workers pass as transformers.js `localModelPath`. */
export const LOCAL_MODEL_PATH = '/models/';

export interface VectorRecord {
  key: string;
  /** "<modelId>@<revision>" (the key up to the colon). */
  model: string;
  vector: Float32Array;
  createdAt: number;
}

/** An installed model: the manager's record plus the folder its files live under in the Cache API. */
export interface InstalledModelRecord extends InstalledModel {
  /** Folder under LOCAL_MODEL_PATH of its install slot, a valid transformers.js model id ("installed/<name>"). */
  folder: string;
}

export class ModelCacheDb extends Dexie {
  vectors!: EntityTable<VectorRecord, 'key'>;
  installed!: EntityTable<InstalledModelRecord, 'id'>;

  /** Opens (lazily) the model cache database; tests inject a fake-indexeddb factory. */
  constructor(name = MODEL_CACHE_DB_NAME, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange } = {}) {
    super(name, options.indexedDB ? { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange } : undefined);
    this.version(1).stores({ vectors: 'key, model', installed: 'id, installedAt' });
  }
}

let shared: ModelCacheDb | null = null;

/** The app's model cache connection (created on first use). */
export function getModelCacheDb(): ModelCacheDb {
  shared ??= new ModelCacheDb();
  return shared;
}

/** Replaces the shared connection (tests). */
export function setModelCacheDb(db: ModelCacheDb | null): void {
  shared = db;
}

/** "<modelId>@<revision>" of a vector key "<modelId>@<revision>:<sha256>". */
export function vectorModelOf(key: string): string {
  const colon = key.lastIndexOf(':');
  if (colon <= 0) throw new Error(`embedding cache key "${key}" has no "<model>@<revision>:" prefix`);
  return key.slice(0, colon);
}

/** EmbeddingCache (core/embed/cache) over the `vectors` table: re-ranking with the same model reuses vectors. */
export class DexieEmbeddingCache implements EmbeddingCache {
  constructor(private readonly db: ModelCacheDb = getModelCacheDb()) {}

  async get(keys: string[]): Promise<(Float32Array | undefined)[]> {
    const rows = await this.db.vectors.bulkGet(keys);
    return rows.map((r) => r?.vector);
  }

  async put(entries: EmbeddingCacheEntry[]): Promise<void> {
    const now = Date.now();
    await this.db.vectors.bulkPut(entries.map((e) => ({ key: e.key, model: vectorModelOf(e.key), vector: e.vector, createdAt: now })));
  }

  /** Drop every vector of one model revision ("<modelId>@<revision>"); returns how many were removed. */
  deleteModel(model: string): Promise<number> {
    return this.db.vectors.where('model').equals(model).delete();
  }

  /** Vector count per model revision (for the settings screen). */
  async countByModel(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    await this.db.vectors.orderBy('model').eachKey((model) => void counts.set(String(model), (counts.get(String(model)) ?? 0) + 1));
    return counts;
  }
}

/** Installed-model bookkeeping. */
export const installedModels = {
  list: (db = getModelCacheDb()) => db.installed.orderBy('installedAt').toArray(),
  get: (id: string, db = getModelCacheDb()) => db.installed.get(id),
  save: (record: InstalledModelRecord, db = getModelCacheDb()) => db.installed.put(record),
  remove: (id: string, db = getModelCacheDb()) => db.installed.delete(id)
};

/** 32-bit FNV-1a of a string, as 8 hex chars (disambiguates ids that sanitise to the same folder). */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * A transformers.js-valid folder name for a model id (word chars, dots, single dashes; at most 96 chars). An id
 * that had to be changed gets a hash suffix, so "acme/llm" and "acme_llm" never share a folder.
 */
export function modelFolderFor(modelId: string): string {
  const cleaned = modelId
    .replace(/[^\w.-]+/g, '_')
    .replace(/-{2,}/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[^\w]+|[^\w]+$/g, '')
    .slice(0, 87)
    .replace(/[^\w]+$/, '');
  if (!cleaned) throw new Error(`model id "${modelId}" has no usable characters for a folder name`);
  return `installed/${cleaned === modelId ? cleaned : `${cleaned}-${fnv1a(modelId)}`}`;
}

/** The subset of the Cache API this store uses (window.caches; tests pass an in-memory double). */
export interface CacheStorageLike {
  open(name: string): Promise<Pick<Cache, 'match' | 'put' | 'delete' | 'keys'>>;
}

/** Header naming the install slot of a cached file (pre-slot installs wrote the bare model id: the same thing). */
const SLOT_HEADER = 'x-shortlist-model-id';

/**
 * ModelStore over the Cache API, at the URLs transformers.js checks first (`<origin>/models/<folder>/<path>`).
 * Each response carries its install slot and the byte length in headers, so `list()` needs no side table.
 */
export class CacheApiModelStore implements ModelStore {
  constructor(
    private readonly origin: string,
    private readonly caches: CacheStorageLike = globalThis.caches
  ) {
    if (!caches) throw new Error('CacheApiModelStore: the Cache API is unavailable (private window or insecure origin); models cannot be stored for offline use');
  }

  /** Absolute URL of one model file of an install slot in the cache. */
  fileUrl(slot: string, path: string): string {
    return new URL(`${LOCAL_MODEL_PATH}${modelFolderFor(slot)}/${path}`, this.origin).href;
  }

  async put(slot: string, path: string, data: Uint8Array): Promise<void> {
    const cache = await this.caches.open(TRANSFORMERS_CACHE_NAME);
    const headers = { 'content-type': 'application/octet-stream', 'content-length': String(data.byteLength), [SLOT_HEADER]: encodeURIComponent(slot) };
    await cache.put(this.fileUrl(slot, path), new Response(data as BodyInit, { headers }));
  }

  async get(slot: string, path: string): Promise<Uint8Array | undefined> {
    const cache = await this.caches.open(TRANSFORMERS_CACHE_NAME);
    const res = await cache.match(this.fileUrl(slot, path));
    return res ? new Uint8Array(await res.arrayBuffer()) : undefined;
  }

  async list(): Promise<StoredFile[]> {
    const cache = await this.caches.open(TRANSFORMERS_CACHE_NAME);
    const prefix = new URL(`${LOCAL_MODEL_PATH}installed/`, this.origin).href;
    const out: StoredFile[] = [];
    for (const request of await cache.keys()) {
      if (!request.url.startsWith(prefix)) continue;
      const res = await cache.match(request);
      const header = res?.headers.get(SLOT_HEADER);
      if (!res || !header) continue;
      const slot = decodeURIComponent(header);
      const folderUrl = new URL(`${LOCAL_MODEL_PATH}${modelFolderFor(slot)}/`, this.origin).href;
      out.push({ modelId: modelIdOfSlot(slot), slot, path: request.url.slice(folderUrl.length), bytes: Number(res.headers.get('content-length') ?? 0) });
    }
    return out;
  }

  async deleteSlot(slot: string): Promise<number> {
    const cache = await this.caches.open(TRANSFORMERS_CACHE_NAME);
    let freed = 0;
    for (const f of (await this.list()).filter((f) => f.slot === slot)) {
      if (await cache.delete(this.fileUrl(slot, f.path))) freed += f.bytes;
    }
    return freed;
  }
}
