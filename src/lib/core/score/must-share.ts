/**
 * The must part's share α in the default combination (combine.ts), in a module of its own so that code which
 * only fits or evaluates rankers (ranker-fit.ts, the refit worker, Playwright specs run by Node) does not load
 * models/ranker.json through combine.ts.
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
