/**
 * Education entries: degree (studyType + normalised level), field of study, institution and graduation year.
 * Purpose: JSON Resume `education[]` with provenance, from education sections (or the whole text without one).
 * Non-goals: GPA, honours, coursework lists.
 * Shape legend: a degree mention anchors an entry; institution, area and year are read from the same line
 * (or segment of flattened text) and up to two neighbouring lines; spans are offsets into the text.
 */
import type { DegreeLevel, JsonResumeEducation, Provenance, ResumeSection, Span } from './types';

interface DegreePattern {
  re: RegExp;
  level: DegreeLevel;
}

// Two-letter abbreviations are case-sensitive ("BE", "MS" vs "be", "ms"); longer ones and words are not. Longest, most specific first.
const DEGREE_PATTERNS: DegreePattern[] = [
  { level: 'doctorate', re: /\b(?:Ph\.?\s?D\.?|D\.?Phil\.?|Ed\.?D\.?)(?![\p{L}])|\b(?:doctorate|doctor of [a-z]+)\b/giu },
  { level: 'master', re: /\b(?:master(?:'s|s)?(?:\s+degree)?(?:\s+of\s+[a-z]+)?|post\s?-?graduat(?:e|ion)(?:\s+diploma)?)\b/gi },
  { level: 'master', re: /(?<![\p{L}.])(?:M\.?\s?B\.?\s?A|M\.?\s?S\.?\s?c|M\.?\s?Tech|M\.?\s?C\.?\s?A|M\.?\s?Com|M\.?\s?P\.?\s?H|M\.?\s?F\.?\s?A|M\.?\s?Ed|LL\.?\s?M|PGDM|PGDBA|MHRM|MPA)\.?(?![\p{L}])/giu },
  { level: 'master', re: /(?<![\p{L}.])(?:M\.?\s?E|M\.?\s?S|M\.?\s?A)\.?(?![\p{L}])/gu },
  { level: 'bachelor', re: /\b(?:bachelor(?:'s|s)?(?:\s+degree)?(?:\s+of\s+[a-z]+)?|undergraduate\s+degree|graduation)\b/gi },
  { level: 'bachelor', re: /(?<![\p{L}.])(?:B\.?\s?Tech|B\.?\s?S\.?\s?c|B\.?\s?Com|B\.?\s?B\.?\s?A|B\.?\s?C\.?\s?A|B\.?\s?B\.?\s?M|B\.?\s?Ed|B\.?\s?F\.?\s?A|B\.?\s?Arch|B\.?\s?Pharm|LL\.?\s?B|M\.?\s?B\.?\s?B\.?\s?S)\.?(?![\p{L}])/giu },
  { level: 'bachelor', re: /(?<![\p{L}.])(?:B\.?\s?E|B\.?\s?S|B\.?\s?A)\.?(?![\p{L}])/gu },
  { level: 'associate', re: /\bassociate(?:'s)?\s+(?:degree|of\s+[a-z]+|in\b)/gi },
  { level: 'associate', re: /(?<![\p{L}.])(?:A\.A\.S?|A\.S\.|AAS)(?![\p{L}])/gu },
  { level: 'diploma', re: /\b(?:diploma|polytechnic)\b/gi },
  { level: 'secondary', re: /\b(?:high\s+school|higher\s+secondary|senior\s+secondary|secondary\s+school|secondary\s+education|intermediate|matriculation|ssc|hsc|12th|10th|class\s+xi?i|ged)\b/gi }
];

const LEVEL_RANK: Record<DegreeLevel, number> = { secondary: 1, diploma: 2, associate: 3, bachelor: 4, master: 5, doctorate: 6 };

/** Compare degree levels: positive when a is higher than b. */
export function compareDegreeLevels(a: DegreeLevel, b: DegreeLevel): number {
  return LEVEL_RANK[a] - LEVEL_RANK[b];
}

/** Detect degree mentions (with their level) in text[from, to). */
export function findDegrees(text: string, from = 0, to = text.length): Array<Span & { level: DegreeLevel; text: string }> {
  const slice = text.slice(from, to);
  const hits: Array<Span & { level: DegreeLevel; text: string }> = [];
  for (const { re, level } of DEGREE_PATTERNS) {
    for (const m of slice.matchAll(re)) {
      const start = from + m.index;
      const end = start + m[0].length;
      if (hits.some((h) => start < h.end && end > h.start)) continue;
      hits.push({ start, end, level, text: m[0] });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

const INSTITUTION_CUE = /\b(?:university|universit[éà]|college|institute|institution|school|academy|polytechnic|iit|nit|iiit|bits|iim)\b/i;
const PIECE_RE = /[^\n\t,|•;()]+/g;

/** The first piece (between line breaks, runs of spaces, commas, bars) in [from, to) that names an institution. */
function findInstitution(text: string, from: number, to: number): (Span & { text: string }) | undefined {
  for (const m of text.slice(from, to).matchAll(PIECE_RE)) {
    for (const part of m[0].split(/[ ]{3,}/)) {
      const value = part.trim().replace(/[\s–-]+$/, '');
      if (value.length < 4 || value.length > 120 || !INSTITUTION_CUE.test(value)) continue;
      const start = from + m.index + m[0].indexOf(part) + (part.length - part.trimStart().length);
      return { start, end: start + value.length, text: value };
    }
  }
  return undefined;
}
const AREA_RE = /^\s*(?:degree\s+)?(?:\(|in\b|of\b|[-–:,]|specialization\s+in|major(?:ing)?\s+in)\s*([\p{L}&/ .'-]{2,60}?)(?=\s*(?:[)\n,|•;:(]|[ ]{3,}|\s[-–]\s|\s(?:from|at)\s|\d|$))/iu;
// Indeed-style layout puts degree, institution and dates on three separate (blank-separated) lines.
const FOLLOWING_LINES = 3;
const YEAR_RE = /\b(?:19[6-9]\d|20[0-4]\d)\b/g;

/** The line holding `pos`, clipped to [from, to) and to a window around pos (flattened text has no line breaks). */
function lineAround(text: string, pos: number, from: number, to: number): Span {
  const nl = text.indexOf('\n', pos);
  return {
    start: Math.max(from, text.lastIndexOf('\n', pos - 1) + 1, pos - 150),
    end: Math.min(to, nl < 0 ? text.length : nl, pos + 200)
  };
}

/**
 * The graduation year of a degree: the first year after the degree mention (the end year when it opens a
 * range like "2012 to 2014"), else the last year on the degree's line before it.
 */
function graduationYear(text: string, after: number, windowEnd: number, lineStart: number, before: number): (Span & { text: string }) | undefined {
  const following = [...text.slice(after, windowEnd).matchAll(YEAR_RE)];
  if (following.length > 0) {
    let pick = following[0];
    const between = following.length > 1 ? text.slice(after + pick.index + 4, after + following[1].index) : '';
    if (following.length > 1 && /^\s*(?:[a-z]{3,9}\.?\s*)?(?:-|–|—|to|till|until)\s*(?:[a-z]{3,9}\.?\s*)?$/i.test(between)) pick = following[1];
    return { start: after + pick.index, end: after + pick.index + 4, text: pick[0] };
  }
  const preceding = [...text.slice(lineStart, before).matchAll(YEAR_RE)];
  const last = preceding[preceding.length - 1];
  return last ? { start: lineStart + last.index, end: lineStart + last.index + 4, text: last[0] } : undefined;
}

/** Extract education entries anchored on degree mentions. */
export function extractEducation(text: string, sections: ResumeSection[]): { education: JsonResumeEducation[]; provenance: Provenance[] } {
  const eduSections = sections.filter((s) => s.kind === 'education');
  const scopes = eduSections.length > 0 ? eduSections : [{ start: 0, end: text.length }];
  const education: JsonResumeEducation[] = [];
  const provenance: Provenance[] = [];
  for (const scope of scopes) {
    const degrees = findDegrees(text, scope.start, scope.end);
    degrees.forEach((deg, i) => {
      const index = education.length;
      const next = i + 1 < degrees.length ? degrees[i + 1].start : scope.end;
      const prev = i > 0 ? degrees[i - 1].end : scope.start;
      const line = lineAround(text, deg.start, prev, next);
      // The window: this line, plus up to two following lines before the next degree, plus the previous line.
      const prevLineStart = Math.max(prev, text.lastIndexOf('\n', Math.max(line.start - 2, 0)) + 1);
      let windowEnd = line.end;
      for (let k = 0; k < FOLLOWING_LINES && windowEnd < next; ) {
        const nl = text.indexOf('\n', windowEnd + 1);
        const lineEnd = nl < 0 || nl > next ? next : nl;
        if (text.slice(windowEnd, lineEnd).trim().length > 0) k++;
        windowEnd = lineEnd;
      }
      const entry: JsonResumeEducation = { studyType: deg.text.trim(), degreeLevel: deg.level };
      provenance.push({ path: `education[${index}].studyType`, start: deg.start, end: deg.end });
      const area = AREA_RE.exec(text.slice(deg.end, Math.min(deg.end + 90, next)));
      if (area && /\p{L}{3}/u.test(area[1])) {
        const areaStart = deg.end + area.index + area[0].indexOf(area[1]);
        const value = area[1].trim();
        entry.area = value;
        provenance.push({ path: `education[${index}].area`, start: areaStart, end: areaStart + value.length });
      }
      const windowStart = Math.min(prevLineStart, line.start);
      const inst = findInstitution(text, windowStart, windowEnd);
      if (inst) {
        entry.institution = inst.text;
        provenance.push({ path: `education[${index}].institution`, start: inst.start, end: inst.end });
      }
      const year = graduationYear(text, deg.end, windowEnd, line.start, deg.start);
      if (year) {
        entry.endDate = year.text;
        provenance.push({ path: `education[${index}].endDate`, start: year.start, end: year.end });
      }
      education.push(entry);
    });
  }
  return { education, provenance };
}

/** Highest degree level among entries (undefined when none). */
export function highestDegree(education: JsonResumeEducation[]): DegreeLevel | undefined {
  let best: DegreeLevel | undefined;
  for (const e of education) if (e.degreeLevel && (!best || compareDegreeLevels(e.degreeLevel, best) > 0)) best = e.degreeLevel;
  return best;
}
