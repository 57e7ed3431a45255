/**
 * Pure view helpers over a ScoreResult: breakdown rows (signal label, points, share of its maximum),
 * requirement rows (met / partly / missing, must or nice) for the candidate and compare screens, and the
 * evidence behind one of them (what the candidate screen highlights when the recruiter picks it).
 * Non-goals: computing scores (core/score), drawing highlights (EvidenceText, PdfViewer).
 */
import type { Job, RequirementPriority } from '../core/job';
import type { Evidence, RequirementVerdict, ScoreResult } from '../core/score';
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
  /** Why the verdict is what it is, when the scorer said ("4.5 of 5 years in relevant roles"). */
  note?: string;
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
  const verdicts = new Map((result?.requirements ?? []).map((r) => [r.requirementId, r]));
  const rows = (job?.requirements ?? []).map((r) => {
    const verdict = verdicts.get(r.id);
    return { id: r.id, label: requirementLabel(r), met: verdict?.met ?? ('no' as const), priority: r.priority, ...(verdict?.note ? { note: verdict.note } : {}) };
  });
  return [...rows.filter((r) => r.priority === 'must'), ...rows.filter((r) => r.priority === 'nice')];
}

/** A breakdown point or a requirement the recruiter asked to see the evidence of. */
export interface EvidenceFocus {
  kind: 'signal' | 'requirement';
  id: string;
  label: string;
}

/**
 * The evidence behind `focus`, in resume order without repeats: a requirement's own evidence; for the must-have
 * and nice-to-have parts, the evidence of the requirements of that priority; for any other breakdown point,
 * the evidence its signal cited.
 */
export function focusedEvidence(result: ScoreResult | undefined, job: Job | undefined, focus: EvidenceFocus | null): Evidence[] {
  if (!result || !focus) return [];
  let picked: Evidence[];
  if (focus.kind === 'requirement') picked = result.requirements.find((r) => r.requirementId === focus.id)?.evidence ?? [];
  else if (focus.id === 'must' || focus.id === 'nice') {
    const ids = new Set((job?.requirements ?? []).filter((r) => r.priority === focus.id).map((r) => r.id));
    picked = result.requirements.filter((r) => ids.has(r.requirementId) && r.met !== 'no').flatMap((r) => r.evidence);
  } else picked = result.evidence.filter((e) => e.signalId === focus.id);
  const seen = new Set<string>();
  return picked
    .filter((e) => e.span.end > e.span.start && !seen.has(`${e.span.start}:${e.span.end}`) && seen.add(`${e.span.start}:${e.span.end}`))
    .sort((a, b) => a.span.start - b.span.start);
}
