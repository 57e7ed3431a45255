/**
 * Category matching: every category job ranks every resume of a category-labelled set, with the product's
 * scorer, BM25 alone on the same masked text, and a per-signal ablation (each signal alone, the scorer
 * without it), all in the same run.
 * Purpose: the ranking part of `npm run eval`; the figures the ranking issue's bar is judged by.
 * Non-goals: the scoring rules themselves (src/lib/core/score).
 * Shape legend: a ScoreMatrix is Float64Array[job][doc]; ablation rows are derived from one scoring pass
 * (each breakdown entry carries its value and its normalised weight), so they cost no extra scoring.
 */
import { jobFromText } from '../src/lib/core/job/job-text';
import { parseJob, type Job } from '../src/lib/core/job';
import { parseResume, type ParsedResume } from '../src/lib/core/resume';
import { prepareBlindResume, scoreCandidate, type ScoreResult } from '../src/lib/core/score';
import { mustFirstShare, mustShare, shippedRanker } from '../src/lib/core/score/combine';
import { Bm25Okapi, terms } from './bm25';
import type { TopicFolds } from './topic-folds';
import type { CategoryDoc } from './data';
import { rankingFigures, type RankingFigures } from './metrics';
import { existsSync, readFileSync } from 'node:fs';
import categoryJobs from './jobs/categories.json';

export type JobForm = 'paragraph' | 'sectioned';

/**
 * Which postings: `main` (eval/jobs/categories.json, the set the job parser was developed against), `alt`
 * (eval/jobs/categories-alt.json, written later by someone who had not read the parser or the main set, and
 * never tuned on: the stand-in for postings other people write) or `alt2` (eval/jobs/categories-alt2.json, a
 * third set written on 2026-12-05 by someone who had read neither the scorer nor the other two sets, after the
 * scorer had been tuned while `alt` was visible; its first figures are the honest ones).
 */
export const JOB_SETS = ['main', 'alt', 'alt2'] as const;
export type JobSet = (typeof JOB_SETS)[number];

interface CategoryJobText {
  category: string;
  paragraph: string;
  sectioned: string;
}

/** The file of an independently written set. */
export const jobSetFile = (set: Exclude<JobSet, 'main'>) => new URL(`./jobs/categories-${set}.json`, import.meta.url);

/** Whether an independently written set is present. */
export function haveJobSet(set: JobSet): boolean {
  return set === 'main' || existsSync(jobSetFile(set));
}

function jobTexts(set: JobSet): CategoryJobText[] {
  if (set === 'main') return categoryJobs.jobs;
  return (JSON.parse(readFileSync(jobSetFile(set), 'utf8')) as { jobs: CategoryJobText[] }).jobs;
}

export interface RankingRow {
  scorer: string;
  figures: RankingFigures;
}

export interface RankingReport {
  form: JobForm;
  set: JobSet;
  docs: number;
  jobs: number;
  rows: RankingRow[];
  ms: number;
  /** The scorer's results, results[job][doc] (for the fit part; not written to JSON). */
  results?: ScoreResult[][];
  jobCategory: string[];
  docCategory: string[];
}

/** The harness's category jobs in one form, parsed through the same path as `shortlist screen --job`. */
export function categoryJobsFor(form: JobForm, set: JobSet = 'main'): Array<{ category: string; job: Job }> {
  return jobTexts(set).map((j) => {
    const t = jobFromText(j[form])!;
    return { category: j.category, job: parseJob({ title: t.title, description: t.description }) };
  });
}

/** Reference date for "Present": the data's era, so totals do not drift with the calendar. */
export const EVAL_REFERENCE_DATE = new Date(Date.UTC(2020, 0, 1));

export function parseDocs(docs: CategoryDoc[]): ParsedResume[] {
  return docs.map((d) => parseResume(d.text, { referenceDate: EVAL_REFERENCE_DATE }));
}

