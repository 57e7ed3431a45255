/**
 * Work entries from the layout of the experience part: header lines (title, company, place, dates) are read
 * as entries, description lines (bullets, sentences, "Responsibilities:") as their summaries.
 * Purpose: JSON Resume `work[]` with provenance, and the date ranges that total experience is merged from.
 * Handles "Title, Company, City ST | dates" on one line, "Company — Title", "Title at Company", the Indeed
 * "Title / Company - City, State - / dates" block, date lines before or after the title, Kaggle-style
 * "Title MM/YYYY to Current / Company Name - City , State", labelled "Company: X / Designation: Y" blocks
 * and undated entries in an experience section.
 * Non-goals: responsibilities parsing beyond a plain summary.
 * Shape legend: a block is a run of header lines (lines.ts kind 'head'; noise lines skipped) between
 * description lines; a block holding several dated lines is cut into entries, each dated line taking the
 * header lines before it that the section's layout gives an entry (`before`, learned from the blocks);
 * candidates are the non-place pieces of an entry's lines (pieces.ts), scored as position or company.
 * In the Indeed block the dash line above the dates fills the company slot (every piece before its place)
 * and the line above it the title slot, whatever the section's other blocks say (the title line names the
 * company only after "at"/"@", and not then over a cued name on the dash line); Indeed blocks that text
 * extraction put under another heading are read there too. A position is role-like (a title word, or a short
 * proper name that is not a field or a tool); a company without an organisation cue must be a proper name,
 * and a product name, a lone legal form, a "Label: value" or a sub-heading ("SAP Expertise") never is one; a
 * school with dates and no title is a study, not a job. A product named with no title is a course or a tool, not
 * an employer; a level or a grade ("Advanced", "B+ Average") is no title; an undated row under a project heading or
 * a "Client …" column header is a client. Indeed's undated "Title / Company Ltd - City, State" pair is read in a
 * part that a sub-heading typed into the experience opened. A city glued to a name ("Contoso Bangalore") is the place.
 * A title and an employer in one value are read apart (title-employer.ts: "Title in Company", "Company as Title", a
 * client glued to its employer by a dash, a phrase in Indeed's company slot ending in its employer, an employer in
 * brackets after the title); "Title in Field" ("Visiting Instructor in Finance") is one title. A client labelled in
 * Indeed's company slot ("Client Contoso -") gives way to that employer in brackets, else loses its label; a date's
 * lead word ("… From") and a city in brackets leave the name; a sentence or a lower-case phrase is no company.
 * A description stops at a sub-heading of the part. An undated entry repeating a dated job is dropped, and so
 * is a dated one repeating an earlier entry from the same start date (its extra fields go to that one); the
 * headline's employer becomes the first entry when no entry names it (work-entries.ts: withHeadlineJob).
 */
import type { DateRange, SingleDate } from './dates';
import { BULLET_RE, EMPLOYER_LEAD_RE, isLabelledDetail, isProse, splitLines, wordsOf, wrapsOnto, type Line } from './lines';
import { linePieces, type Piece } from './pieces';
import { sectionBody } from './sections';
import { matchSkills } from './skills';
import type { JsonResumeWork, Provenance, ResumeSection, Span } from './types';
import { COMPANY_LABEL_RE, COMPANY_RE, INSTITUTION_RE, KNOWN_COMPANY_RE, LEGAL_FORM_RE, TITLE_AT_END_RE, TITLE_LABEL_RE, TITLE_RE } from './vocab';
import { beforeDateWord, clientLabel, companyCue, employerBracket, employerInSlot, gluedCity, legalPart, sentenceNotName, titleAndEmployer, titleBeforeEmployerBracket, titleWithField } from './title-employer';
import { withoutRepeats } from './work-entries';

/** Most header lines taken before an entry's dated line. */
const MAX_BEFORE = 3;
const MAX_SUMMARY = 600;
/** Most words of a title slot line read as a title without a title word. */
const MAX_SLOT_WORDS = 6;

interface Candidate extends Span {
  text: string;
  lineIndex: number;
  forced?: 'title' | 'company';
  /** From an Indeed-style "Company - City, State -" line (the line ends in a dash). */
  dashLine: boolean;
  /** After the entry's dated line, in a layout whose headers come before the dates. */
  trailing: boolean;
  /** Named as the employer: after " at "/"@" ("Engineer at Acme"), or before " as " ("Acme as Analyst"). */
  employer?: boolean;
  /** In the Indeed block "Title / Company - City, State - / dates": the line that holds the title. */
  titleSlot?: boolean;
  /** On the Indeed title line while the dash line below names someone: never the company. */
  slotTaken?: boolean;
  /** Indeed's company slot labelled "Client …": the client, not the employer. */
  client?: boolean;
}

