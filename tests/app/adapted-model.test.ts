/**
 * An embedding model adapted on this device is installed under a name no server serves
 * (`<origin>/adapted-models/<id>/`), and still loads: installModelFromFiles (what "Use adapted model" runs) verifies
 * the in-memory files into the Cache API store, and the embedding runtime, given the app's own load options
 * (embedLoadOptionsFor), finds every file there under LOCAL_MODEL_PATH/<record.folder>. Here the install is read back
 * from IndexedDB as after a reload, the network is gone (fetch throws), and the vectors equal those of the same model
 * loaded from disk. The browser's Cache API lookup is emulated over the in-memory CacheStorage (tests/e2e covers the
 * real one). Needs ../shared (the MiniLM tokenizer); skips with a message otherwise.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CacheApiModelStore, LOCAL_MODEL_PATH, ModelCacheDb, TRANSFORMERS_CACHE_NAME, installedModels } from '../../src/lib/db/model-cache';
import { installModelFromFiles } from '../../src/lib/services/model-install';
import { embedLoadOptionsFor } from '../../src/lib/services/models.service';
import { createEmbeddingPipeline } from '../../workers/embed/pipeline';
import { buildTinyBertOnnx } from '../fixtures/tiny-bert-onnx';
import { memoryCaches } from '../fixtures/model-hosting';

const tokenizerDir = path.resolve(__dirname, '../../../shared/models/minilm-l6-tokenizer');
const hasShared = existsSync(tokenizerDir);
if (!hasShared) console.warn(`[skip] ${tokenizerDir} is absent: the adapted-model load test needs the real MiniLM tokenizer`);

const ORIGIN = 'https://app.example';
const ID = 'local/adapted-account@fp32';
const TEXTS = ['General ledger and month-end close', 'Cooked breakfast'];

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? listFiles(path.join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`]));
}

describe.skipIf(!hasShared)('an adapted embedding model', () => {
  let root: string;
  const saved = { useCustomCache: env.useCustomCache, customCache: env.customCache, allowLocalModels: env.allowLocalModels, localModelPath: env.localModelPath, allowRemoteModels: env.allowRemoteModels };

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'shortlist-adapted-'));
    buildTinyBertOnnx(path.join(root, 'adapted'), { tokenizerDir, seed: 11 });
  });
  afterAll(() => {
    Object.assign(env, saved);
    vi.unstubAllGlobals();
    rmSync(root, { recursive: true, force: true });
  });

  it('installed under /adapted-models/ loads from the stored files after a reload, with no network', async () => {
    const dir = path.join(root, 'adapted');
    const files: Record<string, Uint8Array> = Object.fromEntries(listFiles(dir).map((p) => [p, new Uint8Array(readFileSync(path.join(dir, p)))]));
    const manifest = {
      format: 'shortlist-model-manifest', version: 1, id: ID, task: 'embeddings', runtime: 'transformers.js', dtype: 'fp32', license: 'mit',
      files: Object.entries(files).map(([p, b]) => ({ path: p, size_bytes: b.byteLength, sha256: createHash('sha256').update(b).digest('hex') }))
    };
    files['manifest.json'] = new TextEncoder().encode(JSON.stringify(manifest));
    const fromDisk = await createEmbeddingPipeline({ model: 'adapted', localModelPath: `${root}/`, allowRemoteModels: false, device: 'cpu' });
    const expected = await fromDisk.embed(TEXTS);
    await fromDisk.dispose();

    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
      fetched.push(String(input));
      throw new TypeError('Failed to fetch (offline)');
    });
    const caches = memoryCaches();
    const db = new ModelCacheDb('shortlist-model-cache', { indexedDB: new IDBFactory(), IDBKeyRange });
    const installed = await installModelFromFiles(files, `${ORIGIN}/adapted-models/${encodeURIComponent(ID)}/`, { store: new CacheApiModelStore(ORIGIN, caches), db, locks: null });
    if (!installed.ok) throw new Error(installed.error.message);

    // A reload: the record as the app reads it at start-up, and the browser's Cache API lookup of transformers.js
    // (a relative key resolves against the worker's origin) over the same CacheStorage.
    const record = (await installedModels.get(ID, db))!;
    expect(record.baseUrl).toBe(`${ORIGIN}/adapted-models/${encodeURIComponent(ID)}/`);
    const bucket = await caches.open(TRANSFORMERS_CACHE_NAME);
    const served: string[] = [];
    env.useCustomCache = true;
    // transformers.js looks up `<localModelPath><folder>/<file>` (all the browser needs); Node's ONNX Runtime then
    // asks again under the hub-shaped key `<remoteHost><folder>/resolve/main/<file>`, mapped to the same stored file.
    const hubKey = (key: string) => key.startsWith(env.remoteHost) ? `${LOCAL_MODEL_PATH}${key.slice(env.remoteHost.length).replace('/resolve/main/', '/')}` : key;
    env.customCache = {
      match: async (key: string) => {
        const hit = await bucket.match(new URL(hubKey(key), ORIGIN).href);
        if (hit) served.push(hubKey(key));
        return hit;
      },
      put: async () => undefined
    } as unknown as typeof env.customCache;
    const options = embedLoadOptionsFor(record, { checked: true, webgpu: false, shaderF16: false });
    expect(options).toMatchObject({ model: record.folder, localModelPath: LOCAL_MODEL_PATH, allowRemoteModels: false });
    const stored = await createEmbeddingPipeline({ ...options, device: 'cpu' }); // Node's ONNX Runtime in place of WASM
    const got = await stored.embed(TEXTS);
    await stored.dispose();

    expect(got.map((v) => Array.from(v))).toEqual(expected.map((v) => Array.from(v)));
    expect(served).toEqual(expect.arrayContaining([`${LOCAL_MODEL_PATH}${record.folder}/onnx/model.onnx`, `${LOCAL_MODEL_PATH}${record.folder}/tokenizer.json`]));
    expect(served.every((k) => k.startsWith(`${LOCAL_MODEL_PATH}${record.folder}/`))).toBe(true);
    expect(fetched).toEqual([]);
  });
});
