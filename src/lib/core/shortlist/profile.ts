/**
 * A candidate's row profile for one job, read from the MASKED resume only, so it is safe to show and search in
 * blind mode: the latest title that names the job's role, the years in relevant roles (the same measure as the
 * experience requirement), the skills found, and a search text with identity and location taken out.
 * Purpose: give each shortlist row something to scan, computed once per score (in the ingest worker), not on
 * every render.
 * Non-goals: scoring (core/score), display (components/screening), what the search query means (search.ts).
 * Shape legend: `searchText` is lower-cased masked text with placeholders ("[NAME]"), location fields, places
 * and "based in …" phrases replaced by spaces; `relevantYears` is null when no dated role is relevant.
 */
import { COUNTRIES, REGIONS } from '../mask/places';
import type { Job, Requirement } from '../job/types';
import type { ParsedResume } from '../resume/types';
import { backgroundCorpus, experienceFitSignal, findExcludedText, prepareBlindResume, roleKey, roleTerms, tokenize, type ScoreContext } from '../score';
import { defaultTaxonomy } from '../resume/skills';

export interface CandidateProfile {
  /** The most recent position (or headline) whose title names the job's role; else the most recent title. */
  title: string | null;
  /** Whether `title` names the job's role. */
  titleRelevant: boolean;
  /** Years in roles relevant to the job, one decimal; null when none is dated. */
  relevantYears: number | null;
  /** Canonical skill names found in the masked resume. */
  skills: string[];
  /** What the shortlist search matches (see the shape legend). */
  searchText: string;
}

const PLACEHOLDER_RE = /\[[A-Z]+(?:_\d+)?\]/g;
/** "based in Pune, India" and the like: the words after the phrase, up to the end of the clause. */
const LIVES_IN_RE = /\b(?:based|living|lives|located|residing|resides|resident|relocating|relocate)\s+(?:in|at|of|to)\s+[^.;\n|]*/gi;
const PLACE_WORD_RE = /[\p{L}][\p{L}.'-]*(?:\s+[\p{L}][\p{L}.'-]*){0,2}/gu;

/** Title text without placeholders and stray separators; empty when nothing is left. */
function cleanTitle(title: string): string {
  return title.replace(PLACEHOLDER_RE, ' ').replace(/\s+/g, ' ').replace(/^[\s,;:|–-]+|[\s,;:|–-]+$/g, '');
}

/** Blanks [start, end) of `chars` (kept the same length so later offsets stay valid). */
function blank(chars: string[], start: number, end: number): void {
  for (let i = Math.max(0, start); i < Math.min(chars.length, end); i++) chars[i] = ' ';
}

/** Whether a run of words names a country or a first-level region ("India", "new south wales", "Illinois"). */
function isPlace(words: string): boolean {
  const key = words.toLowerCase().replace(/\.$/, '');
  return COUNTRIES.has(key) || REGIONS.has(key);
}

/**
 * The masked text as the search sees it: placeholders, location fields of the parse, "based in …" phrases and
 * country/region names blanked out, lower-cased, whitespace collapsed.
 */
export function searchableText(masked: ParsedResume): string {
  // UTF-16 code units, as provenance offsets count them.
  const work = masked.text.split('');
  for (const p of masked.provenance) if (/location/.test(p.path)) blank(work, p.start, p.end);
  let text = work.join('');
  text = text.replace(PLACEHOLDER_RE, ' ').replace(LIVES_IN_RE, ' ');
  // Country and region names, one to three words long ("United States", "Tamil Nadu").
  text = text.replace(PLACE_WORD_RE, (run) => {
    const words = run.split(/\s+/);
    for (let n = words.length; n >= 1; n--) {
      for (let i = 0; i + n <= words.length; i++) {
        if (isPlace(words.slice(i, i + n).join(' '))) return [...words.slice(0, i), ...words.slice(i + n)].join(' ');
      }
    }
    return run;
  });
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The job's years requirement, or a one-year stand-in that makes the experience signal report relevant years. */
function yearsRequirement(job: Job): Requirement {
  const own = job.requirements.find((r) => r.kind === 'years' && (r.minYears ?? 0) > 0 && r.weight > 0);
  return own ?? { id: 'years', kind: 'years', label: 'Relevant experience', minYears: 1, priority: 'must', weight: 1, source: { start: 0, end: 0 } };
}

/** Titles of the masked resume, most recent first (current roles, then by start date), then the headline. */
function titlesNewestFirst(masked: ParsedResume): Array<{ start: number; end: number }> {
  const spans = masked.work
    .map((w, i) => ({ w, p: masked.provenance.find((x) => x.path === `work[${i}].position`) }))
    .filter((x): x is { w: ParsedResume['work'][number]; p: NonNullable<typeof x.p> } => x.p !== undefined)
    .sort((a, b) => (b.w.current ? 1 : 0) - (a.w.current ? 1 : 0) || (b.w.startDate ?? '').localeCompare(a.w.startDate ?? ''))
    .map((x) => x.p);
  const label = masked.provenance.find((p) => p.path === 'basics.label');
  return label ? [...spans, label] : spans;
}

/** The row profile of `resume` for `job` (masks and re-parses the resume unless that was done for scoring). */
export function candidateProfile(job: Job, resume: ParsedResume): CandidateProfile {
  const masked = prepareBlindResume(resume).resume;
  const { excluded } = findExcludedText(masked.text, job);
  const ctx: ScoreContext = { job: { ...job, requirements: [yearsRequirement(job)] }, resume: masked, corpus: backgroundCorpus, taxonomy: defaultTaxonomy, excluded };
  const roles = roleTerms(ctx);
  const titles = titlesNewestFirst(masked)
    .map((span) => ({ text: cleanTitle(masked.text.slice(span.start, span.end)), span }))
    .filter((t) => t.text !== '' && !excluded.covers(t.span.start, t.span.end));
  const names = (t: (typeof titles)[number]) => tokenize(masked.text, t.span.start, t.span.end).some((x) => roles.has(roleKey(x.term)));
  const relevant = titles.find(names);
  const years = experienceFitSignal.compute(ctx).details?.years;
  return {
    title: (relevant ?? titles[0])?.text ?? null,
    titleRelevant: relevant !== undefined,
    relevantYears: typeof years === 'number' && years > 0 ? years : null,
    skills: [...new Set(masked.skills.flatMap((g) => g.keywords))],
    searchText: searchableText(masked)
  };
}
