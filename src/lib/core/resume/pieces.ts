/**
 * Pieces of a header line: the line minus its dates, cut at separators (" | ", " - ", tabs, commas outside
 * parentheses, " at "), with places ("Pune, Maharashtra", "City , State", "San Francisco, CA") set apart.
 * Purpose: the candidates that experience.ts scores as position or company and education.ts as degree or
 * institution; shared so both read a line the same way.
 * Non-goals: deciding roles (the callers do).
 * Shape legend: a Piece is a trimmed half-open span into the text; `place` marks a location piece; `lineIndex`
 * is the index of its line in the caller's Line array.
 */
import { withoutDates, type Line } from './lines';
import { CITY_EXACT_RE, PLACE_EXACT_RE, REGION_EXACT_RE, REGION_INLINE_RE, US_STATE_CODE_EXACT_RE } from './vocab';
import type { Span } from './types';

export interface Piece extends Span {
  text: string;
  lineIndex: number;
  /** A location ("Pune", "Maharashtra", "City , State"). */
  place: boolean;
  /** Not the first piece of its line. */
  afterSeparator: boolean;
  /** The piece follows " at " or "@" ("Engineer at Acme Corp"). */
  afterAt: boolean;
}

const LEAD_TRIM_RE = /^[\s,|•·:;–—\-*"“”)\]]+/;
const TAIL_TRIM_RE = /[\s,|•·:;–—\-*"“”([]+$/;
/** Anonymisation placeholders of the Kaggle resume set, and "City, ST" style locations inside a line. */
const PLACEHOLDER_RE = /\bCompany Name\b|\bCity\s*,\s*State\b/g;

const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

/** Whether a string is a place: a known place, a US state code, or "City, Region" with a known region. */
export function isPlace(s: string): boolean {
  const t = s.trim().replace(/\s*,\s*/g, ', ').replace(/[.]$/, '');
  if (!t) return false;
  if (PLACE_EXACT_RE.test(t) || US_STATE_CODE_EXACT_RE.test(t) || /^City(?:, State)?$/.test(t) || t === 'State') return true;
  const m = /^(.+?), (.+)$/.exec(t);
  if (!m) return false;
  const parts = t.split(', ');
  const last = parts[parts.length - 1];
  const regionOk = REGION_EXACT_RE.test(last) || US_STATE_CODE_EXACT_RE.test(last) || CITY_EXACT_RE.test(last);
  return regionOk && parts.slice(0, -1).every((p) => /^\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}?[\p{L}.'’-]+){0,3}$/u.test(p) || isPlace(p));
}

/** Cut points of a line: separators outside parentheses. Returns [start, end) offsets relative to the string. */
function segments(s: string, opts: { commas: boolean }): Array<[number, number, boolean]> {
  const out: Array<[number, number, boolean]> = [];
  const at = String.raw`\s+at\s+|\s+@\s*|(?<=\p{L})@\s*(?=\p{Lu})`;
  const sep = opts.commas
    ? new RegExp(String.raw`\s+[|•·]\s+|\s*\|\s*|\t+|\s{2,}|\s+[-–—]+\s+|\s+[-–—]+$|^[-–—]+\s+|\s*[–—]\s*|,\s*|${at}`, 'gu')
    : new RegExp(String.raw`\s+[|•·]\s+|\s*\|\s*|\t+|\s{2,}|\s+[-–—]+\s+|\s+[-–—]+$|^[-–—]+\s+|\s*[–—]\s*|${at}`, 'gu');
  let depth = 0;
  const depthAt: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(' || s[i] === '[') depth++;
    depthAt.push(depth);
    if ((s[i] === ')' || s[i] === ']') && depth > 0) depth--;
  }
  let start = 0;
  let afterAt = false;
  for (const m of s.matchAll(sep)) {
    if (depthAt[m.index] > 0) continue;
    out.push([start, m.index, afterAt]);
    start = m.index + m[0].length;
    afterAt = /^\s*(?:at|@)\s*$/.test(m[0]);
  }
  out.push([start, s.length, afterAt]);
  return out;
}

/**
 * Pieces of one line (dates blanked). `commas`: cut at commas too (experience: "Title, Company, City ST");
 * education keeps "B.Com in Marketing, Accountancy" together and cuts it later.
 */
export function linePieces(text: string, line: Line, lineIndex: number, opts: { commas: boolean } = { commas: true }): Piece[] {
  // Dates are blanked; brackets left empty by them go too ("Acme Corp (2018 - 2021)").
  const s = withoutDates(line).replace(/[([]\s*[)\]]/g, (m) => ' '.repeat(m.length));
  const pieces: Piece[] = [];
  const push = (a: number, b: number, place: boolean, afterAt = false) => {
    let start = line.start + a;
    let end = line.start + b;
    const raw = text.slice(start, end);
    // A bracket left open or closed by a place cut out of it ("Acme Limited (Pune, Maharashtra)") goes too.
    let lead = raw.length - raw.replace(LEAD_TRIM_RE, '').length;
    // An opening bracket the piece never closes before a capital ("(Senior Manager (APAC)") is a stray, not part of
    // the name; before a lower-case word ("(equal to Asst.") it opens an aside, and stays to mark one.
    for (let rest = raw.slice(lead); /^[([]\s*[\p{Lu}\d]/u.test(rest) && count(rest, /[([]/g) > count(rest, /[)\]]/g); ) {
      const next = rest.slice(1).replace(LEAD_TRIM_RE, '');
      lead += rest.length - next.length;
      rest = next;
    }
    const trimmed = raw.slice(lead).replace(TAIL_TRIM_RE, '');
    start += lead;
    end = start + trimmed.length;
    if (trimmed.length < 2 || !/\p{L}/u.test(trimmed)) return;
    pieces.push({ start, end, text: text.slice(start, end), lineIndex, place: place || isPlace(trimmed), afterSeparator: pieces.length > 0, afterAt });
  };
  // Placeholders and "City, Region" spans cut the line first; each stretch between them is then segmented.
  const cuts: Array<[number, number]> = [];
  for (const m of s.matchAll(PLACEHOLDER_RE)) cuts.push([m.index, m.index + m[0].length]);
  // The capital is asserted before the lookbehind: on a line of blanked dates (a run of spaces) the lookbehind's
  // \s* and \s{2,} read back over the whole run at every position, quadratic in the line's length.
  for (const m of s.matchAll(/(?=\p{Lu})(?<=^|[,|–—-]\s*|\s{2,}|\s[-–—]\s)((?:\p{Lu}[\p{L}.'’-]+\s){0,2}\p{Lu}[\p{L}.'’-]+)\s*,\s*([\p{L}.]+(?:\s\p{L}+){0,3})(?=\s*(?:$|[|,–—•]|\s-|\s{2,}))/gu)) {
    const region = m[2].replace(/\.$/, '');
    if (!(REGION_EXACT_RE.test(region) || US_STATE_CODE_EXACT_RE.test(region))) continue;
    const a = m.index;
    const b = m.index + m[0].length;
    if (!cuts.some(([x, y]) => a < y && b > x)) cuts.push([a, b]);
  }
  // "… Behaviour Malappuram, Kerala Calicut University": a word (or a known two-word city) before ", Region"
  // with a known region cuts the line even without separators around it.
  for (const m of s.matchAll(REGION_INLINE_RE)) {
    if (!/^\p{Lu}/u.test(m[1]) || (m[2].length === 2 && !US_STATE_CODE_EXACT_RE.test(m[2])) || /^(?:us|uk)$/i.test(m[2]) && m[2] !== m[2].toUpperCase()) continue;
    let a = m.index + m[0].indexOf(m[1]);
    const before = /(\p{Lu}[\p{L}.'’-]+)\s+$/u.exec(s.slice(0, a));
    if (before && CITY_EXACT_RE.test(`${before[1]} ${m[1]}`)) a = before.index;
    const b = m.index + m[0].length;
    if (!cuts.some(([x, y]) => a < y && b > x)) cuts.push([a, b]);
  }
  cuts.sort((x, y) => x[0] - y[0]);
  let pos = 0;
  const stretch = (a: number, b: number) => {
    for (const [x, y, afterAt] of segments(s.slice(a, b), opts)) push(a + x, a + y, false, afterAt);
  };
  for (const [a, b] of cuts) {
    if (a > pos) stretch(pos, a);
    push(a, b, s.slice(a, b) !== 'Company Name');
    pos = b;
  }
  if (pos < s.length) stretch(pos, s.length);
  return pieces;
}
