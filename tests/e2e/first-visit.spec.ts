/**
 * A light first visit: a fresh browser opening the app with no model installed downloads the app shell (pages,
 * scripts, the PDF reader and its fonts) and nothing of the model runtimes (ONNX Runtime's ~27 MB wasm, web-llm),
 * which are fetched when a model is installed. Counts the bytes that really crossed the network — the page's
 * requests and the service worker's precache fetches (Playwright reports both in Chromium), headers included,
 * responses the service worker answered from its cache excluded — until the service worker controls the page and
 * the network is idle. Prints the figure and the largest files. Needs no ../shared data.
 */
import { expect, test, type Request } from '@playwright/test';

const LIMIT_BYTES = 10 * 1024 * 1024;

test('the first visit without a model transfers under 10 MB and precaches no model runtime', async ({ page, context }) => {
  const finished: Promise<{ url: string; bytes: number; fromSw: boolean } | null>[] = [];
  context.on('requestfinished', (request: Request) => {
    finished.push(
      (async () => {
        const response = await request.response();
        // Answered by the service worker from its cache: nothing crossed the network for this request.
        if (!response || response.fromServiceWorker()) return null;
        const sizes = await request.sizes();
        return { url: request.url(), bytes: sizes.responseBodySize + sizes.responseHeadersSize + sizes.requestHeadersSize, fromSw: request.serviceWorker() !== null };
      })().catch(() => null)
    );
  });

  await page.goto('/');
  await expect(page.getByLabel('Job title')).toBeVisible();
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 60_000 });
  await page.waitForLoadState('networkidle');

  const transfers = (await Promise.all(finished)).filter((t): t is NonNullable<typeof t> => t !== null);
  const total = transfers.reduce((n, t) => n + t.bytes, 0);
  const bySw = transfers.filter((t) => t.fromSw);
  const largest = [...transfers].sort((a, b) => b.bytes - a.bytes).slice(0, 5);
  console.log(
    `first visit: ${(total / 1e6).toFixed(2)} MB in ${transfers.length} requests (${bySw.length} by the service worker, ${(bySw.reduce((n, t) => n + t.bytes, 0) / 1e6).toFixed(2)} MB); largest: ` +
      largest.map((t) => `${new URL(t.url).pathname} ${(t.bytes / 1e6).toFixed(2)} MB`).join(', ')
  );

  // The precache really ran (the service worker fetched the shell), so the figure covers it.
  expect(bySw.length).toBeGreaterThan(10);
  expect(transfers.map((t) => new URL(t.url).pathname).filter((p) => /ort-wasm|web-llm|embed\.worker|llm\.worker/.test(p))).toEqual([]);
  expect(total).toBeLessThan(LIMIT_BYTES);
});
