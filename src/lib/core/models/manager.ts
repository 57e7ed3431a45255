/**
 * Model manager logic without DOM: add a model from an organisation's static hosting (manifest.json listing files
 * with sizes and sha256), download each file with progress, verify integrity before anything is kept, account
 * storage, delete. Storage is injected (`ModelStore`): the app backs it with the Cache API / IndexedDB so that
 * downloaded models work offline; tests use MemoryModelStore.
 *
 * Every install is staged in a slot of its own (slots.ts): a failure deletes only that slot, never the files of
 * a version already installed under the same id; the caller makes the new slot live by writing its record.
 * Downloads stop as soon as a file grows past the size its manifest declares (a hard limit, not a check after
 * the fact), so a lying server cannot make the page read more than it said.
 *
 * Non-goals: UI, choosing models (catalog.ts), running them (workers), the record swap and start-up sweep
 * (services/model-install.ts). Shape legend: progress is the same union on `status` as transformers.js
 * (initiate | download | progress | done | ready); sizes in bytes; a slot is `<model id>#<stamp>`.
 */
import type { ModelProgress } from '../protocol/embed';
import { err, ok, type Result } from '../result';
import { resolveManifestVariant, validateAnyManifest, type ManifestVariant, type ModelManifest, type ModelManifestV2 } from './catalog';
import { ModelIntegrityError, verifyFileIntegrity } from './integrity';
import { installSlot, modelIdOfSlot, newSlotStamp } from './slots';

export interface StoredFile {
  /** The model the file belongs to (from its slot). */
  modelId: string;
  /** The install slot holding it (`<model id>#<stamp>`, or the bare id for pre-slot installs). */
  slot: string;
  path: string;
  bytes: number;
}

/** Where verified model files live (the app: Cache API/IndexedDB; tests: memory), grouped by install slot. */
export interface ModelStore {
  put(slot: string, path: string, data: Uint8Array): Promise<void>;
  get(slot: string, path: string): Promise<Uint8Array | undefined>;
  list(): Promise<StoredFile[]>;
  /** Remove every file of one install slot; returns the bytes freed. */
  deleteSlot(slot: string): Promise<number>;
}

export class MemoryModelStore implements ModelStore {
  private files = new Map<string, Map<string, Uint8Array>>();
  async put(slot: string, path: string, data: Uint8Array) {
    if (!this.files.has(slot)) this.files.set(slot, new Map());
    this.files.get(slot)!.set(path, data);
  }
  async get(slot: string, path: string) {
    return this.files.get(slot)?.get(path);
  }
  async list() {
    return [...this.files].flatMap(([slot, m]) => [...m].map(([path, d]) => ({ modelId: modelIdOfSlot(slot), slot, path, bytes: d.byteLength })));
  }
  async deleteSlot(slot: string) {
    const freed = [...(this.files.get(slot)?.values() ?? [])].reduce((n, d) => n + d.byteLength, 0);
    this.files.delete(slot);
    return freed;
  }
}

export interface InstalledModel {
  id: string;
  /** The install slot holding this version's files (absent on records written before slots: the id). */
  slot?: string;
  baseUrl: string;
  manifest: ModelManifest;
  bytes: number;
  installedAt: string;
}

/** Largest download accepted for a file whose manifest gives no size (a web-llm model_lib is a few MB). */
export const MAX_UNSIZED_FILE_BYTES = 256 * 1024 * 1024;

export interface AddModelOptions {
  store: ModelStore;
  fetch?: typeof fetch;
  onProgress?: (p: ModelProgress) => void;
  signal?: AbortSignal;
  /** Clock for installedAt (tests fix it). */
  now?: () => Date;
  /** Version 2 manifests: which variant to install (default: the publisher's default, else the first). */
  pickVariant?: (manifest: ModelManifestV2) => ManifestVariant | undefined;
  /** Stamp of the install slot (default: a new unique one; tests fix it). */
  stamp?: string;
}

/** Resolve `path` under `base`, refusing anything that escapes the model folder. */
export function fileUrl(base: string, path: string): string {
  const root = new URL(base.endsWith('/') ? base : `${base}/`);
  const url = new URL(path, root);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) throw new Error(`${path}: resolves outside the model folder ${root.href}`);
  return url.href;
}

/**
 * Fetch `<baseUrl>/manifest.json`, download and verify every file into a new install slot, keep them only if all
 * verify. A version 2 manifest (training-node publish) lists several variants: only the picked variant's files are
 * downloaded. Expected failures (bad URL, HTTP error, invalid manifest, integrity or size mismatch) come back as
 * Result errors naming the file; nothing of the failed attempt stays in the store, and no other slot is touched (an
 * installed version of the same id stays whole). The new version is live only once its record names its slot.
 */
