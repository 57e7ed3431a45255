// The real workers in headless Chromium: Vite builds tests/workers/browser/index.html (which starts
// workers/embed.worker.ts and workers/llm.worker.ts exactly as the app does), a local server on 127.0.0.1 serves
// the build and the model fixtures, and the page runs embeddings on WASM and on WebGPU (SwiftShader) and the tiny
// random Llama with xgrammar-constrained decoding on WASM. Every request must stay on our origin (no CDN).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { build } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildTinyBertOnnx } from '../fixtures/tiny-bert-onnx';
import { createEmbeddingPipeline } from '../../workers/embed/pipeline';
import { BROWSER_CHECK_SCHEMA } from './browser/schema';

const repo = path.resolve(__dirname, '../..');
const sharedModels = path.resolve(repo, '../shared/models');
const chromiumPath = '/usr/bin/chromium';
const ready = existsSync(chromiumPath) && existsSync(path.join(sharedModels, 'tiny-random-llama-onnx')) && existsSync(path.join(sharedModels, 'minilm-l6-tokenizer'));
if (!ready) console.warn(`[skip] headless Chromium worker tests need ${chromiumPath} and ${sharedModels}/{tiny-random-llama-onnx,minilm-l6-tokenizer}`);

type Checks = {
  embed?: { info: { device: string; dims: number }; vectors: number[][] } | { error: string };
  llm?: { info: { device: string }; result: { text: string; finishReason: string; tokens: number }; deltas: number; streamed: string } | { error: string };
};

describe.skipIf(!ready)('workers in headless Chromium', () => {
  let tmp: string;
  let server: http.Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const offOrigin: string[] = [];
  const texts = ['TypeScript and React', 'Led a team of four engineers'];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'shortlist-browser-'));
    buildTinyBertOnnx(path.join(tmp, 'models/tiny-bert'), { tokenizerDir: path.join(sharedModels, 'minilm-l6-tokenizer'), seed: 11 });
    await build({
      configFile: false,
      root: repo,
      publicDir: false,
      logLevel: 'error',
      worker: { format: 'es' },
      build: { outDir: path.join(tmp, 'site'), emptyOutDir: true, minify: false, reportCompressedSize: false, rollupOptions: { input: path.join(repo, 'tests/workers/browser/index.html') } }
    });
    const mounts: [string, string][] = [
      ['/models/tiny-bert/', path.join(tmp, 'models/tiny-bert')],
      ['/models/tiny-random-llama-onnx/', path.join(sharedModels, 'tiny-random-llama-onnx')],
      ['/', path.join(tmp, 'site')]
    ];
    server = http.createServer((req, res) => {
      const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
      const [prefix, dir] = mounts.find(([p]) => url.startsWith(p))!;
      const file = path.resolve(dir, url.slice(prefix.length));
      if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) return void res.writeHead(404).end();
      const ext = path.extname(file);
      const type = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' }[ext] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size });
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'] });
    page = await browser.newPage();
    page.on('request', (r) => void (r.url().startsWith(base) || r.url().startsWith('blob:') || r.url().startsWith('data:') || offOrigin.push(r.url())));
    await page.goto(`${base}/tests/workers/browser/index.html`);
    await page.waitForFunction(() => (window as unknown as { pageReady?: boolean }).pageReady === true);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const run = (device: 'wasm' | 'webgpu', what: { embed: boolean; llm: boolean }) =>
    page.evaluate(([d, w]) => (window as unknown as { runWorkerChecks: (d: string, w: unknown) => Promise<Checks> }).runWorkerChecks(d, w), [device, what] as const) as Promise<Checks>;

  it('embeddings on WASM and on WebGPU (SwiftShader) match the Node pipeline on the same fixture', async () => {
    const node = await createEmbeddingPipeline({ model: 'tiny-bert', localModelPath: path.join(tmp, 'models') + '/', allowRemoteModels: false, device: 'cpu' });
    const expected = await node.embed(texts);
    await node.dispose();
    for (const device of ['wasm', 'webgpu'] as const) {
      const r = await run(device, { embed: true, llm: false });
      if (!r.embed || 'error' in r.embed) throw new Error(`${device}: ${JSON.stringify(r.embed)}`);
      expect(r.embed.info).toMatchObject({ device, dims: 32 });
      r.embed.vectors.forEach((v, i) => v.forEach((x, d) => expect(x).toBeCloseTo(expected[i][d], 4)));
    }
  });

  it('the LLM worker decodes schema-valid JSON from the random Llama on WASM, streaming tokens', async () => {
    const r = await run('wasm', { embed: false, llm: true });
    if (!r.llm || 'error' in r.llm) throw new Error(JSON.stringify(r.llm));
    expect(r.llm.info.device).toBe('wasm/fp16');
    expect(r.llm.result.finishReason).toBe('stop');
    const ajv = new Ajv({ strict: false });
    expect(ajv.validate(BROWSER_CHECK_SCHEMA, JSON.parse(r.llm.result.text))).toBe(true);
    expect(r.llm.deltas).toBeGreaterThan(3);
    expect(r.llm.streamed).toBe(r.llm.result.text);
  });

  it('an fp16 model on a WebGPU adapter without shader-f16 fails with a clear message', async () => {
    const r = await run('webgpu', { embed: false, llm: true });
    expect(r.llm && 'error' in r.llm && r.llm.error).toMatch(/tiny-random-llama-onnx.*device webgpu, dtype fp16.*does not support fp16/s);
  });

  it('made no request outside our own origin', () => {
    expect(offOrigin).toEqual([]);
  });
});
