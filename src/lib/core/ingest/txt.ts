/**
 * Plain-text ingestion: encoding detection (BOMs, UTF-16 without BOM, strict UTF-8, else Windows-1252),
 * a binary-junk check, and repair of UTF-8-read-as-Latin-1 mojibake ("NaÃ¯ve" → "Naïve").
 * Pure TypeScript (TextDecoder is in browsers, workers and Node).
 *
 * Non-goals: legacy Asian code pages (Shift-JIS, GBK), HTML/Markdown stripping.
 */

import { err, ok, type Result, type AppError } from '../result';
import { countMojibake, repairMojibake } from '../text/mojibake';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  hadBom: boolean;
  mojibakeRepaired: number;
}

/** Share of control characters (not tab/CR/LF/FF) above which the bytes are judged not to be text. */
const MAX_CONTROL_SHARE = 0.02;

/** Guesses UTF-16 without a BOM from the zero bytes of ASCII-range characters; null when it is not. */
function guessBomlessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd > 0.4 * pairs && zeroEven < 0.05 * pairs) return 'utf-16le';
  if (zeroEven > 0.4 * pairs && zeroOdd < 0.05 * pairs) return 'utf-16be';
  return null;
}

/**
 * Windows-1252 bytes 0x80–0x9F (undefined ones stay as C1 code points). Decoded by hand because some
 * runtimes' TextDecoder('windows-1252') is really ISO-8859-1 there (Node 20 turns 0x96 into U+0096).
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Decodes Windows-1252 (a superset of Latin-1 for printable text). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...chunk).replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]);
  }
  return out;
}

/** Picks the encoding and decodes; never throws. */
export function detectAndDecode(bytes: Uint8Array): { text: string; encoding: TextEncodingName; hadBom: boolean } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8', hadBom: true };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', hadBom: true };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', hadBom: true };
  }
  const utf16 = guessBomlessUtf16(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, hadBom: false };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', hadBom: false };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', hadBom: false };
  }
}

/** Share of characters that are control characters or U+FFFD (evidence of binary data). */
function junkShare(text: string): number {
  if (text.length === 0) return 0;
  let junk = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isControl = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0x7f;
    if (isControl || c === 0xfffd) junk++;
  }
  return junk / text.length;
}

/** Decodes a text file, rejects binary junk, repairs mojibake. */
export function decodeTextFile(bytes: Uint8Array, fileName: string): Result<DecodedText, AppError> {
  const decoded = detectAndDecode(bytes);
  const share = junkShare(decoded.text);
  if (share > MAX_CONTROL_SHARE) {
    return err({
      code: 'binary-junk',
      file: fileName,
      message: `${fileName}: not a PDF, DOCX or text file (${Math.round(share * 100)}% of its bytes are binary control codes)`
    });
  }
  const mojibakeRepaired = countMojibake(decoded.text);
  const text = mojibakeRepaired > 0 ? repairMojibake(decoded.text) : decoded.text;
  return ok({ text, encoding: decoded.encoding, hadBom: decoded.hadBom, mojibakeRepaired });
}
