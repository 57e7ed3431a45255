/**
 * Lines of a resume part, each classified as header-like ("head": a title, company, institution, date or
 * place line), description ("text": bullets, sentences, wrapped prose, "Responsibilities:" labels) or noise
 * (a page-break link, a page number).
 * Purpose: the layout layer that experience.ts and education.ts read entries from, so that a bullet or a
 * sentence never becomes a title, company or institution.
 * Non-goals: deciding what a head line means (the callers do, with vocab.ts).
 * Shape legend: a Line is a half-open span into the text, trimmed; in flattened text (no line breaks, runs
 * of 3+ spaces between the pieces of a PDF line) a tab or a run of 3+ spaces also ends a line, except inside
 * a date range ("01/2019   to   Current") or next to a comma or colon ("City  ,   State", "Degree  :   Field").
 */
import { findDateRanges, findSingleDates, type DateRange, type SingleDate } from './dates';
import { COMPANY_LABEL_RE, COMPANY_RE, DATE_LABEL_RE, DESCRIPTION_LABEL_RE, INSTITUTION_RE, KNOWN_COMPANY_RE, TITLE_AT_END_RE, TITLE_LABEL_RE, TITLE_RE } from './vocab';
import type { Span } from './types';

export type LineKind = 'head' | 'text' | 'noise';

export interface Line extends Span {
  text: string;
  /** A blank line (or the start of the part) comes before it. */
  blankBefore: boolean;
  kind: LineKind;
  /** Date ranges on the line. */
  ranges: DateRange[];
  /** Single dates on the line that are not part of a range (span, ISO date). */
  singles: SingleDate[];
  /** The line minus its dates, date labels and surrounding separators is empty. */
  dateOnly: boolean;
  /** A header glued to its description ("Manager 01/2015 to Current Company Name City , State Opened a store."): where the header part ends. */
  headerEnd?: number;
  /** The Indeed title slot read as a title whatever its words ("Typing work" above "Contoso -" above the dates). */
  slotTitle?: boolean;
}

