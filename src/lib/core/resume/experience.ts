/**
 * Dated experience entries: each date range in the experience part of a resume becomes one work entry whose
 * position and company are read from the text pieces around the range.
 * Purpose: JSON Resume `work[]` with provenance, and the date ranges that total experience is merged from.
 * Non-goals: responsibilities parsing beyond a plain summary; undated jobs (they carry no years anyway).
 * Shape legend: a "piece" is a run of text between line breaks, tabs, runs of 3+ spaces or " | " near the
 * range; pieces are classified as position or company by keyword cues; spans are offsets into the text.
 */
import { findDateRanges, type DateRange } from './dates';
import type { JsonResumeWork, Provenance, ResumeSection, Span } from './types';

export const TITLE_CUE = /\b(?:engineer|developer|programmer|manager|analyst|intern|consultant|specialist|lead|director|administrator|admin|officer|assistant|associate|executive|designer|architect|coordinator|technician|supervisor|representative|teacher|nurse|accountant|scientist|head|president|founder|owner|trainee|tester|clerk|agent|advisor|adviser|instructor|lecturer|professor|researcher|auditor|writer|editor|chef|cook|driver|operator|planner|buyer|recruiter|generalist|partner|member|volunteer|fellow|tutor|therapist|pharmacist|physician|advocate|lawyer|attorney|paralegal|secretary|receptionist|cashier|sales\s*man|salesperson|curator|archivist|librarian|sr\.?|jr\.?)\b/i;
const COMPANY_CUE = /\b(?:inc|ltd|llc|llp|plc|pvt|private|limited|corp|corporation|company|co\.|technologies|technology|solutions|systems|services|software|consulting|consultancy|group|labs?|bank|university|college|hospital|institute|agency|enterprises?|industries|international|global|infotech|infosys|tcs|wipro|accenture|cognizant|capgemini|ibm|microsoft|amazon|google|oracle|deloitte|museum|foundation|school|gmbh|s\.a\.|ag)\b/i;
const PIECE_SPLIT_RE = /\n|\t|[ ]{3,}|\s[|•]\s/;
const MAX_PIECE = 120;
const MAX_SUMMARY = 600;

interface Piece extends Span {
  text: string;
}

function trimPiece(text: string, start: number, end: number): Piece | undefined {
  while (start < end && /[\s,|•·:;()–—-]/.test(text[start])) start++;
  while (end > start && /[\s,|•·:;()–—-]/.test(text[end - 1])) end--;
  if (end - start < 2 || end - start > MAX_PIECE) return undefined;
  if (!/\p{L}{2}/u.test(text.slice(start, end))) return undefined;
  return { start, end, text: text.slice(start, end) };
}

/** The piece ending just before `pos` (same line first), walking back over at most `count` pieces. */
function piecesBefore(text: string, pos: number, floor: number, count: number): Piece[] {
  const out: Piece[] = [];
  let end = pos;
  for (let guard = 0; out.length < count && end > floor && guard < count * 4; guard++) {
    const before = text.slice(floor, end);
    const parts = before.split(PIECE_SPLIT_RE);
    const last = parts[parts.length - 1];
    const start = end - last.length;
    const piece = trimPiece(text, start, end);
    if (piece) out.push(piece);
    // Step over the separator that ended this piece.
    const sepMatch = /(?:\n|\t|[ ]{3,}|\s[|•]\s)$/.exec(text.slice(floor, start));
    end = sepMatch ? start - sepMatch[0].length : start - 1;
  }
  return out;
}

function pieceAfter(text: string, pos: number, ceil: number): Piece | undefined {
  const after = text.slice(pos, ceil);
  const lead = after.length - after.replace(/^[\s,|•·:;()–—-]+/, '').length;
  const rest = after.slice(lead);
  const first = rest.split(PIECE_SPLIT_RE)[0];
  return trimPiece(text, pos + lead, pos + lead + first.length);
}

/** Split "Senior Engineer at Acme Corp" / "Acme Corp - Senior Engineer" into position and company when both cues fire. */
function splitCombined(piece: Piece): { position?: Piece; company?: Piece } {
  const at = /\s+(?:at|@)\s+/i.exec(piece.text);
  const dash = /\s+[–—-]\s+|,\s+/.exec(piece.text);
  const sep = at ?? dash;
  if (!sep) return {};
  const a = { start: piece.start, end: piece.start + sep.index, text: piece.text.slice(0, sep.index) };
  const bStart = sep.index + sep[0].length;
  const b = { start: piece.start + bStart, end: piece.end, text: piece.text.slice(bStart) };
  if (at || (TITLE_CUE.test(a.text) && !TITLE_CUE.test(b.text))) return { position: a, company: b };
  if (TITLE_CUE.test(b.text) && !TITLE_CUE.test(a.text)) return { position: b, company: a };
  return {};
}

