/**
 * Re-fitting the combination to a recruiter's decisions: the fitter recovers known weights from decisions a
 * known ranker made, the pull toward the shipped ranker holds weights back in proportion to its strength, too few
 * decisions of either class are refused with the counts, the held-out split is deterministic and stratified, and
 * re-fitting raises held-out agreement when the recruiter weighs the parts differently from the shipped ranker.
 * Job families group titles that name the same role.
 */
import { describe, expect, it } from 'vitest';
import { agreement, familyKey, familyOf, HOLDOUT_EVERY, MIN_PER_CLASS, refitRanker, splitDecisions, type DecisionSample } from '../../../src/lib/core/refit';
import { fitRanker, rankerScore, shippedRanker, type Example, type RankerWeights } from '../../../src/lib/core/score';
import { seededRandom } from '../../../training-node/src/data/random';

const TRUTH: RankerWeights = { mustDominance: 0, weights: { role: 0.7, lexical: 0.2, nice: 0.1 }, defaultExtraWeight: 0.3 };

/** Decisions by a recruiter who ranks with `truth` (plus a little noise) and selects the top third of each job. */
function decisions(truth: RankerWeights, opts: { jobs: number; perJob: number; seed: number; noise?: number }): DecisionSample[] {
  const rand = seededRandom(opts.seed);
  const out: DecisionSample[] = [];
  for (let j = 0; j < opts.jobs; j++) {
    const rows = Array.from({ length: opts.perJob }, (_, i) => {
      const parts = { must: rand(), role: rand(), lexical: rand(), nice: rand() };
      const s = rankerScore({ group: '', parts, mustCount: 2, label: 0 }, truth.weights, truth.mustDominance) + (opts.noise ?? 0.02) * (rand() - 0.5);
      return { key: `job${j}-cand${i}`, jobId: `job${j}`, parts, mustCount: 2, s };
    });
    const cut = [...rows].sort((a, b) => b.s - a.s)[Math.floor(opts.perJob / 3)].s;
    for (const { s, ...r } of rows) out.push({ ...r, selected: s > cut });
  }
  return out;
}

const toExamples = (samples: DecisionSample[]): Example[] => samples.map((s) => ({ group: s.jobId, parts: s.parts, mustCount: s.mustCount, label: s.selected ? 1 : 0 }));

describe('fitRanker on decisions', () => {
  it('recovers the weights of the ranker that made the decisions', () => {
    const samples = decisions(TRUTH, { jobs: 6, perJob: 60, seed: 1 });
    const { ranker } = fitRanker(toExamples(samples), { negativesPerPositive: 1000, iterations: 400 });
    expect(ranker.mustDominance).toBe(0);
    for (const [id, w] of Object.entries(TRUTH.weights)) expect(Math.abs(ranker.weights[id] - w), id).toBeLessThan(0.08);
  });

  it('pulls toward the prior in proportion to the regularisation', () => {
    const examples = toExamples(decisions(TRUTH, { jobs: 4, perJob: 40, seed: 2 }));
    // The fit weighs only the parts the decisions carry (role, lexical, nice): compare with the prior's share among them.
    const { role, lexical, nice } = shippedRanker.weights;
    const priorRole = role / (role + lexical + nice);
    const distance = (r: RankerWeights) => Math.abs(r.weights.role - priorRole);
    const free = fitRanker(examples, { prior: shippedRanker, regularisation: 0, negativesPerPositive: 1000 }).ranker;
    const mild = fitRanker(examples, { prior: shippedRanker, regularisation: 0.3, negativesPerPositive: 1000 }).ranker;
    const strong = fitRanker(examples, { prior: shippedRanker, regularisation: 100, negativesPerPositive: 1000 }).ranker;
    // The truth weighs role far above the shipped ranker: the free fit moves most, a strong pull keeps the prior.
    expect(free.weights.role).toBeGreaterThan(priorRole + 0.2);
    expect(distance(mild)).toBeLessThan(distance(free));
    expect(distance(mild)).toBeGreaterThan(distance(strong));
    expect(distance(strong)).toBeLessThan(0.02);
    expect(strong.mustDominance).toBe(shippedRanker.mustDominance);
  });

  it('keeps the prior\'s cap on the must part\'s share, and scores with it', () => {
    const examples = toExamples(decisions(TRUTH, { jobs: 3, perJob: 30, seed: 4 }));
    expect(fitRanker(examples, { prior: shippedRanker, regularisation: 1 }).ranker.mustCap).toBe(shippedRanker.mustCap);
    expect(fitRanker(examples).ranker.mustCap).toBeUndefined();
    expect(fitRanker(examples, { mustCap: 0.2 }).ranker.mustCap).toBe(0.2);
    // Eight must-haves, all met, nothing else: uncapped d = 1 gives the must part 8/9 of the score, capped 0.1.
    const e = { group: '', parts: { must: 1, role: 0, lexical: 0 }, mustCount: 8, label: 1 as const };
    expect(rankerScore(e, { role: 0.5, lexical: 0.5 }, 1)).toBeCloseTo(8 / 9, 12);
    expect(rankerScore(e, { role: 0.5, lexical: 0.5 }, 1, 0.1)).toBeCloseTo(0.1, 12);
  });

  it('keeps its behaviour without a prior (equal start, the plain grid)', () => {
    const examples = toExamples(decisions(TRUTH, { jobs: 3, perJob: 30, seed: 3 }));
    expect(fitRanker(examples, { regularisation: 5 })).toEqual(fitRanker(examples));
  });
});

