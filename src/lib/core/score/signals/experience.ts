/**
 * Experience fit signal: the candidate's years (merged dated entries, or the largest stated figure) against
 * the job's minimum.
 * Purpose: a transparent years check evidenced by the dated work entries it was computed from.
 * Non-goals: relevance of each job to the role (lexical/skills/model signals weigh that).
 * Shape legend: value = min(1, years / minYears); met 'yes' at ≥ minYears, 'partial' at ≥ half, else 'no'.
 */
import type { Evidence, ScoreContext, Signal, SignalResult } from '../types';

/** Candidate years vs the job's minimum years requirement. */
export const experienceFitSignal: Signal = {
  id: 'experience',
  label: 'Experience fit',
  defaultWeight: 0.2,
  compute(ctx: ScoreContext): SignalResult {
    const req = ctx.job.requirements.find((r) => r.kind === 'years' && (r.minYears ?? 0) > 0 && r.weight > 0);
    if (!req) return { id: 'experience', value: 0, evidence: [], applicable: false, requirements: [] };
    const { resume } = ctx;
    const total = resume.totalYearsExperience ?? 0;
    const stated = resume.statedYearsExperience ?? 0;
    const years = Math.max(total, stated);
    const useStated = stated > total;
    const paths = useStated ? (p: string) => p === 'statedYearsExperience' : (p: string) => /^work\[\d+\]\.startDate$/.test(p);
    const evidence: Evidence[] = resume.provenance.filter((p) => paths(p.path)).map((p) => ({
      requirementId: req.id,
      signalId: 'experience',
      span: { start: p.start, end: p.end },
      text: resume.text.slice(p.start, p.end),
      note: useStated ? `stated: ${stated} years` : `dated entry; merged total ${total} years`
    }));
    const value = evidence.length > 0 ? Math.min(1, years / req.minYears!) : 0;
    const met = value >= 1 ? 'yes' : value >= 0.5 ? 'partial' : 'no';
    return {
      id: 'experience',
      value,
      evidence,
      applicable: true,
      requirements: [{ requirementId: req.id, met, evidence }],
      details: { years, required: req.minYears, source: useStated ? 'stated' : 'dated entries' }
    };
  }
};