/** "Acme Corp -  Pune, Maharashtra" → "Acme Corp": a trailing " - City, Region" is the location, not the name. */
function stripLocation(piece: Piece | undefined): Piece | undefined {
  if (!piece) return piece;
  const m = /\s+[-–—|]\s+((?:\p{Lu}[\p{L}.'-]*(?:\s+|,\s*)?){1,4})$/u.exec(piece.text);
  if (!m || m.index < 2) return piece;
  return { start: piece.start, end: piece.start + m.index, text: piece.text.slice(0, m.index) };
}

function classify(pieces: Piece[]): { position?: Piece; company?: Piece } {
  const { position, company } = classifyPieces(pieces);
  return { position, company: stripLocation(company) };
}

function classifyPieces(pieces: Piece[]): { position?: Piece; company?: Piece } {
  let position: Piece | undefined;
  let company: Piece | undefined;
  for (const p of pieces) {
    const combined = splitCombined(p);
    if (!position && !company && combined.position && combined.company && COMPANY_CUE.test(combined.company.text)) return combined;
    if (!company && COMPANY_CUE.test(p.text) && !(TITLE_CUE.test(p.text) && !position)) company = p;
    else if (!position && TITLE_CUE.test(p.text)) position = p;
  }
  const rest = pieces.filter((p) => p !== position && p !== company);
  if (!position && rest.length > 0) position = rest.shift();
  if (!company && rest.length > 0) company = rest.shift();
  return { position, company };
}

/** The text after an entry's header up to the next entry, trimmed; undefined when too short to be a description. */
function plainSummary(text: string, start: number, end: number): Piece | undefined {
  while (start < end && /[\s,|•·:;–—-]/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end - start > 20 ? { start, end, text: text.slice(start, end) } : undefined;
}

export interface ExperienceResult {
  work: JsonResumeWork[];
  provenance: Provenance[];
  ranges: DateRange[];
}

const EXCLUDED_KINDS = new Set(['education', 'projects', 'certifications', 'awards', 'publications', 'interests', 'references', 'personal', 'languages']);

/** Extract dated work entries from experience sections (or, without any, from every non-excluded section). */
export function extractExperience(text: string, sections: ResumeSection[]): ExperienceResult {
  const expSections = sections.filter((s) => s.kind === 'experience');
  const scope = expSections.length > 0 ? expSections : sections.filter((s) => !EXCLUDED_KINDS.has(s.kind) && s.kind !== 'summary');
  const work: JsonResumeWork[] = [];
  const provenance: Provenance[] = [];
  const ranges: DateRange[] = [];
  for (const section of scope) {
    const sectionRanges = findDateRanges(text, section.start, section.end);
    // Pass 1: each range's header pieces; pass 2 can then end a description where the next header begins.
    const heads = sectionRanges.map((range, i) => {
      const floor = Math.max(section.start + section.heading.length, i > 0 ? sectionRanges[i - 1].end : 0);
      const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
      const sameLineBefore = lineStart < range.start && text.slice(lineStart, range.start).trim().length > 1;
      const before = piecesBefore(text, range.start, floor, sameLineBefore ? 2 : 3);
      const nextRangeStart = i + 1 < sectionRanges.length ? sectionRanges[i + 1].start : section.end;
      const after = pieceAfter(text, range.end, nextRangeStart);
      const { position, company } = classify(after ? [...before, after] : before);
      const headStart = Math.min(range.start, ...[position, company].filter((p): p is Piece => !!p && p.start < range.start).map((p) => p.start));
      return { range, position, company, after, headStart };
    });
    heads.forEach(({ range, position, company, after }, i) => {
      const index = work.length;
      const entry: JsonResumeWork = { startDate: range.fromIso };
      provenance.push({ path: `work[${index}].startDate`, start: range.start, end: range.end });
      if (range.toIso) {
        entry.endDate = range.toIso;
        provenance.push({ path: `work[${index}].endDate`, start: range.start, end: range.end });
      } else entry.current = true;
      if (position) {
        entry.position = position.text;
        provenance.push({ path: `work[${index}].position`, start: position.start, end: position.end });
      }
      if (company) {
        entry.name = company.text;
        provenance.push({ path: `work[${index}].name`, start: company.start, end: company.end });
      }
      const afterUsed = after && (after.start === position?.start || after.start === company?.start);
      const summaryStart = afterUsed ? after.end : range.end;
      const summaryEnd = i + 1 < heads.length ? heads[i + 1].headStart : section.end;
      const summary = plainSummary(text, summaryStart, Math.min(summaryEnd, summaryStart + MAX_SUMMARY));
      if (summary) {
        entry.summary = summary.text;
        provenance.push({ path: `work[${index}].summary`, start: summary.start, end: summary.end });
      }
      work.push(entry);
      ranges.push(range);
    });
  }
  return { work, provenance, ranges };
}
