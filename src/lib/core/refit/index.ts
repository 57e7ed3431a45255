/**
 * Learning from the recruiter's decisions (public entry): job families, the deterministic held-out split,
 * agreement, and the regularised re-fit of the score's combination. Pure TypeScript (no DOM, no storage).
 * Non-goals: re-scoring and storage (services/refit.service.ts, db/rankers.repo.ts).
 */
export { familyKey, familyOf } from './family';
export { agreement, refitRanker, splitDecisions, stableHash, DEFAULT_REGULARISATION, HOLDOUT_EVERY, MIN_PER_CLASS } from './refit';
export type { Agreement, DecisionSample, RefitReport } from './refit';
