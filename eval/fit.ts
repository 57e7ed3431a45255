/**
 * The combination fitted on the dev split, judged only on categories it was not fitted on: category folds
 * (every third category held out in turn), fitRanker (src/lib/core/score/ranker-fit.ts) on the other
 * categories' jobs, figures on the held-out categories' jobs and resumes, pooled over folds. The shipped ranker
 * (models/ranker.json) is measured on the same held-out rows for comparison.
 * Purpose: `npm run eval` part `fit`, and the examples `training-node fit-ranker` refits models/ranker.json from
 * (`--features FILE` writes them as JSONL).
 * Non-goals: new features; the scorer's parts are taken as they are.
 * Shape legend: an Example per (job, resume): parts = breakdown values, label = same category; group = job.
 */
import { fitRanker, partsOfScore, rankerScore, shippedRanker, type Example, type RankerWeights, type ScoreResult } from '../src/lib/core/score';
import { rankingFigures, type RankingFigures } from './metrics';

export const FOLDS = 3;

/** The categories held out in fold k: every FOLDS-th of the sorted distinct categories, starting at k. */
export function heldOutCategories(categories: readonly string[], k: number, folds = FOLDS): Set<string> {
  return new Set([...new Set(categories)].sort().filter((_, i) => i % folds === k));
}

/** Examples from a score matrix (results[job][doc]). */
export function examplesOf(results: ScoreResult[][], jobCategory: string[], docCategory: string[], tag: string): Example[] {
  const out: Example[] = [];
  results.forEach((row, j) =>
    row.forEach((r, d) => {
      out.push({ group: `${tag}:${jobCategory[j]}`, parts: partsOfScore(r.breakdown), mustCount: r.mustHaves.total, label: docCategory[d] === jobCategory[j] ? 1 : 0 });
    })
  );
  return out;
}

export interface FoldReport {
  fitted: RankingFigures;
  shipped: RankingFigures;
  rankers: RankerWeights[];
}

/** Category-fold cross-validation of fitRanker against the shipped ranker on the same held-out rows. */
export function crossValidate(results: ScoreResult[][], jobCategory: string[], docCategory: string[]): FoldReport {
  const fitted: Float64Array[] = results.map((row) => new Float64Array(row.length));
  const rankers: RankerWeights[] = [];
  const examples = examplesOf(results, jobCategory, docCategory, 'cv');
  for (let k = 0; k < FOLDS; k++) {
    const held = heldOutCategories(jobCategory, k);
    const train = examples.filter((e) => !held.has(e.group.slice(3)));
    const { ranker } = fitRanker(train, { mustCap: shippedRanker.mustCap });
    rankers.push(ranker);
    results.forEach((row, j) => {
      if (!held.has(jobCategory[j])) return;
      row.forEach((_, d) => (fitted[j][d] = rankerScore(examples[j * row.length + d], ranker.weights, ranker.mustDominance, ranker.mustCap)));
    });
  }
  // Held-out rows only: each fold's model scored the jobs of its held-out categories; resumes of those
  // categories are judged on scores from the model that never saw their category.
  const shipped = results.map((row, j) => Float64Array.from(row, (_, d) => rankerScore(examples[j * row.length + d], shippedRanker.weights, shippedRanker.mustDominance, shippedRanker.mustCap)));
  return { fitted: rankingFigures(fitted, jobCategory, docCategory), shipped: rankingFigures(shipped, jobCategory, docCategory), rankers };
}
