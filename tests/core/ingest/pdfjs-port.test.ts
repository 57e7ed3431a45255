/**
 * pdfjs-port.ts: the shared in-thread pdf.js worker hands operator-list chunks over as copies the worker cannot
 * empty, clones every other message, and gives the same operator list and text content as pdf.js' own fake worker
 * on a real PDF with hidden text (so the hidden-text defence sees the same paint state).
 * Non-goals: timing (bench/ingest.ts measures it).
 */
import { describe, expect, it } from 'vitest';
import { loadLegacyPdfJs } from '../../../src/lib/core/ingest/pdfjs-load';
import { copyMessage, sharedPdfWorker } from '../../../src/lib/core/ingest/pdfjs-port';
import { hiddenTextPdf } from '../../fixtures/bad-inputs';

type Doc = {
  numPages: number;
  getPage(n: number): Promise<{
    getTextContent(p: object): Promise<{ items: Array<{ str?: string; transform?: number[] }> }>;
    getOperatorList(p: object): Promise<{ fnArray: number[]; argsArray: unknown[] }>;
  }>;
};

/** Operator list and text content of page 1, through `worker` (null: pdf.js' default fake worker). */
async function readPage(bytes: Uint8Array, worker: unknown) {
  const pdfjs = await loadLegacyPdfJs();
  const task = pdfjs.getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false, disableFontFace: true, ...(worker ? { worker } : {}) });
  try {
    const doc = (await task.promise) as Doc;
    const page = await doc.getPage(1);
    const ops = await page.getOperatorList({ annotationMode: 0 });
    const text = await page.getTextContent({ disableNormalization: true });
    // Glyphs arrive as class instances through one port and as plain objects through the other: compare data.
    // Font ids name the document (g_d<doc>_f<n>), which differs between workers.
    const data = JSON.stringify({ fnArray: ops.fnArray, argsArray: ops.argsArray, items: text.items.map((i) => [i.str, i.transform]) });
    return JSON.parse(data.replace(/"g_d\d+_/g, '"g_d_'));
  } finally {
    await task.destroy?.();
  }
}

describe('pdfjs-port', () => {
  it('copies an operator-list chunk so emptying the sent arrays leaves the copy whole', () => {
    const glyph = { unicode: 'A', width: 667 };
    const sent = { stream: 4, streamId: 1, chunk: { fnArray: [44, 45], argsArray: [[[glyph]], null], lastChunk: false, length: 2 } };
    const got = copyMessage(sent) as typeof sent;
    sent.chunk.fnArray.length = 0;
    sent.chunk.argsArray.length = 0;
    expect(got.chunk.fnArray).toEqual([44, 45]);
    expect(got.chunk.argsArray).toHaveLength(2);
    expect(got.chunk.lastChunk).toBe(false);
  });

  it('structured-clones every other message, as pdf.js does', () => {
    const sent = { action: 'GetPage', data: { pageIndex: 0, bytes: new Uint8Array([1, 2, 3]) } };
    const got = copyMessage(sent) as typeof sent;
    expect(got).not.toBe(sent);
    expect(got.data.bytes).not.toBe(sent.data.bytes);
    expect([...got.data.bytes]).toEqual([1, 2, 3]);
    // a stream message whose chunk is not an operator list (e.g. text content) is cloned too
    const text = { stream: 4, chunk: { items: [{ str: 'x' }] } };
    expect((copyMessage(text) as typeof text).chunk.items[0]).not.toBe(text.chunk.items[0]);
  });

  it('is one worker per realm and reads a hidden-text PDF exactly as pdf.js’ own fake worker does', async () => {
    const pdfjs = await loadLegacyPdfJs();
    const worker = sharedPdfWorker(pdfjs);
    expect(worker).not.toBeNull();
    expect(sharedPdfWorker(pdfjs)).toBe(worker);
    const bytes = hiddenTextPdf();
    const shared = await readPage(bytes, worker);
    const own = await readPage(bytes, null);
    expect(shared.fnArray.length).toBeGreaterThan(10);
    expect(shared).toEqual(own);
    // the worker outlives a document: a second one reads the same
    expect(await readPage(bytes, worker)).toEqual(own);
  });
});
