/**
 * Playwright end-to-end config: Debian's Chromium (never a downloaded browser), the built app served by
 * `npm run preview` on 127.0.0.1:4173 (`npm run test:e2e` builds first), one worker (the CI box has 2 cores).
 * Set SHORTLIST_E2E_PORT to serve on another port (e.g. when 4173 is taken on a shared machine).
 */
import { defineConfig } from '@playwright/test';

const port = Number(process.env.SHORTLIST_E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 6 * 60_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    baseURL,
    browserName: 'chromium',
    serviceWorkers: 'allow',
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    }
  },
  webServer: {
    command: port === 4173 ? 'npm run preview' : `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 120_000
  }
});
