/**
 * Text normalisation shared by the app, the `shortlist` CLI and training-node: Unicode form, ligatures,
 * full-width forms, invisible and control characters, symbol-font bullets, whitespace. Pure TypeScript.
 *
 * Non-goals: mojibake repair (mojibake.ts; `cleanText` in index.ts runs both), HTML (html.ts), changing
 * meaning (quotes, dashes, accents and case are kept; NFKC is opt-in because it rewrites "²" to "2").
 */

export interface NormalizeOptions {
  /** 'NFC' (default) keeps compatibility characters except the explicit maps below; 'NFKC' folds them all. */
  form?: 'NFC' | 'NFKC';
  /** Keep line breaks (default true); false flattens everything to single spaces. */
  keepNewlines?: boolean;
}

/** Typographic ligatures (U+FB00–FB06) as their letters; PDFs emit these constantly. */
const LIGATURES: Readonly<Record<string, string>> = {
  '\ufb00': 'ff', '\ufb01': 'fi', '\ufb02': 'fl', '\ufb03': 'ffi', '\ufb04': 'ffl', '\ufb05': 'st', '\ufb06': 'st'
};

/**
 * Private-use code points that Word's Symbol/Wingdings fonts use for list bullets (U+F0B7 "", U+F0A7,
 * U+F0D8 arrows, …) become a plain bullet; other private-use characters are dropped.
 */
const PRIVATE_USE = /[\ue000-\uf8ff]/g;

/** Zero-width and formatting characters: ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen, bidi marks. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** C0/C1 control characters other than tab and line feed (CR is handled as a line break first). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Horizontal whitespace variants: NBSP, en/em spaces, thin spaces, ideographic space, tab. */
const HORIZONTAL_SPACE = /[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;

/** Full-width ASCII (U+FF01–FF5E) as ASCII; CJK users paste these into forms. */
function foldFullWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** Normalises Unicode form, ligatures, invisible/control characters and whitespace; idempotent. */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  const form = options.form ?? 'NFC';
  const keepNewlines = options.keepNewlines ?? true;
  let out = text.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n');
  out = out.replace(/[\ufb00-\ufb06]/g, (ch) => LIGATURES[ch] ?? ch);
  out = foldFullWidth(out);
  out = out.normalize(form);
  out = out.replace(PRIVATE_USE, (ch) => (isSymbolFontBullet(ch) ? '•' : ''));
  out = out.replace(INVISIBLE, '').replace(CONTROL, ' ');
  out = out.replace(HORIZONTAL_SPACE, ' ');
  if (!keepNewlines) return compactString(out.replace(/\s+/g, ' ').trim());
  out = out
    .split('\n')
    .map((line) => line.replace(/ {2,}/g, ' ').trim())
    .join('\n');
  return compactString(out.replace(/\n{3,}/g, '\n\n').trim());
}

const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;

/**
 * The same string, stored one byte per character wherever its characters allow. V8 keeps a string two bytes wide
 * once any step of its making was (a ligature or a private-use bullet replaced, a piece of pdf.js text), and every
 * regex over a two-byte string with Unicode classes runs slower: parsing and masking the text a resume PDF
 * extracts to took 1.8–2.5× the CPU of the same characters stored one byte wide (node --cpu-prof and a direct A/B
 * on 60 kaggle PDFs, 47 of them all Latin-1). JSON.parse builds one-byte strings when it can; the round trip is
 * exact for every string (lone surrogates included) and costs a few microseconds per resume. Text with a
 * character beyond U+00FF cannot be one byte wide and is returned as it is.
 */
export function compactString(text: string): string {
  return BEYOND_LATIN1.test(text) ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/** Whether a private-use character is one of the Symbol/Wingdings glyphs used as list bullets. */
function isSymbolFontBullet(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code >= 0xf020 && code <= 0xf0ff;
}