export async function addModelFromUrl(baseUrl: string, opts: AddModelOptions): Promise<Result<InstalledModel & { slot: string }>> {
  const doFetch = opts.fetch ?? fetch;
  let base: URL;
  try {
    base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    if (!/^https?:$/.test(base.protocol)) throw new Error('not http(s)');
  } catch {
    return err({ code: 'models/bad-url', file: baseUrl, message: `${baseUrl}: not an absolute http(s) URL of a model folder` });
  }
  const manifestUrl = new URL('manifest.json', base).href;
  let manifestJson: unknown;
  try {
    const res = await doFetch(manifestUrl, { signal: opts.signal });
    if (!res.ok) return err({ code: 'models/http', file: manifestUrl, message: `${manifestUrl}: HTTP ${res.status} ${res.statusText}` });
    manifestJson = await res.json();
  } catch (e) {
    return err({ code: 'models/fetch', file: manifestUrl, message: `${manifestUrl}: ${(e as Error).message}` });
  }
  const manifest = validateAnyManifest(manifestJson, manifestUrl);
  if (!manifest.ok) return manifest;
  let m: ModelManifest;
  if (manifest.value.version === 2) {
    // A published folder holds several variants; only the chosen one's files are downloaded and kept.
    const all = manifest.value;
    const variant = (opts.pickVariant ?? ((x: ModelManifestV2) => x.variants.find((v) => v.default) ?? x.variants[0]))(all);
    if (!variant) {
      return err({ code: 'models/no-variant', file: manifestUrl, message: `${manifestUrl}: none of its variants (${all.variants.map((v) => `${v.runtime} ${v.dtype}`).join(', ')}) runs on this device` });
    }
    m = resolveManifestVariant(all, variant.id);
  } else m = manifest.value;
  const files = [...m.files, ...(m.model_lib ? [{ path: m.model_lib.path, size_bytes: null as number | null, sha256: m.model_lib.sha256 }] : [])];

  const slot = installSlot(m.id, opts.stamp ?? newSlotStamp());
  let total = 0;
  try {
    for (const f of files) {
      const url = fileUrl(base.href, f.path);
      opts.onProgress?.({ status: 'initiate', name: m.id, file: f.path });
      const data = await downloadWithProgress(doFetch, url, f.path, m.id, f.size_bytes, opts);
      await verifyFileIntegrity(url, data, f);
      await opts.store.put(slot, f.path, data);
      total += data.byteLength;
      opts.onProgress?.({ status: 'done', name: m.id, file: f.path });
    }
  } catch (e) {
    await opts.store.deleteSlot(slot);
    if (e instanceof ModelIntegrityError) return err({ code: 'models/integrity', file: e.file, message: e.message });
    const error = e as Error & { file?: string };
    return err({ code: error.name === 'AbortError' ? 'models/aborted' : 'models/fetch', file: error.file ?? base.href, message: error.message });
  }
  opts.onProgress?.({ status: 'ready', task: m.task, model: m.id });
  return ok({ id: m.id, slot, baseUrl: base.href, manifest: m, bytes: total, installedAt: (opts.now?.() ?? new Date()).toISOString() });
}

async function downloadWithProgress(
  doFetch: typeof fetch,
  url: string,
  path: string,
  modelId: string,
  expectedSize: number | null,
  opts: AddModelOptions
): Promise<Uint8Array> {
  const fail = (message: string) => Object.assign(new Error(`${url}: ${message}`), { file: url });
  let res: Response;
  try {
    res = await doFetch(url, { signal: opts.signal });
  } catch (e) {
    throw (e as Error).name === 'AbortError' ? e : fail((e as Error).message);
  }
  if (!res.ok || !res.body) throw fail(`HTTP ${res.status} ${res.statusText}`);
  // The manifest's size is a hard limit: refuse a longer declared body up front, and stop reading the moment
  // the body passes it (a server may send no length, or lie about it).
  const limit = expectedSize ?? MAX_UNSIZED_FILE_BYTES;
  const limitLabel = expectedSize === null ? `at most ${limit} bytes (no size in the manifest)` : `${limit} bytes`;
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    void res.body.cancel().catch(() => undefined);
    throw new ModelIntegrityError(url, limitLabel, `${declared} bytes (Content-Length)`, 'size');
  }
  opts.onProgress?.({ status: 'download', name: modelId, file: path });
  const total = expectedSize ?? (Number.isFinite(declared) ? declared : 0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.byteLength;
    if (loaded > limit) {
      void reader.cancel().catch(() => undefined);
      throw new ModelIntegrityError(url, limitLabel, `more than ${limit} bytes (download stopped)`, 'size');
    }
    chunks.push(value);
    opts.onProgress?.({ status: 'progress', name: modelId, file: path, loaded, total, progress: total > 0 ? (100 * loaded) / total : 0 });
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export interface StorageUsage {
  totalBytes: number;
  byModel: { modelId: string; bytes: number; files: number }[];
  /** From navigator.storage.estimate() where available. */
  quotaBytes?: number;
  usageBytes?: number;
}

/** Bytes per model in the store, plus the origin's quota when the platform reports it. */
export async function storageUsage(store: ModelStore): Promise<StorageUsage> {
  const byModel = new Map<string, { bytes: number; files: number }>();
  for (const f of await store.list()) {
    const e = byModel.get(f.modelId) ?? { bytes: 0, files: 0 };
    e.bytes += f.bytes;
    e.files += 1;
    byModel.set(f.modelId, e);
  }
  const usage: StorageUsage = {
    totalBytes: [...byModel.values()].reduce((n, e) => n + e.bytes, 0),
    byModel: [...byModel].map(([modelId, e]) => ({ modelId, ...e })).sort((a, b) => b.bytes - a.bytes)
  };
  const storage = (globalThis as { navigator?: { storage?: { estimate?: () => Promise<{ quota?: number; usage?: number }> } } }).navigator?.storage;
  if (storage?.estimate) {
    const est = await storage.estimate();
    usage.quotaBytes = est.quota;
    usage.usageBytes = est.usage;
  }
  return usage;
}

/** Delete every stored file of a model (all its slots); returns the bytes freed. */
export async function deleteModel(store: ModelStore, modelId: string): Promise<number> {
  const slots = new Set((await store.list()).filter((f) => f.modelId === modelId).map((f) => f.slot));
  let freed = 0;
  for (const slot of slots) freed += await store.deleteSlot(slot);
  return freed;
}
