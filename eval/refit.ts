/**
 * Learning from decisions, measured (issue 14 item 4): for each job family of the harness's category jobs (the
 * one-paragraph and sectioned job of a category share a family when their titles name the same role), a
 * simulated recruiter looks at the top TOP_K resumes of each job as the shipped scorer ranks them, selects those
 * of the job's category and rejects the others (optionally with a share of decisions flipped, as label noise).
 * The app's own re-fit (src/lib/core/refit: the same held-out split, regularisation and refusal) then runs on
 * those decisions. Reported: agreement on the held-out decisions before (shipped ranker) and after, the AUC of
 * the job's category over the resumes the recruiter never saw (does the family's ranker generalise beyond the
 * decided ones?), and the fit time.
 * Purpose: `npm run eval -- --only refit`. Non-goals: the browser timing (tests/e2e/refit.spec.ts prints it).
 * Shape legend: results[job][doc] from the ranking part; a decision's key is the resume's path in the data set.
 */
import { familyOf, refitRanker, stableHash, type DecisionSample } from '../src/lib/core/refit';
import { partsOfScore, rankerScore, shippedRanker, type RankerWeights, type ScoreResult } from '../src/lib/core/score';
import type { CategoryDoc } from './data';
import { aucOf } from './metrics';

/** Resumes per job the simulated recruiter decides on (two jobs per family: about the app's default of 100). */
export const TOP_K = 50;

export interface FamilyRow {
  family: string;
  decisions: number;
  refused?: string;
  before?: number;
  after?: number;
  pairs?: number;
  unseenBefore?: number;
  unseenAfter?: number;
  ms?: number;
}

export interface RefitEvalReport {
  noise: number;
  rows: FamilyRow[];
}

export interface RefitJob {
  title: string;
  category: string;
  results: ScoreResult[];
}

/** Deterministic flip of a decision with probability `noise` (a hash of the key, no random generator). */
function flipped(key: string, noise: number): boolean {
  return stableHash(key) / 2 ** 32 < noise;
}

const scoreOf = (r: ScoreResult, ranker: RankerWeights) => rankerScore({ group: '', parts: partsOfScore(r.breakdown), mustCount: r.mustHaves.total, label: 0 }, ranker.weights, ranker.mustDominance, ranker.mustCap);

/** The re-fit on simulated decisions for every family of `jobs`, at one noise level. */
export function evaluateRefit(jobs: RefitJob[], docs: CategoryDoc[], noise: number): RefitEvalReport {
  const families = new Map<string, number[]>();
  jobs.forEach((j, i) => {
    const family = familyOf({ id: `${j.category}-${i}`, title: j.title });
    families.set(family, [...(families.get(family) ?? []), i]);
  });
  const rows: FamilyRow[] = [];
  for (const [family, members] of families) {
    const samples: DecisionSample[] = [];
    const shown = new Map<number, Set<number>>();
    for (const j of members) {
      const { results, category } = jobs[j];
      const order = results.map((r, d) => ({ d, s: r.score })).sort((a, b) => b.s - a.s || a.d - b.d);
      shown.set(j, new Set(order.slice(0, TOP_K).map((x) => x.d)));
      for (const { d } of order.slice(0, TOP_K)) {
        const key = docs[d].id;
        const match = docs[d].category === category;
        samples.push({ key, jobId: `job${j}`, selected: flipped(`${j}:${key}`, noise) ? !match : match, parts: partsOfScore(results[d].breakdown), mustCount: results[d].mustHaves.total });
      }
    }
    const t0 = performance.now();
    const fit = refitRanker({ samples, current: shippedRanker, shipped: shippedRanker });
    const ms = performance.now() - t0;
    if (!fit.ok) {
      rows.push({ family, decisions: samples.length, refused: fit.error.code });
      continue;
    }
    // Generalisation: the family's jobs rank the resumes nobody decided on, with each ranker.
    const unseen = (ranker: RankerWeights) =>
      members.reduce((acc, j) => {
        const idx = jobs[j].results.map((_, d) => d).filter((d) => !shown.get(j)!.has(d));
        return acc + aucOf(idx.map((d) => scoreOf(jobs[j].results[d], ranker)), idx.map((d) => docs[d].category === jobs[j].category));
      }, 0) / members.length;
    const { before, after } = fit.value;
    rows.push({ family, decisions: samples.length, before: before.auc, after: after.auc, pairs: before.pairs, unseenBefore: unseen(shippedRanker), unseenAfter: unseen(fit.value.ranker), ms });
  }
  return { noise, rows };
}

const f3 = (x: number) => x.toFixed(3);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** The summary table (one row per noise level) and, per family, the held-out agreement. */
export function printRefit(reports: RefitEvalReport[]): void {
  console.log(`\n### Re-fit to simulated recruiter decisions (top ${TOP_K} per job, category = preference; held-out agreement = AUC of select over reject)`);
  console.log('| label noise | families fitted | refused (too few of a class) | held-out agreement before | after | families better / worse | AUC on resumes never shown, before | after | fit ms (median / max) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of reports) {
    const fitted = r.rows.filter((x) => !x.refused);
    const ms = fitted.map((x) => x.ms!).sort((a, b) => a - b);
    const better = fitted.filter((x) => x.after! > x.before!).length;
    const worse = fitted.filter((x) => x.after! < x.before!).length;
    console.log(
      `| ${r.noise} | ${fitted.length} | ${r.rows.length - fitted.length} | ${f3(mean(fitted.map((x) => x.before!)))} | ${f3(mean(fitted.map((x) => x.after!)))} | ${better} / ${worse} | ${f3(mean(fitted.map((x) => x.unseenBefore!)))} | ${f3(mean(fitted.map((x) => x.unseenAfter!)))} | ${ms.length ? `${ms[Math.floor(ms.length / 2)].toFixed(0)} / ${ms[ms.length - 1].toFixed(0)}` : '—'} |`
    );
  }
  const clean = reports[0];
  console.log(`\nPer family (label noise ${clean.noise}): ${clean.rows.map((x) => (x.refused ? `${x.family} refused` : `${x.family} ${f3(x.before!)}→${f3(x.after!)}`)).join('; ')}`);
}
