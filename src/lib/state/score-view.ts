/**
 * Pure view helpers over a ScoreResult: breakdown rows (signal label, points, share of its maximum) and
 * requirement rows (met / partly / missing, must or nice) for the candidate and compare screens.
 * Non-goals: computing scores (core/score).
 */
import type { Job, RequirementPriority } from '../core/job';
import type { RequirementVerdict, ScoreResult } from '../core/score';
import { requirementLabel } from './requirements';

export interface BreakdownRow {
  id: string;
  label: string;
  points: number;
  /** Maximum points this signal can give (its normalised weight × 100). */
  maxPoints: number;
  /** The signal's value 0..1 (bar width). */
  value: number;
}

export interface RequirementRow {
  id: string;
  label: string;
  met: RequirementVerdict;
  priority: RequirementPriority;
}

/** One row per scoring signal that carries weight, in the order the scorer reports them. */
export function breakdownRows(result: ScoreResult | undefined): BreakdownRow[] {
  if (!result) return [];
  return Object.entries(result.breakdown)
    .filter(([, entry]) => entry.weight > 0)
    .map(([id, entry]) => ({ id, label: entry.label, points: entry.points, maxPoints: entry.weight * 100, value: entry.value }));
}

/** One row per job requirement with the score's verdict (must-haves first). */
export function requirementRows(result: ScoreResult | undefined, job: Job | undefined): RequirementRow[] {
  const verdicts = new Map((result?.requirements ?? []).map((r) => [r.requirementId, r.met]));
  const rows = (job?.requirements ?? []).map((r) => ({ id: r.id, label: requirementLabel(r), met: verdicts.get(r.id) ?? ('no' as const), priority: r.priority }));
  return [...rows.filter((r) => r.priority === 'must'), ...rows.filter((r) => r.priority === 'nice')];
}
