/**
 * Section segmentation of resume text, driven by models/resume-sections.json.
 * Purpose: split a resume into header + headed sections, robust to ALL-CAPS, trailing colons, headings on
 * their own line, "SKILLS: Java, …" lines, and flattened PDF text where headings sit between runs of spaces.
 * Non-goals: understanding section contents (experience.ts, education.ts, skills.ts do that).
 * Shape legend: ResumeSection spans are half-open offsets into the text; they tile [0, text.length) with the
 * header block first (kind 'header', heading '').
 */
import sectionData from '../../../../models/resume-sections.json';
import type { ResumeSection, SectionKind } from './types';

const PHRASE_TO_KIND = new Map<string, SectionKind>();
for (const [kind, phrases] of Object.entries(sectionData.sections)) {
  for (const p of phrases) PHRASE_TO_KIND.set(p, kind as SectionKind);
}
const MAX_PHRASE_WORDS = Math.max(...[...PHRASE_TO_KIND.keys()].map((p) => p.split(' ').length));

/** Lower-case, '&' → 'and', drop punctuation and a trailing colon, collapse spaces. */
export function normalizeHeading(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The section kind a heading phrase names, if any. */
export function headingKind(raw: string): SectionKind | undefined {
  return PHRASE_TO_KIND.get(normalizeHeading(raw));
}

interface HeadingHit {
  kind: SectionKind;
  heading: string;
  start: number;
  end: number;
}

// The lookahead checks exactly three spaces: "{3,}" would rescan a long run of spaces at every step.
const SEGMENT_RE = /[^\n\t]+?(?=[ ]{3}|\t|\n|$)/g;

function isHeadingCase(s: string): boolean {
  const letters = s.replace(/[^\p{L}]/gu, '');
  if (letters === letters.toUpperCase()) return true;
  // Title Case: every word of 4+ letters starts with a capital ("Work History", "Education and Training").
  return s.split(/\s+/).every((w) => w.length < 4 || /^[\p{Lu}\d]/u.test(w));
}

/** Heading at the start of a segment followed by content: "SKILLS: Java" or an ALL-CAPS "SKILLS Java, SQL". */
function prefixHeading(segment: string): { heading: string; kind: SectionKind } | undefined {
  const words = segment.split(/(?<=\S)(?=\s)/); // keeps leading spaces attached to following words
  for (let n = Math.min(MAX_PHRASE_WORDS, words.length - 1); n >= 1; n--) {
    const head = words.slice(0, n).join('');
    const rest = segment.slice(head.length);
    const kind = headingKind(head);
    if (!kind) continue;
    const colon = /^\s*[:–—-]/.test(rest) || /:\s*$/.test(head);
    const caps = head.trim() === head.trim().toUpperCase() && /\p{Lu}{3}/u.test(head) && /^\s+\S/.test(rest) && rest.trim() !== rest.trim().toUpperCase();
    if (colon || caps) return { heading: head.trim().replace(/:$/, ''), kind };
  }
  return undefined;
}

/**
 * A multi-word heading glued to the end of the previous text by flattening: "…B.Tech.Education Details".
 * Only when the glue is visible (the heading follows '.', ')' or a lower-case letter with no space).
 */
function suffixHeading(segment: string): { heading: string; kind: SectionKind } | undefined {
  const m = /(?<=[.)\]\p{Ll}])((?:\p{Lu}[\p{L}&]{0,30}\s{1,3}){1,3}\p{Lu}\p{L}{0,30}):?$/u.exec(segment.slice(-120));
  if (!m) return undefined;
  const kind = headingKind(m[1]);
  return kind && isHeadingCase(m[1]) ? { heading: m[0], kind } : undefined;
}

function findHeadings(text: string): HeadingHit[] {
  const hits: HeadingHit[] = [];
  for (const m of text.matchAll(SEGMENT_RE)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const segment = raw.trim();
    if (segment.length === 0) continue;
    const kind = segment.length <= 60 ? headingKind(segment) : undefined;
    if (kind && isHeadingCase(segment.replace(/:$/, ''))) {
      hits.push({ kind, heading: segment.replace(/\s*:$/, ''), start: m.index + lead, end: m.index + lead + segment.length });
      continue;
    }
    const pre = prefixHeading(segment);
    if (pre) {
      hits.push({ ...pre, start: m.index + lead, end: m.index + lead + pre.heading.length });
      continue;
    }
    const suf = suffixHeading(segment);
    if (suf) hits.push({ ...suf, start: m.index + lead + segment.length - suf.heading.length, end: m.index + lead + segment.length });
  }
  return hits;
}

/** Split a resume into sections; the first is always the header block (possibly empty). */
export function segmentSections(text: string): ResumeSection[] {
  const hits = findHeadings(text);
  const sections: ResumeSection[] = [];
  const firstStart = hits.length > 0 ? hits[0].start : text.length;
  sections.push({ kind: 'header', heading: '', start: 0, end: firstStart });
  hits.forEach((h, i) => {
    const end = i + 1 < hits.length ? hits[i + 1].start : text.length;
    sections.push({ kind: h.kind, heading: h.heading, start: h.start, end });
  });
  return sections;
}

/** The body span of a section (after its heading and any colon). */
export function sectionBody(text: string, section: ResumeSection): { start: number; end: number } {
  let start = section.start + section.heading.length;
  while (start < section.end && /[\s:–—-]/.test(text[start])) start++;
  return { start, end: section.end };
}
