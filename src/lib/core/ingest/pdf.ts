/**
 * PDF ingestion with pdf.js: per page, text content (positions) + operator list (paint state) →
 * visible runs only (pdf-visibility.ts) → reading order (layout.ts). Works in Node (legacy build, fake
 * in-thread worker) and in a browser web worker (inject the module via `opts.pdfjs`; set
 * `globalThis.pdfjsWorker` to the imported worker module there so pdf.js does not spawn a nested worker).
 *
 * Non-goals: OCR of scans (flagged `imageOnly`), annotations/form fields, attachments.
 *
 * Shape legend: PDF points; item.transform = [a, b, c, d, x, y] with (x, y) the baseline origin.
 */

import { err, ok, type AppError, type Result } from '../result';
import { parsePdfDate } from './doc-date';
import { layoutPage, type PlacedText } from './layout';
import { MIN_GLYPH_PT } from './legibility';
import { textFromOperatorList, type OpFont } from './pdf-oplist-text';
import { alignItemsToGlyphs, collectPagePaint, glyphHiddenReason, isBlank, type GlyphPaint, type PagePaint } from './pdf-visibility';
import { loadLegacyPdfJs } from './pdfjs-load';
import { sharedPdfWorker } from './pdfjs-port';
import type { ExtractOptions, HiddenReason, PdfJsModule } from './types';

export interface PdfText {
  text: string;
  pageCount: number;
  imageOnly: boolean;
  hidden: { chars: number; byReason: Record<string, number> };
  warnings: string[];
  /** Info ModDate, else CreationDate (ISO), when plausible. */
  documentDate?: string;
}

interface TextItemLike {
  str?: string;
  transform?: number[] | null;
  width?: number;
}

interface PdfPageLike {
  view: number[];
  /** pdf.js' document-wide objects on the main thread (fonts by loaded name). */
  commonObjs?: { has(id: string): boolean; get(id: string): unknown };
  getTextContent(params?: Record<string, unknown>): Promise<{ items: unknown[] }>;
  getOperatorList(params?: Record<string, unknown>): Promise<{ fnArray: ArrayLike<number>; argsArray: unknown[] }>;
  cleanup(): void;
}

interface PdfDocumentLike {
  numPages: number;
  getPage(n: number): Promise<PdfPageLike>;
  getMetadata?(): Promise<{ info?: Record<string, unknown> }>;
}

/** The document's date from its Info dictionary; metadata that cannot be read is no date, never an error. */
async function documentDateOf(doc: PdfDocumentLike): Promise<string | undefined> {
  try {
    const info = (await doc.getMetadata?.())?.info ?? {};
    return parsePdfDate(info.ModDate) ?? parsePdfDate(info.CreationDate);
  } catch {
    return undefined;
  }
}

const DEFAULT_MAX_PAGES = 50;
/** A complete PDF ends with "%%EOF" (real files may add a little trailing junk after it). */
const EOF_WINDOW = 2048;

/** Resolves the pdf.js module: injected, injected loader, or the legacy build loaded once (pdfjs-load.ts). */
async function resolvePdfJs(opts: ExtractOptions): Promise<PdfJsModule> {
  if (typeof opts.pdfjs === 'function') return opts.pdfjs();
  if (opts.pdfjs) return opts.pdfjs;
  return loadLegacyPdfJs();
}

function endsWithEofMarker(bytes: Uint8Array): boolean {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - EOF_WINDOW)));
  return tail.includes('%%EOF');
}

const ENCRYPT = [...'/Encrypt'].map((c) => c.charCodeAt(0));

/**
 * Whether the trailer (or xref stream dictionary) near the end names an /Encrypt dictionary: a byte search of the
 * last 64 KiB (decoding them to a string first cost more than the search).
 */
