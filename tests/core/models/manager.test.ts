// Adding a model from an organisation's static hosting: a real HTTP server on 127.0.0.1 serves generated files,
// one with a wrong hash in its manifest; integrity is checked with WebCrypto before anything is kept. Each install
// goes into a slot of its own, so a failed update never touches the installed version; a file longer than its
// manifest says is cut off as soon as it passes that size (the server counts what it managed to send).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { addModelFromUrl, deleteModel, fileUrl, MAX_UNSIZED_FILE_BYTES, MemoryModelStore, storageUsage } from '../../../src/lib/core/models/manager';
import { installSlot, modelIdOfSlot, sweepModelStore } from '../../../src/lib/core/models/slots';
import type { ModelProgress } from '../../../src/lib/core/protocol/embed';

const files: Record<string, Buffer> = {
  'config.json': Buffer.from(JSON.stringify({ model_type: 'bert', hidden_size: 32 })),
  'tokenizer.json': Buffer.from(JSON.stringify({ model: { type: 'WordPiece', vocab: { a: 0 } } })),
  'onnx/model_quantized.onnx': randomBytes(200_000)
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const manifest = (overrides: Partial<Record<string, string>> = {}) => ({
  format: 'shortlist-model-manifest',
  version: 1,
  id: 'acme/resume-matcher',
  task: 'embeddings',
  runtime: 'transformers.js',
  dtype: 'q8',
  license: 'proprietary',
  files: Object.entries(files).map(([p, b]) => ({ path: p, size_bytes: b.length, sha256: overrides[p] ?? sha(b) }))
});

/** Bytes a lying server streams for a file its manifest declares as 1,000 bytes. */
const LIE_BYTES = 64 * 1024 * 1024;
let server: http.Server;
let base: string;
const requested: string[] = [];
/** Bytes the server wrote for each lying response before the client hung up. */
const lieSent: Record<string, number> = {};
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requested.push(url);
    const [, folder, ...rest] = url.split('/');
    const file = rest.join('/');
    if (folder === 'liar' || folder === 'liar-length') {
      if (file === 'manifest.json') {
        res.setHeader('content-type', 'application/json');
        return void res.end(JSON.stringify({ ...manifest(), id: 'acme/liar', files: [{ path: 'big.bin', size_bytes: 1000, sha256: sha(Buffer.alloc(1000)) }] }));
      }
      // 64 MB of zeros for a 1,000-byte file, written as fast as the client reads, until it hangs up.
      if (folder === 'liar-length') res.setHeader('content-length', String(LIE_BYTES));
      const chunk = Buffer.alloc(64 * 1024);
      lieSent[folder] = 0;
      const pump = () => {
        while (lieSent[folder] < LIE_BYTES && !res.destroyed) {
          lieSent[folder] += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      res.on('close', () => res.destroy());
      return pump();
    }
    if (file === 'manifest.json') {
      const m = folder === 'good' ? manifest() : folder === 'tampered' ? manifest({ 'onnx/model_quantized.onnx': sha(Buffer.from('something else')) }) : folder === 'invalid' ? { format: 'nope' } : null;
      if (!m) return void res.writeHead(404).end();
      res.setHeader('content-type', 'application/json');
      return void res.end(JSON.stringify(m));
    }
    const body = files[file];
    if (!body) return void res.writeHead(404).end();
    res.setHeader('content-length', String(body.length));
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('addModelFromUrl', () => {
  it('downloads, verifies and stores every file, with initiate/download/progress/done/ready progress', async () => {
    const store = new MemoryModelStore();
    const events: ModelProgress[] = [];
    const r = await addModelFromUrl(`${base}/good`, { store, onProgress: (p) => void events.push(p), now: () => new Date('2026-01-01T00:00:00Z') });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ id: 'acme/resume-matcher', baseUrl: `${base}/good/`, installedAt: '2026-01-01T00:00:00.000Z' });
    expect(r.value.bytes).toBe(Object.values(files).reduce((n, b) => n + b.length, 0));
    expect(modelIdOfSlot(r.value.slot)).toBe('acme/resume-matcher');
    for (const [p, b] of Object.entries(files)) expect(Buffer.from((await store.get(r.value.slot, p))!)).toEqual(b);
    const statuses = events.map((e) => e.status);
    expect(statuses[0]).toBe('initiate');
    expect(statuses.at(-1)).toBe('ready');
    expect(statuses.filter((s) => s === 'done')).toHaveLength(3);
    const last = events.filter((e): e is Extract<ModelProgress, { status: 'progress' }> => e.status === 'progress' && e.file === 'onnx/model_quantized.onnx').at(-1)!;
    expect(last).toMatchObject({ loaded: 200_000, total: 200_000, progress: 100 });

    const usage = await storageUsage(store);
    expect(usage.byModel).toEqual([{ modelId: 'acme/resume-matcher', bytes: r.value.bytes, files: 3 }]);
    expect(await deleteModel(store, 'acme/resume-matcher')).toBe(r.value.bytes);
    expect((await storageUsage(store)).totalBytes).toBe(0);
  });

  it('a wrong hash fails with an error naming the file and both hashes, and keeps nothing', async () => {
    const store = new MemoryModelStore();
    const r = await addModelFromUrl(`${base}/tampered/`, { store });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('models/integrity');
    expect(r.error.file).toBe(`${base}/tampered/onnx/model_quantized.onnx`);
    expect(r.error.message).toContain(sha(files['onnx/model_quantized.onnx']));
    expect(r.error.message).toContain(sha(Buffer.from('something else')));
    expect(r.error.message).toMatch(/Integrity check failed for .*model_quantized\.onnx/);
    expect(await store.list()).toEqual([]);
  });

  it('reports an invalid manifest, a missing folder and a non-http URL clearly', async () => {
    const store = new MemoryModelStore();
    expect(await addModelFromUrl(`${base}/invalid`, { store })).toMatchObject({ ok: false, error: { code: 'models/manifest-invalid', file: `${base}/invalid/manifest.json` } });
    expect(await addModelFromUrl(`${base}/missing`, { store })).toMatchObject({ ok: false, error: { code: 'models/http', message: expect.stringMatching(/HTTP 404/) } });
    expect(await addModelFromUrl('ftp://example.org/m', { store })).toMatchObject({ ok: false, error: { code: 'models/bad-url' } });
  });

  it('a failed update of an installed id leaves every file of the installed version in place', async () => {
    const store = new MemoryModelStore();
    const good = await addModelFromUrl(`${base}/good`, { store, stamp: 'v1' });
    if (!good.ok) throw new Error(good.error.message);
    const before = await store.list();
    // Same id, one tampered file: refused, and only the attempt's own slot is cleaned up.
    const update = await addModelFromUrl(`${base}/tampered`, { store, stamp: 'v2' });
    expect(update).toMatchObject({ ok: false, error: { code: 'models/integrity' } });
    expect(await store.list()).toEqual(before);
    for (const [p, b] of Object.entries(files)) expect(Buffer.from((await store.get(installSlot('acme/resume-matcher', 'v1'), p))!)).toEqual(b);
  });

  it('stops reading a file the moment it passes its manifest size (1,000 bytes declared, 64 MB served)', async () => {
    for (const folder of ['liar', 'liar-length'] as const) {
      const store = new MemoryModelStore();
      let maxLoaded = 0;
      const r = await addModelFromUrl(`${base}/${folder}`, { store, onProgress: (p) => void (p.status === 'progress' && (maxLoaded = Math.max(maxLoaded, p.loaded))) });
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error).toMatchObject({ code: 'models/integrity', file: `${base}/${folder}/big.bin` });
      expect(r.error.message).toMatch(/expected size 1000 bytes/);
      expect(maxLoaded).toBeLessThanOrEqual(1000);
      await new Promise((resolve) => setTimeout(resolve, 200)); // let the server see the hang-up
      // What the server got out before the client stopped: socket buffers at most, never the whole 64 MB.
      expect(lieSent[folder], folder).toBeLessThan(16 * 1024 * 1024);
      expect(await store.list()).toEqual([]);
    }
    expect(MAX_UNSIZED_FILE_BYTES).toBeGreaterThan(0);
  });

  it('an aborted download keeps nothing', async () => {
    const store = new MemoryModelStore();
    const controller = new AbortController();
    const r = await addModelFromUrl(`${base}/good`, {
      store,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.status === 'done') controller.abort();
      }
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'models/aborted' } });
    expect(await store.list()).toEqual([]);
  });
});

