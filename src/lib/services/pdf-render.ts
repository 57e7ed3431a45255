/**
 * pdf.js for on-screen rendering in the page (the ingest worker uses pdf.js only for text). The pdf.js
 * worker script, standard fonts, CMaps and wasm decoders are self-hosted under /pdfjs/ and precached by the
 * service worker, so rendering works offline and never contacts a CDN. Each page is a canvas with pdf.js' text
 * layer over it (transparent text runs positioned like the glyphs), which evidence highlights are measured against.
 * Non-goals: text extraction for scoring (core/ingest), annotations, forms, highlighting (PdfViewer).
 * Shape legend: a text layer's runs are sized by the CSS variable --total-scale-factor (CSS pixels per PDF point),
 * which the page element sets and which follows the page's width when it is resized.
 */
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

/** Base path of the pdf.js assets copied into the build (see vite.config.ts `copyPdfjsAssets`). */
export const PDFJS_ASSET_BASE = '/pdfjs/';

/** One rendered page: its element (canvas + text layer), the text items' strings and their runs, in the same order. */
export interface RenderedPage {
  element: HTMLDivElement;
  items: string[];
  runs: HTMLElement[];
}

export interface PdfDocumentHandle {
  pageCount: number;
  /** Renders page `pageNumber` (1-based), about `cssWidth` CSS pixels wide, with its text layer. */
  renderPage(pageNumber: number, cssWidth: number): Promise<RenderedPage>;
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
  const observers: ResizeObserver[] = [];
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
      const element = document.createElement('div');
      element.className = 'pdf-page';
      element.dataset.page = String(pageNumber);
      const layer = document.createElement('div');
      layer.className = 'textLayer';
      element.append(canvas, layer);
      // Runs are laid out in PDF points × --total-scale-factor: keep it equal to the page's shown width per point.
      const setScale = () => element.style.setProperty('--total-scale-factor', String((element.clientWidth || cssWidth) / unscaled.width));
      setScale();
      const observer = new ResizeObserver(setScale);
      observer.observe(element);
      observers.push(observer);
      const textLayer = new pdfjs.TextLayer({ textContentSource: await page.getTextContent(), container: layer, viewport: page.getViewport({ scale: cssWidth / unscaled.width }) });
      await textLayer.render();
      page.cleanup();
      return { element, items: [...textLayer.textContentItemsStr], runs: [...textLayer.textDivs] };
    },
    destroy() {
      for (const observer of observers) observer.disconnect();
      void task.destroy();
    }
  };
}
