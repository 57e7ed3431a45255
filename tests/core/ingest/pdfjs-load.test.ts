/**
 * pdfjs-load.ts: loading pdf.js' legacy build leaves the realm's native Array push/unshift in place (its bundled
 * core-js replaces them, which costs ~20% of ingest CPU), and extraction still works after the restore.
 * Non-goals: timing (bench/ingest.ts measures it).
 */
import { describe, expect, it } from 'vitest';
import { loadLegacyPdfJs, restoreNativeArrayMethods } from '../../../src/lib/core/ingest/pdfjs-load';

describe('loadLegacyPdfJs', () => {
  it('keeps the native Array.prototype.push and unshift after pdf.js (main and worker halves) has loaded', async () => {
    const push = Array.prototype.push;
    const unshift = Array.prototype.unshift;
    const pdfjs = await loadLegacyPdfJs();
    expect(typeof pdfjs.getDocument).toBe('function');
    expect((globalThis as { pdfjsWorker?: { WorkerMessageHandler?: unknown } }).pdfjsWorker?.WorkerMessageHandler).toBeDefined();
    expect(Array.prototype.push).toBe(push);
    expect(Array.prototype.unshift).toBe(unshift);
    expect(Object.keys([1, 2])).toEqual(['0', '1']); // restored as non-enumerable, like the originals
  });

  it('puts back a replaced push, and reports whether it had to', () => {
    const native = Array.prototype.push;
    Array.prototype.push = function (...items: unknown[]) {
      return native.apply(this, items);
    };
    expect(restoreNativeArrayMethods()).toBe(true);
    expect(Array.prototype.push).toBe(native);
    expect(restoreNativeArrayMethods()).toBe(false);
  });
});
