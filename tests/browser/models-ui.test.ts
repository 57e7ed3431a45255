/**
 * The recruiter's model path in headless Chromium, through the REAL settings screen, AssistPanel, models.service,
 * Cache API model store and LLM worker (tests/workers/browser.test.ts covers the bare workers):
 *   1. settings shows the device caps, the catalog, and that the app works without a model;
 *   2. the tiny random Llama is added from an "organisation's hosting" (a second 127.0.0.1 server with CORS, serving
 *      a temp copy of ../shared/models/tiny-random-llama-onnx and a manifest with sha256s computed here): progress,
 *      integrity verified, installed, picked as the active LLM; a tampered copy is refused and nothing is kept;
 *   3. with the org server SHUT DOWN, a fresh page runs per-skill scores and a recommendation on WASM: the worker
 *      loads the model from the Cache API only, constrained decoding yields schema-valid JSON (ajv, here), the worker
 *      never receives the candidate's name (blind mode), unverified quotes are shown void, injection is flagged;
 *   4. an interview kit, a follow-up on a vague pasted answer; cancel stops a running task through llm.cancel (the soft
 *      path: the worker answers 'cancelled'; a worker restart fails the test); delete empties the cache;
 *   5. a tiny BERT (built here from the real MiniLM tokenizer) added the same way embeds through models.service on
 *      WASM and on WebGPU (SwiftShader), equal to the Node pipeline, and a re-run is served from the IndexedDB cache;
 *   6. no request ever leaves 127.0.0.1.
 * Set SHORTLIST_SCREENSHOTS=<dir> to keep screenshots of the settings screen and the assist panel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { build } from 'vite';
import { svelte, vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { parseJob } from '../../src/lib/core/job';
import { recommendationSchema, skillScoresSchema } from '../../src/lib/core/llm/schemas';
import { modelFolderFor } from '../../src/lib/db/model-cache';
import { ASSIST_JOB, ASSIST_RESUME } from './harness/fixture';
import { buildTinyBertOnnx } from '../fixtures/tiny-bert-onnx';
import { createEmbeddingPipeline } from '../../workers/embed/pipeline';
import { recordWorkerTraffic } from '../fixtures/worker-traffic';

const repo = path.resolve(__dirname, '../..');
const fixtureDir = path.resolve(repo, '../shared/models/tiny-random-llama-onnx');
const chromiumPath = '/usr/bin/chromium';
const tokenizerDir = path.resolve(repo, '../shared/models/minilm-l6-tokenizer');
const ready = existsSync(chromiumPath) && existsSync(path.join(fixtureDir, 'onnx/model_fp16.onnx')) && existsSync(tokenizerDir);
if (!ready) console.warn(`[skip] models UI browser test needs ${chromiumPath}, ${fixtureDir} and ${tokenizerDir} (../shared is absent here)`);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const WEBGPU_ARGS = [...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'), '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'];
const EMBED_ID = 'acme/tiny-bert@fp32';
const EMBED_TEXTS = ['Ran Kubernetes clusters for 40 services', 'Wrote Terraform modules', 'Led a team of four engineers'];
const MODEL_ID = 'acme/tiny-screener@fp16';
const shots = process.env.SHORTLIST_SCREENSHOTS;

/** Every file under `dir` as a manifest entry (path relative to dir, size, sha256). */
function manifestFiles(dir: string, sub = ''): { path: string; size_bytes: number; sha256: string }[] {
  return readdirSync(path.join(dir, sub), { withFileTypes: true }).flatMap((e) => {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) return manifestFiles(dir, rel);
    const bytes = readFileSync(path.join(dir, rel));
    return [{ path: rel, size_bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') }];
  });
}

/** Write `<dir>/manifest.json` for every file in `dir` (sizes and sha256 computed here, as a publisher would). */
function publish(dir: string, fields: Record<string, unknown>) {
  const files = manifestFiles(dir);
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ format: 'shortlist-model-manifest', version: 1, license: 'mit', ...fields, files }));
  return files;
}

/** A static file server on 127.0.0.1 (optionally with CORS, as an organisation's model hosting would send). */
async function serve(root: string, cors: boolean): Promise<{ server: http.Server; base: string }> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json', '.css': 'text/css' };
  const server = http.createServer((req, res) => {
    const file = path.resolve(root, '.' + decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]));
    const headers: Record<string, string | number> = cors ? { 'access-control-allow-origin': '*' } : {};
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) return void res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (s?: http.Server) => new Promise<void>((r) => (s?.listening ? s.close(() => r()) : r()));

