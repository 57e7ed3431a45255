/**
 * Education entries: degree as written (studyType + normalised level, area = the field), institution and
 * graduation year, read from the layout of the education part.
 * Purpose: JSON Resume `education[]` with provenance.
 * Handles one entry per line ("B.Tech (CSE), XYZ College, 2016"), entries over several lines in any order
 * ("MBA in Finance / ABC University - Pune, Maharashtra / 2014 to 2016", "2016 - 2020 / MBA / ABC
 * University"), DOCX table rows ("B.Com | XYZ College | 2015 | 72%"), and degree lines without a degree
 * word when an institution line follows ("Electrical and Electronics Engineering / ABC College - City").
 * Non-goals: GPA, honours, coursework lists.
 * Shape legend: each line gets roles from its pieces: degree (a degree word, or the line before an
 * institution), institution (an institution word, or the part before " - Place"), date (a year or range).
 * Entries are cut where a role repeats or where the section's first role (its "lead") comes back; spans
 * are offsets into the text.
 */
import { splitLines, type Line } from './lines';
import { linePieces } from './pieces';
import { sectionBody } from './sections';
import type { DegreeLevel, JsonResumeEducation, Provenance, ResumeSection, Span } from './types';
import { INSTITUTION_RE } from './vocab';

interface DegreePattern {
  re: RegExp;
  level: DegreeLevel;
}

