/// <reference types="vitest/config" />
// Vite config for the recruiter PWA and the unit tests (vitest reads `test` below).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig, type Plugin } from 'vite';
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

const swiftshaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

export default defineConfig({
  plugins: [
    sveltekit(),
    copyPdfjsAssets(),
    securityHeaders(),
    ...pwaPlugins(SvelteKitPWA)
  ],
  worker: { format: 'es' },
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
