/**
 * Job-posting structure: sections by heading, requirement units (sentences and bullets), and the priority each
 * unit gives the requirements it names, driven by models/job-sections.json.
 * Purpose: tell, for any offset in a posting, whether it sits under "Requirements", "Preferred", duties or
 * company boilerplate, and whether its own sentence says "a plus" / "preferred" or "required" / "at least";
 * work the same on a sectioned posting and on a single paragraph.
 * Non-goals: extracting requirements (extract.ts, parse-job.ts).
 * Shape legend: JobSection spans tile the text, the first being 'header'; a unit is the run of text between
 * line breaks, bullets, sentence ends and ';' (its span excludes the bullet); a unit with both must and nice
 * cues is split into clauses at commas and "and/but", each taking its own cue.
 */
import jobSectionData from '../../../../models/job-sections.json';
import { normalizeHeading } from '../resume/sections';
import type { JobSection, JobSectionKind, RequirementPriority } from './types';

const PHRASE_TO_KIND = new Map<string, JobSectionKind>();
for (const [kind, phrases] of Object.entries(jobSectionData.sections)) {
  for (const p of phrases) PHRASE_TO_KIND.set(p, kind as JobSectionKind);
}
const KEYWORD_ORDER: JobSectionKind[] = ['other', 'nice', 'must', 'duties'];

function cueRegex(cues: string[]): RegExp {
  const body = cues.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, "[\\s'’-]+")).join('|');
  return new RegExp(String.raw`(?<![\p{L}])(?:${body})(?![\p{L}])`, 'iu');
}
const NICE_CUE_RE = cueRegex(jobSectionData.niceCues);
const MUST_CUE_RE = cueRegex(jobSectionData.mustCues);
const MAX_HEADING = 70;

