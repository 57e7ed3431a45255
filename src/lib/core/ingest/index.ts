/**
 * Document ingestion, the public entry: bytes + file name → visible text (or a Result error with a stable
 * code and a message naming the file). Sniffs the real type from magic bytes, enforces size caps, then
 * dispatches to PDF (pdf.ts), DOCX (docx.ts) or TXT (txt.ts). Pure TypeScript: no DOM, no Node APIs;
 * the same code runs in the app's ingest web worker and in the `shortlist` CLI.
 *
 * Non-goals: resume structure (core/resume), OCR, storage.
 *
 * Never throws for bad input: every failure is `{ ok: false, error: { code, message, file } }`.
 */

import { sha256HexOfBytes } from '../models/integrity';
import { err, ok, type AppError, type Result } from '../result';
import { countMojibake, repairMojibake } from '../text/mojibake';
import { normalizeText } from '../text/normalize';
import { extractDocxText } from './docx';
import { extractPdfText } from './pdf';
import { findPdfHeader, sniffForeignFormat, sniffKind } from './sniff';
import { decodeTextFile } from './txt';
import type { DocKind, ExtractedText, ExtractOptions } from './types';

export type { DocKind, ExtractedText, ExtractOptions, HiddenReason, IngestErrorCode, PdfJsModule } from './types';
export { sniffKind, sniffForeignFormat } from './sniff';
export { detectAndDecode, decodeTextFile } from './txt';
export { checkZipArchive } from './zip-guard';
export { layoutPage, type PlacedText } from './layout';

export const DEFAULT_MAX_FILE_BYTES = 25 * 1024 * 1024;
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024;
export const DEFAULT_MAX_COMPRESSION_RATIO = 100;
const MAX_ZIP_ENTRIES = 5000;

function extensionOf(fileName: string): string {
  const m = /\.([a-z0-9]+)$/i.exec(fileName);
  return m ? m[1].toLowerCase() : '';
}

/** Extracts visible text from a PDF, DOCX or TXT file; bad files come back as a Result error. */
export async function extractText(bytes: Uint8Array, fileName: string, opts: ExtractOptions = {}): Promise<Result<ExtractedText>> {
  try {
    return await extractTextUnsafe(bytes, fileName, opts);
  } catch (e) {
    return err({ code: 'internal-error', file: fileName, message: `${fileName}: unexpected failure while reading: ${(e as Error)?.message ?? e}` });
  }
}

async function extractTextUnsafe(bytes: Uint8Array, fileName: string, opts: ExtractOptions): Promise<Result<ExtractedText>> {
  if (bytes.length === 0) return err({ code: 'empty-file', file: fileName, message: `${fileName}: the file is empty (0 bytes)` });
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (bytes.length > maxBytes) {
    return err({
      code: 'file-too-large',
      file: fileName,
      message: `${fileName}: ${(bytes.length / 1e6).toFixed(1)} MB is over the ${(maxBytes / 1e6).toFixed(1)} MB limit for one document`
    });
  }
  const kind = sniffKind(bytes);
  const ext = extensionOf(fileName);
  if (kind === 'txt') {
    const foreign = sniffForeignFormat(bytes);
    if (foreign) {
      const claimed = ext ? ` (its name says .${ext})` : '';
      return err({ code: 'unsupported-type', file: fileName, message: `${fileName}: this is ${foreign}, not a PDF, DOCX or text file${claimed}` });
    }
  }
  const warnings: string[] = [];
  if (ext && ext !== kind && ['pdf', 'docx', 'txt'].includes(ext)) warnings.push(`named .${ext} but the content is ${kind.toUpperCase()}; read as ${kind.toUpperCase()}`);
  const sha256 = await sha256HexOfBytes(bytes);
  const base = { fileName, kind, sha256 };
  if (kind === 'pdf') {
    const start = findPdfHeader(bytes);
    const pdf = await extractPdfText(start > 0 ? bytes.subarray(start) : bytes, fileName, opts);
    if (!pdf.ok) return pdf;
    return ok({ ...base, ...pdf.value, text: cleanExtracted(pdf.value.text, warnings), warnings: [...warnings, ...pdf.value.warnings] });
  }
  if (kind === 'docx') {
    const docx = await extractDocxText(bytes, fileName, {
      maxUncompressedBytes: opts.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES,
      maxCompressionRatio: opts.maxCompressionRatio ?? DEFAULT_MAX_COMPRESSION_RATIO,
      maxEntries: MAX_ZIP_ENTRIES
    });
    if (!docx.ok) return docx;
    const text = cleanExtracted(docx.value.text, warnings);
    const date = docx.value.documentDate ? { documentDate: docx.value.documentDate } : {};
    return ok({ ...plainResult(base, text, [...warnings, ...docx.value.warnings]), hidden: docx.value.hidden, ...date });
  }
  const txt = decodeTextFile(bytes, fileName);
  if (!txt.ok) return txt;
  if (txt.value.encoding !== 'utf-8') warnings.push(`decoded as ${txt.value.encoding}`);
  if (txt.value.mojibakeRepaired > 0) warnings.push(`repaired ${txt.value.mojibakeRepaired} mis-decoded character sequence(s) (mojibake)`);
  return ok(plainResult(base, normalizeText(txt.value.text), warnings));
}

/**
 * Documents made from mis-decoded text carry the mojibake inside them ("goals.Â Develop"), so PDF and
 * DOCX text gets the same conservative repair as TXT, then normalisation.
 */
function cleanExtracted(text: string, warnings: string[]): string {
  const broken = countMojibake(text);
  if (broken > 0) warnings.push(`repaired ${broken} mis-decoded character sequence(s) (mojibake)`);
  return normalizeText(broken > 0 ? repairMojibake(text) : text);
}

function plainResult(base: { fileName: string; kind: DocKind; sha256: string }, text: string, warnings: string[]): ExtractedText {
  return { ...base, text, pageCount: 1, imageOnly: false, hidden: { chars: 0, byReason: {} }, warnings };
}
