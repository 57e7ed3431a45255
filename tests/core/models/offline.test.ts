// "Downloaded models work offline afterwards": a tiny BERT published with a manifest is installed through the
// manager (hashes verified), the server goes away, and transformers.js loads it from the store alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { buildTinyBertOnnx } from '../../fixtures/tiny-bert-onnx';
import { addModelFromUrl, MemoryModelStore } from '../../../src/lib/core/models/manager';
import { locateInstalledFile, modelStoreCache } from '../../../src/lib/core/models/transformers-cache';
import { createEmbeddingPipeline } from '../../../workers/embed/pipeline';

const tokenizerDir = path.resolve(__dirname, '../../../../shared/models/minilm-l6-tokenizer');
const hasShared = existsSync(tokenizerDir);
if (!hasShared) console.warn(`[skip] ${tokenizerDir} is absent: offline model test needs the real MiniLM tokenizer`);

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? listFiles(path.join(dir, f), `${prefix}${f}/`) : [`${prefix}${f}`]));
}

describe('locateInstalledFile', () => {
  it('maps local-path and remote /resolve/<rev>/ keys to (model id, file)', () => {
    const ids = ['acme/tiny-bert', 'acme/tiny'];
    expect(locateInstalledFile('/models/acme/tiny-bert/onnx/model.onnx', ids)).toEqual({ modelId: 'acme/tiny-bert', path: 'onnx/model.onnx' });
    expect(locateInstalledFile('https://hf.example/acme/tiny-bert/resolve/main/config.json', ids)).toEqual({ modelId: 'acme/tiny-bert', path: 'config.json' });
    expect(locateInstalledFile('https://hf.example/xacme/tiny-bert/config.json', ids)).toBeUndefined();
    expect(locateInstalledFile('https://hf.example/other/config.json', ids)).toBeUndefined();
  });
});

describe.skipIf(!hasShared)('installed models load offline', () => {
  let root: string;
  let server: http.Server;
  let base: string;
  const saved = { ...env };

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'shortlist-offline-'));
    const dir = path.join(root, 'site/acme/tiny-bert');
    buildTinyBertOnnx(dir, { tokenizerDir, seed: 5 });
    const files = listFiles(dir).map((p) => {
      const b = readFileSync(path.join(dir, p));
      return { path: p, size_bytes: b.length, sha256: createHash('sha256').update(b).digest('hex') };
    });
    const manifest = { format: 'shortlist-model-manifest', version: 1, id: 'acme/tiny-bert', task: 'embeddings', runtime: 'transformers.js', dtype: 'fp32', license: 'proprietary', files };
    server = http.createServer((req, res) => {
      const rel = (req.url ?? '').replace(/^\/acme\/tiny-bert\//, '');
      if (rel === 'manifest.json') return void res.end(JSON.stringify(manifest));
      const file = path.join(dir, rel);
      if (!file.startsWith(dir) || !existsSync(file)) return void res.writeHead(404).end();
      res.end(readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    Object.assign(env, { useCustomCache: saved.useCustomCache, customCache: saved.customCache, allowLocalModels: saved.allowLocalModels, remoteHost: saved.remoteHost, localModelPath: saved.localModelPath });
    rmSync(root, { recursive: true, force: true });
  });

  it('install → server gone → the same vectors as from disk, served by the store', async () => {
    const store = new MemoryModelStore();
    const installed = await addModelFromUrl(`${base}/acme/tiny-bert/`, { store });
    if (!installed.ok) throw new Error(installed.error.message);
    await new Promise<void>((r) => server.close(() => r()));

    const fromDisk = await createEmbeddingPipeline({ model: 'acme/tiny-bert', localModelPath: path.join(root, 'site') + '/', allowRemoteModels: false, device: 'cpu' });
    const expected = await fromDisk.embed(['Go and Kubernetes']);
    await fromDisk.dispose();

    env.useCustomCache = true;
    const cache = modelStoreCache(store);
    const served: string[] = [];
    env.customCache = {
      match: async (key: string) => {
        const r = await cache.match(key);
        if (r) served.push(key);
        return r;
      },
      put: cache.put
    } as unknown as typeof env.customCache;
    env.allowLocalModels = false; // nothing from disk
    const offline = await createEmbeddingPipeline({ model: 'acme/tiny-bert', allowRemoteModels: true, remoteHost: `${base}/`, device: 'cpu' });
    const got = await offline.embed(['Go and Kubernetes']);
    await offline.dispose();
    expect(Array.from(got[0])).toEqual(Array.from(expected[0]));
    expect(served.some((k) => k.endsWith('onnx/model.onnx'))).toBe(true);
    expect(served.some((k) => k.endsWith('tokenizer.json'))).toBe(true);
  });
});