function declaresEncryption(bytes: Uint8Array): boolean {
  const last = bytes.length - ENCRYPT.length;
  outer: for (let i = Math.max(0, bytes.length - 65536); i <= last; i++) {
    if (bytes[i] !== ENCRYPT[0]) continue;
    for (let k = 1; k < ENCRYPT.length; k++) if (bytes[i + k] !== ENCRYPT[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * Makes the main-thread font loader of a loaded document a no-op. Text extraction never draws, but pdf.js builds
 * glyph outlines for drawing: with disableFontFace its worker compiles and posts a path per glyph shown
 * (PartialEvaluator.buildFontPaths, ~2 CPU-ms per resume on kaggle PDFs), without it the main thread turns each
 * embedded font into a FontFace or CSS rule (and, with neither in Node or a web worker, falls back to those paths).
 * The loader is pdf.js-internal (`task._transport.fontLoader`, pdf.js 5): where it is missing nothing is patched and
 * pdf.js' own fallback still reads the text, only slower. Fonts still resolve in `commonObjs`, metrics included.
 */
function skipFontFaces(task: unknown): void {
  const loader = (task as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
  if (loader && typeof loader.bind === 'function') loader.bind = async () => {};
}

function pdfError(code: string, fileName: string, what: string): Result<never, AppError> {
  return err({ code, file: fileName, message: `${fileName}: ${what}` });
}

/** Extracts visible text in reading order from a PDF, with hidden-text accounting. */
export async function extractPdfText(bytes: Uint8Array, fileName: string, opts: ExtractOptions): Promise<Result<PdfText, AppError>> {
  if (!endsWithEofMarker(bytes)) {
    return pdfError('pdf-truncated', fileName, 'the PDF is incomplete (no %%EOF end marker; interrupted download or copy?)');
  }
  const pdfjs = await resolvePdfJs(opts);
  // pdf.js detaches the buffer it is given, so it gets a copy and the caller keeps the original.
  const worker = sharedPdfWorker(pdfjs);
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    ...(worker ? { worker } : {}),
    verbosity: 0,
    isEvalSupported: false,
    // With the same-thread worker, font faces stay "on" so that pdf.js' worker does not compile and post a path for
    // every glyph shown (its disableFontFace rendering fallback); skipFontFaces makes loading them a no-op.
    disableFontFace: !worker,
    useSystemFonts: false,
    ...opts.pdfDocumentParams
  });
  let doc: PdfDocumentLike;
  try {
    doc = (await task.promise) as PdfDocumentLike;
    if (worker) skipFontFaces(task);
  } catch (e) {
    await task.destroy?.();
    const name = (e as Error)?.name;
    if (name === 'PasswordException') return pdfError('pdf-encrypted', fileName, 'the PDF is password-protected; ask for an unlocked copy');
    return pdfError('pdf-corrupt', fileName, `the PDF is damaged and cannot be read (${(e as Error)?.message ?? String(e)})`);
  }
  try {
    const pages = await readPages(doc, pdfjs.OPS, opts, worker !== null && opts.pdfTextSource !== 'textContent');
    // pdf.js opened it, so the user password is empty: only owner restrictions apply; say so.
    if (declaresEncryption(bytes)) pages.warnings.unshift('the PDF is encrypted with an empty password (owner restrictions only); text was read');
    const documentDate = await documentDateOf(doc);
    return ok(documentDate ? { ...pages, documentDate } : pages);
  } catch (e) {
    return pdfError('pdf-corrupt', fileName, `the PDF is damaged and cannot be read (${(e as Error)?.message ?? String(e)})`);
  } finally {
    await task.destroy?.();
  }
}

/** One page's text items with the paint of each character: from the operator list, else getTextContent aligned to it. */
async function pageText(
  page: PdfPageLike,
  ops: { fnArray: ArrayLike<number>; argsArray: unknown[] },
  paint: PagePaint,
  OPS: Record<string, number>,
  fromOps: boolean
): Promise<{ items: TextItemLike[]; paints: (GlyphPaint | null)[][]; misses: number; unplaced: number }> {
  const common = page.commonObjs;
  if (fromOps && common) {
    const fonts = (name: string): OpFont | null => {
      const font = common.has(name) ? common.get(name) : null;
      return font && typeof font === 'object' ? (font as OpFont) : null;
    };
    const text = textFromOperatorList(ops.fnArray, ops.argsArray, OPS, fonts, page.view, paint.glyphs);
    if (!text.unsupported) {
      const items = text.items.filter((i) => Array.isArray(i.transform));
      return { items, paints: items.map((i) => i.paints), misses: 0, unplaced: text.unplaced };
    }
  }
  const content = await page.getTextContent({ disableNormalization: true });
  const items = (content.items as TextItemLike[]).filter((i) => typeof i.str === 'string' && Array.isArray(i.transform));
  const aligned = alignItemsToGlyphs(items.map((i) => i.str as string), paint.glyphs);
  return { items, ...aligned };
}

async function readPages(doc: PdfDocumentLike, OPS: Record<string, number>, opts: ExtractOptions, fromOps: boolean): Promise<PdfText> {
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const minGlyph = opts.minGlyphSizePt ?? MIN_GLYPH_PT;
  const warnings: string[] = [];
  const byReason: Record<string, number> = {};
  let hiddenChars = 0;
  let visibleChars = 0;
  let alignMisses = 0;
  let imagePages = 0;
  const pageTexts: string[] = [];
  const pagesToRead = Math.min(doc.numPages, maxPages);
  if (doc.numPages > maxPages) warnings.push(`only the first ${maxPages} of ${doc.numPages} pages were read`);
  const hide = (reason: HiddenReason, n: number) => {
    byReason[reason] = (byReason[reason] ?? 0) + n;
    hiddenChars += n;
  };
  for (let n = 1; n <= pagesToRead; n++) {
    const page = await doc.getPage(n);
    const view = page.view as [number, number, number, number];
    // Page content only (pdf.js AnnotationMode.DISABLE = 0): annotation appearances are not in the text content
    // either, so their glyphs could only miscount as unplaced, and building them is work for nothing.
    const ops = await page.getOperatorList({ annotationMode: 0 });
    const paint = collectPagePaint(ops.fnArray, ops.argsArray, OPS);
    if (paint.paintsImages) imagePages++;
    const { items, paints, misses, unplaced } = await pageText(page, ops, paint, OPS, fromOps);
    alignMisses += misses;
    if (unplaced > 0) hide('offPage', unplaced);
    const placed: PlacedText[] = [];
    items.forEach((item, k) => {
      const [a, b, c, d, x, y] = item.transform as number[];
      const size = Math.hypot(c, d);
      // Legible size: the smaller of height and width scale (horizontal scaling Tz can squeeze text to nothing).
      const legible = Math.min(size, Math.hypot(a, b));
      const width = item.width ?? 0;
      const cx = x + width / 2;
      const cy = y + size / 3;
      const chars = [...(item.str as string)];
      let solid = 0;
      for (const ch of chars) if (!isBlank(ch)) solid++;
      if (solid === 0) {
        // A space drawn as its own item is often the only word break (the gap beside it is tiny), so it
        // is kept on the run before it, as written (NBSP included, for mojibake repair later).
        const last = placed[placed.length - 1];
        if (last && Math.abs(last.y - y) <= 0.4 * Math.max(last.size, size)) last.text += item.str;
        return;
      }
      if (legible < minGlyph) return hide('tinyGlyph', solid);
      if (cx < view[0] || cx > view[2] || cy < view[1] || cy > view[3]) return hide('offPage', solid);
      // Glyphs of one showText share a state: one verdict per operator of the item.
      const verdictByOp = new Map<number, HiddenReason | null>();
      let anyHidden = false;
      for (const p of paints[k] ?? []) {
        if (!p || verdictByOp.has(p.op)) continue;
        const reason = glyphHiddenReason(p, paint.shapes, cx, cy, legible, minGlyph);
        verdictByOp.set(p.op, reason);
        if (reason) anyHidden = true;
      }
      if (!anyHidden) {
        // Every glyph is seen (the common case): the item as written.
        visibleChars += solid;
        if ((item.str as string).trim()) placed.push({ text: item.str as string, x, y, width, size });
        return;
      }
      let text = '';
      let gap = false; // hidden characters were dropped here: keep a word break in their place
      chars.forEach((ch, i) => {
        const p = paints[k]?.[i];
        const reason = p ? (verdictByOp.get(p.op) ?? null) : null;
        if (reason) {
          hide(reason, 1);
          gap = true;
          return;
        }
        if (gap && text && !isBlank(ch) && !/\s$/.test(text)) text += ' ';
        gap = false;
        text += ch;
        if (!isBlank(ch)) visibleChars++;
      });
      if (text.trim()) placed.push({ text, x, y, width, size });
    });
    pageTexts.push(layoutPage(placed, view));
    page.cleanup();
  }
  if (alignMisses > 0) warnings.push(`${alignMisses} character(s) could not be matched to drawn glyphs and were kept as visible`);
  if (hiddenChars > 0) {
    const detail = Object.entries(byReason).map(([r, c]) => `${r} ${c}`).join(', ');
    warnings.push(`dropped ${hiddenChars} invisible character(s) (${detail}); hidden text can be a prompt-injection attempt`);
  }
  const imageOnly = visibleChars === 0;
  if (imageOnly) {
    warnings.push(
      imagePages > 0
        ? 'image-only PDF (a scan with no visible text layer): needs OCR, not scored as empty'
        : 'the PDF has no visible text and no images: needs OCR or a different file'
    );
  }
  return { text: pageTexts.join('\n\n'), pageCount: doc.numPages, imageOnly, hidden: { chars: hiddenChars, byReason }, warnings };
}
