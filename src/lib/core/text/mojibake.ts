/**
 * Mojibake repair: text that was UTF-8 but got decoded as Windows-1252 or Latin-1 ("NaÃ¯ve", "â€™",
 * "â€¢"), possibly more than once. Pure TypeScript, no DOM, no Node APIs.
 *
 * How: each character is mapped back to the byte it came from (Latin-1 code point, or the Windows-1252
 * byte for €‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ). A run of such bytes that forms one well-formed UTF-8 sequence is
 * replaced by the character it encodes. Only sequences that are unlikely in correct text are repaired
 * (see `isConfidentSequence`), so correct text — including real "Ã" or "â" — is left unchanged. The pass
 * repeats (at most `MAX_PASSES`) to undo double encoding ("Ã¢â‚¬â„¢" → "â€™" → "’").
 *
 * One truncated shape is repaired too: "ï¼" standing alone between spaces. Fullwidth "－" (U+FF0D) is
 * UTF-8 EF BC 8D, and 0x8D is undefined in Windows-1252, so decoders that drop undefined bytes leave
 * "ï¼" (the LiveCareer-derived Kaggle resume PDFs read "Company Name ï¼ City"; the source CSV has
 * "－" there). The dropped byte could in principle be any undefined one (81 ！, 8D －, 8F ／, 90 ０,
 * 9D ＝), but only "－" stands as a separator between spaces, so only that shape is repaired.
 *
 * A second stranded shape: "Â" left before whitespace. A no-break space (U+00A0, UTF-8 C2 A0) read as
 * Latin-1 is "Â" + U+00A0, and PDF text layers and whitespace clean-up turn that U+00A0 into a plain space or
 * drop it at a line end, leaving "trackingÂ". No real word ends in a capital "Â" (it only occurs inside words:
 * "ROMÂNIA", "Âme"), so an "Â" that ends a word is read back as the no-break space it was. A lone "Â" between
 * spaces is left alone: it may be the letter itself.
 *
 * Non-goals: guessing other code pages (Shift-JIS, KOI8-R), repairing text whose bytes were lost
 * (U+FFFD), or normalising whitespace (normalizeText does that).
 */

const MAX_PASSES = 4;
const PRIVATE_USE = /[\ue000-\uf8ff]/;

/** Windows-1252 bytes 0x80–0x9F that map to non-C1 characters, keyed by that character. */
const CP1252_BYTE_BY_CHAR: ReadonlyMap<string, number> = new Map([
  ['€', 0x80], ['‚', 0x82], ['ƒ', 0x83], ['„', 0x84], ['…', 0x85], ['†', 0x86], ['‡', 0x87],
  ['ˆ', 0x88], ['‰', 0x89], ['Š', 0x8a], ['‹', 0x8b], ['Œ', 0x8c], ['Ž', 0x8e], ['‘', 0x91],
  ['’', 0x92], ['“', 0x93], ['”', 0x94], ['•', 0x95], ['–', 0x96], ['—', 0x97], ['˜', 0x98],
  ['™', 0x99], ['š', 0x9a], ['›', 0x9b], ['œ', 0x9c], ['ž', 0x9e], ['Ÿ', 0x9f]
]);

const CP1252_SPECIALS = [...CP1252_BYTE_BY_CHAR.keys()].join('');

/**
 * A candidate run: a lead char (Latin-1 0xC2–0xF4) followed by 1–3 continuation chars (bytes 0x80–0xBF,
 * written either as Latin-1 or as their Windows-1252 character).
 */
const CANDIDATE_RUN = new RegExp(`[\\u00c2-\\u00f4][\\u0080-\\u00bf${CP1252_SPECIALS}]{1,3}`, 'g');

/**
 * "ï¼" (bytes EF BC) whose third byte was dropped by a Windows-1252 decoder, standing as a separator:
 * whitespace (or text start) before it and whitespace (or text end) after it. Read as "－" (U+FF0D).
 */
const TRUNCATED_FULLWIDTH_DASH = /(?<=^|\s)\u00ef\u00bc(?=\s|$)/g;

/**
 * "Â" ending a word (a non-space before it, whitespace or text end after it): the lead byte of a no-break
 * space whose second byte became a plain space. Read as U+00A0.
 */
const STRANDED_NBSP_LEAD = /(?<=\S)\u00c2(?=\s|$)/g;

/** The byte a character stands for when text was mis-decoded as Windows-1252/Latin-1, or -1. */
function byteOfChar(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code <= 0xff) return code;
  return CP1252_BYTE_BY_CHAR.get(ch) ?? -1;
}

