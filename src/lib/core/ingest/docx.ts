/**
 * DOCX ingestion: the zip-bomb guard (zip-guard.ts) first, then mammoth's raw-text extraction.
 * Runs in browser workers (mammoth's browser build reads `arrayBuffer`) and in Node (reads `buffer`).
 *
 * Non-goals: styles, tables as structure, images, headers/footers (mammoth ignores them), legacy .doc.
 */

import mammoth from 'mammoth';
import { err, ok, type AppError, type Result } from '../result';
import { checkZipArchive, type ZipLimits } from './zip-guard';

export interface DocxText {
  text: string;
  warnings: string[];
}

/** Extracts the raw text of a DOCX after checking the archive is safe to open. */
export async function extractDocxText(bytes: Uint8Array, fileName: string, limits: ZipLimits): Promise<Result<DocxText, AppError>> {
  const verdict = checkZipArchive(bytes, limits);
  if (!verdict.ok) {
    const what = verdict.code === 'docx-zip-bomb' ? 'refused as a possible zip bomb' : 'is a damaged DOCX';
    return err({ code: verdict.code, file: fileName, message: `${fileName}: ${what}: ${verdict.reason}` });
  }
  if (!verdict.entries.some((e) => e.name === 'word/document.xml')) {
    return err({ code: 'not-docx', file: fileName, message: `${fileName}: a ZIP archive but not a Word document (no word/document.xml)` });
  }
  const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    // Node's mammoth reads `buffer`, its browser build reads `arrayBuffer`; JSZip accepts a Uint8Array.
    const input = { arrayBuffer, buffer: bytes } as unknown as Parameters<typeof mammoth.extractRawText>[0];
    const result = await mammoth.extractRawText(input);
    const warnings = result.messages.length > 0 ? [`mammoth reported ${result.messages.length} message(s) while reading the DOCX`] : [];
    return ok({ text: result.value, warnings });
  } catch (e) {
    return err({ code: 'docx-corrupt', file: fileName, message: `${fileName}: the DOCX could not be read: ${(e as Error).message}` });
  }
}
