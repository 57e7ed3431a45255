/**
 * Requirement weights: defaults by kind and priority, and normalisation for display and scoring.
 * Purpose: keep weights plain numbers the recruiter can edit; one place defines the defaults.
 * Non-goals: learning weights from feedback (a later issue).
 * Shape legend: keys are `${kind}:${priority}`; weights are non-negative relative importances.
 */
import type { ParseJobOptions, Requirement, RequirementKind, RequirementPriority } from './types';

/** A must-have counts twice a nice-to-have; title keywords are light hints. */
export const DEFAULT_REQUIREMENT_WEIGHTS: Record<`${RequirementKind}:${RequirementPriority}`, number> = {
  'skill:must': 1,
  'skill:nice': 0.5,
  'years:must': 1,
  'years:nice': 0.5,
  'education:must': 1,
  'education:nice': 0.5,
  'keyword:must': 0.5,
  'keyword:nice': 0.25
};

/** Default weight of a requirement of this kind and priority (overridable per call). */
export function defaultWeight(kind: RequirementKind, priority: RequirementPriority, overrides?: ParseJobOptions['weights']): number {
  return overrides?.[`${kind}:${priority}`] ?? DEFAULT_REQUIREMENT_WEIGHTS[`${kind}:${priority}`];
}

/** Return copies of the requirements whose weights sum to 1 (all equal when every weight is 0); negative weights are clamped to 0. */
export function normalizeWeights(requirements: Requirement[]): Requirement[] {
  const clamped = requirements.map((r) => Math.max(0, Number.isFinite(r.weight) ? r.weight : 0));
  const total = clamped.reduce((a, b) => a + b, 0);
  return requirements.map((r, i) => ({ ...r, weight: total > 0 ? clamped[i] / total : 1 / requirements.length }));
}
