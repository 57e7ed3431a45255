/**
 * Playwright config for UI benchmarks (`npm run bench:ui`): the e2e settings, pointed at bench/ui.
 * Benchmarks measure speed targets on the built app; they are not part of `npm test`.
 */
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

const webServer = Array.isArray(base.webServer) ? base.webServer[0] : base.webServer;

export default defineConfig({
  ...base,
  testDir: '.',
  outputDir: '../../test-results/bench-ui',
  webServer: webServer && { ...webServer, cwd: '../..' }
});
