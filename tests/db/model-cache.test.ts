/**
 * Model cache tests: the separate `shortlist-model-cache` Dexie database (embedding vectors keyed by model id +
 * revision + chunk hash through the core's embedWithCache, installed-model records) and the Cache API model
 * store driven by the real model manager (verified files kept, a tampered model leaves nothing behind).
 * Non-goals: the browser's real Cache API (tests/e2e/models.spec.ts covers it). Fresh fake-indexeddb per case.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { CacheApiModelStore, DexieEmbeddingCache, ModelCacheDb, installedModels, modelFolderFor, vectorModelOf } from '../../src/lib/db/model-cache';
import { memoryCaches, orgHosting } from '../fixtures/model-hosting';
import { ShortlistDb } from '../../src/lib/db/schema';
import { embedWithCache } from '../../src/lib/core/embed/cache';
import { addModelFromUrl, storageUsage } from '../../src/lib/core/models/manager';

let factory: IDBFactory;
let db: ModelCacheDb;

beforeEach(() => {
  factory = new IDBFactory();
  db = new ModelCacheDb('shortlist-model-cache', { indexedDB: factory, IDBKeyRange });
});

/** Deterministic "embedder" that records which texts it was asked for. */
function countingEmbedder() {
  const seen: string[] = [];
  return {
    seen,
    embed: async (texts: string[]) => {
      seen.push(...texts);
      return texts.map((t) => Float32Array.from([t.length, t.charCodeAt(0), 1]));
    }
  };
}

describe('DexieEmbeddingCache', () => {
  it('serves the second ranking from IndexedDB: only new chunks reach the model', async () => {
    const cache = new DexieEmbeddingCache(db);
    const model = { id: 'Xenova/all-MiniLM-L6-v2@q8', revision: 'main' };
    const first = countingEmbedder();
    const a = await embedWithCache(['TypeScript and React', 'Led a team of four'], model, first.embed, cache);
    expect(a.hits).toBe(0);
    const second = countingEmbedder();
    const b = await embedWithCache(['Led a team of four', 'Kubernetes on bare metal', 'TypeScript and React'], model, second.embed, cache);
    expect(second.seen).toEqual(['Kubernetes on bare metal']);
    expect(b.hits).toBe(2);
    expect(Array.from(b.vectors[2])).toEqual(Array.from(a.vectors[0]));
  });

  it('keys by revision: a model update never serves the old vectors, and one revision can be dropped alone', async () => {
    const cache = new DexieEmbeddingCache(db);
    const e = countingEmbedder();
    await embedWithCache(['same text'], { id: 'm', revision: 'r1' }, e.embed, cache);
    await embedWithCache(['same text'], { id: 'm', revision: 'r2' }, e.embed, cache);
    expect(e.seen).toEqual(['same text', 'same text']);
    expect(Object.fromEntries(await cache.countByModel())).toEqual({ 'm@r1': 1, 'm@r2': 1 });
    expect(await cache.deleteModel('m@r1')).toBe(1);
    expect(Object.fromEntries(await cache.countByModel())).toEqual({ 'm@r2': 1 });
  });

  it('refuses a key without the model prefix', () => {
    expect(() => vectorModelOf('abcdef')).toThrow(/no "<model>@<revision>:" prefix/);
  });

  it('lives in its own database and leaves the main schema alone', async () => {
    await new DexieEmbeddingCache(db).put([{ key: 'm@main:00', vector: new Float32Array(2) }]);
    const main = new ShortlistDb('shortlist', { indexedDB: factory, IDBKeyRange });
    await main.open();
    expect(main.tables.map((t) => t.name)).not.toContain('vectors');
    expect(db.name).toBe('shortlist-model-cache');
    main.close();
  });
});

describe('CacheApiModelStore with the model manager', () => {
  const files = { 'config.json': new TextEncoder().encode('{"model_type":"llama"}'), 'onnx/model_q4.onnx': Uint8Array.from({ length: 3000 }, (_, i) => i % 251) };

  it('keeps verified files where transformers.js looks (/models/<folder>/<path>), lists and deletes them', async () => {
    const caches = memoryCaches();
    const store = new CacheApiModelStore('https://app.example/', caches);
    const { base, fetchFn } = await orgHosting(files);
    const added = await addModelFromUrl(base, { store, fetch: fetchFn });
    expect(added.ok, added.ok ? '' : added.error.message).toBe(true);
    if (!added.ok) return;
    const keys = [...caches.buckets.get('transformers-cache')!.keys()].sort();
    const folder = modelFolderFor(added.value.slot);
    expect(keys).toEqual([`https://app.example/models/${folder}/config.json`, `https://app.example/models/${folder}/onnx/model_q4.onnx`]);
    expect(await store.get(added.value.slot, 'onnx/model_q4.onnx')).toEqual(files['onnx/model_q4.onnx']);
    const usage = await storageUsage(store);
    expect(usage.byModel).toEqual([{ modelId: 'acme/screener-llm@q4', bytes: 3000 + files['config.json'].byteLength, files: 2 }]);
    expect((await store.list()).map((f) => f.slot)).toEqual([added.value.slot, added.value.slot]);
    expect(await store.deleteSlot(added.value.slot)).toBe(usage.totalBytes);
    expect(await store.list()).toEqual([]);
  });

  it('a file that fails its sha256 leaves nothing of the model in the cache', async () => {
    const caches = memoryCaches();
    const store = new CacheApiModelStore('https://app.example/', caches);
    const { base, fetchFn } = await orgHosting(files, 'onnx/model_q4.onnx');
    const added = await addModelFromUrl(base, { store, fetch: fetchFn });
    expect(added.ok).toBe(false);
    if (!added.ok) expect(added.error).toMatchObject({ code: 'models/integrity', file: `${base}onnx/model_q4.onnx` });
    expect(await store.list()).toEqual([]);
  });

  it('installed records round-trip in the model cache database', async () => {
    const { manifest } = await orgHosting(files);
    await installedModels.save({ id: manifest.id, folder: modelFolderFor(manifest.id), baseUrl: 'https://models.acme.test/llm/', manifest: manifest as never, bytes: 3022, installedAt: '2026-01-01T00:00:00.000Z' }, db);
    expect((await installedModels.list(db)).map((m) => m.folder)).toEqual([modelFolderFor(manifest.id)]);
    await installedModels.remove(manifest.id, db);
    expect(await installedModels.get(manifest.id, db)).toBeUndefined();
  });
});

describe('modelFolderFor', () => {
  const validHfId = /^(\b[\w\-.]+\b\/)?\b[\w\-.]{1,96}\b$/; // transformers.js REPO_ID_REGEX

  it('gives transformers.js-valid, distinct folders even for ids that sanitise alike', () => {
    const ids = ['acme/llm', 'acme_llm', 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC', 'x'.repeat(300), 'a--b..c'];
    const folders = ids.map(modelFolderFor);
    for (const f of folders) {
      expect(f).toMatch(validHfId);
      expect(f).not.toMatch(/--|\.\./);
    }
    expect(new Set(folders).size).toBe(ids.length);
    expect(modelFolderFor('Qwen2.5-0.5B-Instruct-q4f16_1-MLC')).toBe('installed/Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
  });

  it('refuses an id with no usable characters', () => {
    expect(() => modelFolderFor('..')).toThrow(/no usable characters/);
  });
});
