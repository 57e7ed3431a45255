/**
 * Settings → Models in the built app (Debian Chromium, real service worker, real Cache API and IndexedDB):
 * reachable from the header, says the app works without any model and which features need one, probes the device,
 * then adds the tiny random Llama from an organisation's static hosting (a CORS server on 127.0.0.1 serving a temp
 * copy of ../shared/models/tiny-random-llama-onnx with a manifest whose sha256s are computed here): verified,
 * installed, active, and still installed after an OFFLINE reload. Requests only go to the app and the org hosting.
 * The assist panels with the real LLM worker are covered by tests/browser/models-ui.test.ts.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { recordRequests, serveOrgHosting } from './helpers';

const FIXTURE = path.resolve(process.cwd(), '../shared/models/tiny-random-llama-onnx');
const MODEL_ID = 'acme/tiny-screener@fp16';

test('settings: works without a model, says what needs one, probes the device', async ({ page, context, baseURL }) => {
  const requests = recordRequests(context, new URL(baseURL!).origin);
  await page.goto('/');
  await page.getByRole('banner').getByRole('link', { name: 'Models' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
  await expect(page.getByTestId('model-features')).toContainText('Without any model, Shortlist still parses, masks and ranks every resume');
  await expect(page.getByTestId('model-features')).toContainText('Not set · default scorer only');
  await expect(page.getByTestId('device-caps')).toContainText(/WebGPU\s+Not available/); // launched with --disable-gpu
  expect(await page.getByTestId('catalog-model').count()).toBeGreaterThan(4);
  await expect(page.getByTestId('model-catalog')).toContainText('needs WebGPU');
  expect(requests.foreign()).toEqual([]);
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

  test('add from the org hosting: verified, installed, active, and still there after an offline reload', async ({ page, context, baseURL }) => {
    const requests = recordRequests(context, new URL(baseURL!).origin);
    await page.goto('/settings');
    await page.getByLabel('Model folder URL').fill(`${orgBase}/tiny-screener/`);
    await page.getByRole('button', { name: 'Download and verify' }).click();
    await expect(page.getByTestId('model-download')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('model-download')).toContainText('installed: 7 files verified');
    await expect(page.getByTestId('installed-model')).toHaveCount(1);
    await expect(page.locator('#active-text-generation')).toHaveValue(MODEL_ID);
    await expect(page.getByTestId('model-features')).toContainText('Active: Tiny screener (test)');

    // Offline: the service worker serves the app shell; IndexedDB and the Cache API still hold the model.
    await page.evaluate(async () => void (await navigator.serviceWorker.ready));
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByTestId('installed-model')).toHaveCount(1);
    await expect(page.getByTestId('installed-model')).toContainText('5.5 MB');
    const cached = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).length);
    expect(cached).toBe(7);
    await context.setOffline(false);
    expect(requests.foreign().filter((u) => !u.startsWith(`${orgBase}/tiny-screener/`))).toEqual([]);
  });
});
