/**
 * Education fit signal: the candidate's highest degree against each education requirement (level, field).
 * Purpose: a transparent degree check evidenced by the education entries.
 * Non-goals: institution prestige (deliberately ignored: it is a proxy for background, not ability).
 * Shape legend: per requirement credit = 1 at or above the level, 0.5 one level below, else 0; times 0.75
 * when the requirement names a field and no entry shares a word with it; value = weighted mean of credits.
 */
import { compareDegreeLevels } from '../../resume/education';
import type { JsonResumeEducation } from '../../resume/types';
import type { Evidence, RequirementResult, ScoreContext, Signal, SignalResult } from '../types';
import { ratioResult } from './result';

const FIELD_MISMATCH_FACTOR = 0.75;
const GENERIC_FIELD_WORDS = new Set(['related', 'field', 'fields', 'or', 'and', 'a', 'an', 'the', 'similar', 'equivalent', 'discipline', 'area', 'of', 'in']);

function fieldWords(s: string): Set<string> {
  return new Set((s.toLowerCase().match(/\p{L}{3,}/gu) ?? []).filter((w) => !GENERIC_FIELD_WORDS.has(w)));
}

function entryEvidence(ctx: ScoreContext, index: number, requirementId: string): Evidence[] {
  return ctx.resume.provenance
    .filter((p) => p.path === `education[${index}].studyType` || p.path === `education[${index}].area`)
    .map((p) => ({ requirementId, signalId: 'education', span: { start: p.start, end: p.end }, text: ctx.resume.text.slice(p.start, p.end) }));
}

/** Highest degree (and field) vs the job's education requirements. */
export const educationFitSignal: Signal = {
  id: 'education',
  label: 'Education fit',
  defaultWeight: 0.15,
  compute(ctx: ScoreContext): SignalResult {
    const reqs = ctx.job.requirements.filter((r) => r.kind === 'education' && r.degreeLevel && r.weight > 0);
    if (reqs.length === 0) return { id: 'education', value: 0, evidence: [], applicable: false, requirements: [] };
    const entries: Array<{ e: JsonResumeEducation; index: number }> = ctx.resume.education.map((e, index) => ({ e, index })).filter((x) => x.e.degreeLevel);
    let total = 0;
    let got = 0;
    const requirements: RequirementResult[] = [];
    for (const r of reqs) {
      total += r.weight;
      const wanted = r.area ? fieldWords(r.area) : undefined;
      let best = { credit: 0, index: -1 };
      for (const { e, index } of entries) {
        const diff = compareDegreeLevels(e.degreeLevel!, r.degreeLevel!);
        let credit = diff >= 0 ? 1 : diff === -1 ? 0.5 : 0;
        if (credit > 0 && wanted && wanted.size > 0) {
          const have = fieldWords(`${e.area ?? ''} ${e.studyType ?? ''}`);
          if (![...wanted].some((w) => have.has(w))) credit *= FIELD_MISMATCH_FACTOR;
        }
        if (credit > best.credit) best = { credit, index };
      }
      const evidence = best.index >= 0 ? entryEvidence(ctx, best.index, r.id) : [];
      const credit = evidence.length > 0 ? best.credit : 0;
      got += r.weight * credit;
      requirements.push({ requirementId: r.id, met: credit >= 1 ? 'yes' : credit > 0 ? 'partial' : 'no', evidence });
    }
    return ratioResult('education', got, total, requirements.flatMap((r) => r.evidence), requirements, { levels: entries.map((x) => x.e.degreeLevel) });
  }
};
