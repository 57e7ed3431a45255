/**
 * Loads pdf.js' legacy build for ingestion, once, and undoes its one costly side effect. The legacy build bundles
 * core-js, which REPLACES Array.prototype.push and unshift for the whole realm (V8 fails core-js' test for arrays
 * longer than 2^32, so the polyfill is forced): every push in pdf.js' parser, its operator lists and our own code
 * then runs through a JavaScript loop plus a `length` setter, ~20% of all PDF ingest CPU time (profiled with
 * --cpu-prof on 72 resumes). The natives are captured when this module is evaluated — it must be imported before
 * any pdf.js module, which pdf.ts and workers/ingest.worker.ts do — and put back after pdf.js has loaded; the only
 * behaviour they lack is the spec's error for arrays past 2^53 elements, which nothing here builds.
 *
 * In Node the worker half (pdf.worker.mjs) is imported here too and handed to pdf.js as `globalThis.pdfjsWorker`
 * (the in-thread fake worker pdf.js would otherwise import lazily, re-installing the polyfill after the restore).
 * Non-goals: other core-js polyfills (they fill gaps Node 20 really has, e.g. Promise.withResolvers).
 */
/// <reference path="./pdfjs-worker.d.ts" />
import type { PdfJsModule } from './types';

const NATIVE_PUSH = Array.prototype.push;
const NATIVE_UNSHIFT = Array.prototype.unshift;

/** Puts the realm's native Array push/unshift back if a bundled polyfill replaced them; returns whether it did. */
export function restoreNativeArrayMethods(): boolean {
  let restored = false;
  if (Array.prototype.push !== NATIVE_PUSH) {
    Object.defineProperty(Array.prototype, 'push', { value: NATIVE_PUSH, writable: true, configurable: true, enumerable: false });
    restored = true;
  }
  if (Array.prototype.unshift !== NATIVE_UNSHIFT) {
    Object.defineProperty(Array.prototype, 'unshift', { value: NATIVE_UNSHIFT, writable: true, configurable: true, enumerable: false });
    restored = true;
  }
  return restored;
}

let loaded: Promise<PdfJsModule> | null = null;

/** The legacy pdf.js module (with its worker half in-thread where no worker is set), natives restored. */
export function loadLegacyPdfJs(): Promise<PdfJsModule> {
  loaded ??= (async () => {
    const pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJsModule;
    const g = globalThis as { pdfjsWorker?: unknown; window?: unknown };
    // Node (no window, no worker set): load the worker half now, so its polyfills land before the restore.
    if (!g.pdfjsWorker && typeof g.window === 'undefined' && typeof process !== 'undefined' && process.versions?.node) {
      g.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    }
    restoreNativeArrayMethods();
    return pdfjs;
  })();
  return loaded;
}