// Two-letter abbreviations are case-sensitive ("BE", "MS" vs "be", "ms"); longer ones and words are not. Longest, most specific first.
const DEGREE_PATTERNS: DegreePattern[] = [
  { level: 'doctorate', re: /\b(?:Ph[.\-]?\s?D\.?|D\.?Phil\.?|Ed\.?D\.?)(?![\p{L}])|\b(?:doctorate|doctor of [a-z]+)\b/giu },
  { level: 'master', re: /\b(?:master(?:'s|’s|s)(?:\s+degree)?(?:\s+of\s+[a-z]+)?|master(?:\s+degree)?\s+of\s+[a-z]+|master(?=\s+in\b)|master\s+degree|post\s?-?graduat(?:e|ion)(?:\s+diploma)?)\b/gi },
  { level: 'master', re: /(?<![\p{L}.])(?:M[.\-]?\s?B[.\-]?\s?A|M[.\-]?\s?S[.\-]?\s?c|M[.\-]?\s?Tech|M[.\-]?\s?C[.\-]?\s?A|M[.\-]?\s?Com|M[.\-]?\s?P[.\-]?\s?H|M[.\-]?\s?F[.\-]?\s?A|M[.\-]?\s?Ed|LL[.\-]?\s?M|PGDM|PGDBA|PGDBM|PGDCA|P[.\-]?\s?G[.\-]?\s?D[.\-]?\s?C[.\-]?\s?A|MHRM|MPA|MMS|MFC)\.?(?![\p{L}])/giu },
  { level: 'master', re: /(?<![\p{L}.])(?:M[.\-]?\s?E|M[.\-]?\s?S|M[.\-]?\s?A)\.?(?![\p{L}])/gu },
  { level: 'bachelor', re: /\b(?:bachelor(?:'s|s)?(?:\s+degree)?(?:\s+of\s+[a-z]+)?|undergraduate\s+degree|graduation)\b/gi },
  { level: 'bachelor', re: /(?<![\p{L}.])(?:B[.\-]?\s?Tech|B[.\-]?\s?S[.\-]?\s?c|B[.\-]?\s?Com|B[.\-]?\s?B[.\-]?\s?A|B[.\-]?\s?C[.\-]?\s?A|B[.\-]?\s?B[.\-]?\s?M|B[.\-]?\s?Ed|B[.\-]?\s?F[.\-]?\s?A|B[.\-]?\s?Arch|B[.\-]?\s?Pharm|B[.\-]?\s?M[.\-]?\s?S|LL[.\-]?\s?B|M[.\-]?\s?B[.\-]?\s?B[.\-]?\s?S|TYBMS|BTEC|B[.\-]?\s?Sc|BSC)\.?(?![\p{L}])/giu },
  { level: 'bachelor', re: /(?<![\p{L}.])(?:B[.\-]?\s?E|B[.\-]?\s?S|B[.\-]?\s?A)\.?(?![\p{L}])/gu },
  { level: 'associate', re: /\bassociate(?:'s)?\s+(?:degree|of\s+[a-z]+|in\b)/gi },
  { level: 'associate', re: /(?<![\p{L}.])(?:A\.A\.S?|A\.S\.|AAS)(?![\p{L}])/gu },
  // "high school diploma" is a secondary qualification, not a diploma course.
  { level: 'secondary', re: /\b(?:high|secondary)\s+school\s+diploma\b/gi },
  { level: 'diploma', re: /\b(?:diploma|polytechnic)\b/gi },
  {
    level: 'secondary',
    re: /(?:\b(?:high\s+school|higher\s+secondary|senior\s+secondary|secondary\s+school(?:\s+certificate)?|secondary\s+education|intermediate|matriculation|matric|ssc|hsc|sslc|puc|pre[-\s]university|12th|10th|xii(?:th)?|class\s+xi?i|ged|cbse|icse|c\.\s?b\.\s?s\.\s?e\.?|i\.\s?c\.\s?s\.\s?e\.?|h\.\s?s\.\s?c|s\.\s?s\.\s?c)(?![\p{L}])|(?<![\p{L}\d])(?:10\s?\+\s?2|\+\s?2)(?![\d]))/giu
  }
];

const LEVEL_RANK: Record<DegreeLevel, number> = { secondary: 1, diploma: 2, associate: 3, bachelor: 4, master: 5, doctorate: 6 };

/** Compare degree levels: positive when a is higher than b. */
export function compareDegreeLevels(a: DegreeLevel, b: DegreeLevel): number {
  return LEVEL_RANK[a] - LEVEL_RANK[b];
}

// "MS Excel", "MS-Office": Microsoft, not a Master of Science.
const MICROSOFT_AFTER_RE = /^[\s-]*(?:Excel|Office|Word|Project|SQL|Access|Teams|Dynamics|Visio|PowerPoint|Outlook|Windows|Exchange|SharePoint|Azure|Paint|DOS|Navision|Power\s?BI|365)\b/i;
// "VPN, MFA and SSO": multi-factor authentication, not a Master of Fine Arts.
const SECURITY_NEAR_RE = /\b(?:VPN|SSO|2FA|authenticat\w*|Okta|Duo|Active\s+Directory|Azure\s+AD|passwords?|multi-?factor|single\s+sign-?on|endpoint|firewalls?)\b/i;

/** A degree-shaped abbreviation that names something else here (see the two patterns above). */
function notADegree(written: string, text: string, start: number, end: number): boolean {
  if (/^M\.?S\.?$/.test(written) && MICROSOFT_AFTER_RE.test(text.slice(end, end + 24))) return true;
  if (written === 'MFA' && SECURITY_NEAR_RE.test(text.slice(Math.max(0, start - 100), end + 100))) return true;
  return false;
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
      if (notADegree(m[0], text, start, end)) continue;
      hits.push({ start, end, level, text: m[0] });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Highest degree level among entries (undefined when none). */
export function highestDegree(education: JsonResumeEducation[]): DegreeLevel | undefined {
  let best: DegreeLevel | undefined;
  for (const e of education) if (e.degreeLevel && (!best || compareDegreeLevels(e.degreeLevel, best) > 0)) best = e.degreeLevel;
  return best;
}

type Role = 'degree' | 'institution' | 'date';

interface Part extends Span {
  text: string;
  role?: 'degree' | 'institution';
  degree?: Span & { level: DegreeLevel; text: string };
}

interface LineInfo {
  line: Line;
  parts: Part[];
  roles: Set<Role>;
  /** Years on the line: range ends (or starts when open) and single years. */
  years: Array<Span & { year: string; open: boolean }>;
  /** Part before " - Place" (the Indeed institution line). */
  placed: boolean;
}

/** Column headings of an education table ("Qualification | Board/University | Year | Percentage"). */
const COLUMN_WORD = String.raw`(?:s[.\-]?\s?no\.?|sr[.\-]?\s?no\.?|qualifications?|degree|course|examination|exam|class|standard|institute|institution|university|board(?:\s*\/\s*university)?|college|school|name of (?:the )?(?:institute|institution|college|school|university|board)|year(?:\s+of\s+passing)?|passing\s+year|percentage|marks|cgpa|gpa|grade|result|stream|specialization|board\s*\/\s*university|university\s*\/\s*board)`;
/** A column heading, or several joined ("School / Board", "College or University"). */
const COLUMN_LABEL_RE = new RegExp(String.raw`^${COLUMN_WORD}(?:\s*(?:/|,|&|\bor\b|\band\b)\s*${COLUMN_WORD})*$`, 'i');
const BODY_OF_RE = /(?:^|\s)(?:board|council|university|institute|school|college|department|directorate)\s+of\s+(?:the\s+)?$/i;
const SCORE_RE = /\d+(?:\.\d+)?\s*%|\b(?:c?gpa|percentage|marks|aggregate|grade|class|distinction|first\s+division|second\s+division|honou?rs?)\b|\d\.\d{1,2}\s*\/\s*\d+/i;
const AREA_LEAD_RE = /^(?:\s*(?:in|of|on|with|specialization\s+in|specialisation\s+in|major(?:ing)?\s+in|majors?|concentration\s+in|stream)\b\s*|\s*[:\-–—,(]\s*)+/i;
const MAX_AREA = 70;

function analyse(text: string, line: Line): LineInfo {
  const years: LineInfo['years'] = [];
  for (const r of line.ranges) {
    const iso = r.toIso ?? r.fromIso;
    years.push({ start: r.start, end: r.end, year: iso.slice(0, 4), open: !r.toIso });
  }
  for (const d of line.singles) years.push({ start: d.start, end: d.end, year: d.iso.slice(0, 4), open: false });
  const parts: Part[] = [];
  const pieces = linePieces(text, line, 0, { commas: false });
  let placed = false;
  pieces.forEach((p, k) => {
    if (p.place) {
      if (k > 0) placed = true;
      return;
    }
    // Cut at commas, " from " and " at "; a comma-led tail without cues continues the previous part's field.
    const raw = p.text;
    let cursor = 0;
    for (const seg of raw.split(/(,\s*|\s+from\s+|\s+at\s+)/i)) {
      const at = raw.indexOf(seg, cursor);
      cursor = at + seg.length;
      if (/^(?:,\s*|\s+from\s+|\s+at\s+)$/i.test(seg)) continue;
      const value = seg.replace(/^[\s:;–—\-*•·]+|[\s,;:–—\-*]+$/g, '');
      if (value.length < 2 || !/\p{L}/u.test(value)) continue;
      const start = p.start + at + seg.indexOf(value);
      const part: Part = { start, end: start + value.length, text: value };
      if (COLUMN_LABEL_RE.test(value) || SCORE_RE.test(value) && !findDegrees(value).length) continue;
      // "Council of Secondary Education": an examining body named after the level it examines, not a degree.
      const degree = findDegrees(text, part.start, part.end).filter((d) => !BODY_OF_RE.test(text.slice(part.start, d.start)))[0];
      const inst = degree ? institutionSpan(text, part, degree.end) : institutionSpan(text, part, part.start);
      const cueInDegree = degree && inst && inst.cue.start < degree.end && inst.cue.end > degree.start;
      if (degree && inst && !cueInDegree && (inst.cue.end <= degree.start || inst.start > degree.start)) {
        // Institution and degree in one part, either order: "Kardan University Bachelor : Finance",
        // "B.Com (Hons) Delhi University", "RN Diploma Illinois Masonic School of Nursing".
        const instFirst = inst.cue.end <= degree.start;
        const degStart = instFirst ? degree.start : part.start;
        const degEnd = instFirst ? part.end : inst.start;
        const instSpan = instFirst ? { start: part.start, end: degree.start } : { start: inst.start, end: part.end };
        const trim = (a: number, b: number) => {
          const v = text.slice(a, b);
          const lead = v.length - v.trimStart().length;
          const t = v.trim().replace(/[\s,;:–—-]+$/, '');
          return { start: a + lead, end: a + lead + t.length, text: t };
        };
        const d = trim(degStart, degEnd);
        const i2 = trim(instSpan.start, instSpan.end);
        const pair: Part[] = [
          { ...d, role: 'degree', degree },
          { ...i2, role: 'institution' }
        ];
        parts.push(...(instFirst ? pair.reverse() : pair).filter((x) => x.text.length >= 2));
        continue;
      }
      if (degree && (!inst || (cueInDegree && degree.start === part.start))) (part.role = 'degree'), (part.degree = degree);
      else if (inst) part.role = 'institution';
      const prev = parts[parts.length - 1];
      // A field after the degree, across a comma or colon only ("B.Com in Marketing, Accountancy", "BS  :  Statistics").
      if (!part.role && prev?.role === 'degree' && prev.end <= part.start && /^\s*[,:]\s*$/.test(text.slice(prev.end, part.start)) && !/\d/.test(value)) {
        prev.end = part.end;
        prev.text = text.slice(prev.start, prev.end);
        continue;
      }
      parts.push(part);
    }
  });
  const roles = new Set<Role>();
  for (const p of parts) if (p.role) roles.add(p.role);
  if (years.length) roles.add('date');
  return { line, parts, roles, years, placed };
}

/**
 * The institution inside a part: the run of capitalised words ending in an institution word, with what
 * follows it ("Delhi University", "University of Mumbai", "Government Girls High School").
 */
function institutionSpan(text: string, part: Span, floor: number): (Span & { cue: Span }) | undefined {
  const value = text.slice(part.start, part.end);
  let cue: RegExpExecArray | null = null;
  for (const m of value.matchAll(new RegExp(INSTITUTION_RE.source, 'giu'))) cue = m;
  if (!cue) return undefined;
  let start = cue.index;
  const before = value.slice(0, start);
  const words = [...before.matchAll(/(\S+)\s+/g)];
  for (let k = words.length - 1; k >= 0; k--) {
    const w = words[k][1];
    const connector = /^(?:of|and|&|for|the|de|la|del)$/i.test(w) && k < words.length - 1;
    if (!/^[\p{Lu}\d(]/u.test(w) && !connector) break;
    if (/[),:]$/.test(w) && k < words.length - 1) break;
    if (part.start + words[k].index < floor) break;
    start = words[k].index;
  }
  return { start: part.start + start, end: part.end, cue: { start: part.start + cue.index, end: part.start + cue.index + cue[0].length } };
}

/** Roles for lines without cue words, from their neighbours (Indeed: degree line, institution line, dates). */
function resolveUnknown(infos: LineInfo[]): void {
  infos.forEach((info, i) => {
    const unknown = info.parts.filter((p) => !p.role);
    if (unknown.length === 0 || info.roles.has('degree') || info.roles.has('institution')) return;
    const next = infos[i + 1];
    const prev = infos[i - 1];
    const lone = info.parts.length === 1 && unknown[0].text.split(/\s+/).length <= 10;
    if (!lone) return;
    if (info.placed) {
      unknown[0].role = 'institution';
    } else if (next && (next.roles.has('institution') || next.placed) && !next.roles.has('degree') && !(prev && prev.roles.has('degree') && !prev.roles.has('institution'))) {
      unknown[0].role = 'degree';
    } else if (prev && prev.roles.has('degree') && !prev.roles.has('institution')) {
      unknown[0].role = 'institution';
    } else return;
    info.roles.add(unknown[0].role);
  });
}

/** Group lines into entries: a new entry where a role repeats or the lead role comes back. */
function group(infos: LineInfo[]): LineInfo[][] {
  const entries: LineInfo[][] = [];
  let cur: LineInfo[] = [];
  let curRoles = new Set<Role>();
  let lead: Role | undefined;
  for (const info of infos) {
    if (info.roles.size === 0) continue;
    if (!lead) lead = info.roles.has('degree') ? 'degree' : info.roles.has('institution') ? 'institution' : 'date';
    const repeats = [...info.roles].some((r) => curRoles.has(r));
    if (cur.length > 0 && (repeats || info.roles.has(lead))) {
      entries.push(cur);
      cur = [];
      curRoles = new Set();
    }
    cur.push(info);
    for (const r of info.roles) curRoles.add(r);
  }
  if (cur.length) entries.push(cur);
  return entries;
}

/** The field after a degree word inside its part ("in Marketing, Accountancy", "(CSE)", ": Finance"). */
function areaOf(text: string, part: Part): Span | undefined {
  if (!part.degree) return { start: part.start, end: part.end };
  const after = text.slice(part.degree.end, part.end);
  const paren = /^\s*\(([^)]{2,60})\)/.exec(after);
  let start: number;
  let end: number;
  if (paren) {
    start = part.degree.end + paren.index + paren[0].indexOf(paren[1]);
    end = start + paren[1].length;
  } else {
    const lead = AREA_LEAD_RE.exec(after);
    if (!lead && after.trim().length > 0 && !/^\s/.test(after)) return undefined;
    start = part.degree.end + (lead ? lead[0].length : after.length - after.trimStart().length);
    end = Math.min(part.end, start + MAX_AREA);
    let value = text.slice(start, end).replace(/[\s)(,;:–—-]+$/, '');
    // A bracket that closes one opened inside the field stays ("Commerce (B.Com)").
    if (text[start + value.length] === ')' && value.split('(').length > value.split(')').length) value += ')';
    end = start + value.length;
  }
  const value = text.slice(start, end);
  if (!/\p{L}{2}/u.test(value) || value.length < 2) return undefined;
  return { start, end };
}

const OPENERS = '([{';
const CLOSERS = ')]}';

/** The span without edge separators; undefined when fewer than two letters are left. */
function trimmedSpan(text: string, start: number, end: number): Span | undefined {
  const v = text.slice(start, end);
  const lead = /^[\s,;:–—.\-]*/.exec(v)![0].length;
  const kept = v.slice(lead).replace(/[\s,;:–—\-]+$/, '');
  return /\p{L}.*\p{L}/su.test(kept) ? { start: start + lead, end: start + lead + kept.length } : undefined;
}

/**
 * A value cut at its first unmatched bracket ("Commerce (B.Com", "Andhra University) in the year", a field cut off
 * by the length cap or a comma): the part before it, or the part after it when only that part has letters or
 * `prefer` picks it alone (the institution's cue word). Repeated until every bracket left is matched; undefined when
 * nothing with letters is left. Spans stay contiguous, so provenance still points at the value.
 */
function withoutUnmatchedBrackets(text: string, span: Span, prefer?: (s: Span) => boolean): Span | undefined {
  const v = text.slice(span.start, span.end);
  const open: number[] = [];
  let cut = -1;
  for (let i = 0; i < v.length && cut < 0; i++) {
    if (OPENERS.includes(v[i])) open.push(i);
    else if (CLOSERS.includes(v[i])) {
      if (open.length && OPENERS.indexOf(v[open[open.length - 1]]) === CLOSERS.indexOf(v[i])) open.pop();
      else cut = i;
    }
  }
  if (cut < 0) cut = open.length ? open[0] : -1;
  if (cut < 0) return span;
  const before = trimmedSpan(text, span.start, span.start + cut);
  const after = trimmedSpan(text, span.start + cut + 1, span.end);
  const preferAfter = !!(prefer && after && prefer(after) && !(before && prefer(before)));
  const kept = before && !preferAfter ? before : after;
  return kept && withoutUnmatchedBrackets(text, kept, prefer);
}

/** A line continuing the one before it (no blank line, starts lower-case or with a connector) is joined to it. */
function joinWrapped(text: string, lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const l of lines) {
    const prev = out[out.length - 1];
    if (prev && !l.blankBefore && prev.kind !== 'noise' && /^(?:\p{Ll}|(?:and|&|of|in)\s)/u.test(l.text) && l.ranges.length === 0) {
      out[out.length - 1] = { ...prev, end: l.end, text: text.slice(prev.start, l.end), singles: [...prev.singles, ...l.singles] };
      continue;
    }
    out.push(l);
  }
  return out;
}

export interface EducationResult {
  education: JsonResumeEducation[];
  provenance: Provenance[];
}

/** Extract education entries from education sections (or, without one, from lines naming a degree). */
export function extractEducation(text: string, sections: ResumeSection[]): EducationResult {
  const eduSections = sections.filter((s) => s.kind === 'education');
  const education: JsonResumeEducation[] = [];
  const provenance: Provenance[] = [];
  const groups: LineInfo[][] = [];
  if (eduSections.length > 0) {
    for (const s of eduSections) {
      const body = sectionBody(text, s);
      const infos = joinWrapped(text, splitLines(text, body.start, body.end))
        .filter((l) => l.kind !== 'noise' && l.text.split(/\s+/).length <= 30)
        .map((l) => analyse(text, l));
      resolveUnknown(infos);
      groups.push(...group(infos));
    }
  } else {
    // No education heading: each line naming a degree is an entry, with an institution or year on the next line.
    const lines = splitLines(text, 0, text.length).filter((l) => l.kind !== 'noise' && l.text.split(/\s+/).length <= 30);
    const infos = lines.map((l) => analyse(text, l));
    infos.forEach((info, i) => {
      if (!info.roles.has('degree')) return;
      const next = infos[i + 1];
      const entry = [info];
      if (next && !next.roles.has('degree') && (next.roles.has('institution') || next.roles.has('date')) && !next.line.blankBefore) entry.push(next);
      groups.push(entry);
    });
  }
  for (const entryLines of groups) {
    const parts = entryLines.flatMap((l) => l.parts);
    const degree = parts.find((p) => p.role === 'degree');
    const institution = parts.find((p) => p.role === 'institution');
    const years = entryLines.flatMap((l) => l.years);
    const named = institution && withoutUnmatchedBrackets(text, institution, (s) => INSTITUTION_RE.test(text.slice(s.start, s.end)));
    if (!degree && !named) continue;
    const index = education.length;
    const entry: JsonResumeEducation = {};
    if (degree) {
      if (degree.degree) {
        entry.studyType = degree.degree.text.trim();
        entry.degreeLevel = degree.degree.level;
        provenance.push({ path: `education[${index}].studyType`, start: degree.degree.start, end: degree.degree.end });
      }
      const found = areaOf(text, degree);
      const area = found && withoutUnmatchedBrackets(text, found);
      if (area) {
        entry.area = text.slice(area.start, area.end);
        provenance.push({ path: `education[${index}].area`, start: area.start, end: area.end });
      }
    }
    if (named) {
      entry.institution = text.slice(named.start, named.end);
      provenance.push({ path: `education[${index}].institution`, start: named.start, end: named.end });
    }
    // Graduation: the latest year of the entry (a range's end; an open range gives none).
    const closed = years.filter((y) => !y.open);
    const year = closed.sort((a, b) => Number(b.year) - Number(a.year))[0];
    if (year && !years.some((y) => y.open && Number(y.year) >= Number(year.year))) {
      entry.endDate = year.year;
      const at = text.lastIndexOf(year.year, year.end);
      provenance.push({ path: `education[${index}].endDate`, start: at >= year.start ? at : year.start, end: at >= year.start ? at + 4 : year.end });
    }
    education.push(entry);
  }
  return { education, provenance };
}