export const BULLET_RE = /^(?:[•·▪●◦○■□➢►▶▸✓✔☑❖◆◇*‣⁃〓→➤⚫✗✘⦿⁍※#>~]|-(?=\s)|–(?=\s)|o\s(?=\p{Lu})|\(?\d{1,2}[.)]\s|\(?[ivx]{1,4}[.)]\s|[a-h][.)]\s)/u;
const URL_ONLY_RE = /^(?:https?:\/\/|www\.)\S+$/i;
/** Abbreviations that may end a title or company line without ending a sentence. */
const ABBREVIATION_END_RE = /(?:\b(?:ltd|inc|co|corp|pvt|pte|llc|llp|plc|sr|jr|dept|govt|univ|intl|mgr|asst|engg|tech|admin|exec|st|no)|\b\p{L}{1,2}|\.\p{L}{1,3})\.$/iu;
const FUNCTION_WORD_RE = /^(?:the|and|of|to|for|with|in|on|a|an|from|by|as|is|was|were|are|have|has|had|i|my|we|our|it|this|that|which|who|will|be|been|all|also|various|etc)$/i;
const VERB_START_RE = /^(?:responsible|involved|handled|handling|worked|working|managing|managed|develop|developed|design|designed|create|created|manage|maintain|maintained|provide|provided|perform|performed|support|supported|ensure|ensured|assist|assisted|led|prepare|prepared|coordinate|coordinated|conduct|conducted|monitor|monitored|implement|implemented|interact|communicate|achieve|achieved|build|built|drive|drove|took|take|made|make|help|helped|hands|experience|knowledge|good|excellent|strong|ability|able|proficient|familiar|expertise|gained|got|currently|presently|completed|pursuing|looking|seeking|successfully|also|have|has|had|am|was|were|being|done|did|using|used|taking|giving|attended|participated)\b/iu;
/** A line that carries on the sentence of the line above it: it opens with a lower-case function word. */
const CONTINUATION_RE = /^(?:by|and|or|of|the|to|for|with|in|on|at|as|from|which|that|who|where|while|during|including)\s/;
const GENERIC_VERB_START_RE = /^\p{L}{3,}(?:ed|ing)\s/u;

/** Words of a string (letters/digits runs). */
export function wordsOf(s: string): string[] {
  return s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

/** Whether a piece of text reads as prose or a list item rather than a title, company or place. */
export function isProse(s: string, opts: { dated?: boolean } = {}): boolean {
  const t = s.trim();
  if (!t) return false;
  if (BULLET_RE.test(t)) return true;
  const w = wordsOf(t);
  if (/[.!?;]$/.test(t) && !ABBREVIATION_END_RE.test(t)) return true;
  if (/[:,]$/.test(t)) return true;
  if (w.length > 13) return true;
  const fn = w.filter((x) => FUNCTION_WORD_RE.test(x)).length;
  if (w.length > 6 && fn >= 3) return true;
  if (/^\p{Ll}/u.test(t) && w.length > 5) return true;
  if (/^(?:and|or|of|the|to|for|with|in|on|as|by|from|but|which|that|so)\s/.test(t)) return true;
  // First person: "I" before a lower-case word ("I have", not "I Phone Consultant"), "my", "we", "our".
  if (w.length > 3 && /(?:^|\s)(?:I(?=\s+\p{Ll})|(?:my|we|our)(?=\s))/u.test(t)) return true;
  // "Mentored five engineers": a verb-led phrase with lower-case words is a sentence even when it ends in a title word.
  if (GENERIC_VERB_START_RE.test(t) && !EMPLOYER_LEAD_RE.test(t) && w.slice(1).some((x) => /^\p{Ll}/u.test(x) && !FUNCTION_WORD_RE.test(x))) return true;
  if (w.length > 1 && !TITLE_AT_END_RE.test(t) && !EMPLOYER_LEAD_RE.test(t)) {
    if (VERB_START_RE.test(t)) return true;
    const cued = TITLE_RE.test(t) || COMPANY_RE.test(t) || KNOWN_COMPANY_RE.test(t) || INSTITUTION_RE.test(t);
    if (GENERIC_VERB_START_RE.test(t) && !cued) return true;
  }
  // A dangling function word ends a wrapped sentence; in capitals it is a code ("Pune, IN" for India).
  if (/\s(?:and|or|of|the|to|for|with|in|on|a|an|by|from|as)$/.test(t)) return true;
  // A list ("Java, Python, SQL, AWS"); a dated header may hold three commas ("Title, Company, City, ST | dates").
  if ((t.match(/,/g)?.length ?? 0) >= (opts.dated ? 4 : 3)) return true;
  const label = DESCRIPTION_LABEL_RE.exec(t);
  if (label && (/:\s*$/.test(label[0]) || /:\s*$/.test(t) || t.slice(label[0].length).trim().length === 0)) return true;
  // A tools label whose colon was dropped ("Technologies Used ASP.NET, C#.NET", "Environment Java, Oracle").
  const tools = TOOLS_LABEL_RE.exec(t);
  if (tools && (tools[1] || t.includes(','))) return true;
  return false;
}

/** A label of the tools a job used, as the line's first words ("Technologies Used", "Tools used", "Environment"). */
const TOOLS_LABEL_RE = /^(?:(?:technolog(?:y|ies)|tools?|skills?|software)\s+(used)|environment)\s+\S/i;

/** A description label with nothing after it ("Environment", "Responsibilities:", "Key Result Areas"). */
function isBareDescriptionLabel(t: string): boolean {
  const label = DESCRIPTION_LABEL_RE.exec(t);
  return !!label && t.slice(label[0].length).replace(/[\s:–-]+/g, '').length === 0;
}

/** "Training in X", "Job Profile in X": a company line with a lead-in, not a sentence. */
export const EMPLOYER_LEAD_RE = /^(?:job\s+profile|training|internship|working|worked|presently\s+working|currently\s+working|employed|employment|placed)\s+(?:in|at|with|for|under)\s+/i;

/** "Label: value" (a field of a description: "Environment: Java", "Client: X"), except company, title and date labels. */
export function isLabelledDetail(t: string): boolean {
  const m = /^([\p{L}][\p{L}\s/&().'-]{0,32}?)\s*:\s*\S/u.exec(t);
  if (!m || /\d/.test(m[1])) return false;
  return !(COMPANY_LABEL_RE.test(t) || TITLE_LABEL_RE.test(t) || DATE_LABEL_RE.test(m[1] + ':'));
}

const DATE_FILLER_RE = /^[\s,;|•·()[\]:–—\-/]*(?:(?:duration|period|tenure|dates?|from|since|till|until|to|worked|working|timeline)\b[\s,;|•·()[\]:–—\-/]*)*$/i;

/** Split text[from, to) into trimmed lines (see the shape legend) with their dates. */
export function splitLines(text: string, from: number, to: number): Line[] {
  const out: Line[] = [];
  const ranges = findDateRanges(text, from, to);
  const insideRange = (pos: number) => ranges.some((r) => pos > r.start && pos < r.end);
  let blank = true;
  let lineStart = from;
  const push = (start: number, end: number) => {
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (end <= start) {
      blank = true;
      return;
    }
    out.push(makeLine(text, start, end, blank, ranges));
    blank = false;
  };
  for (let i = from; i <= to; i++) {
    if (i === to || text[i] === '\n') {
      const raw = text.slice(lineStart, i);
      if (raw.trim().length === 0) blank = true;
      else {
        // Flattened text: a tab or 3+ spaces also ends a line, except inside a date range or beside a comma.
        let pieceStart = lineStart;
        for (const m of raw.matchAll(/\t+|[ ]{3,}/g)) {
          const at = lineStart + m.index;
          const before = text.slice(pieceStart, at).trimEnd();
          const after = text.slice(at + m[0].length, i);
          if (insideRange(at) || /[,:]$/.test(before) || /^[,:]/.test(after)) continue;
          push(pieceStart, at);
          pieceStart = at + m[0].length;
        }
        push(pieceStart, i);
      }
      lineStart = i + 1;
    }
  }
  classifyLines(out);
  return out;
}

function makeLine(text: string, start: number, end: number, blankBefore: boolean, ranges: DateRange[]): Line {
  const own = ranges.filter((r) => r.start >= start && r.end <= end);
  const singles = findSingleDates(text, start, end).filter((d) => !own.some((r) => d.start < r.end && d.end > r.start));
  let rest = text.slice(start, end);
  const spaced = replaceSpans(rest, start, [...own, ...singles], () => ' ');
  if (spaced !== undefined) rest = spaced;
  else for (const d of [...own, ...singles].sort((a, b) => b.start - a.start)) rest = rest.slice(0, d.start - start) + ' ' + rest.slice(d.end - start);
  const dateOnly = own.length + singles.length > 0 && DATE_FILLER_RE.test(rest);
  return { start, end, text: text.slice(start, end), blankBefore, kind: 'head', ranges: own, singles, dateOnly };
}

/**
 * `s` (which starts at `offset` in the text) with each span replaced by `fill`, in one pass: rebuilding the string
 * per span was quadratic on a line of thousands of dates. Undefined where spans are empty, overlap or leave `s`
 * (the callers then replace one span at a time, as before, whose result depends on their order).
 */
function replaceSpans(s: string, offset: number, spans: Array<{ start: number; end: number }>, fill: (d: { start: number; end: number }) => string): string | undefined {
  const parts: string[] = [];
  let pos = 0;
  for (const d of [...spans].sort((a, b) => a.start - b.start)) {
    const a = d.start - offset;
    const b = d.end - offset;
    if (a < pos || b <= a || b > s.length) return undefined;
    parts.push(s.slice(pos, a), fill(d));
    pos = b;
  }
  parts.push(s.slice(pos));
  return parts.join('');
}

/** The line's text without its dates (each replaced by a space). */
export function withoutDates(line: Line): string {
  const blanked = replaceSpans(line.text, line.start, [...line.ranges, ...line.singles], (d) => ' '.repeat(d.end - d.start));
  if (blanked !== undefined) return blanked;
  let rest = line.text;
  for (const d of [...line.ranges, ...line.singles].sort((a, b) => b.start - a.start)) {
    rest = rest.slice(0, d.start - line.start) + ' '.repeat(d.end - d.start) + rest.slice(d.end - line.start);
  }
  return rest;
}

/** Whether line i is the first part of a wrapped sentence: long, unfinished, the next line carrying on (CONTINUATION_RE). */
export function wrapsOnto(lines: Line[], i: number): boolean {
  const t = lines[i].text;
  const next = lines[i + 1];
  return !!next && !next.blankBefore && t.length >= 55 && !/[.:!?]$/.test(t) && CONTINUATION_RE.test(next.text);
}

function classifyLines(lines: Line[]): void {
  lines.forEach((line, i) => {
    const t = line.text;
    if (BULLET_RE.test(t)) {
      line.kind = 'text';
      return;
    }
    const prev = lines[i - 1];
    if (line.dateOnly) {
      // "Duration: 2013 - 2014" straight after a description line ("Client: …") is a detail of that description.
      if (prev && !line.blankBefore && prev.kind === 'text' && /^\p{L}+\s*:/u.test(t) && DATE_LABEL_RE.test(t)) line.kind = 'text';
      return;
    }
    // A value whose label sits on an earlier line (a flattened table: "Database tools" … ": SQL Developer, DB2").
    if (/^:/.test(t)) {
      line.kind = 'text';
      return;
    }
    if (URL_ONLY_RE.test(t) || (t.match(/\p{L}/gu)?.length ?? 0) < 2) {
      line.kind = 'noise';
      return;
    }
    // A wrapped sentence: the line before it is prose, runs long and did not end a sentence.
    const wrapped = prev && !line.blankBefore && prev.kind === 'text' && prev.text.length >= 55 && !/[.:!?]$/.test(prev.text) && !BULLET_RE.test(t);
    // The first line of a wrapped sentence: long, unfinished, and the next line carries on with a function word
    // ("Effectiveness Lab, Organizational … Workshop conducted" / "by Contoso Services during …").
    const wraps = wrapsOnto(lines, i);
    const bare = withoutDates(line).replace(/\s+/g, ' ').replace(/^[\s,;|•·–—-]+|[\s,;|•·–—-]+$/g, '');
    // The line under a bare description label ("Environment", "Roles and Responsibilities") is that description.
    const labelled = prev && !line.blankBefore && line.ranges.length === 0 && isBareDescriptionLabel(prev.text);
    if (wrapped || wraps || labelled || isProse(bare, { dated: line.ranges.length > 0 }) || (line.ranges.length === 0 && isProse(t)) || isLabelledDetail(t)) line.kind = 'text';
  });
}
