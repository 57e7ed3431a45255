/**
 * Service worker registration (the worker itself is generated at build time by @vite-pwa/sveltekit, pwa.config.ts:
 * it precaches the app shell, pdf.js worker, fonts and wasm; model runtimes are cached when a model is installed,
 * services/model-runtimes.ts). Dev server: no service worker.
 * Non-goals: caching candidate files or models (they live in IndexedDB / the model cache).
 */

/** Registers /sw.js in production builds; resolves when registered (or skipped). */
export async function registerServiceWorker(): Promise<void> {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  } catch (error) {
    console.warn('[shortlist] offline mode unavailable: service worker registration failed', error);
  }
}