interface Entry {
  lines: number[];
  /** The dated line (absent for an undated entry). */
  anchor?: number;
  range?: DateRange;
  single?: SingleDate;
  dated: boolean;
}

export interface ExperienceResult {
  work: JsonResumeWork[];
  provenance: Provenance[];
  ranges: DateRange[];
}

/** Sections where Indeed work blocks are never looked for (their own dated entries look alike). */
const STRAY_EXCLUDED_KINDS = new Set(['experience', 'education', 'projects', 'header', 'summary', 'certifications']);
const EXCLUDED_KINDS = new Set(['education', 'projects', 'certifications', 'awards', 'publications', 'interests', 'references', 'personal', 'languages', 'summary']);
/** Lead-ins before an employer's name: "Working in", "at", and the office it names ("Head quarters of Contoso Travels"). */
const EMPLOYER_PREFIX_RE = new RegExp(String.raw`${EMPLOYER_LEAD_RE.source}|^(?:at|with|in)\s+(?=\p{Lu})|^(?:head\s*-?\s*quarters?|(?:head|regional|corporate|branch|registered)\s+office)\s+of\s+(?=\p{L})`, 'iu');
const DATE_WORD_RE = /^(?:duration|period|tenure|dates?|from|since|till|until|to|present|current|till\s+date|worked\s+from|timeline)$/i;
/** Values that fill a form field without saying anything ("None", "N/A", a bare "company"). */
const PLACEHOLDER_VALUE_RE = /^(?:none|nil|n\.?\s?a\.?|na|not\s+applicable|company|organi[sz]ation|employer|designation|role|position|title|individual|confidential|various)$/i;

/** Last words of a sub-heading or a skills line, never of an organisation's name ("SAP Expertise", "Life Sciences Domain"). */
const NON_COMPANY_END_RE = /(?<![\p{L}])(?:expertise|skills?|knowledge|exposure|proficiency|competenc(?:y|ies)|highlights|overview|responsibilities|achievements|domain)$/iu;

/**
 * A product or skill name rather than an organisation ("Microsoft SQL Server", "Power BI"):
 * taxonomy skills cover most of its letters, and it is neither an organisation word nor just a known
 * company's name ("Oracle", "Cisco" stay employers).
 */
export function isSkillName(t: string): boolean {
  if (COMPANY_RE.test(t) || KNOWN_COMPANY_EXACT_RE.test(t.trim())) return false;
  let known = skillNameCache.get(t);
  if (known === undefined) {
    const letters = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '').length;
    const covered = matchSkills(t, []).reduce((n, m) => n + letters(t.slice(m.start, m.end)), 0);
    known = covered >= 0.6 * letters(t);
    if (skillNameCache.size > 5000) skillNameCache.clear();
    skillNameCache.set(t, known);
  }
  return known;
}
const KNOWN_COMPANY_EXACT_RE = new RegExp(`^(?:${KNOWN_COMPANY_RE.source})$`, 'iu');
const LEGAL_FORMS_RE = new RegExp(LEGAL_FORM_RE.source, 'giu');
const skillNameCache = new Map<string, boolean>();

function titleScore(c: Candidate): number {
  if (c.forced) return c.forced === 'title' ? 6 : -6;
  const t = c.text;
  let s = TITLE_AT_END_RE.test(t) ? 2.5 : TITLE_RE.test(t) ? 1 : 0;
  if (COMPANY_RE.test(t) && !TITLE_AT_END_RE.test(t)) s -= 2;
  if (KNOWN_COMPANY_RE.test(t) && !TITLE_RE.test(t)) s -= 2;
  if (c.dashLine) s -= 2.5;
  if (c.titleSlot && TITLE_RE.test(t)) s += 1;
  return s + shapePenalty(c);
}

function companyScore(c: Candidate): number {
  if (c.forced) return c.forced === 'company' ? 6 : -6;
  const t = c.text;
  // A legal form alone ("Inc", "Pvt. Ltd.") names no one; a "Label: value" is no name.
  if (!t.replace(LEGAL_FORMS_RE, '').replace(/[\s.,&()-]+/g, '')) return -6;
  if (/\p{L}:\s/u.test(t) || c.slotTaken || NON_COMPANY_END_RE.test(t.trim()) || sentenceNotName(t)) return -6;
  let s = Math.min(3, (COMPANY_RE.test(t) ? 2 : 0) + (KNOWN_COMPANY_RE.test(t) ? 2 : 0)) + (LEGAL_FORM_RE.test(t) ? 0.5 : 0);
  if (c.dashLine) s += 2.5;
  if (c.employer) s += 1.5;
  else if (c.titleSlot) s -= 1.5;
  if (isSkillName(t)) s -= 3;
  if (TITLE_AT_END_RE.test(t)) s -= 2.5;
  else if (TITLE_RE.test(t) && !companyCue(t)) s -= 1;
  return s + shapePenalty(c);
}

