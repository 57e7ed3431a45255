/**
 * Re-fitting the score's combination to a recruiter's own select/reject decisions on one job family.
 * Purpose: the pure core of the app's re-fit (the worker wraps it) and of the evaluation's `refit` part:
 * split the decisions into a deterministic training part and a held-out part, fit the combination weights
 * (fitRanker, pairwise loss within each job) on the training part, regularised toward the shipped ranker, and
 * report agreement on the held-out part before (the ranker in use) and after (the fitted one).
 * Non-goals: reading decisions or scores from storage, re-scoring (the app re-runs the scorer with the
 * ranker), new features (only the parts stored with each score are re-weighted).
 * Shape legend: a DecisionSample is one decided candidate: its job, selected or not, the per-part values of its
 * stored score (partsOfScore) and the job's must-have count. Agreement = the share of (selected, rejected)
 * pairs of the same job that a ranker orders right (ties count half): the AUC of select over reject, pooled
 * over the family's jobs. Held out: within each (job, decision) the samples ordered by a hash of their key,
 * every HOLDOUT_EVERY-th one (so both classes of every job are held out in the same proportion, whatever the
 * order decisions were made in, and the same resumes on every device).
 */
import { err, ok, type Result } from '../result';
import { fitRanker, rankerScore, type Example } from '../score/ranker-fit';
import type { RankerWeights } from '../score/combine';

export interface DecisionSample {
  /** A stable key of the decided resume (the app passes its file's SHA-256): it orders the held-out split. */
  key: string;
  jobId: string;
  selected: boolean;
  parts: Record<string, number>;
  mustCount: number;
}

/** Fewest selected and fewest rejected decisions (in jobs with both) a re-fit learns from. */
export const MIN_PER_CLASS = 10;
/** One decision in HOLDOUT_EVERY of each (job, class) is held out. */
export const HOLDOUT_EVERY = 3;
/** Pull toward the shipped ranker (see ranker-fit.ts); measured with `npm run eval -- --only refit`. */
export const DEFAULT_REGULARISATION = 0.3;

export interface Agreement {
  /** Share of (selected, rejected) pairs of the same job ordered right; 0.5 is chance. */
  auc: number;
  pairs: number;
}

export interface RefitReport {
  /** The fitted ranker: fitted weights for the parts the decisions have, the shipped weights for the others. */
  ranker: RankerWeights;
  /** Held-out agreement of the ranker in use and of the fitted one. */
  before: Agreement;
  after: Agreement;
  train: { selected: number; rejected: number; pairs: number };
  heldOut: { selected: number; rejected: number };
}

/** FNV-1a 32-bit hash: a stable order that does not depend on when decisions were made. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The deterministic split of decisions into a training part and a held-out part. */
export function splitDecisions<S extends Pick<DecisionSample, 'key' | 'jobId' | 'selected'>>(samples: S[]): { train: S[]; heldOut: S[] } {
  const cells = new Map<string, S[]>();
  for (const s of samples) {
    const cell = `${s.jobId}\u0000${s.selected}`;
    (cells.get(cell) ?? cells.set(cell, []).get(cell)!).push(s);
  }
  const held = new Set<S>();
  for (const list of cells.values()) {
    list.sort((a, b) => stableHash(a.key) - stableHash(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    list.forEach((s, i) => i % HOLDOUT_EVERY === HOLDOUT_EVERY - 1 && held.add(s));
  }
  return { train: samples.filter((s) => !held.has(s)), heldOut: samples.filter((s) => held.has(s)) };
}

function toExample(s: DecisionSample): Example {
  return { group: s.jobId, parts: s.parts, mustCount: s.mustCount, label: s.selected ? 1 : 0 };
}

/** Pairwise agreement of a ranker with the decisions: (selected, rejected) pairs of the same job. */
export function agreement(samples: DecisionSample[], ranker: RankerWeights): Agreement {
  const byJob = new Map<string, { sel: number[]; rej: number[] }>();
  for (const s of samples) {
    const cell = byJob.get(s.jobId) ?? byJob.set(s.jobId, { sel: [], rej: [] }).get(s.jobId)!;
    (s.selected ? cell.sel : cell.rej).push(rankerScore(toExample(s), ranker.weights, ranker.mustDominance, ranker.mustCap));
  }
  let right = 0;
  let pairs = 0;
  for (const { sel, rej } of byJob.values()) {
    for (const a of sel) for (const b of rej) (right += a > b ? 1 : a === b ? 0.5 : 0), pairs++;
  }
  return { auc: pairs ? right / pairs : 0.5, pairs };
}

/** Decisions in jobs that have both a selected and a rejected one (only those form pairs). */
function pairable(samples: DecisionSample[]): DecisionSample[] {
  const has = new Map<string, number>();
  for (const s of samples) has.set(s.jobId, (has.get(s.jobId) ?? 0) | (s.selected ? 1 : 2));
  return samples.filter((s) => has.get(s.jobId) === 3);
}

const count = (samples: DecisionSample[], selected: boolean) => samples.filter((s) => s.selected === selected).length;

/**
 * Fits a ranker to the family's decisions. Refuses (a Result error with the counts) when there are too few
 * decisions of either class, or when the held-out part has no pair to judge agreement on.
 */
export function refitRanker(input: {
  samples: DecisionSample[];
  /** The ranker the family's scores use now ("before"). */
  current: RankerWeights;
  /** The shipped ranker: the fit starts from it and is pulled toward it. */
  shipped: RankerWeights;
  regularisation?: number;
  minPerClass?: number;
}): Result<RefitReport> {
  const usable = pairable(input.samples);
  const min = input.minPerClass ?? MIN_PER_CLASS;
  const selected = count(usable, true);
  const rejected = count(usable, false);
  if (selected < min || rejected < min) {
    const [allSelected, allRejected] = [count(input.samples, true), count(input.samples, false)];
    const onlyPairable = allSelected !== selected || allRejected !== rejected ? ` (${selected} and ${rejected} in jobs that have both, the only ones that count)` : '';
    return err({
      code: 'refit/too-few-decisions',
      message: `Re-fitting needs at least ${min} selected and ${min} rejected candidates in jobs of this family; there are ${allSelected} selected and ${allRejected} rejected${onlyPairable}. Decide on more candidates first.`
    });
  }
  const { train, heldOut } = splitDecisions(usable);
  const before = agreement(heldOut, input.current);
  if (before.pairs === 0) {
    return err({ code: 'refit/no-held-out-pairs', message: 'No job of this family has both a selected and a rejected candidate in the held-out part; decide on more candidates of the same job first.' });
  }
  const fit = fitRanker(train.map(toExample), { prior: input.shipped, regularisation: input.regularisation ?? DEFAULT_REGULARISATION, negativesPerPositive: 1000 });
  // Parts the decisions never saw (a model signal when no model was active) keep their shipped weight.
  const ranker: RankerWeights = { ...fit.ranker, weights: { ...input.shipped.weights, ...fit.ranker.weights }, defaultExtraWeight: input.shipped.defaultExtraWeight };
  return ok({
    ranker,
    before,
    after: agreement(heldOut, ranker),
    train: { selected: count(train, true), rejected: count(train, false), pairs: fit.pairs },
    heldOut: { selected: count(heldOut, true), rejected: count(heldOut, false) }
  });
}
