/**
 * The combination rule of the score: must-haves first, then fit (see score-candidate.ts for what 0–100 means).
 * Purpose: one function that turns the must-have part and the fit components into points that sum exactly to
 * the score, with the weights shipped in models/ranker.json (fitted on the dev split, see README) unless the
 * caller overrides them.
 * Non-goals: judging requirements or computing signals.
 * Shape legend: a Component is {id, label, value 0..1, evidence, applicable}; breakdown weights are the shares
 * of 100 points each component can give (they sum to 1 over applicable components); cents are integer
 * hundredths of a point.
 */
import rankerData from '../../../../models/ranker.json';
import { MUST_FIRST_MARGIN, mustFirstShare, mustShare } from './must-share';
import type { Evidence, ScoreBreakdownEntry } from './types';

export { MUST_FIRST_MARGIN, mustFirstShare, mustShare };

export interface Component {
  id: string;
  label: string;
  value: number;
  evidence: Evidence[];
  applicable: boolean;
}

export interface RankerWeights {
  mustDominance: number;
  /**
   * The largest share α the must part may take in the default combination (must-haves first ignores it).
   * Absent: no cap, so a ranker fitted and stored before the cap existed keeps its meaning.
   */
  mustCap?: number;
  weights: Record<string, number>;
  defaultExtraWeight: number;
}

/** The shipped combination (models/ranker.json). */
export const shippedRanker: RankerWeights = {
  mustDominance: rankerData.mustDominance,
  mustCap: rankerData.mustCap,
  weights: rankerData.weights,
  defaultExtraWeight: rankerData.defaultExtraWeight
};


export interface CombineOptions {
  weights?: Record<string, number>;
  mustDominance?: number;
  /** Cap on the must part's share (see RankerWeights.mustCap); null: no cap; absent: the ranker's. */
  mustCap?: number | null;
  defaultWeights?: Record<string, number>;
  ranker?: RankerWeights;
  /** Must-haves first: the smallest must-have weight over the sum of must-have weights (0..1]; overrides mustDominance. */
  mustFirstMinShare?: number;
}

/** Combine the must-have part (over `mustCount` must-haves) and the fit components into a scored breakdown. */
export function combine(
  must: Component,
  mustCount: number,
  fit: Component[],
  opts: CombineOptions = {}
): { score: number; breakdown: Record<string, ScoreBreakdownEntry>; evidence: Evidence[] } {
  const ranker = opts.ranker ?? shippedRanker;
  const weightOf = (id: string) => Math.max(0, opts.weights?.[id] ?? ranker.weights[id] ?? (opts.defaultWeights?.[id] || ranker.defaultExtraWeight));
  const activeFit = fit.filter((c) => c.applicable && weightOf(c.id) > 0);
  const fitWeight = activeFit.reduce((a, c) => a + weightOf(c.id), 0);
  const d = opts.mustDominance ?? ranker.mustDominance;
  const cap = opts.mustCap === undefined ? ranker.mustCap : (opts.mustCap ?? undefined);
  const minShare = opts.mustFirstMinShare;
  let alpha = !must.applicable ? 0 : minShare !== undefined && minShare > 0 ? mustFirstShare(minShare) : mustShare(mustCount, d, cap);
  if (fitWeight === 0) alpha = must.applicable ? 1 : 0;
  const share = new Map<string, number>([[must.id, alpha]]);
  for (const c of activeFit) share.set(c.id, ((1 - alpha) * weightOf(c.id)) / fitWeight);
  const breakdown: Record<string, ScoreBreakdownEntry> = {};
  const evidence: Evidence[] = [];
  let cents = 0;
  for (const c of [must, ...fit]) {
    const weight = share.get(c.id) ?? 0;
    const value = Math.min(1, Math.max(0, c.value));
    const points = Math.round(10000 * weight * value);
    cents += points;
    breakdown[c.id] = { label: c.label, weight, value, points: points / 100 };
    if (points > 0) evidence.push(...c.evidence);
  }
  return { score: cents / 100, breakdown, evidence };
}
