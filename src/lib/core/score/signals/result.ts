/**
 * Shared constructor for ratio-style signal results (value = got / total over weighted items).
 * Purpose: one definition of "not applicable when there is nothing to judge" for coverage-like signals.
 * Non-goals: any scoring logic.
 * Shape legend: `got` and `total` are sums of weights; value is 0 and applicable false when total is 0.
 */
import type { Evidence, RequirementResult, SignalResult } from '../types';

/** A SignalResult whose value is the weighted share got / total. */
export function ratioResult(id: string, got: number, total: number, evidence: Evidence[], requirements: RequirementResult[], details: Record<string, unknown>): SignalResult {
  return { id, value: total > 0 ? got / total : 0, evidence, applicable: total > 0, requirements, details };
}