describe('refitRanker', () => {
  it('refuses too few decisions of either class, with the counts', () => {
    const samples = decisions(TRUTH, { jobs: 1, perJob: 60, seed: 4 });
    const fewSelected = samples.filter((s) => !s.selected).concat(samples.filter((s) => s.selected).slice(0, MIN_PER_CLASS - 1));
    const r = refitRanker({ samples: fewSelected, current: shippedRanker, shipped: shippedRanker });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('refit/too-few-decisions');
      expect(r.error.message).toContain(`${MIN_PER_CLASS - 1} selected`);
    }
    // Selections in a job without any rejection form no pair: they do not count.
    const oneSided = samples.map((s) => (s.selected ? { ...s, jobId: 'other' } : s));
    const r2 = refitRanker({ samples: oneSided, current: shippedRanker, shipped: shippedRanker });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.error.message).toContain(`(0 and 0 in jobs that have both, the only ones that count)`);
  });

  it('holds out the same decisions whatever their order, from both classes of every job', () => {
    const samples = decisions(TRUTH, { jobs: 3, perJob: 30, seed: 5 });
    const a = splitDecisions(samples);
    const b = splitDecisions([...samples].reverse());
    const ids = (s: DecisionSample[]) => s.map((x) => x.key).sort();
    expect(ids(a.heldOut)).toEqual(ids(b.heldOut));
    expect(a.train.length + a.heldOut.length).toBe(samples.length);
    for (const job of ['job0', 'job1', 'job2'])
      for (const selected of [true, false]) {
        const all = samples.filter((s) => s.jobId === job && s.selected === selected).length;
        expect(a.heldOut.filter((s) => s.jobId === job && s.selected === selected).length).toBe(Math.floor(all / HOLDOUT_EVERY));
      }
  });

  it('raises held-out agreement when the recruiter weighs the parts unlike the shipped ranker', () => {
    const samples = decisions(TRUTH, { jobs: 2, perJob: 60, seed: 6, noise: 0.1 });
    const r = refitRanker({ samples, current: shippedRanker, shipped: shippedRanker });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { before, after, ranker, heldOut, train } = r.value;
    expect(after.auc).toBeGreaterThan(before.auc);
    expect(before.pairs).toBe(after.pairs);
    expect(heldOut.selected * heldOut.rejected).toBeGreaterThan(0);
    expect(train.selected + train.rejected + heldOut.selected + heldOut.rejected).toBe(samples.length);
    // The reported figure is the agreement of the returned ranker; a part the decisions lack keeps its shipped weight.
    expect(agreement(splitDecisions(samples).heldOut, ranker)).toEqual(after);
    expect(ranker.weights.semantic).toBe(shippedRanker.weights.semantic);
  });
});

describe('job families', () => {
  it('groups titles that name the same role, whatever the seniority', () => {
    expect(familyKey('Senior Accountant')).toBe(familyKey('Staff Accountant'));
    expect(familyKey('Accountant')).toBe(familyKey('Accountant (remote)'));
    expect(familyKey('Accountant')).not.toBe(familyKey('Financial Analyst'));
    expect(familyOf({ id: 'x', title: 'Senior' })).toBe('job:x');
  });
});