function shapePenalty(c: Candidate): number {
  const w = wordsOf(c.text).length;
  let p = w > 7 ? -(w - 7) * 0.6 : 0;
  if (isProse(c.text)) p -= 4;
  if (/^\p{Ll}/u.test(c.text) && w > 4) p -= 1;
  if (/\d{2,}/.test(c.text)) p -= 0.5;
  if (c.trailing) p -= 0.75;
  const open = (c.text.match(/[([]/g) ?? []).length;
  const close = (c.text.match(/[)\]]/g) ?? []).length;
  if (open !== close) p -= 3;
  return p;
}

/** Where the first bracket that is never closed opens (the string's length when every bracket closes). */
function unclosedBracketAt(s: string): number {
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(' || s[i] === '[') open.push(i);
    else if ((s[i] === ')' || s[i] === ']') && open.length) open.pop();
  }
  return open[0] ?? s.length;
}

/** Candidates of one header line: labelled fields, else its non-place pieces ("Title in Company" split). */
function lineCandidates(text: string, line: Line, lineIndex: number, trailing: boolean): Candidate[] {
  const bare = text.slice(line.start, line.end);
  const labelled = COMPANY_LABEL_RE.exec(bare) ?? TITLE_LABEL_RE.exec(bare);
  if (labelled && !line.ranges.length) {
    // A bracket the line leaves open (the value wraps onto the next line: "Contoso Centre (Contoso") goes, with what follows it.
    let value = labelled[1].slice(0, unclosedBracketAt(labelled[1])).replace(/[\s,;.|–—-]+$/, '');
    let start = line.start + bare.lastIndexOf(labelled[1]);
    const isCompany = COMPANY_LABEL_RE.test(bare);
    const part = isCompany ? legalPart(value)?.part : undefined;
    if (part) {
      start += part[0];
      value = value.slice(...part);
    }
    if (value.length < 2 || wordsOf(value).length > 10 || PLACEHOLDER_VALUE_RE.test(value)) return [];
    return [{ start, end: start + value.length, text: value, lineIndex, forced: isCompany ? 'company' : 'title', dashLine: false, trailing }];
  }
  if (line.slotTitle) return [{ start: line.start, end: line.end, text: bare, lineIndex, forced: 'title', dashLine: false, trailing }];
  const dashLine = isDashLine(line);
  const out: Candidate[] = [];
  const pieces = linePieces(text, line, lineIndex);
  // On an Indeed "Client - Company - City, State -" line every piece before the place fills the company slot.
  const firstPlace = pieces.findIndex((p) => p.place);
  const inSlot = (k: number) => dashLine && (k === 0 || firstPlace < 0 || k < firstPlace);
  pieces.forEach((piece: Piece, k) => {
    let p = piece;
    if (line.headerEnd !== undefined) {
      if (p.start >= line.headerEnd) return;
      if (p.end > line.headerEnd) p = { ...p, end: line.headerEnd, text: text.slice(p.start, line.headerEnd).trimEnd() };
    }
    if (p.place || DATE_WORD_RE.test(p.text) || PLACEHOLDER_VALUE_RE.test(p.text)) return;
    let start = p.start;
    let value = p.text;
    // A list number before the name in the company slot ("3 Contoso Foods -"): not part of it.
    const number = inSlot(k) ? /^\d{1,2}[.)]?\s+(?=\p{Lu})/u.exec(value) : null;
    if (number) {
      start += number[0].length;
      value = value.slice(number[0].length);
    }
    const prefix = EMPLOYER_PREFIX_RE.exec(value);
    if (prefix && value.length > prefix[0].length + 1) {
      start += prefix[0].length;
      value = value.slice(prefix[0].length);
    }
    const client = inSlot(k) ? clientLabel(value) : 0;
    start += client;
    value = value.slice(client, beforeDateWord(value));
    const both = titleAndEmployer(value);
    if (both) {
      const [t, c] = [both.title, both.company];
      out.push({ start: start + t[0], end: start + t[1], text: value.slice(...t), lineIndex, dashLine: false, trailing });
      out.push({ start: start + c[0], end: start + c[1], text: value.slice(...c), lineIndex, dashLine: inSlot(k) && c[0] > t[0], trailing, employer: true });
      return;
    }
    if (titleWithField(value)) {
      out.push({ start, end: start + value.length, text: value, lineIndex, forced: 'title', dashLine: false, trailing });
      return;
    }
    // The company slot holding a phrase that ends in its employer ("Linux Administration in Contoso Ltd. -").
    const slotEmployer = inSlot(k) ? employerInSlot(value) : undefined;
    // A client glued to its employer by a dash ("Northwind- Contoso BPO Ltd"): the employer; a part that ends in a
    // title word is a title of its own ("Sales Officer- Contoso Pvt Ltd").
    const legal = slotEmployer ? undefined : legalPart(value);
    for (const other of legal?.others ?? []) {
      const t = value.slice(...other);
      if (TITLE_AT_END_RE.test(t)) out.push({ start: start + other[0], end: start + other[1], text: t, lineIndex, dashLine: false, trailing });
    }
    const part = slotEmployer ?? legal?.part;
    if (part) {
      start += part[0];
      value = value.slice(...part);
    }
    out.push({ start, end: start + value.length, text: value, lineIndex, dashLine: inSlot(k), trailing, employer: p.afterAt, ...(client > 0 ? { client: true } : {}) });
  });
  return out;
}