/** Number of bytes a UTF-8 sequence starting with `lead` has (0 when `lead` cannot start one). */
function utf8Length(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Decodes exactly one well-formed UTF-8 sequence, or returns null (overlong, surrogate, out of range). */
function decodeUtf8Sequence(bytes: readonly number[]): string | null {
  const n = bytes.length;
  if (n !== utf8Length(bytes[0])) return null;
  for (let i = 1; i < n; i++) if (bytes[i] < 0x80 || bytes[i] > 0xbf) return null;
  let cp: number;
  if (n === 2) cp = ((bytes[0] & 0x1f) << 6) | (bytes[1] & 0x3f);
  else if (n === 3) cp = ((bytes[0] & 0x0f) << 12) | ((bytes[1] & 0x3f) << 6) | (bytes[2] & 0x3f);
  else cp = ((bytes[0] & 0x07) << 18) | ((bytes[1] & 0x3f) << 12) | ((bytes[2] & 0x3f) << 6) | (bytes[3] & 0x3f);
  const minimum = n === 2 ? 0x80 : n === 3 ? 0x800 : 0x10000;
  if (cp < minimum || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return String.fromCodePoint(cp);
}

/**
 * Whether a decodable sequence is mojibake on its own: 3- and 4-byte sequences ("â€™", "ðŸ˜€") never occur
 * in correct text, nor does "Â"/"Ã" followed by a Latin-1 symbol or C1/Windows-1252 character. Other
 * 2-byte shapes with a literal C1 control are mojibake too; with a Windows-1252 character they are ambiguous
 * ("CAFÉ…" is correct text that decodes to U+0245), so those are repaired only when they touch another
 * sequence, as in a mis-decoded word ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚" → "привет").
 */
function isConfidentSequence(chars: string, bytes: readonly number[]): boolean {
  if (bytes.length >= 3 || bytes[0] === 0xc2 || bytes[0] === 0xc3) return true;
  // A literal C1 control (Latin-1 decoding of 0x80–0x9F) never belongs to correct text.
  return /[\u0080-\u009f]/.test(chars);
}

interface SequenceMatch {
  start: number;
  end: number;
  decoded: string;
  /** Repaired on its own merit (see isConfidentSequence) or because it touches another sequence. */
  accepted: boolean;
  /** The lead byte (0xC2–0xF4). */
  lead: number;
  /** Whether the sequence touches another decodable sequence (part of a mis-decoded word). */
  touching?: boolean;
}

/** Finds the mis-decoded UTF-8 sequences in `text` that are safe to repair. */
function findSequences(text: string): SequenceMatch[] {
  const found: SequenceMatch[] = [];
  for (const match of text.matchAll(CANDIDATE_RUN)) {
    const run = match[0];
    const bytes = [...run].map(byteOfChar);
    const length = utf8Length(bytes[0]);
    if (length === 0 || bytes.length < length) continue;
    const sequence = bytes.slice(0, length);
    const decoded = decodeUtf8Sequence(sequence);
    if (decoded === null) continue;
    const start = match.index ?? 0;
    // Chars after the sequence inside the run are continuation bytes, never a lead, so nothing is lost.
    found.push({ start, end: start + length, decoded, accepted: isConfidentSequence(run.slice(0, length), sequence), lead: bytes[0] });
  }
  for (let i = 0; i < found.length; i++) {
    const touchesPrevious = i > 0 && found[i - 1].end === found[i].start;
    const touchesNext = i + 1 < found.length && found[i + 1].start === found[i].end;
    if (touchesPrevious || touchesNext) found[i].accepted = found[i].touching = true;
  }
  for (const match of text.matchAll(TRUNCATED_FULLWIDTH_DASH)) {
    const start = match.index ?? 0;
    found.push({ start, end: start + 2, decoded: '\uff0d', accepted: true, lead: 0xef });
  }
  const taken = new Set(found.filter((s) => s.accepted).map((s) => s.start));
  for (const match of text.matchAll(STRANDED_NBSP_LEAD)) {
    const start = match.index ?? 0;
    if (!taken.has(start)) found.push({ start, end: start + 1, decoded: '\u00a0', accepted: true, lead: 0xc2 });
  }
  return found.filter((s) => s.accepted).sort((a, b) => a.start - b.start);
}

interface PassResult {
  text: string;
  /** For each UTF-16 index of `text`: whether this pass produced it by decoding a sequence. */
  produced: boolean[];
}

/** Lead bytes that double encoding leaves after one repair: Â/Ã (Latin-1 range), â (punctuation), ð (emoji). */
const DOUBLE_ENCODING_LEADS: ReadonlySet<number> = new Set([0xc2, 0xc3, 0xe2, 0xf0]);

/**
 * One repair pass. With `onlyWithin` (later passes), a sequence is repaired only when every character of
 * it was produced by the previous pass, its lead is one double encoding leaves behind (or it is part of a
 * mis-decoded word), and it does not decode to a private-use character. Correct text that merely looks like
 * mojibake once the first layer is gone ("é–’", "ï™”", "Ü€") is thereby left alone.
 */
function repairPass(text: string, onlyWithin?: readonly boolean[]): PassResult {
  const sequences = findSequences(text).filter(
    (s) =>
      !onlyWithin ||
      (onlyWithin.slice(s.start, s.end).every(Boolean) &&
        (DOUBLE_ENCODING_LEADS.has(s.lead) || s.touching === true) &&
        !PRIVATE_USE.test(s.decoded))
  );
  let out = '';
  const produced: boolean[] = [];
  let cursor = 0;
  for (const s of sequences) {
    const kept = text.slice(cursor, s.start);
    out += kept + s.decoded;
    for (let i = 0; i < kept.length; i++) produced.push(false);
    for (let i = 0; i < s.decoded.length; i++) produced.push(true);
    cursor = s.end;
  }
  const rest = text.slice(cursor);
  for (let i = 0; i < rest.length; i++) produced.push(false);
  return { text: out + rest, produced };
}

/** Repairs UTF-8-read-as-Windows-1252/Latin-1 mojibake, iterating for double encoding; safe on correct text. */
export function repairMojibake(text: string): string {
  let pass = repairPass(text);
  for (let n = 1; n < MAX_PASSES && pass.produced.some(Boolean); n++) {
    const next = repairPass(pass.text, pass.produced);
    if (next.text === pass.text) break;
    pass = next;
  }
  return pass.text;
}

/** Whether `text` contains a repairable mojibake sequence (what `repairMojibake` would change). */
export function hasMojibake(text: string): boolean {
  return findSequences(text).length > 0;
}

/** Counts the repairable mojibake sequences in `text` (for reports: "N sequences repaired"). */
export function countMojibake(text: string): number {
  return findSequences(text).length;
}
