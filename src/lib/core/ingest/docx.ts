/**
 * DOCX ingestion: the zip-bomb guard (zip-guard.ts) first, hidden runs removed (docx-hidden.ts, with the
 * formatting the styles part gives them, docx-styles.ts), data tables turned into one line per row
 * (docx-tables.ts), then mammoth's raw-text extraction; the document's date from docProps/core.xml.
 * Runs in browser workers (mammoth's browser build reads `arrayBuffer`) and in Node (reads `buffer`).
 *
 * Non-goals: images, headers/footers and notes (mammoth's raw text ignores them), legacy .doc.
 */

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import mammoth from 'mammoth';
import { err, ok, type AppError, type Result } from '../result';
import { docxCoreDate } from './doc-date';
import { stripHiddenDocxRuns } from './docx-hidden';
import { parseDocxStyles } from './docx-styles';
import { flattenDocxTables } from './docx-tables';
import { checkZipArchive, type ZipLimits } from './zip-guard';

export interface DocxText {
  text: string;
  warnings: string[];
  hidden: { chars: number; byReason: Record<string, number> };
  /** docProps/core.xml modified, else created (ISO), when plausible. */
  documentDate?: string;
}

/** The styles part named by word/_rels/document.xml.rels (Word's own word/styles.xml when it names none). */
function stylesPartName(files: Record<string, Uint8Array>): string {
  const rels = files['word/_rels/document.xml.rels'];
  const rel = rels ? /<Relationship\s[^>]*Type="[^"]*\/styles"[^>]*>/.exec(strFromU8(rels))?.[0] : undefined;
  const target = rel ? /\sTarget="([^"]+)"/.exec(rel)?.[1] : undefined;
  if (!target) return 'word/styles.xml';
  return target.startsWith('/') ? target.slice(1) : `word/${target.replace(/^\.\//, '')}`;
}

/**
 * Rewrites word/document.xml (the only part mammoth's raw text reads) without hidden runs and with data tables
 * as rows; reads the document date. The archive was size-checked, so unzipping is safe.
 */
function prepareDocument(bytes: Uint8Array): { bytes: Uint8Array; byReason: Record<string, number>; chars: number; documentDate?: string } {
  const files = unzipSync(bytes);
  const core = files['docProps/core.xml'];
  const documentDate = docxCoreDate(core ? strFromU8(core) : undefined);
  const stylesPart = files[stylesPartName(files)];
  const styles = parseDocxStyles(stylesPart ? strFromU8(stylesPart) : undefined);
  const { xml: visible, hidden } = stripHiddenDocxRuns(strFromU8(files['word/document.xml']), styles);
  const byReason = hidden as Record<string, number>;
  const chars = Object.values(byReason).reduce((a, b) => a + b, 0);
  const { xml, rows } = flattenDocxTables(visible);
  const date = documentDate ? { documentDate } : {};
  if (chars === 0 && rows === 0) return { bytes, byReason: {}, chars: 0, ...date };
  files['word/document.xml'] = strToU8(xml);
  return { bytes: zipSync(files), byReason, chars, ...date };
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
  let visible: ReturnType<typeof prepareDocument>;
  try {
    visible = prepareDocument(bytes);
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
    const date = visible.documentDate ? { documentDate: visible.documentDate } : {};
    return ok({ text: result.value, warnings, hidden: { chars: visible.chars, byReason: visible.byReason }, ...date });
  } catch (e) {
    return err({ code: 'docx-corrupt', file: fileName, message: `${fileName}: the DOCX could not be read: ${(e as Error).message}` });
  }
}
