/**
 * Content sniffing: the real type of a file from its leading bytes ("magic"), never its extension, so a
 * PNG renamed .pdf is caught. Pure TypeScript.
 *
 * Non-goals: full format validation (the PDF/DOCX readers do that); text encoding (txt.ts).
 */

import type { DocKind } from './types';

/** Known non-document formats people drop by mistake, for a precise error message. */
const FOREIGN_SIGNATURES: ReadonlyArray<{ name: string; magic: number[] }> = [
  { name: 'a PNG image', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a JPEG image', magic: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', magic: [0x47, 0x49, 0x46, 0x38] },
  { name: 'a WebP/RIFF file', magic: [0x52, 0x49, 0x46, 0x46] },
  { name: 'a TIFF image', magic: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'a TIFF image', magic: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'a legacy Word .doc (OLE) file; save it as .docx or PDF', magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { name: 'a gzip archive', magic: [0x1f, 0x8b] },
  { name: 'a 7-Zip archive', magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'a RAR archive', magic: [0x52, 0x61, 0x72, 0x21] },
  { name: 'an RTF document; save it as .docx or PDF', magic: [0x7b, 0x5c, 0x72, 0x74, 0x66] },
  { name: 'an executable', magic: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'an executable', magic: [0x4d, 0x5a] }
];

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // "PK\x03\x04"
/** PDF readers accept junk before the header; the spec allows the header within the first 1024 bytes. */
const PDF_HEADER_WINDOW = 1024;

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}

/** Offset of "%PDF-" within the first 1024 bytes, or -1. */
export function findPdfHeader(bytes: Uint8Array): number {
  const end = Math.min(bytes.length - PDF_MAGIC.length, PDF_HEADER_WINDOW);
  for (let i = 0; i <= end; i++) if (startsWith(bytes, PDF_MAGIC, i)) return i;
  return -1;
}

/** The document kind the bytes are: '%PDF-' → pdf, 'PK\x03\x04' → docx (checked later), else txt. */
export function sniffKind(bytes: Uint8Array): DocKind {
  if (findPdfHeader(bytes) >= 0) return 'pdf';
  if (startsWith(bytes, ZIP_MAGIC)) return 'docx';
  return 'txt';
}

/** A known non-document format the bytes start with ("a PNG image"), or null. */
export function sniffForeignFormat(bytes: Uint8Array): string | null {
  for (const { name, magic } of FOREIGN_SIGNATURES) if (startsWith(bytes, magic)) return name;
  return null;
}