/** The section kind a heading names: an exact phrase, a phrase it starts or ends with, or a telling keyword. */
export function headingKindOf(raw: string): JobSectionKind | undefined {
  const h = normalizeHeading(raw.replace(/\([^)]*\)\s*$/, '').replace(/^[#*•\s-]+|[*\s]+$/g, ''));
  if (!h || h.split(' ').length > 8) return undefined;
  const exact = PHRASE_TO_KIND.get(h);
  if (exact) return exact;
  // "Requirements (must have)", "Minimum / basic qualifications", "Job Requirements", "Skills & Experience".
  for (const kind of KEYWORD_ORDER) {
    const words = (jobSectionData.headingKeywords as Record<string, string[]>)[kind];
    if (words.some((w) => h.includes(normalizeHeading(w)))) return kind;
  }
  return undefined;
}

/** Whether a line reads as a heading rather than a sentence: short, no sentence end, few words. */
function headingShaped(line: string): boolean {
  return line.length <= MAX_HEADING && !/[.!?]$/.test(line) && line.split(/\s+/).length <= 8;
}

/**
 * Split a posting into sections by heading lines ("Requirements", "Nice to have:", "PREFERRED QUALIFICATIONS");
 * lines before `from` (the title) are never headings.
 */
export function segmentJob(text: string, from = 0): JobSection[] {
  const hits: Array<{ kind: JobSectionKind; heading: string; start: number }> = [];
  for (const m of text.matchAll(/[^\n]+/g)) {
    if (m.index < from) continue;
    const line = m[0].trim();
    if (line.length === 0) continue;
    const lead = m[0].length - m[0].trimStart().length;
    // "Requirements:" alone, or "Nice to have: Go, Rust" (heading before a colon).
    const colon = line.indexOf(':');
    const candidates = colon > 0 ? [line.slice(0, colon)] : headingShaped(line) ? [line] : [];
    for (const c of candidates) {
      if (colon < 0 && /^[-*•]/.test(c)) continue; // a bullet is content, not a heading
      const kind = headingKindOf(c);
      if (kind) {
        hits.push({ kind, heading: c.trim(), start: m.index + lead });
        break;
      }
    }
  }
  const sections: JobSection[] = [{ kind: 'header', heading: '', start: 0, end: hits[0]?.start ?? text.length }];
  hits.forEach((h, i) => sections.push({ ...h, end: hits[i + 1]?.start ?? text.length }));
  return sections;
}

/** The section kind at an offset. */
export function sectionKindAt(sections: JobSection[], pos: number): JobSectionKind {
  return sections.find((s) => pos >= s.start && pos < s.end)?.kind ?? 'header';
}

export interface JobUnit {
  start: number;
  end: number;
  /** Priority of requirements named here, or null for boilerplate. */
  priority: RequirementPriority | null;
  /** Whether this unit states requirements (a must/nice section or a cue), rather than duties or intro text. */
  stated: boolean;
}

const UNIT_BREAK_RE = /\n|[•;]|(?<=[.!?])\s+(?=[\p{Lu}\d(])/gu;

/** Sentences and bullets of text[start, end), trimmed (spans exclude bullets and surrounding space). */
function unitsIn(text: string, start: number, end: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let cursor = start;
  const push = (a: number, b: number) => {
    while (a < b && /[\s\-*•–·▪●:]/.test(text[a])) a++;
    while (b > a && /\s/.test(text[b - 1])) b--;
    if (b - a >= 2) out.push({ start: a, end: b });
  };
  for (const m of text.slice(start, end).matchAll(UNIT_BREAK_RE)) {
    push(cursor, start + m.index);
    cursor = start + m.index + m[0].length;
  }
  push(cursor, end);
  return out;
}

function cueOf(s: string): RequirementPriority | undefined {
  if (NICE_CUE_RE.test(s)) return 'nice';
  if (MUST_CUE_RE.test(s)) return 'must';
  return undefined;
}

/**
 * The requirement units of a posting with their priority. Order of rules: boilerplate sections give nothing; a
 * nice cue in the clause makes it nice ("X is a plus" even under Requirements); a nice section makes it nice;
 * a must section or a must cue makes it must; duties and intro text are nice (they describe the work, the
 * posting does not require them).
 */
export function jobUnits(text: string, sections: JobSection[], titleEnd: number): JobUnit[] {
  const out: JobUnit[] = [];
  for (const s of sections) {
    const from = Math.max(s.start, titleEnd);
    if (from >= s.end) continue;
    for (const u of unitsIn(text, from + (s.kind === 'header' ? 0 : Math.min(s.heading.length, s.end - from)), s.end)) {
      if (s.kind === 'other') {
        out.push({ ...u, priority: null, stated: false });
        continue;
      }
      const body = text.slice(u.start, u.end);
      // "Requirements: CMA, phlebotomy and BLS." inside a paragraph: the label acts as the section it names.
      const kind = inlineLabelKind(body) ?? s.kind;
      const hasNice = NICE_CUE_RE.test(body);
      const hasMust = MUST_CUE_RE.test(body);
      // Both kinds of cue: "Bachelor's required, Master's preferred" → one priority per clause.
      const clauses = hasNice && hasMust ? splitClauses(text, u.start, u.end) : [u];
      let inherited: RequirementPriority | undefined;
      const withCue = clauses.map((c) => ({ ...c, cue: cueOf(text.slice(c.start, c.end)) }));
      // A clause without its own cue takes the cue of the clause after it ("A, B and C are required").
      for (let i = withCue.length - 1; i >= 0; i--) {
        if (withCue[i].cue) inherited = withCue[i].cue;
        else withCue[i].cue = inherited;
      }
      for (const c of withCue) {
        const priority: RequirementPriority =
          c.cue === 'nice' || kind === 'nice' ? 'nice' : kind === 'must' || c.cue === 'must' ? 'must' : 'nice';
        out.push({ start: c.start, end: c.end, priority, stated: kind === 'must' || kind === 'nice' || !!c.cue });
      }
    }
  }
  return out;
}

/** The must/nice kind a unit's leading "Label:" names ("Requirements:", "Preferred:", "Must have:"), if any. */
function inlineLabelKind(body: string): JobSectionKind | undefined {
  const m = /^([^:\n]{2,40}):\s/.exec(body);
  const kind = m ? headingKindOf(m[1]) : undefined;
  return kind === 'must' || kind === 'nice' ? kind : undefined;
}

function splitClauses(text: string, start: number, end: number): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let cursor = start;
  for (const m of text.slice(start, end).matchAll(/,\s+|\s+(?:and|but|while|whereas)\s+(?=\p{L})/gu)) {
    const at = start + m.index;
    // Split only where the piece before carries a cue: keeps lists like "A, B and C are required" whole.
    if (cueOf(text.slice(cursor, at))) {
      out.push({ start: cursor, end: at });
      cursor = at + m[0].length;
    }
  }
  out.push({ start: cursor, end });
  return out;
}

/** The unit around an offset, or undefined when the offset is in the title or between units. */
export function unitAt(units: JobUnit[], pos: number): JobUnit | undefined {
  return units.find((u) => pos >= u.start && pos < u.end);
}

/**
 * Priority of a requirement mentioned at `pos` (see jobUnits), or null in boilerplate; kept for callers that
 * have no units at hand.
 */
export function priorityAt(text: string, sections: JobSection[], pos: number): RequirementPriority | null {
  const u = unitAt(jobUnits(text, sections, 0), pos);
  return u ? u.priority : null;
}
