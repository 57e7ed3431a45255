/**
 * The must part's share α (combine.ts), by default and with must-haves first, in a module of its own so that
 * code which only fits or evaluates rankers (ranker-fit.ts, the refit worker, the evaluation, Playwright specs run
 * by Node) does not load models/ranker.json through combine.ts.
 */

/**
 * The must part's share in the default combination: α = m·d / (m·d + 1) for m must-haves and must-dominance d,
 * at most `cap`. Without the cap α grows with the length of the must-have list (0.29 for 8 must-haves at d =
 * 0.05), and on the dev split a long list read from a posting's wording then outweighs relevance (README
 * "Must-haves and the cap").
 */
export function mustShare(mustCount: number, dominance: number, cap?: number): number {
  if (!(mustCount > 0)) return 0;
  const d = Math.max(0, dominance);
  const alpha = (mustCount * d) / (mustCount * d + 1);
  return cap !== undefined && cap >= 0 ? Math.min(cap, alpha) : alpha;
}

/**
 * "Must-haves first": the must-have part's share α is set so that missing the least-weighted must-have outright
 * costs more than the whole fit part can give: α·minShare > 1 − α, with minShare that must-have's share of the
 * must-have weights. α = 1 / (1 + 0.99·minShare) leaves a margin of ~1% of minShare over the tie, more than the
 * cent rounding of the parts.
 */
export const MUST_FIRST_MARGIN = 0.99;

/** The must part's share with must-haves first, for `minShare` the smallest must-have's share of the must-have weights. */
export function mustFirstShare(minShare: number): number {
  return 1 / (1 + MUST_FIRST_MARGIN * Math.min(1, minShare));
}
