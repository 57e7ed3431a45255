/**
 * The app is an installable PWA: Chromium's own installability check (DevTools Protocol
 * `Page.getInstallabilityErrors`, the same check behind the browser's install prompt) reports no error once
 * the service worker controls the page, and the manifest's icons are served from the app's origin.
 * Uses a persistent profile, because Chromium never offers installs in an incognito-like context (Playwright's
 * default). Needs no ../shared data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test } from '@playwright/test';

test('Chromium finds the app installable: manifest, icons and a controlling service worker', async ({ baseURL }) => {
  const profile = mkdtempSync(path.join(tmpdir(), 'shortlist-pwa-'));
  const { launchOptions } = test.info().project.use;
  const context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL });
  try {
    const page = await context.newPage();
    await page.goto('/');
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, undefined, { timeout: 60_000 });

    const manifest = (await (await page.request.get('/manifest.webmanifest')).json()) as { icons: Array<{ src: string; sizes: string }> };
    expect(manifest.icons.some((i) => i.sizes === '512x512')).toBe(true);
    for (const icon of manifest.icons) {
      const response = await page.request.get(icon.src);
      expect(response.ok(), `${icon.src} is served`).toBe(true);
      expect(new URL(response.url()).origin).toBe(new URL(baseURL!).origin);
    }

    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: Array<{ errorId: string }> };
    expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
