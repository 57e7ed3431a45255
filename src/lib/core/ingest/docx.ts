/**
 * DOCX ingestion: the zip-bomb guard (zip-guard.ts) first, hidden runs removed (docx-hidden.ts), then
 * mammoth's raw-text extraction.
 * Runs in browser workers (mammoth's browser build reads `arrayBuffer`) and in Node (reads `buffer`).
 *
 * Non-goals: styles, tables as structure, images, headers/footers (mammoth ignores them), legacy .doc.
 */

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import mammoth from 'mammoth';
import { err, ok, type AppError, type Result } from '../result';
import { stripHiddenDocxRuns } from './docx-hidden';
import { checkZipArchive, type ZipLimits } from './zip-guard';

export interface DocxText {
  text: string;
  warnings: string[];
  hidden: { chars: number; byReason: Record<string, number> };
}

/** Rewrites word/document.xml without hidden runs; the archive was size-checked, so unzipping is safe. */
function withoutHiddenRuns(bytes: Uint8Array): { bytes: Uint8Array; byReason: Record<string, number>; chars: number } {
  const files = unzipSync(bytes);
  const { xml, hidden } = stripHiddenDocxRuns(strFromU8(files['word/document.xml']));
  const chars = Object.values(hidden).reduce((a, b) => a + (b ?? 0), 0);
  if (chars === 0) return { bytes, byReason: {}, chars: 0 };
  files['word/document.xml'] = strToU8(xml);
  return { bytes: zipSync(files), byReason: hidden as Record<string, number>, chars };
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
  let visible: ReturnType<typeof withoutHiddenRuns>;
  try {
    visible = withoutHiddenRuns(bytes);
  } catch (e) {
    return err({ code: 'docx-corrupt', file: fileName, message: `${fileName}: the DOCX could not be unpacked: ${(e as Error).message}` });
  }
  const docBytes = visible.bytes;
  const arrayBuffer = docBytes.buffer.slice(docBytes.byteOffset, docBytes.byteOffset + docBytes.byteLength) as ArrayBuffer;
  try {
    // Node's mammoth reads `buffer`, its browser build reads `arrayBuffer`; JSZip accepts a Uint8Array.
    const input = { arrayBuffer, buffer: docBytes } as unknown as Parameters<typeof mammoth.extractRawText>[0];
    const result = await mammoth.extractRawText(input);
    const warnings = result.messages.length > 0 ? [`mammoth reported ${result.messages.length} message(s) while reading the DOCX`] : [];
    if (visible.chars > 0) {
      const detail = Object.entries(visible.byReason).map(([r, c]) => `${r} ${c}`).join(', ');
      warnings.push(`dropped ${visible.chars} invisible character(s) (${detail}); hidden text can be a prompt-injection attempt`);
    }
    return ok({ text: result.value, warnings, hidden: { chars: visible.chars, byReason: visible.byReason } });
  } catch (e) {
    return err({ code: 'docx-corrupt', file: fileName, message: `${fileName}: the DOCX could not be read: ${(e as Error).message}` });
  }
}