describe.skipIf(!ready)('models UI in headless Chromium (settings → add verified model → assist on WASM)', () => {
  let tmp: string;
  let app: { server: http.Server; base: string };
  let org: { server: http.Server; base: string } | undefined;
  let browser: Browser;
  let context: BrowserContext;
  const requests: string[] = [];
  let files: { path: string; size_bytes: number; sha256: string }[] = [];
  const job = parseJob(ASSIST_JOB);

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'shortlist-models-ui-'));
    await build({
      configFile: false,
      root: repo,
      publicDir: false,
      logLevel: 'error',
      plugins: [svelte({ configFile: false, preprocess: vitePreprocess() })],
      resolve: { alias: { $lib: path.join(repo, 'src/lib') } },
      worker: { format: 'es' },
      build: { outDir: path.join(tmp, 'site'), emptyOutDir: true, minify: false, reportCompressedSize: false, rollupOptions: { input: path.join(repo, 'tests/browser/harness/index.html') } }
    });
    // The organisation's hosting: a good copy with a true manifest, and a copy whose weights were altered after publishing.
    for (const name of ['tiny-screener', 'tampered']) cpSync(fixtureDir, path.join(tmp, 'org', name), { recursive: true });
    files = publish(path.join(tmp, 'org/tiny-screener'), { id: MODEL_ID, label: 'Tiny screener (test)', task: 'text-generation', runtime: 'transformers.js', dtype: 'fp16' });
    const manifest = JSON.parse(readFileSync(path.join(tmp, 'org/tiny-screener/manifest.json'), 'utf8'));
    writeFileSync(path.join(tmp, 'org/tampered/manifest.json'), JSON.stringify({ ...manifest, id: 'acme/tampered@fp16' }));
    const data = path.join(tmp, 'org/tampered/onnx/model_fp16.onnx_data');
    const bytes = readFileSync(data);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(data, bytes);
    app = await serve(path.join(tmp, 'site'), false);
    org = await serve(path.join(tmp, 'org'), true);
    buildTinyBertOnnx(path.join(tmp, 'org/tiny-bert'), { tokenizerDir, seed: 11 });
    publish(path.join(tmp, 'org/tiny-bert'), { id: EMBED_ID, label: 'Tiny BERT (test)', task: 'embeddings', runtime: 'transformers.js', dtype: 'fp32' });
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on('request', (r) => void requests.push(r.url()));
    await context.addInitScript(recordWorkerTraffic);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await close(app?.server);
    await close(org?.server);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  async function open(view: 'settings' | 'assist', ctx: BrowserContext = context): Promise<Page> {
    const page = await ctx.newPage();
    page.on('worker', (w) => void requests.push(w.url()));
    await page.goto(`${app.base}/tests/browser/harness/index.html#${view}`);
    await page.waitForFunction(() => (window as unknown as { harnessReady?: boolean }).harnessReady === true);
    // The admin part of Settings (device, models by URL, catalog) sits in its Advanced section.
    if (view === 'settings') await page.evaluate(() => void (document.querySelector<HTMLDetailsElement>('[data-testid="advanced"]')!.open = true));
    return page;
  }

  const shot = async (page: Page, name: string) => {
    if (!shots) return;
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, name), fullPage: true });
  };

  it('settings: caps probed (no WebGPU here), catalog marked, and the app says it works without a model', async () => {
    const page = await open('settings');
    await expect.poll(() => page.getByTestId('device-caps').innerText()).toMatch(/WebGPU\s+Not available/);
    expect(await page.getByTestId('model-features').innerText()).toMatch(/Without any model, Shortlist still parses, masks and ranks/);
    const rows = page.getByTestId('catalog-model');
    expect(await rows.count()).toBeGreaterThan(4);
    expect(await page.getByTestId('model-catalog').innerText()).toMatch(/web-llm[\s\S]*needs WebGPU/);
    expect(await page.locator('#active-text-generation').isDisabled()).toBe(true);
    await page.close();
  }, 60_000);

  it('adds the model from the org hosting: verified download, installed, active; a tampered copy is refused', async () => {
    const page = await open('settings');
    const url = page.getByLabel('Model folder URL');
    await url.fill(`${org!.base}/tampered/`);
    await page.getByRole('button', { name: 'Download and verify' }).click();
    const status = page.getByTestId('model-download');
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 60_000 }).toBe('failed');
    expect(await status.innerText()).toMatch(/Integrity check failed for .*tampered\/onnx\/model_fp16\.onnx_data/);
    expect(await page.getByTestId('installed-model').count()).toBe(0);

    await url.fill(`${org!.base}/tiny-screener/`);
    await page.getByRole('button', { name: 'Download and verify' }).click();
    await expect.poll(() => status.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    expect(await status.innerText()).toMatch(new RegExp(`${MODEL_ID}.*installed: 7 files verified`));
    await expect.poll(() => page.getByTestId('installed-model').count()).toBe(1);
    await expect.poll(() => page.locator('#active-text-generation').inputValue(), { timeout: 10_000 }).toBe(MODEL_ID);
    expect(await page.getByTestId('model-storage').innerText()).toMatch(/Models use 5\.\d MB/);
    const cached = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => new URL(r.url).pathname));
    // One install slot's folder (the model id plus the install's stamp, made a valid transformers.js id).
    const folders = new Set(cached.map((p) => p.split('/').slice(0, 4).join('/')));
    expect(folders.size).toBe(1);
    const [folder] = folders;
    expect(folder).toMatch(new RegExp(`^/models/${modelFolderFor(MODEL_ID).replace(/-[0-9a-f]{8}$/, '')}_[0-9a-z]+-[0-9a-f]{8}$`));
    expect(cached.sort()).toEqual(files.map((f) => `${folder}/${f.path}`).sort());
    await shot(page, 'settings.png');
    await page.close();
  }, 120_000);

  it('offline from the org: per-skill scores and a recommendation from the cached model, schema-valid, blind, flagged', async () => {
    await close(org!.server); // from here the model can only come from the Cache API
    const page = await open('assist');
    expect(await page.getByTestId('injection-flags').innerText()).toMatch(/asks the screener to ignore its instructions/);
    await page.getByRole('button', { name: 'Score each requirement' }).click();
    await expect.poll(() => page.getByTestId('skill-scores').count(), { timeout: 150_000, interval: 1000 }).toBe(1);
    const statuses = await page.getByTestId('skill-score').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses).toHaveLength(job.requirements.length);
    for (const s of statuses) expect(['verified', 'void-unverified-quote', 'void-no-evidence']).toContain(s);

    await page.getByRole('button', { name: 'Get a recommendation' }).click();
    await expect.poll(() => page.getByTestId('recommendation').count(), { timeout: 150_000, interval: 1000 }).toBe(1);
    expect(['select', 'reject']).toContain(await page.getByTestId('recommendation').getAttribute('data-status'));
    expect(await page.getByTestId('final-call').innerText()).toMatch(/You, the recruiter, make the final decision/);
    await shot(page, 'assist.png');

    const traffic = (await page.evaluate(() => (window as unknown as { workerTraffic: { sent: string[]; results: { text: string; finishReason: string }[] } }).workerTraffic)) as {
      sent: string[];
      results: { text: string; finishReason: string }[];
    };
    const prompts = traffic.sent.filter((m) => m.includes('"messages"'));
    expect(prompts).toHaveLength(2);
    for (const p of prompts) {
      expect(p).toContain('Kubernetes clusters');
      expect(p).not.toContain(ASSIST_RESUME.name.split(' ')[0]);
      expect(p).not.toContain('robin.example@example.com');
    }
    const answers = traffic.results.filter((r) => r.finishReason === 'stop');
    expect(answers).toHaveLength(2);
    const ajv = new Ajv({ strict: false });
    expect(ajv.validate(skillScoresSchema(job.requirements.map((r) => r.id)), JSON.parse(answers[0].text)), ajv.errorsText()).toBe(true);
    expect(ajv.validate(recommendationSchema, JSON.parse(answers[1].text)), ajv.errorsText()).toBe(true);
    await page.close();
  }, 330_000);

  it('interview kit with a follow-up on a vague answer, then cancel stops a running task with a clear message', async () => {
    const page = await open('assist');
    const logs: string[] = [];
    page.on('console', (m) => void logs.push(m.text()));
    await page.getByRole('button', { name: 'Write an interview kit' }).click();
    await expect.poll(() => page.getByTestId('interview-kit').count(), { timeout: 150_000, interval: 1000 }).toBe(1);
    const questions = page.getByTestId('kit-question');
    expect(await questions.count()).toBeGreaterThan(0);
    const first = questions.first();
    await first.locator('summary').click();
    await first.getByRole('textbox').fill('I improved performance of the platform a lot.');
    await first.getByRole('button', { name: 'Suggest a follow-up' }).click();
    await expect.poll(() => first.getByTestId('follow-up').count(), { timeout: 120_000, interval: 1000 }).toBe(1);
    // Vague ("improved performance", no number) per the code check whatever the random model says: a question is asked.
    expect(await first.getByTestId('follow-up').getAttribute('data-vague')).toBe('true');
    expect(await first.getByTestId('follow-up').innerText()).toMatch(/Ask next: .+\?/);
    await shot(page, 'assist-kit.png');

    await page.getByRole('button', { name: 'Write a new kit' }).click();
    await expect.poll(async () => Number((await page.getByTestId('assist-stream').innerText()).match(/(\d+) characters/)?.[1] ?? 0), { timeout: 120_000 }).toBeGreaterThan(3);
    await page.getByTestId('assist-stream').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('assist-stream').count(), { timeout: 30_000 }).toBe(0);
    expect(await page.getByTestId('assist-panel').innerText()).toMatch(/The generation was cancelled before the answer was complete/);
    // The SOFT path is required: the worker saw llm.cancel between two decode steps and answered the generate call
    // itself with finishReason 'cancelled'. The hard fallback (models.service restarts the worker after
    // SOFT_CANCEL_MS) terminates the worker before it answers and logs "restarted it", so it fails here.
    const restarted = logs.filter((l) => l.includes('restarted it'));
    console.info(`[models-ui] cancel path: ${restarted.length ? 'hard (worker restarted)' : 'soft (llm.cancel)'}`);
    expect(restarted).toEqual([]);
    const results = await page.evaluate(() => (window as unknown as { workerTraffic: { results: { finishReason: string }[] } }).workerTraffic.results.map((r) => r.finishReason));
    expect(results.filter((r) => r === 'cancelled')).toHaveLength(1);
    await page.close();
  }, 330_000);

  it('delete removes the files from the cache; without a model the panel says what needs one', async () => {
    const page = await open('settings');
    await expect.poll(() => page.getByTestId('installed-model').count()).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('installed-model').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId('installed-model').count()).toBe(0);
    expect(await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).length)).toBe(0);
    const assist = await open('assist');
    expect(await assist.getByTestId('assist-needs-model').innerText()).toMatch(/need an on-device language model/);
    await page.close();
    await assist.close();
  }, 60_000);

  /** Add the tiny BERT from the org hosting in `ctx`, then embed through models.service twice. */
  async function addAndEmbed(ctx: BrowserContext) {
    const page = await open('settings', ctx);
    await page.getByLabel('Model folder URL').fill(`${org!.base}/tiny-bert/`);
    await page.getByRole('button', { name: 'Download and verify' }).click();
    await expect.poll(() => page.getByTestId('model-download').getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    await expect.poll(() => page.locator('#active-embeddings').inputValue(), { timeout: 10_000 }).toBe(EMBED_ID);
    const r = (await page.evaluate((t) => (window as unknown as { embedCheck: (t: string[]) => Promise<unknown> }).embedCheck(t), EMBED_TEXTS)) as
      | { device: string; dims: number; hits: number[]; vectors: number[][] }
      | { error: string };
    await page.close();
    if ('error' in r) throw new Error(r.error);
    return r;
  }

  async function nodeVectors() {
    const node = await createEmbeddingPipeline({ model: 'tiny-bert', localModelPath: path.join(tmp, 'org') + '/', allowRemoteModels: false, device: 'cpu' });
    const vectors = await node.embed(EMBED_TEXTS);
    await node.dispose();
    return vectors;
  }

  it('embeddings on WASM: the installed tiny BERT matches the Node pipeline; a re-run is served from IndexedDB', async () => {
    if (!org?.server.listening) org = await serve(path.join(tmp, 'org'), true); // the offline test shut it down
    const r = await addAndEmbed(context);
    expect(r).toMatchObject({ device: 'wasm', dims: 32, hits: [0, EMBED_TEXTS.length] });
    const expected = await nodeVectors();
    r.vectors.forEach((v, i) => v.forEach((x, d) => expect(x).toBeCloseTo(expected[i][d], 4)));
  }, 120_000);

  it('embeddings on WebGPU (SwiftShader): caps probe finds the adapter and the same vectors come out', async () => {
    const gpuBrowser = await chromium.launch({ executablePath: chromiumPath, args: WEBGPU_ARGS });
    try {
      const ctx = await gpuBrowser.newContext();
      ctx.on('request', (r) => void requests.push(r.url()));
      const r = await addAndEmbed(ctx);
      expect(r).toMatchObject({ device: 'webgpu', dims: 32, hits: [0, EMBED_TEXTS.length] });
      const expected = await nodeVectors();
      r.vectors.forEach((v, i) => v.forEach((x, d) => expect(x).toBeCloseTo(expected[i][d], 3)));
    } finally {
      await gpuBrowser.close();
    }
  }, 150_000);

  it('made no request outside 127.0.0.1', () => {
    const foreign = requests.filter((u) => !/^(https?:\/\/127\.0\.0\.1:\d+\/|blob:|data:|about:)/.test(u));
    expect(foreign).toEqual([]);
    expect(requests.length).toBeGreaterThan(10);
  });
});
