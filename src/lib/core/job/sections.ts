/**
 * Job-posting segmentation and must/nice phrasing cues, driven by models/job-sections.json.
 * Purpose: tell, for any offset in a posting, whether it sits under "Requirements", "Preferred", duties or
 * company boilerplate, and whether its own sentence says "a plus" / "preferred" or "required" / "at least".
 * Non-goals: extracting requirements (parse-job.ts).
 * Shape legend: JobSection spans tile the text, the first being 'header'; a "sentence" is the run of text
 * between line breaks, bullets, '.', ';' (spans are offsets into the text).
 */
import jobSectionData from '../../../../models/job-sections.json';
import { normalizeHeading } from '../resume/sections';
import type { JobSection, JobSectionKind, RequirementPriority } from './types';

const PHRASE_TO_KIND = new Map<string, JobSectionKind>();
for (const [kind, phrases] of Object.entries(jobSectionData.sections)) {
  for (const p of phrases) PHRASE_TO_KIND.set(p, kind as JobSectionKind);
}

function cueRegex(cues: string[]): RegExp {
  const body = cues.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s-]+/g, '[\\s-]+')).join('|');
  return new RegExp(String.raw`(?<![\p{L}])(?:${body})(?![\p{L}])`, 'iu');
}
const NICE_CUE_RE = cueRegex(jobSectionData.niceCues);
const MUST_CUE_RE = cueRegex(jobSectionData.mustCues);

const LINE_RE = /[^\n]+/g;

/** Split a posting into sections by heading lines ("Requirements", "Nice to have:", "PREFERRED QUALIFICATIONS"). */
export function segmentJob(text: string): JobSection[] {
  const hits: Array<{ kind: JobSectionKind; heading: string; start: number }> = [];
  for (const m of text.matchAll(LINE_RE)) {
    const line = m[0].trim();
    if (line.length === 0 || line.length > 70) continue;
    const lead = m[0].length - m[0].trimStart().length;
    // "Requirements:" alone, or "Nice to have: Go, Rust" (heading before a colon).
    const colon = line.indexOf(':');
    const candidates = colon > 0 ? [line.slice(0, colon), line] : [line];
    for (const c of candidates) {
      const kind = PHRASE_TO_KIND.get(normalizeHeading(c.replace(/^[#*•\s]+|[*\s]+$/g, '')));
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

const MAX_SENTENCE_REACH = 300;

/** The sentence (or bullet) around `pos`, at most MAX_SENTENCE_REACH characters either side. */
export function sentenceAround(text: string, pos: number): { start: number; end: number } {
  const floor = Math.max(0, pos - MAX_SENTENCE_REACH);
  const ceil = Math.min(text.length, pos + MAX_SENTENCE_REACH);
  let start = pos;
  while (start > floor && !/[\n•;]/.test(text[start - 1]) && !(text[start - 1] === ' ' && text[start - 2] === '.')) start--;
  let end = pos;
  while (end < ceil && !/[\n•;]/.test(text[end]) && !(text[end] === '.' && /\s/.test(text[end + 1] ?? ' '))) end++;
  return { start, end };
}

/** The section kind at an offset. */
export function sectionKindAt(sections: JobSection[], pos: number): JobSectionKind {
  return sections.find((s) => pos >= s.start && pos < s.end)?.kind ?? 'header';
}

/**
 * Priority of a requirement mentioned at `pos`, or null when it sits in boilerplate ("About us", benefits).
 * Order: a nice cue in the sentence or a nice section ("Strong X" under Preferred stays nice), then a must
 * cue or a must section; without any requirements section,
 * the whole posting (duties included) counts as requirements.
 */
export function priorityAt(text: string, sections: JobSection[], pos: number): RequirementPriority | null {
  const kind = sectionKindAt(sections, pos);
  if (kind === 'other') return null;
  const sentence = sentenceAround(text, pos);
  const s = text.slice(sentence.start, sentence.end);
  if (NICE_CUE_RE.test(s) || kind === 'nice') return 'nice';
  if (MUST_CUE_RE.test(s) || kind === 'must') return 'must';
  // Duties and the opening text are requirements only when the posting has no requirements section.
  const hasRequirementSections = sections.some((x) => x.kind === 'must' || x.kind === 'nice');
  return hasRequirementSections ? 'nice' : 'must';
}
