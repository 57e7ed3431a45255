// Vite config for the recruiter PWA and the unit tests (vitest reads `test` below).
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vite';

const swiftshaderIcd = '/usr/lib/chromium/vk_swiftshader_icd.json';

export default defineConfig({
  plugins: [
    sveltekit(),
    SvelteKitPWA({
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: false, // public/manifest.webmanifest is the single source
      workbox: {
        // App shell only; models and candidate files never go through the service worker cache.
        globPatterns: ['client/**/*.{js,css,html,svg,png,webmanifest,woff2,wasm,mjs}', 'prerendered/**/*.html'],
        maximumFileSizeToCacheInBytes: 40 * 1024 * 1024,
        navigateFallback: '/',
        cleanupOutdatedCaches: true
      }
    })
  ],
  worker: { format: 'es' },
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
