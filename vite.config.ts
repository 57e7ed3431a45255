/// <reference types="vitest/config" />
// Vite config for the recruiter PWA and the unit tests (vitest reads `test` below).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { createLogger, defineConfig, type Logger, type Plugin } from 'vite';
import { SECURITY_HEADERS } from './csp.config.js';
import { pwaPlugins } from './pwa.config.ts';

/**
 * Copies pdf.js's standard fonts, CMaps and wasm decoders into the client build under /pdfjs/ (fixed names,
 * because pdf.js appends file names to a base URL), so the PDF viewer is self-hosted and precached.
 */
function copyPdfjsAssets(): Plugin {
  const root = path.resolve('node_modules/pdfjs-dist');
  return {
    name: 'shortlist:copy-pdfjs-assets',
    apply: 'build',
    generateBundle(options) {
      if (!options.dir?.replaceAll('\\', '/').includes('output/client')) return;
      for (const folder of ['standard_fonts', 'cmaps', 'wasm']) {
        for (const file of readdirSync(path.join(root, folder))) {
          if (file.startsWith('LICENSE') || file.endsWith('.js')) continue;
          this.emitFile({ type: 'asset', fileName: `pdfjs/${folder}/${file}`, source: readFileSync(path.join(root, folder, file)) });
        }
      }
    }
  };
}

/**
 * Security headers (csp.config.js) on every response of the preview server, which serves the e2e tests and
 * `npm run serve`, and the same headers as a `_headers` file in the build for static hosts that read one
 * (Netlify, Cloudflare Pages; README "Hosting" shows nginx and others). SvelteKit turns CORS on for the preview
 * server; nothing on another origin needs to read the app's files, so it is switched off again.
 */
function securityHeaders(): Plugin {
  return {
    name: 'shortlist:security-headers',
    enforce: 'post',
    config: () => ({ preview: { cors: false } }),
    configurePreviewServer(server) {
      server.middlewares.use((_req, res, next) => {
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
        next();
      });
    },
    generateBundle(options) {
      if (!options.dir?.replaceAll('\\', '/').includes('output/client')) return;
      const lines = Object.entries(SECURITY_HEADERS).map(([name, value]) => `  ${name}: ${value}`);
      this.emitFile({ type: 'asset', fileName: '_headers', source: `/*\n${lines.join('\n')}\n` });
    }
  };
}

/**
 * The build log without one line per pdf.js CMap and standard font (copyPdfjsAssets emits ~180 of them and Vite's
 * size report lists each): they are counted into the line that ends the client build instead. Only those info lines
 * are touched; warnings and errors pass as they are.
 */
function quietLogger(): Logger {
  const logger = createLogger();
  const info = logger.info.bind(logger);
  let hidden = 0;
  logger.info = (msg, options) => {
    const lines = msg.split('\n');
    const kept = lines.filter((line) => !/\/pdfjs\/(cmaps|standard_fonts)\//.test(line));
    hidden += lines.length - kept.length;
    if (hidden > 0 && /built in/.test(msg)) {
      info(`  (${hidden} pdf.js CMap and font files not listed)`, options);
      hidden = 0;
    }
    if (kept.length === lines.length) info(msg, options);
    else if (kept.some((line) => line.trim())) info(kept.join('\n'), options);
  };
  return logger;
}

const swiftshaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

export default defineConfig({
  plugins: [
    sveltekit(),
    copyPdfjsAssets(),
    securityHeaders(),
    ...pwaPlugins(SvelteKitPWA)
  ],
  customLogger: quietLogger(),
  // Rolldown's timing report (printed for every bundle, workers included) is profiling advice, not a problem in the code.
  build: { rolldownOptions: { checks: { bundlerTimings: false } } },
  worker: { format: 'es', rolldownOptions: { checks: { bundlerTimings: false } } },
  // The app's CSP has no 'unsafe-eval', and ajv compiles schemas with `new Function`: the browser code gets the
  // eval-free ajv-lite (same API and messages, checked against ajv in tests/core/schema); tests keep real ajv.
  resolve: { alias: process.env.VITEST ? [] : [{ find: /^ajv$/, replacement: path.resolve('src/lib/core/schema/ajv-lite.ts') }] },
  test: {
    include: ['tests/**/*.test.ts', 'training-node/tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: {
      // Dawn (npm `webgpu`) finds SwiftShader's Vulkan driver here when no GPU is present.
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? swiftshaderIcd,
      XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp'
    }
  }
});
