/**
 * Settings in the built app (Debian Chromium, real service worker, real Cache API and IndexedDB), for its two
 * audiences: the recruiter's Smart features (plain words, on/off, ready offline; no device or runtime jargon) and,
 * behind Advanced, the admin part (device caps, catalog where only models that run here are recommended, model by
 * URL, storage, feedback export). Then adds the tiny random Llama from an organisation's static hosting (a CORS
 * server on 127.0.0.1 serving a temp copy of ../shared/models/tiny-random-llama-onnx with a manifest whose sha256s
 * are computed here): verified, installed, on, its runtime cached (it is not precached on the first visit), and
 * still installed and ready after an OFFLINE reload. Requests only go to the app and the org hosting.
 * The assist panels with the real LLM worker are covered by tests/browser/models-ui.test.ts.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ACCOUNTANT_JOB_DESCRIPTION, createJob, recordRequests, serveOrgHosting, waitForBatch } from './helpers';

const FIXTURE = path.resolve(process.cwd(), '../shared/models/tiny-random-llama-onnx');
const MODEL_ID = 'acme/tiny-screener@fp16';

test('settings: the recruiter sees smart features in plain words; the admin part is behind Advanced', async ({ page, context, baseURL }) => {
  const requests = recordRequests(context, new URL(baseURL!).origin);
  await page.goto('/');
  await page.getByRole('banner').getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  const features = page.getByTestId('model-features');
  await expect(features).toContainText('Without any model, Shortlist still parses, masks and ranks every resume');
  await expect(page.getByTestId('smart-feature')).toHaveCount(2);
  for (const name of ['Semantic matching', 'Screening assistant']) await expect(features.getByTestId('smart-feature').filter({ hasText: name })).toContainText('Not installed');
  // Recommended for this device: a model that runs here (launched with --disable-gpu: no WebGPU, so no web-llm).
  await expect(features.getByTestId('smart-feature').filter({ hasText: 'Screening assistant' })).toContainText(/recommended for this device: \w+/);
  expect(await features.innerText()).not.toMatch(/shader|WebGPU|web-llm|WASM|q4|q8|fp16|fp32|runtime|VRAM|manifest/i);

  // The admin part is there but closed; opened, it shows the device, the catalog and the organisation's URL.
  const advanced = page.getByTestId('advanced');
  await expect(advanced).not.toHaveAttribute('open', '');
  await expect(page.getByLabel('Model folder URL')).toBeHidden();
  await page.getByText('Advanced', { exact: true }).click();
  await expect(page.getByLabel('Model folder URL')).toBeVisible();
  await expect(page.getByTestId('device-caps')).toContainText(/WebGPU\s+Not available/);
  expect(await page.getByTestId('catalog-model').count()).toBeGreaterThan(4);
  await expect(page.getByTestId('model-catalog')).toContainText('needs WebGPU');
  await expect(page.getByTestId('feedback-export')).toBeVisible();
  await expect(page.getByTestId('storage-explainer')).toBeVisible();
  // Only models that run here are recommended, one per task; the catalog's web-llm defaults are not.
  const recommended = page.getByTestId('catalog-model').filter({ has: page.getByTestId('recommended') });
  await expect(recommended).toHaveCount(2);
  for (const row of await recommended.all()) await expect(row).toContainText('Runs here');
  await expect(page.getByTestId('catalog-model').filter({ hasText: 'Not here' }).getByTestId('recommended')).toHaveCount(0);
  // Advanced stays open on the next visit (the admin's choice is remembered).
  await page.reload();
  await expect(page.getByLabel('Model folder URL')).toBeVisible();
  expect(requests.foreign()).toEqual([]);
});

test('Advanced: the feedback export for fine-tuning (no longer on the recruiter\'s shortlist toolbar)', async ({ page }) => {
  await createJob(page, 'Senior Accountant', ACCOUNTANT_JOB_DESCRIPTION);
  const resume = 'Jordan Reyes\njordan.reyes@example.com\nSenior Accountant, 8 years: general ledger, month-end close, GAAP, Excel, QuickBooks.\nBachelor of Accounting';
  await page.getByTestId('resume-input').setInputFiles([{ name: 'jordan.txt', mimeType: 'text/plain', buffer: Buffer.from(resume) }]);
  await waitForBatch(page, 1);
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export feedback' })).toHaveCount(0);
  await page.getByTestId('candidate-row').first().getByRole('link').click();
  await page.getByLabel('Note').fill('Strong ledger work');
  await page.getByRole('button', { name: 'Select', exact: true }).click();
  await expect(page.getByTestId('decision-status')).toContainText('selected');

  await page.goto('/settings#advanced');
  const card = page.getByTestId('feedback-export');
  await expect(card.getByRole('combobox')).toContainText('Senior Accountant · 1 candidate');
  const download = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Export feedback' }).click();
  const file = JSON.parse(readFileSync((await (await download).path())!, 'utf8')) as { schema: string; items: Array<{ masked: boolean; resumeText: string; recruiter: { note?: string } }> };
  expect(file.schema).toMatch(/^shortlist\.feedback\/v1/);
  expect(file.items).toHaveLength(1);
  // Blind mode is on: the export is masked.
  expect(file.items[0].masked).toBe(true);
  expect(file.items[0].resumeText).not.toContain('jordan.reyes@example.com');
  await expect(page.getByRole('status').filter({ hasText: 'Exported feedback on 1 decided candidate.' })).toBeVisible();
});

test.describe('with the tiny Llama fixture', () => {
  test.skip(!existsSync(FIXTURE), `needs ${FIXTURE} (../shared is absent on this machine)`);
  let tmp: string;
  let hosting: { base: string; close: () => Promise<void> } | undefined;
  let orgBase: string;

  test.beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'shortlist-org-'));
    const dir = path.join(tmp, 'tiny-screener');
    cpSync(FIXTURE, dir, { recursive: true });
    const list = (sub: string): string[] => readdirSync(path.join(dir, sub), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(path.join(sub, e.name)) : [path.join(sub, e.name)]));
    const files = list('').map((rel) => {
      const bytes = readFileSync(path.join(dir, rel));
      return { path: rel.split(path.sep).join('/'), size_bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
    });
    const manifest = { format: 'shortlist-model-manifest', version: 1, id: MODEL_ID, label: 'Tiny screener (test)', task: 'text-generation', runtime: 'transformers.js', dtype: 'fp16', license: 'mit', files };
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    hosting = await serveOrgHosting(tmp);
    orgBase = hosting.base;
  });

  test.afterAll(async () => {
    await hosting?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('add from the org hosting: verified, installed, on, ready offline, and still there after an offline reload', async ({ page, context, baseURL }) => {
    const requests = recordRequests(context, new URL(baseURL!).origin);
    await page.goto('/settings#advanced');
    await page.getByLabel('Model folder URL').fill(`${orgBase}/tiny-screener/`);
    await page.getByRole('button', { name: 'Download and verify' }).click();
    await expect(page.getByTestId('model-download')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('model-download')).toContainText('installed: 7 files verified');
    await expect(page.getByTestId('installed-model')).toHaveCount(1);
    await expect(page.locator('#active-text-generation')).toHaveValue(MODEL_ID);
    const assistant = page.getByTestId('smart-feature').filter({ hasText: 'Screening assistant' });
    await expect(assistant.getByRole('switch', { name: 'Screening assistant' })).toBeChecked();
    await expect(assistant).toContainText('Uses Tiny screener (test).');
    await expect(assistant).toContainText('Ready offline');

    // The LLM runtime (its worker, ONNX Runtime's wasm) was fetched by the install, not by the first visit.
    const runtime = await page.evaluate(async () => {
      const list = (await (await fetch('/model-runtimes.json')).json()) as { tasks: Record<string, string[]> };
      const cached = new Set((await (await caches.open('shortlist-model-runtimes')).keys()).map((r) => new URL(r.url).pathname));
      return { needed: list.tasks['text-generation'], missing: list.tasks['text-generation'].filter((p) => !cached.has(p)) };
    });
    expect(runtime.needed.some((p) => p.endsWith('.wasm'))).toBe(true);
    expect(runtime.missing).toEqual([]);

    // The recruiter's switch turns the feature off and on without touching the installed model.
    await assistant.getByText('Screening assistant').click();
    await expect(page.locator('#active-text-generation')).toHaveValue('');
    await expect(assistant).toContainText('Off: the built-in scorer only.');
    await assistant.getByText('Screening assistant').click();
    await expect(page.locator('#active-text-generation')).toHaveValue(MODEL_ID);

    // Offline: the service worker serves the app shell; IndexedDB and the Cache API still hold the model and runtime.
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId('installed-model')).toHaveCount(1);
    await expect(page.getByTestId('installed-model')).toContainText('5.5 MB');
    await expect(assistant).toContainText('Ready offline');
    const cached = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).length);
    expect(cached).toBe(7);
    // The LLM worker script itself loads offline (served by the service worker from the runtime cache).
    const workerStatus = await page.evaluate(async (path) => (await fetch(path)).status, runtime.needed.find((p) => /llm\.worker/.test(p))!);
    expect(workerStatus).toBe(200);
    await context.setOffline(false);
    expect(requests.foreign().filter((u) => !u.startsWith(`${orgBase}/tiny-screener/`))).toEqual([]);
  });
});
