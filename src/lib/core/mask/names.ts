/**
 * Person-name detection for masking.
 * Purpose: find the candidate's (and other stated persons') names from the resume header, "Name:" fields,
 * email local parts and caller-supplied names, then every occurrence of the full name and of each name part.
 * Non-goals: general named-entity recognition (company or place names are not masked here).
 * Shape legend: DetectedSpan.entity is `person:<n>`; all parts of one person share it, so the pii profile
 * gives "John Smith", "John" and "SMITH" the same placeholder.
 */
import nonNameWords from '../../../../models/non-name-words.json';
import skillsTaxonomy from '../../../../models/skills-taxonomy.json';
import { findDegrees } from '../resume/education';
import type { DetectedSpan } from './types';

const HEADER_WORDS = new Set<string>(nonNameWords.headerWords);
const COMMON_WORDS = new Set<string>(nonNameWords.commonWords);
// A header line that names a skill ("Active Directory") is not a person.
const SKILL_NAMES = new Set<string>(skillsTaxonomy.skills.flatMap((s) => [s.name, ...s.aliases]).map((n) => n.toLowerCase()));
const HEADER_LINES_SCANNED = 6;
const MAX_LATER_NAME_LINE = 80;
const NAME_WORD = String.raw`\p{L}[\p{L}'’.-]*`;
const NAME_LINE_RE = new RegExp(String.raw`^${NAME_WORD}(?:[ \t]+${NAME_WORD}){0,3}$`, 'u');
// "Name: …" at a line start or after a separator ("Referee: Name: …"), never "Father's Name" or "Project Name".
const NAME_FIELD_RE = /(?:^|(?<=[|•;:,]|\s\s))[ \t•*-]{0,10}(?:full\s+)?name\s{0,5}[:\-–]\s{0,5}([^\n]{2,60})/gim;
const HONORIFIC_RE = /^(?:mr|mrs|ms|miss|mx|dr|prof|shri|smt|sri|kum)\.?\s+/i;
const EMAIL_LOCAL_RE = /([A-Za-z0-9._-]{1,64})\s?@\s?[A-Za-z0-9-]{1,63}\./g;

interface Person {
  full: string[];
  parts: Set<string>;
}

function words(name: string): string[] {
  return name
    .split(/[\s,]+/)
    .map((w) => w.replace(/^[.'’-]+|[.'’-]+$/g, ''))
    .filter((w) => w.length > 0);
}

const MAX_NAME_LENGTH = 60;

function looksLikeName(candidate: string): boolean {
  const ws = words(candidate);
  if (ws.length === 0 || ws.length > 4 || candidate.length > MAX_NAME_LENGTH) return false;
  if (!NAME_LINE_RE.test(candidate.trim())) return false;
  // "C- Exprience", "Legal.- Exprience": a dash used as a separator; "H. S. C.": only initials.
  if (/-\s|\s-|\.-/.test(candidate) || ws.every((w) => w.replace(/\./g, '').length <= 1)) return false;
  // "H.S.C. Pune", "B.E RTMNU": an education line, not a person.
  if (findDegrees(candidate).length > 0) return false;
  return ws.every((w) => !HEADER_WORDS.has(w.toLowerCase()));
}

/** Whether `word` (any case) appears in lower case as an ordinary word of the text, outside emails and links. */
function occursLowercase(text: string, word: string): boolean {
  const lower = word.toLowerCase();
  if (lower === word) return false; // nothing to compare against: the name itself is written in lower case
  return new RegExp(String.raw`(?<![\p{L}\p{N}@./_-])${escapeRe(lower)}(?![\p{L}\p{N}@_/-]|\.[\p{L}])`, 'u').test(text);
}

/** A candidate whose every word is also an ordinary lower-case word of the text ("PERFORMANCE TUNING") is not a name. */
function isCommonPhrase(text: string, candidate: string): boolean {
  const ws = words(candidate).filter((w) => w.replace(/\./g, '').length >= 2);
  return ws.length > 0 && ws.every((w) => occursLowercase(text, w));
}

/**
 * The name-shaped start of a line: text before the first separator, where flattened PDF text may spread
 * "Christopher    Townes    Summary" over runs of spaces (parts are joined while they still look like a name).
 */