/** The leading run of capitalised words of a long piece that ends in a title word ("Program Support Assistant Accounting …"). */
function leadingTitle(value: string): number | undefined {
  const run = /^(?:[\p{Lu}][\p{L}&/.'’-]*\s+){0,6}[\p{Lu}][\p{L}&/.'’-]*/u.exec(value);
  if (!run) return undefined;
  const words = [...run[0].matchAll(/\S+/g)];
  for (let k = words.length - 1; k >= 0; k--) {
    const end = words[k].index + words[k][0].length;
    if (TITLE_AT_END_RE.test(value.slice(0, end).replace(/[^\p{L}]+$/u, ''))) return end;
  }
  return undefined;
}

/**
 * Description lines that begin with an entry's header (flattened PDF text glues them: "General Manager
 * 10/2013 to 09/2016 Company Name City , State Opened a new store…"): a line holding a date range, or the
 * line after a date line, whose leading pieces are short, cued and not prose becomes a header line up to there.
 */
function promoteGluedHeaders(text: string, lines: Line[]): void {
  let prev: Line | undefined;
  for (const [i, l] of lines.entries()) {
    const afterDate = prev !== undefined && prev.dateOnly && prev.kind === 'head';
    // Not the continuation of a wrapped sentence: a fresh line after a break, a header or a finished sentence.
    const fresh = prev === undefined || l.blankBefore || prev.kind === 'head' || /[.!?:]$/.test(prev.text);
    if (l.kind !== 'noise') prev = l;
    if (l.kind !== 'text' || BULLET_RE.test(l.text) || isLabelledDetail(l.text) || (!l.ranges.length && !afterDate) || !fresh || !/^[\p{Lu}\d]/u.test(l.text)) continue;
    let end = l.start;
    let cued = false;
    let placed = false;
    for (const p of linePieces(text, l, i)) {
      if (p.place || p.text === 'Company Name') placed = true;
      if (!p.place && (isProse(p.text) || wordsOf(p.text).length > 8)) {
        const lead = leadingTitle(p.text);
        if (lead !== undefined) {
          end = p.start + lead;
          cued = true;
        }
        break;
      }
      end = p.end;
      if (p.place || p.text === 'Company Name' || TITLE_RE.test(p.text) || companyCue(p.text)) cued = true;
    }
    // Under a date line, the first line of a wrapped sentence is a description unless a place marks a header in it
    // ("Effectiveness Lab, Organizational … conducted" / "by …"; not "Designer Company Name - City , State Built …").
    const wrappedProse = !l.ranges.length && !placed && wrapsOnto(lines, i);
    if (cued && end > l.start && !wrappedProse) {
      // The header runs on over a date range that follows it across separators only ("… CA | Jan 2019 - Present").
      for (const r of l.ranges) if (r.start >= end && /^[\s,;|•·()[\]–—-]*$/.test(text.slice(end, r.start))) end = r.end;
      l.kind = 'head';
      l.headerEnd = Math.max(end, ...l.ranges.filter((r) => r.start < end).map((r) => r.end));
    }
  }
}

/**
 * The Indeed title slot: the line above an Indeed "Company - City, State -" line that sits on a date line, each
 * after a blank line, holds the title the candidate typed ("Typing work", "online job in home"), read as one
 * title even when its words read as a phrase; a labelled detail, a bullet, a finished sentence or one led by a
 * past-tense verb is none.
 */
function markTitleSlots(lines: Line[]): void {
  lines.forEach((l, i) => {
    const dash = lines[i + 1];
    const dates = lines[i + 2];
    if (!dash || !dates || !isDashLine(dash) || !dates.dateOnly || !dash.blankBefore || !dates.blankBefore || !l.blankBefore) return;
    if (BULLET_RE.test(l.text) || isLabelledDetail(l.text) || /[.:;!?,]$/.test(l.text) || wordsOf(l.text).length > MAX_SLOT_WORDS || /\d/.test(l.text)) return;
    // A sentence led by a past-tense verb ("Worked on network migration during intern") tells what was done, not the title.
    if (/^\p{L}{3,}ed\s+\p{Ll}/u.test(l.text)) return;
    if (l.kind === 'text' || (l.kind === 'head' && /^\p{Ll}/u.test(l.text))) {
      l.kind = 'head';
      l.slotTitle = true;
    }
  });
}

/** A project part's heading ("Key Projects", "PROJECT UNDERTAKEN") or a client column header ("Client  Version  Role"). */
const PROJECT_HEAD_RE = /^(?:(?:\p{L}+\s+){0,2}projects?(?:\s+(?:undertaken|handled|details?|done|profile))?\s*:?|clients?(?:\s+[^\s:][^:]*)?)$/iu;

/** Whether an entry's lines, or the header lines running up to it, hold a project heading (PROJECT_HEAD_RE). */
function underProjectHead(lines: Line[], own: number[]): boolean {
  const head = (l: Line) => PROJECT_HEAD_RE.test(l.text) && !TITLE_AT_END_RE.test(l.text);
  // A row that names the employer by its label ("Client Nestle Globe" / "Company Contoso Pvt. Ltd.") keeps it.
  if (own.some((li) => /^(?:company|employer|organi[sz]ation)\s+\p{Lu}/iu.test(lines[li].text))) return false;
  if (own.some((li) => head(lines[li]))) return true;
  for (let j = own[0] - 1; j >= 0 && lines[j].kind !== 'text'; j--) if (lines[j].kind === 'head' && head(lines[j])) return true;
  return false;
}

/** A proper name: every word capitalised (or a number), connectors aside ("Brightwave Analytics", "Bank of Contoso"), not "Any role". */
export function nameLike(t: string): boolean {
  return wordsOf(t).every((w) => /^[\p{Lu}\d&(]/u.test(w) || /^(?:of|and|the|for|de|la|du|von|van|e)$/.test(w) || /\p{Lu}/u.test(w.slice(1)));
}

const FUNCTION_WORD_RE = /^(?:the|and|of|to|for|with|in|on|a|an|from|by|as|at|into)$/i;

/** Last words that name a thing or a field, not a role ("Inventory Tool", "Billing Process", "Vendor Management"). */
const NON_ROLE_END_RE = /(?<![\p{L}])(?:management|tools?|process(?:es)?|exposure|domain|projects?|details|summary|profile|environment|technolog(?:y|ies)|platforms?|modules?|applications?|systems?|software)$/iu;

/** A proficiency level or a grade, never a role ("Advanced", "B+ Average", "First Class", "A Completed"). */
const LEVEL_OR_GRADE_RE = /^(?:(?:[A-E][+-]?|O)\s+)?(?:beginner|basic|elementary|intermediate|advanced|expert|proficient|fluent|native|average|good|very\s+good|excellent|outstanding|distinction|first\s+class|second\s+class|pass(?:ed)?|completed|grade\s+[A-E][+-]?)$|^[A-E][+-]?$/i;

/**
 * Whether a candidate can be a position: it has a title word, or it is a short proper name without digits,
 * brackets, colons or a thing word at its end ("Laborer", "Security Guard", "Sales"; not "Shift/Size: 3
 * months", "Inventory Tool", "Ward 4 (during 5th term)").
 */
function roleLike(t: string): boolean {
  if (LEVEL_OR_GRADE_RE.test(t.trim())) return false;
  if (TITLE_RE.test(t)) return true;
  if (/[\d:()[\]]/.test(t)) return false;
  // "Sales / Webmaster", "Cashier / stock clerk": each role of a slash list on its own.
  return t.split(/\s*\/\s*/).every((part, k) => {
    const w = wordsOf(part);
    const cased = nameLike(part) || (w.length <= 3 && (k > 0 || /^\p{Lu}/u.test(part)) && !w.some((x) => FUNCTION_WORD_RE.test(x)));
    return w.length > 0 && w.length <= 4 && cased && !NON_ROLE_END_RE.test(part.trim());
  });
}

/** Best (position, company) among candidates; `titleFirst` is the section's order of the two. */
function choose(cands: Candidate[], titleFirst: boolean): { position?: Candidate; company?: Candidate; score: number } {
  let best: { position?: Candidate; company?: Candidate; score: number } = { score: 0 };
  const ts = cands.map(titleScore);
  const cs = cands.map(companyScore);
  for (let i = -1; i < cands.length; i++) {
    for (let j = -1; j < cands.length; j++) {
      if (i === j && i >= 0) continue;
      if (i >= 0 && (ts[i] < 0 || (!cands[i].forced && !roleLike(cands[i].text)))) continue;
      if (j >= 0 && (cs[j] < 0 || (cs[j] === 0 && !nameLike(cands[j].text)))) continue;
      let score = (i >= 0 ? ts[i] + 0.1 : 0) + (j >= 0 ? cs[j] : 0);
      if (i >= 0 && j >= 0 && cands[i].start < cands[j].start === titleFirst) score += 0.6;
      if (score > best.score) best = { position: i >= 0 ? cands[i] : undefined, company: j >= 0 ? cands[j] : undefined, score };
    }
  }
  return best;
}

/**
 * Indeed's block for a job without dates, "Title / Company Pvt. Ltd - City, State" (each line after a blank): read
 * in a part that a sub-heading typed into the experience ("Technical Expertise:-") opened. The company must carry
 * a legal form or an organisation word, the title a title word at its end.
 */
function undatedIndeedJob(text: string, lines: Line[], own: number[]): boolean {
  if (own.length !== 2 || !own.every((li) => lines[li].blankBefore) || !TITLE_AT_END_RE.test(lines[own[0]].text)) return false;
  const pieces = linePieces(text, lines[own[1]], own[1]);
  const at = pieces.findIndex((p) => p.place);
  return at >= 1 && at === pieces.length - 1 && /\s[-–]\s/.test(lines[own[1]].text) && pieces.slice(0, at).every((p) => LEGAL_FORM_RE.test(p.text) || COMPANY_RE.test(p.text));
}

/** An Indeed company line: "Company - City, State -" or "Company -" (ends in a dash, does not start with one). */
function isDashLine(line: Line): boolean {
  return /\s[-–]\s*$/.test(line.text) && !/^[-–]/.test(line.text);
}

function median(xs: number[], fallback: number): number {
  if (xs.length === 0) return fallback;
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1];
}

/**
 * Cut a section's lines into entries (see the shape legend). `plausible` says whether some lines hold a
 * cued title or company: only such runs become undated entries (a block without dates, or the lines of a
 * block before its first dated entry's share).
 */
function entriesOf(lines: Line[], allowUndated: boolean, plausible: (lineIndexes: number[]) => boolean): { entries: Entry[]; before: number } {
  const blocks: number[][] = [];
  let cur: number[] = [];
  lines.forEach((l, i) => {
    if (l.kind === 'noise') return;
    if (l.kind === 'text') {
      if (cur.length) blocks.push(cur);
      cur = [];
      return;
    }
    cur.push(i);
  });
  if (cur.length) blocks.push(cur);
  const isAnchor = (i: number) => lines[i].ranges.length > 0 || (lines[i].dateOnly && lines[i].singles.length > 0);
  const before = median(
    blocks.filter((b) => b.some(isAnchor)).map((b) => Math.min(MAX_BEFORE, b.findIndex(isAnchor))),
    1
  );
  const chunk = Math.max(2, before);
  const entries: Entry[] = [];
  const undated = (run: number[]) => {
    for (let k = 0; k < run.length; k += chunk) {
      const part = run.slice(k, k + chunk);
      if (plausible(part)) entries.push({ lines: part, dated: false });
    }
  };
  for (const block of blocks) {
    const anchors = block.map((li, k) => (isAnchor(li) ? k : -1)).filter((k) => k >= 0);
    if (anchors.length === 0) {
      if (allowUndated) undated(block);
      continue;
    }
    // Lines an entry takes before its dated line: the section's share, or two under an Indeed "Company -" line
    // (the title sits above it) whatever the other blocks say.
    const share = (a: number) => (before < 2 && a >= 2 && isDashLine(lines[block[a - 1]]) ? 2 : before);
    let first = Math.max(0, anchors[0] - MAX_BEFORE);
    // More lines before the first dated line than the layout gives an entry: the extra lines are an undated
    // entry of their own when they read as one and the dated entry keeps a title or company.
    const own = anchors[0] - share(anchors[0]);
    if (allowUndated && own > 0 && plausible(block.slice(0, own)) && plausible(block.slice(own, anchors[0] + 1))) {
      undated(block.slice(0, own));
      first = own;
    }
    const starts = anchors.map((a, k) => (k === 0 ? first : Math.max(anchors[k - 1] + 1, a - share(a))));
    anchors.forEach((a, k) => {
      const li = block[a];
      const end = k + 1 < anchors.length ? starts[k + 1] : block.length;
      const line = lines[li];
      entries.push({ lines: block.slice(starts[k], end), anchor: li, range: line.ranges[0], single: line.ranges.length ? undefined : line.singles[0], dated: true });
    });
  }
  return { entries, before };
}

/** Extract work entries from experience sections (or, without any, dated entries from the other sections). */
export function extractExperience(text: string, allSections: ResumeSection[]): ExperienceResult {
  const sections = allSections;
  const expSections = sections.filter((s) => s.kind === 'experience');
  const scope = expSections.length > 0 ? expSections : sections.filter((s) => !EXCLUDED_KINDS.has(s.kind));
  const work: JsonResumeWork[] = [];
  const provenance: Provenance[] = [];
  const ranges: DateRange[] = [];
  // Indeed blocks ("Title / Company - City, State - / dates") that text extraction put under another heading
  // ("Key Skills", "Declaration") are work entries too; only those blocks are read there.
  const strays = expSections.length > 0 ? sections.filter((s) => !STRAY_EXCLUDED_KINDS.has(s.kind)) : [];
  const parts = [...scope.map((section) => ({ section, stray: false })), ...strays.map((section) => ({ section, stray: true }))]
    .sort((a, b) => a.section.start - b.section.start)
    .map(({ section, stray }) => {
      const body = section.kind === 'header' ? { start: section.start, end: section.end } : sectionBody(text, section);
      const lines = splitLines(text, body.start, body.end);
      promoteGluedHeaders(text, lines);
      markTitleSlots(lines);
      const plausible = (lis: number[]) =>
        lis.flatMap((li) => lineCandidates(text, lines[li], li, false)).some((c) => (titleScore(c) >= 2.5 && TITLE_AT_END_RE.test(c.text)) || companyScore(c) >= 2);
      const found = entriesOf(lines, section.kind === 'experience', plausible);
      if (stray) {
        const dated = found.entries.filter((e) => e.anchor !== undefined && e.lines.indexOf(e.anchor) >= 1 && isDashLine(lines[e.lines[e.lines.indexOf(e.anchor) - 1]]));
        const undated = entriesOf(lines, true, plausible).entries.filter((e) => !e.dated && undatedIndeedJob(text, lines, e.lines));
        found.entries = [...dated, ...undated].sort((a, b) => a.lines[0] - b.lines[0]);
      }
      return { body, lines, stray, ...found };
    });
  // The order of position and company, from the entries where both are plain to see (default: title first).
  let votes = 0;
  for (const { lines, entries } of parts) {
    for (const e of entries) {
      const cands = e.lines.flatMap((li) => lineCandidates(text, lines[li], li, false));
      const t = cands.find((c) => titleScore(c) >= 2.5 && companyScore(c) < 0);
      const c = cands.find((x) => companyScore(x) >= 2 && titleScore(x) < 0);
      if (t && c) votes += t.start < c.start ? 1 : -1;
    }
  }
  const titleFirst = votes >= 0;
  for (const { body, lines, entries, before, stray } of parts) {
    const sectionStartCount = work.length;
    entries.forEach((e, k) => {
      const cands = e.lines.flatMap((li) => lineCandidates(text, lines[li], li, before >= 1 && e.anchor !== undefined && li > e.anchor));
      // The Indeed block: the line above the "Company - City, State -" line that sits on the dates holds the title.
      const at = e.anchor === undefined ? -1 : e.lines.indexOf(e.anchor);
      if (at >= 2 && isDashLine(lines[e.lines[at - 1]])) {
        // The dash line is the company slot: a name there keeps the title line from naming the company, except
        // after "at"/"@" ("Process Associate@ Infosys" over "HR SPOC -"); a cued name there beats that too
        // ("Engineer - Service at Contoso Ltd. Ph" over "Fabrikam Ltd - Pune -", the employer over its site).
        const dash = cands.filter((c) => c.lineIndex === e.lines[at - 1]);
        const cued = dash.some((c) => companyCue(c.text) && !isSkillName(c.text) && companyScore(c) > 0);
        for (const c of cands) {
          if (c.lineIndex !== e.lines[at - 2]) continue;
          c.titleSlot = true;
          if (c.employer && cued) c.employer = false;
          if (!c.employer && dash.length > 0) c.slotTaken = true;
        }
      }
      const chosen = choose(cands, titleFirst);
      const position = chosen.position;
      // A product or skill named with no title is a course or a tool the entry used, not an employer ("HP ALM -" under "Test Management Tool").
      const bracket = chosen.company?.client && position ? employerBracket(position.text)?.employer : undefined;
      // A client in the company slot gives way to the employer the title names in brackets ("Technical Lead (HCL)" over "Client Contoso -").
      const company = bracket
        ? { ...chosen.company!, start: position!.start + bracket[0], end: position!.start + bracket[1], text: position!.text.slice(...bracket) }
        : chosen.company && !position && isSkillName(chosen.company.text) ? undefined : chosen.company;
      if (!e.dated && !(position && TITLE_AT_END_RE.test(position.text)) && !(company && companyScore(company) >= 2)) return;
      if (!e.dated && position && INSTITUTION_RE.test(position.text) && !company) return;
      // An undated row under a project part's heading or a "Client …" column header names a client or a project,
      // not an employer ("PROJECT UNDERTAKEN" / "Client  Version  Role" / "Contoso Steel Division").
      if (!e.dated && underProjectHead(lines, e.lines)) return;
      // A school with dates and no title is a study, not a job: Indeed's education block put among the jobs
      // ("Contoso University / Amritsar, Punjab - / July 2004 to June 2008").
      if (!position && company && INSTITUTION_RE.test(company.text) && !LEGAL_FORM_RE.test(company.text)) return;
      // An undated line with a company alone must read as a name: "Not align with Systems objectives", a list
      // line among the descriptions, or "OpenStack Private cloud in India", a project's heading, is neither.
      if (!e.dated && !position && company && !nameLike(company.text) && !LEGAL_FORM_RE.test(company.text)) return;
      // A dated line with neither position nor company beside other entries is a project's or a course's date.
      if (!position && !company && entries.some((o) => o !== e && o.dated)) return;
      const index = work.length;
      const entry: JsonResumeWork = {};
      if (e.range) {
        entry.startDate = e.range.fromIso;
        provenance.push({ path: `work[${index}].startDate`, start: e.range.start, end: e.range.end });
        if (e.range.toIso) {
          entry.endDate = e.range.toIso;
          provenance.push({ path: `work[${index}].endDate`, start: e.range.start, end: e.range.end });
        } else entry.current = true;
        ranges.push(e.range);
      } else if (e.single) {
        entry.startDate = e.single.iso;
        entry.endDate = e.single.iso;
        provenance.push({ path: `work[${index}].startDate`, start: e.single.start, end: e.single.end });
        provenance.push({ path: `work[${index}].endDate`, start: e.single.start, end: e.single.end });
        const m = e.single.month - (e.single.monthPrecision ? 0 : 11);
        ranges.push({ start: e.single.start, end: e.single.end, from: m, to: e.single.month + 1, fromIso: e.single.iso, toIso: e.single.iso, monthPrecision: e.single.monthPrecision });
      }
      if (position) {
        // An employer in brackets after the title is no part of it ("Technical Lead (Contoso)").
        const end = position.forced ? position.end : position.start + titleBeforeEmployerBracket(position.text);
        entry.position = text.slice(position.start, end);
        provenance.push({ path: `work[${index}].position`, start: position.start, end });
      }
      const glued = company ? gluedCity(company) : undefined;
      if (company) {
        const end = glued ? glued.nameEnd : company.end;
        entry.name = text.slice(company.start, end);
        provenance.push({ path: `work[${index}].name`, start: company.start, end });
      }
      const place = e.lines.flatMap((li) => linePieces(text, lines[li], li)).find((p) => p.place && p.text !== 'Company Name') ?? glued?.city;
      if (place) {
        entry.location = place.text;
        provenance.push({ path: `work[${index}].location`, start: place.start, end: place.end });
      }
      const lastLine = lines[e.lines[e.lines.length - 1]];
      const headerEnd = lastLine.headerEnd ?? lastLine.end;
      const next = entries[k + 1];
      // A description ends at the next entry, or at a sub-heading of the part ("Technical Skills:" under "EXPERIENCE").
      const subheading = allSections.find((x) => x.start >= headerEnd && x.start < body.end)?.start ?? body.end;
      const summaryEnd = Math.min(next ? lines[next.lines[0]].start : body.end, subheading);
      const summary = plainSummary(text, headerEnd, Math.min(summaryEnd, headerEnd + MAX_SUMMARY));
      if (summary) {
        entry.summary = summary.text;
        provenance.push({ path: `work[${index}].summary`, start: summary.start, end: summary.end });
      }
      work.push(entry);
    });
    // Dates only in prose (no header line carries one): keep their ranges for the total, as date-only entries.
    if (work.length === sectionStartCount && !stray) {
      for (const line of lines) {
        if (line.kind !== 'text') continue;
        for (const r of line.ranges) {
          const index = work.length;
          provenance.push({ path: `work[${index}].startDate`, start: r.start, end: r.end });
          if (r.toIso) provenance.push({ path: `work[${index}].endDate`, start: r.start, end: r.end });
          work.push(r.toIso ? { startDate: r.fromIso, endDate: r.toIso } : { startDate: r.fromIso, current: true });
          ranges.push(r);
        }
      }
    }
  }
  return { ...withoutRepeats(work, provenance), ranges };
}

/** The text after an entry's header up to the next entry, trimmed; undefined when too short to be a description. */
function plainSummary(text: string, start: number, end: number): (Span & { text: string }) | undefined {
  while (start < end && /[\s,|•·:;–—-]/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end - start > 20 ? { start, end, text: text.slice(start, end) } : undefined;
}