describe('sweepModelStore', () => {
  it('removes the slots of an install cut off mid-way (no record names them) and keeps the live ones', async () => {
    const store = new MemoryModelStore();
    const live = await addModelFromUrl(`${base}/good`, { store, stamp: 'live' });
    if (!live.ok) throw new Error(live.error.message);
    // A page closed mid-install: two verified files of a newer version are stored, and nothing more ever runs.
    const cut = installSlot('acme/resume-matcher', 'cut');
    await store.put(cut, 'config.json', files['config.json']);
    await store.put(cut, 'tokenizer.json', files['tokenizer.json']);
    const swept = await sweepModelStore(store, new Set([live.value.slot]));
    expect(swept).toEqual({ slots: [cut], bytes: files['config.json'].length + files['tokenizer.json'].length });
    expect(new Set((await store.list()).map((f) => f.slot))).toEqual(new Set([live.value.slot]));
  });
});

describe('fileUrl', () => {
  it('refuses paths that escape the model folder', () => {
    expect(fileUrl('https://h/models/m', 'onnx/a.onnx')).toBe('https://h/models/m/onnx/a.onnx');
    expect(() => fileUrl('https://h/models/m/', '../other/a.onnx')).toThrow(/outside the model folder/);
    expect(() => fileUrl('https://h/models/m/', 'https://evil.test/a.onnx')).toThrow(/outside the model folder/);
  });
});