function leadingName(line: string): string {
  const segment = line.split(/\s[|•–—-]\s|\t|,/)[0].trim().replace(HONORIFIC_RE, '');
  const parts = segment.split(/\s{3,}/);
  let name = parts[0];
  for (const part of parts.slice(1)) {
    if (!looksLikeName(`${name} ${part}`)) break;
    name = `${name} ${part}`;
  }
  return name;
}

/** The candidate's name from the first lines: the first short all-letters line that is not a title or heading. */
export function detectHeaderName(text: string): string | undefined {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).slice(0, HEADER_LINES_SCANNED);
  for (let i = 0; i < lines.length; i++) {
    // "JANE DOE | Data Analyst" or "Jane Doe - Pune": the name is the segment before the first separator.
    const head = leadingName(lines[i]);
    if (!looksLikeName(head) || isCommonPhrase(text, head) || SKILL_NAMES.has(head.toLowerCase())) continue;
    // Past the first line, only a short, list-free line of capitalised words ("Jane Doe") can be the name.
    const later = lines[i];
    if (i > 0 && (later.length > MAX_LATER_NAME_LINE || (later.match(/,/g) ?? []).length > 1 || !words(head).every((w) => /^\p{Lu}/u.test(w)))) continue;
    if (words(head).length >= 2 || i === 0) return head;
  }
  return undefined;
}

function fieldNames(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NAME_FIELD_RE)) {
    const value = m[1].split(/\s[|•–—-]\s|\t|,|\s{3,}/)[0].replace(/^\(|\)$/g, '').trim().replace(HONORIFIC_RE, '');
    if (looksLikeName(value) && !isCommonPhrase(text, value)) out.push(value);
  }
  return out;
}

function emailNameParts(text: string): string[][] {
  const out: string[][] = [];
  if (!text.includes('@')) return out;
  for (const m of text.matchAll(EMAIL_LOCAL_RE)) {
    const parts = m[1]
      .split(/[._-]+/)
      .map((p) => p.replace(/\d+/g, ''))
      .filter((p) => p.length >= 3 && /^[A-Za-z]+$/.test(p));
    if (parts.length >= 2 && parts.every((p) => !HEADER_WORDS.has(p.toLowerCase()))) out.push(parts);
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function groupPersons(fullNames: string[], partLists: string[][]): Person[] {
  const persons: Person[] = [];
  const add = (full: string[] | null, parts: string[]) => {
    const lower = parts.map((p) => p.toLowerCase()).filter((p) => p.replace(/\./g, '').length >= 2);
    const existing = persons.find((p) => lower.some((w) => p.parts.has(w)));
    if (existing) {
      lower.forEach((w) => existing.parts.add(w));
      if (full) existing.full.push(full.join(' '));
    } else {
      persons.push({ full: full ? [full.join(' ')] : [], parts: new Set(lower) });
    }
  };
  for (const name of fullNames) add(words(name), words(name));
  for (const parts of partLists) add(null, parts);
  return persons;
}

/** Every occurrence of each detected person's full name and name parts, as `name` spans. */
export function detectNames(text: string, knownNames: string[] = []): DetectedSpan[] {
  const header = detectHeaderName(text);
  const known = knownNames.filter((n) => words(n).length > 0 && n.length <= MAX_NAME_LENGTH * 2);
  const fullNames = [...known, ...(header ? [header] : []), ...fieldNames(text)];
  const persons = groupPersons(fullNames, emailNameParts(text));
  const spans: DetectedSpan[] = [];
  const boundary = (body: string) => new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${body})(?![\p{L}\p{N}])`, 'giu');
  persons.forEach((person, index) => {
    const entity = `person:${index + 1}`;
    const fulls = person.full.map((f) => words(f).map(escapeRe).join(String.raw`[\s,.]+`));
    const parts = [...person.parts].filter((p) => !COMMON_WORDS.has(p) && !HEADER_WORDS.has(p));
    for (const body of fulls) {
      for (const m of text.matchAll(boundary(body))) spans.push({ kind: 'name', start: m.index, end: m.index + m[0].length, entity });
    }
    for (const part of parts) {
      // A part that is also an ordinary lower-case word here ("Rose", "Hunter") is masked only capitalised.
      const caseSensitive = occursLowercase(text, part[0].toUpperCase() + part.slice(1));
      for (const m of text.matchAll(boundary(escapeRe(part)))) {
        if (caseSensitive && !/^\p{Lu}/u.test(m[0])) continue;
        spans.push({ kind: 'name', start: m.index, end: m.index + m[0].length, entity });
      }
    }
  });
  return spans;
}
