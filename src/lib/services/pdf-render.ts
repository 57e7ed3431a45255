/**
 * pdf.js for on-screen rendering in the page (the ingest worker uses pdf.js only for text). The pdf.js
 * worker script, standard fonts, CMaps and wasm decoders are self-hosted under /pdfjs/ and precached by the
 * service worker, so rendering works offline and never contacts a CDN.
 * Non-goals: text extraction (core/ingest), annotations, forms.
 */
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** Base path of the pdf.js assets copied into the build (see vite.config.ts `copyPdfjsAssets`). */
export const PDFJS_ASSET_BASE = '/pdfjs/';

export interface PdfDocumentHandle {
  pageCount: number;
  /** Renders page `pageNumber` (1-based) into a new canvas about `cssWidth` CSS pixels wide. */
  renderPage(pageNumber: number, cssWidth: number): Promise<HTMLCanvasElement>;
  destroy(): void;
}

/** Opens a PDF Blob for rendering. */
export async function loadPdfDocument(blob: Blob): Promise<PdfDocumentHandle> {
  const data = new Uint8Array(await blob.arrayBuffer());
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    standardFontDataUrl: `${PDFJS_ASSET_BASE}standard_fonts/`,
    cMapUrl: `${PDFJS_ASSET_BASE}cmaps/`,
    cMapPacked: true,
    wasmUrl: `${PDFJS_ASSET_BASE}wasm/`,
    useSystemFonts: false
  });
  const doc = await task.promise;
  return {
    pageCount: doc.numPages,
    async renderPage(pageNumber, cssWidth) {
      const page = await doc.getPage(pageNumber);
      const unscaled = page.getViewport({ scale: 1 });
      const ratio = Math.min(2, globalThis.devicePixelRatio || 1);
      const viewport = page.getViewport({ scale: (cssWidth / unscaled.width) * ratio });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.dataset.page = String(pageNumber);
      await page.render({ canvas, viewport }).promise;
      page.cleanup();
      return canvas;
    },
    destroy() {
      void task.destroy();
    }
  };
}
