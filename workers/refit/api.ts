/**
 * The re-fit worker's interface and its in-thread implementation on the pure core (workers/refit.worker.ts
 * exposes exactly this object with comlink; tests call it directly). One call fits a job family's ranker to the
 * recruiter's decisions (core/refit) and says how long the fit took on this machine.
 * Non-goals: reading decisions or storing rankers (the page does, through src/lib/db), DOM access.
 */
import { refitRanker, type DecisionSample, type RefitReport } from '../../src/lib/core/refit';
import type { Result } from '../../src/lib/core/result';
import type { RankerWeights } from '../../src/lib/core/score';

export interface RefitArgs {
  samples: DecisionSample[];
  current: RankerWeights;
  shipped: RankerWeights;
  regularisation?: number;
}

/** A fit with the wall time it took in the worker (milliseconds). */
export type TimedRefit = RefitReport & { ms: number };

export interface RefitApi {
  'ranker.refit'(args: RefitArgs): Promise<Result<TimedRefit>>;
}

export const refitApi: RefitApi = {
  async 'ranker.refit'(args) {
    const t0 = performance.now();
    const result = refitRanker(args);
    return result.ok ? { ok: true, value: { ...result.value, ms: performance.now() - t0 } } : result;
  }
};
