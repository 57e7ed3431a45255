/**
 * Installing model versions as the app does (services/model-install.ts) over the Cache API model store and the
 * installed-model records in fake-indexeddb: a verified install becomes live; an update of the same id with one
 * tampered file is refused and leaves the installed version's record, files and folder exactly as they were; a good
 * update swaps the record and removes the old version's files; an install cut off mid-download (the page closed)
 * leaves files no record names, and the start-up sweep removes them while an install in progress holds them back.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { CacheApiModelStore, ModelCacheDb, installedModels, modelFolderFor } from '../../src/lib/db/model-cache';
import { slotOf } from '../../src/lib/core/models/slots';
import { installModel, sweepModelLeftovers, type LockManagerLike } from '../../src/lib/services/model-install';
import { memoryCaches, orgHosting } from '../fixtures/model-hosting';

const v1 = { 'config.json': new TextEncoder().encode('{"model_type":"llama","v":1}'), 'onnx/model_q4.onnx': Uint8Array.from({ length: 3000 }, (_, i) => i % 251) };
const v2 = { 'config.json': new TextEncoder().encode('{"model_type":"llama","v":2}'), 'onnx/model_q4.onnx': Uint8Array.from({ length: 4000 }, (_, i) => i % 241) };

let db: ModelCacheDb;
let caches: ReturnType<typeof memoryCaches>;
let store: CacheApiModelStore;

beforeEach(() => {
  db = new ModelCacheDb('shortlist-model-cache', { indexedDB: new IDBFactory(), IDBKeyRange });
  caches = memoryCaches();
  store = new CacheApiModelStore('https://app.example/', caches);
});

/** Every cached URL with its bytes. */
async function cacheContents(): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const [url, res] of caches.buckets.get('transformers-cache') ?? []) out.set(url, new Uint8Array(await res.clone().arrayBuffer()));
  return out;
}

describe('installModel', () => {
  it('a failed update leaves the installed version intact and live; a good one swaps and cleans up', async () => {
    const first = await orgHosting(v1);
    const installed = await installModel(first.base, { store, db, locks: null }, { fetch: first.fetchFn });
    if (!installed.ok) throw new Error(installed.error.message);
    const record = installed.value.record;
    expect(record.folder).toBe(modelFolderFor(slotOf(record)));
    expect(await store.get(slotOf(record), 'onnx/model_q4.onnx')).toEqual(v1['onnx/model_q4.onnx']);
    const before = await cacheContents();

    const tampered = await orgHosting(v2, { tamper: 'onnx/model_q4.onnx' });
    const failed = await installModel(tampered.base, { store, db, locks: null }, { fetch: tampered.fetchFn });
    expect(failed).toMatchObject({ ok: false, error: { code: 'models/integrity', file: `${tampered.base}onnx/model_q4.onnx` } });
    expect(await installedModels.get(record.id, db)).toEqual(record);
    expect(await cacheContents()).toEqual(before);

    const good = await orgHosting(v2);
    const updated = await installModel(good.base, { store, db, locks: null }, { fetch: good.fetchFn });
    if (!updated.ok) throw new Error(updated.error.message);
    expect(updated.value.replaced).toEqual(record);
    expect(updated.value.freedBytes).toBe(3000 + v1['config.json'].byteLength);
    const live = await installedModels.get(record.id, db);
    expect(live?.slot).toBe(updated.value.record.slot);
    expect(live?.slot).not.toBe(record.slot);
    expect(new Set((await store.list()).map((f) => f.slot))).toEqual(new Set([live!.slot]));
    expect(await store.get(slotOf(live!), 'config.json')).toEqual(v2['config.json']);
  });
});

describe('sweepModelLeftovers', () => {
  it('removes an install cut off mid-download (no record), keeps live versions, and waits for running installs', async () => {
    const first = await orgHosting(v1);
    const installed = await installModel(first.base, { store, db, locks: null }, { fetch: first.fetchFn });
    if (!installed.ok) throw new Error(installed.error.message);

    // The page closes while the second file downloads: config.json is stored, and nothing else will ever run.
    const cut = await orgHosting(v2, { hang: 'onnx/model_q4.onnx' });
    void installModel(cut.base, { store, db, locks: null }, { fetch: cut.fetchFn });
    await expect.poll(async () => new Set((await store.list()).map((f) => f.slot)).size).toBe(2);

    // Another tab still installing (the lock is taken): the sweep leaves everything alone.
    const busy: LockManagerLike = { request: (_name, options, callback) => callback(options.ifAvailable ? null : {}) };
    expect(await sweepModelLeftovers({ store, db, locks: busy })).toBeNull();
    expect(new Set((await store.list()).map((f) => f.slot)).size).toBe(2);

    const swept = await sweepModelLeftovers({ store, db, locks: null });
    expect(swept?.slots).toHaveLength(1);
    expect(swept?.bytes).toBe(v2['config.json'].byteLength);
    expect(new Set((await store.list()).map((f) => f.slot))).toEqual(new Set([slotOf(installed.value.record)]));
    expect(await installedModels.list(db)).toEqual([installed.value.record]);
  });

  it('keeps the files of a record written before install slots (stored under the bare model id)', async () => {
    const legacy = await orgHosting(v1);
    await store.put(legacy.manifest.id, 'config.json', v1['config.json']);
    await installedModels.save({ id: legacy.manifest.id, folder: modelFolderFor(legacy.manifest.id), baseUrl: legacy.base, manifest: legacy.manifest as never, bytes: 10, installedAt: '2026-01-01T00:00:00.000Z' }, db);
    expect(await sweepModelLeftovers({ store, db, locks: null })).toEqual({ slots: [], bytes: 0 });
    expect(await store.get(legacy.manifest.id, 'config.json')).toEqual(v1['config.json']);
  });
});
