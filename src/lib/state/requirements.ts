/**
 * Display helpers for job requirements (pure): a human label for any requirement kind.
 * Non-goals: editing rules (RequirementsEditor), parsing (core/job).
 */
import type { Requirement } from '../core/job';

const KIND_LABELS: Record<Requirement['kind'], string> = { skill: 'Skill', years: 'Experience', education: 'Education', keyword: 'Keyword' };

/** "Python", "5+ years of experience", "Bachelor's degree": the parser's label, else a fallback. */
export function requirementLabel(requirement: Requirement): string {
  return requirement.label || requirement.skill || requirement.keyword || requirement.id;
}

/** "Skill", "Experience", "Education" or "Keyword". */
export function requirementKindLabel(requirement: Requirement): string {
  return KIND_LABELS[requirement.kind] ?? requirement.kind;
}