/** A score recombined as with Job.mustFirst (combine.ts): α = 1 / (1 + margin·smallest must-have share). */
export function mustFirstScore(job: Job, r: ScoreResult): number {
  const musts = job.requirements.filter((q) => q.priority === 'must' && q.weight > 0).map((q) => q.weight);
  const must = r.breakdown.must;
  if (!must || musts.length === 0 || must.weight === 0) return r.score;
  const total = musts.reduce((a, b) => a + b, 0);
  const alpha = mustFirstShare(Math.min(...musts) / total);
  return 100 * (alpha * must.value + (1 - alpha) * partsWithout(r, 'must'));
}

/** The weighted mean of a score's breakdown parts other than `id` (the fit part when `id` is 'must'). */
function partsWithout(r: ScoreResult, id: string): number {
  let num = 0;
  let den = 0;
  for (const [k, e] of Object.entries(r.breakdown)) {
    if (k === id) continue;
    num += e.weight * e.value;
    den += e.weight;
  }
  return den > 0 ? num / den : 0;
}

/** Rank `docs` for each category job of `form`; returns the product scorer, BM25 and the ablation rows. */
export function evaluateCategoryRanking(docs: CategoryDoc[], resumes: ParsedResume[], form: JobForm, set: JobSet = 'main', topic?: TopicFolds): RankingReport {
  const t0 = performance.now();
  const jobs = categoryJobsFor(form, set);
  const docCategory = docs.map((d) => d.category);
  const jobCategory = jobs.map((j) => j.category);
  const results: ScoreResult[][] = jobs.map(({ job }) => resumes.map((r, i) => scoreCandidate(job, r, { referenceDate: EVAL_REFERENCE_DATE, ...(topic ? { topicSpace: topic.spaceOf(i) } : {}) })));
  const matrix = (f: (r: ScoreResult) => number) => results.map((row) => Float64Array.from(row, f));
  const rows: RankingRow[] = [{ scorer: 'Shortlist (default)', figures: rankingFigures(matrix((r) => r.score), jobCategory, docCategory) }];

  // The same scores with "Must-haves first" on (the recruiter's option): recombined from the breakdown.
  rows.push({ scorer: 'Shortlist, must-haves first', figures: rankingFigures(results.map((row, j) => Float64Array.from(row, (r) => mustFirstScore(jobs[j].job, r))), jobCategory, docCategory) });

  // The combination before the must part's share was capped (α = m·d / (m·d + 1) grows with the must-haves).
  const d = shippedRanker.mustDominance;
  const uncapped = matrix((r) => {
    const must = r.breakdown.must;
    const alpha = must && must.weight > 0 ? mustShare(r.mustHaves.total, d) : 0;
    return alpha * (must?.value ?? 0) + (1 - alpha) * partsWithout(r, 'must');
  });
  rows.push({ scorer: '  must part uncapped (before the cap)', figures: rankingFigures(uncapped, jobCategory, docCategory) });

  const masked = resumes.map((r) => prepareBlindResume(r, { referenceDate: EVAL_REFERENCE_DATE }).mask.text);
  const bm25 = new Bm25Okapi(masked.map(terms));
  rows.push({ scorer: 'BM25 (Okapi, same text)', figures: rankingFigures(jobs.map(({ job }) => bm25.scores(terms(job.text))), jobCategory, docCategory) });

  // Each signal alone (its own value, requirement judges included), then the score without each part.
  const signalIds = Object.keys(results[0]?.[0]?.signals ?? {});
  for (const id of signalIds) rows.push({ scorer: `  ${id} alone`, figures: rankingFigures(matrix((r) => r.signals[id] ?? 0), jobCategory, docCategory) });
  const partIds = Object.keys(results[0]?.[0]?.breakdown ?? {});
  for (const id of partIds) {
    const without = matrix((r) => partsWithout(r, id));
    rows.push({ scorer: `  without ${id}`, figures: rankingFigures(without, jobCategory, docCategory) });
  }
  return { form, set, docs: docs.length, jobs: jobs.length, rows, ms: performance.now() - t0, results, jobCategory, docCategory };
}
