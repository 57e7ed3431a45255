/**
 * The resume's headline (JSON Resume `basics.label`): the candidate's current title as the top of the resume
 * states it: "SENIOR ACCOUNTANT" on the first line, "Senior Program coordinator - oracle India Limited" under
 * the name (→ "Senior Program coordinator"), "Data Engineer | jane@example.com | …".
 * Purpose: a title for scoring that does not depend on the experience section being parsed right.
 * Non-goals: titles inside the experience section (experience.ts).
 * Shape legend: the headline is one piece (pieces.ts) of one of the first lines of the header block; its span
 * is the provenance of 'basics.label'. A piece needs a title cue, except in Indeed's headline slot (the line
 * between the name and the "City - Email me on Indeed: …" line holds the headline the candidate typed in:
 * "IT Support", "Back office work"), where a short phrase that is no sentence, place or repeat of the name will do.
 * In Indeed's slot, the employer named after the title ("Associate Consultant - Contoso Bank") comes with it
 * (`company`), and so does one named before it ("CONTOSO - Backup Administrator": the title is the headline);
 * a headline written "Title in Company" or "Company as Title" (title-employer.ts) gives its title, its employer the company;
 * work-entries.ts's withHeadlineJob makes it a work entry when no entry names it.
 */
import { isSkillName, nameLike } from './experience';
import { EMPLOYER_LEAD_RE, isProse, splitLines, wordsOf, type Line } from './lines';
import { linePieces } from './pieces';
import { headingKind } from './sections';
import { titleAndEmployer } from './title-employer';
import type { Provenance, ResumeSection, Span } from './types';
import { COMPANY_RE, INSTITUTION_RE, KNOWN_COMPANY_RE, TITLE_AT_END_RE, TITLE_RE } from './vocab';

/** Lines of the header block searched for a headline. */
const HEADLINE_LINES = 4;
const MAX_HEADLINE_WORDS = 8;
/** A title that leads a sentence: "Cloud Engineer with 7 years of …", "QA Lead having …". */
const LEAD_TITLE_RE = /^((?:\S+\s+){0,5}?\S+)\s+(?:with|having|holding|possessing)\s+/iu;
const FUNCTION_LEAD_RE = /^(?:to|i|we|my|was|am|is|a|an|the|as|and|seeking|looking)\b/i;
/** "Head of Finance and Administration", "Director - Sales": a title word leading the field it heads. */
const HEAD_OF_RE = /^(?:head|director|vp|vice\s+president|chief|dean|manager|lead)\s+(?:of|[-–])\s+\p{L}/iu;
/** Indeed's contact line: the lines above it (after the name) are the headline slot. */
const INDEED_CONTACT_RE = /\bEmail me on Indeed\b|\bindeed\.com\/r\//i;
/** Most words of an uncued headline in Indeed's slot. */
const MAX_SLOT_WORDS = 6;
/** An address, link or number: no headline ("/" between words is: "Developer/Senior Engineer", "FI/CO Consultant"). */
const NOT_HEADLINE_RE = /[@\\]|\/\/|\.\w{2,}\/|\d{3}|www\.|https?:/i;

export interface Headline {
  label: string;
  provenance: Provenance;
  /** The employer the headline names after the title ("Associate Consultant - Contoso Bank"): its span and text. */
  company?: Span & { text: string };
}

/**
 * The employer named after the headline's title on its line ("Title - Company", "Title, Company", "Title at
 * Company"; further titles between are passed over: "Lead, Senior Developer - Company"): a short proper name or
 * a cued organisation that is no place, sentence, link, section heading, school or product name; an uncued word
 * before " at " is the work's site, not its employer ("Supervisor, Site at Shendra MIDC").
 */
function employerAfter(text: string, line: Line, lineIndex: number, titleIndex: number): (Span & { text: string }) | undefined {
  const pieces = linePieces(text, line, lineIndex);
  for (const [k, piece] of pieces.entries()) {
    if (k <= titleIndex) continue;
    // A lead-in before the name goes ("Job Profile in Contoso Services").
    const lead = EMPLOYER_LEAD_RE.exec(piece.text)?.[0].length ?? 0;
    const q = { ...piece, start: piece.start + lead, text: piece.text.slice(lead) };
    const t = q.text;
    if (q.place || NOT_HEADLINE_RE.test(t) || isProse(t) || headingKind(t) || /\d/.test(t)) return undefined;
    if (TITLE_AT_END_RE.test(t)) continue;
    const cued = COMPANY_RE.test(t) || KNOWN_COMPANY_RE.test(t);
    // An uncued word before " at " says where the work is done, not for whom ("Site at Shendra MIDC", "Plant at Chakan").
    if (!cued && pieces[k + 1]?.afterAt) return undefined;
    const named = (nameLike(t) && /^\p{Lu}/u.test(t)) || cued;
    if (!named || wordsOf(t).length > MAX_SLOT_WORDS || INSTITUTION_RE.test(t) || isSkillName(t)) return undefined;
    return { start: q.start, end: q.end, text: t };
  }
  return undefined;
}

