/**
 * Types of document ingestion: what `extractText` returns, the options it takes, and the stable error
 * codes a batch records per file. Pure types, shared by the app's ingest worker, the CLI and tests.
 *
 * Non-goals: parsing the text into a resume (core/resume), scoring (core/score).
 *
 * Shape legend: `hidden.byReason` maps a HiddenReason to a count of non-whitespace characters dropped;
 * sizes are bytes; PDF geometry is in PDF points (1/72 inch), origin bottom-left.
 */

export type DocKind = 'pdf' | 'docx' | 'txt';

/** Why a run of PDF or DOCX text was judged invisible (or illegible) to a human reader and dropped. */
export type HiddenReason =
  | 'invisibleRenderMode' // text render mode 3 (neither fill nor stroke) or 7 (clip only)
  | 'backgroundColour' // fill colour within a small distance of the colour painted behind it
  | 'lowContrast' // legible colour only on paper: contrast with what is behind under legibility.ts's bar
  | 'transparent' // fill alpha (ExtGState /ca) near zero
  | 'tinyGlyph' // font size (or width scale) under `minGlyphSizePt`, DOCX under 4 pt
  | 'offPage' // outside the page's crop box
  | 'coveredByShape' // an opaque filled shape painted on top of it later
  | 'hiddenFormatting'; // DOCX run marked hidden (<w:vanish/>), directly or through its styles

export interface ExtractedText {
  fileName: string;
  kind: DocKind;
  /** Visible text in reading order: lines joined by '\n', blocks and pages by a blank line. */
  text: string;
  pageCount: number;
  /** True when a PDF has no text layer at all (a scan): it needs OCR and must not be scored as empty. */
  imageOnly: boolean;
  /** What was dropped as invisible and why (hidden-text prompt injection is a known attack). */
  hidden: { chars: number; byReason: Record<string, number> };
  warnings: string[];
  /** Hex SHA-256 of the input bytes (dedupe key; identical uploads share it). */
  sha256: string;
  /**
   * The document's own date, ISO 8601 UTC, from its metadata: PDF Info ModDate (else CreationDate), DOCX
   * docProps/core.xml modified (else created). Absent for TXT and when the metadata has none (or an
   * implausible one). Resume parsing resolves "Present" to it.
   */
  documentDate?: string;
}

/** The subset of the pdfjs-dist module that ingestion uses; inject it to control how pdf.js loads. */
export interface PdfJsModule {
  getDocument: (params: Record<string, unknown>) => { promise: Promise<unknown>; destroy?: () => Promise<void> };
  OPS: Record<string, number>;
}

export interface ExtractOptions {
  /** Largest input accepted, any kind (default 25 MB). */
  maxFileBytes?: number;
  /** DOCX: largest total uncompressed size of the archive (default 50 MB). */
  maxUncompressedBytes?: number;
  /** DOCX: largest compression ratio of any entry and of the whole archive (default 100). */
  maxCompressionRatio?: number;
  /** PDF: pages read at most; later pages are skipped with a warning (default 50). */
  maxPages?: number;
  /** PDF: glyphs smaller than this many points are hidden (default legibility.ts's MIN_GLYPH_PT, 4). */
  minGlyphSizePt?: number;
  /** PDF: a pdfjs-dist module, or a loader for one (default: dynamic import of the legacy build). */
  pdfjs?: PdfJsModule | (() => Promise<PdfJsModule>);
  /** PDF: extra getDocument parameters (e.g. standardFontDataUrl in Node). */
  pdfDocumentParams?: Record<string, unknown>;
  /**
   * PDF: where page text comes from. 'operatorList' (default): built from the operator list the hidden-text defence
   * reads anyway (one content-stream parse; pages it cannot handle fall back per page); 'textContent': pdf.js
   * getTextContent aligned to that list (two parses; the reference the first is checked against).
   */
  pdfTextSource?: 'operatorList' | 'textContent';
}

/** Stable machine-readable error codes of ingestion (UI and CLI key messages and counts on these). */
export type IngestErrorCode =
  | 'empty-file'
  | 'file-too-large'
  | 'unsupported-type' // an image, archive, legacy .doc or other known non-document format
  | 'binary-junk' // bytes that are neither a known format nor text
  | 'pdf-encrypted'
  | 'pdf-truncated'
  | 'pdf-corrupt'
  | 'docx-zip-bomb'
  | 'docx-corrupt'
  | 'not-docx' // a ZIP archive that is not a Word document
  | 'internal-error';
