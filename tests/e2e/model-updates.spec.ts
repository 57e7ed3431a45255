/**
 * Model versions in the built app (Debian Chromium, real Cache API and IndexedDB), from an organisation's static
 * hosting simulated by an HTTP server on 127.0.0.1 serving generated files (no ../shared needed):
 *   - a verified model is installed and active; an update of the same id from a folder with one tampered file is
 *     refused, and the installed version stays listed, active and whole (every cached file, byte for byte), also
 *     after a reload;
 *   - a page closed in the middle of installing another model leaves files no record names, and the next start
 *     of the app removes them, leaving exactly the installed version.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';

const MODEL_ID = 'acme/screener-llm@q4';
const good: Record<string, Buffer> = {
  'config.json': Buffer.from(JSON.stringify({ model_type: 'llama', hidden_size: 16 })),
  'tokenizer.json': Buffer.from(JSON.stringify({ model: { type: 'BPE', vocab: { a: 0 } } })),
  'onnx/model_q4.onnx': randomBytes(1_500_000)
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const manifest = (id: string, files: Record<string, Buffer>) => ({
  format: 'shortlist-model-manifest', version: 1, id, label: `${id} (test)`, task: 'text-generation', runtime: 'transformers.js', dtype: 'q4', license: 'mit',
  files: Object.entries(files).map(([path, b]) => ({ path, size_bytes: b.length, sha256: sha(b) }))
});

let server: http.Server;
let org = '';
/** Folders: v1 (good), v2 (same id, the weights tampered in transit), slow (another model whose weights never arrive). */
test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    const [, folder, ...rest] = (req.url ?? '').split('?')[0].split('/');
    const file = rest.join('/');
    const cors = { 'access-control-allow-origin': '*' };
    if (file === 'manifest.json') {
      const m = folder === 'slow' ? manifest('acme/other-llm@q4', good) : manifest(MODEL_ID, good);
      return void res.writeHead(200, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(m));
    }
    const body = good[file];
    if (!body) return void res.writeHead(404, cors).end();
    if (folder === 'slow' && file.endsWith('.onnx')) return void res.writeHead(200, cors); // headers, then nothing
    const sent = folder === 'v2' && file.endsWith('.onnx') ? Buffer.concat([body.subarray(0, 100), Buffer.from([body[100] ^ 1]), body.subarray(101)]) : body;
    res.writeHead(200, { ...cors, 'content-length': sent.length }).end(sent);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  org = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** Every file in the model cache: URL → SHA-256 of its bytes. */
function cachedFiles(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const cache = await caches.open('transformers-cache');
    const out: Record<string, string> = {};
    for (const request of await cache.keys()) {
      const bytes = await (await cache.match(request))!.arrayBuffer();
      out[request.url] = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
    }
    return out;
  });
}

async function install(page: Page, url: string): Promise<void> {
  await page.getByLabel('Model folder URL').fill(url);
  await page.getByRole('button', { name: 'Download and verify' }).click();
}

test('a failed update keeps the installed version; an install cut off by a closed page is swept at start-up', async ({ page, context }) => {
  await page.goto('/settings#advanced');
  await install(page, `${org}/v1/`);
  await expect(page.getByTestId('model-download')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.locator('#active-text-generation')).toHaveValue(MODEL_ID);
  const installed = await cachedFiles(page);
  expect(Object.keys(installed)).toHaveLength(3);
  expect(new Set(Object.values(installed))).toEqual(new Set(Object.values(good).map(sha)));

  // The update's weights arrive tampered: refused, naming the file; the installed version is untouched.
  await install(page, `${org}/v2/`);
  await expect(page.getByTestId('model-download')).toHaveAttribute('data-state', 'failed', { timeout: 60_000 });
  await expect(page.getByTestId('model-download')).toContainText(`Integrity check failed for ${org}/v2/onnx/model_q4.onnx`);
  await expect(page.getByTestId('installed-model')).toHaveCount(1);
  await expect(page.locator('#active-text-generation')).toHaveValue(MODEL_ID);
  expect(await cachedFiles(page)).toEqual(installed);
  await page.reload();
  await expect(page.getByTestId('installed-model')).toHaveCount(1);
  await expect(page.locator('#active-text-generation')).toHaveValue(MODEL_ID);
  expect(await cachedFiles(page)).toEqual(installed);

  // Another model: its small files are stored, its weights never arrive, and the page is closed.
  await install(page, `${org}/slow/`);
  await expect.poll(async () => Object.keys(await cachedFiles(page)).length, { timeout: 30_000 }).toBe(5);
  await page.close();
  const next = await context.newPage();
  await next.goto('/');
  await expect.poll(() => cachedFiles(next), { timeout: 30_000 }).toEqual(installed);
  await next.goto('/settings');
  await expect(next.getByTestId('installed-model')).toHaveCount(1);
  await expect(next.locator('#active-text-generation')).toHaveValue(MODEL_ID);
});