/** The headline piece, or undefined. `nameSpan` is basics.name's span (that line's name part is skipped). */
export function extractHeadline(text: string, sections: ResumeSection[], nameSpan?: Span): Headline | undefined {
  const header = sections[0];
  if (!header || header.kind !== 'header') return undefined;
  const lines = splitLines(text, header.start, header.end).filter((l) => l.kind !== 'noise').slice(0, HEADLINE_LINES);
  const name = nameSpan ? squash(text.slice(nameSpan.start, nameSpan.end)) : undefined;
  // Indeed's headline slot: the first line after the name line, when Indeed's contact line follows it.
  const contact = lines.findIndex((l) => INDEED_CONTACT_RE.test(l.text));
  const nameLine = nameSpan ? lines.findIndex((l) => l.start <= nameSpan.start && l.end >= nameSpan.end) : -1;
  const slot = nameLine >= 0 && contact > nameLine + 1 ? nameLine + 1 : -1;
  for (const [i, line] of lines.entries()) {
    // A long sentence is no headline, unless it opens with one ("Cloud Engineer with 7 years of experience in …").
    const long = line.kind === 'text' && line.text.length > 80;
    const pieces = linePieces(text, line, i);
    for (const [k, piece] of pieces.entries()) {
      if (nameSpan && piece.start < nameSpan.end && piece.end > nameSpan.start) continue;
      const lead = LEAD_TITLE_RE.exec(piece.text);
      const leads = lead && TITLE_AT_END_RE.test(lead[1]) && !FUNCTION_LEAD_RE.test(lead[1]);
      if (long && !(leads && k === 0)) break;
      // "Security Analyst in Contoso", "Contoso group as a Test Analyst": the title is the headline, the rest its employer.
      // A school or a product after the title is the field or the tool, as in employerAfter ("Vice President for College Advancement").
      const both = !leads && !long ? titleAndEmployer(piece.text) : undefined;
      const employer = both && piece.text.slice(...both.company);
      if (both && employer && !INSTITUTION_RE.test(employer) && !isSkillName(employer) && !NOT_HEADLINE_RE.test(piece.text) && wordsOf(piece.text).length <= MAX_HEADLINE_WORDS) {
        const at = (r: [number, number]) => ({ start: piece.start + r[0], end: piece.start + r[1], text: piece.text.slice(...r) });
        const [title, company] = [at(both.title), at(both.company)];
        return { label: title.text, provenance: { path: 'basics.label', start: title.start, end: title.end }, company };
      }
      const p = leads ? { ...piece, end: piece.start + lead[1].length, text: lead[1] } : piece;
      const t = p.text;
      if (p.place || NOT_HEADLINE_RE.test(t) || isProse(t) || headingKind(t)) continue;
      if (wordsOf(t).length > MAX_HEADLINE_WORDS) continue;
      const titled = TITLE_AT_END_RE.test(t) || HEAD_OF_RE.test(t) || (TITLE_RE.test(t) && !COMPANY_RE.test(t) && !KNOWN_COMPANY_RE.test(t));
      const capsFirstLine = i === 0 && !nameSpan && t === t.toUpperCase() && /\p{Lu}{3}/u.test(t);
      const inSlot = i === slot && k === 0 && wordsOf(t).length <= MAX_SLOT_WORDS && !/\d/.test(t) && squash(t) !== name;
      if (inSlot && !titled && (COMPANY_RE.test(t) || KNOWN_COMPANY_RE.test(t)) && !INSTITUTION_RE.test(t)) {
        // The slot written "Company - Title" ("CONTOSO - Backup Administrator"): the title, the company its employer.
        const next = pieces[k + 1];
        if (next && !next.place && TITLE_AT_END_RE.test(next.text) && !isProse(next.text) && wordsOf(next.text).length <= MAX_HEADLINE_WORDS && !isSkillName(t)) {
          return { label: next.text, provenance: { path: 'basics.label', start: next.start, end: next.end }, company: { start: p.start, end: p.end, text: t } };
        }
      }
      if (!titled && !capsFirstLine && !inSlot) continue;
      if (INSTITUTION_RE.test(t) && !TITLE_AT_END_RE.test(t)) continue;
      // Only Indeed's slot reads "Title - Company"; elsewhere the second piece is as often a field ("DIRECTOR, FINANCE").
      const company = i === slot && !leads ? employerAfter(text, line, i, k) : undefined;
      return { label: t, provenance: { path: 'basics.label', start: p.start, end: p.end }, ...(company && { company }) };
    }
  }
  return undefined;
}

/** Lower case, letters and digits only: to compare a slot line with the name ("SAURABH SANDHIKAR"). */
function squash(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}
