/**
 * Skill requirements: a job's skill requirement is met when the resume mentions that skill (the canonical
 * taxonomy skill, by any of its aliases) outside text that earns nothing (copied from the posting, repeated).
 * Purpose: per-requirement verdicts with the mentions as evidence; the scorer turns must-have and nice-to-have
 * verdicts into points.
 * Non-goals: credit for a different skill of the same family (C++ is not partly Python: a recruiter who wants
 * either writes both); proficiency or recency (an LLM signal may judge those).
 * Shape legend: credit 1 when mentioned, else 0; the signal's own value is the weighted share of skill
 * requirements met (reported for transparency; the total uses the verdicts). Evidence: up to
 * MAX_MENTIONS_PER_SKILL distinct mentions, first in the strongest sections.
 */
import type { SkillMention } from '../../resume/types';
import type { Evidence, RequirementResult, ScoreContext, Signal, SignalResult } from '../types';
import { ratioResult } from './result';

const MAX_MENTIONS_PER_SKILL = 3;

function evidenceFor(ctx: ScoreContext, requirementId: string, mentions: SkillMention[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const m of mentions) {
    const text = ctx.resume.text.slice(m.start, m.end);
    // Distinct evidence: the same alias written again adds nothing a recruiter needs to see.
    if (seen.has(text.toLowerCase())) continue;
    seen.add(text.toLowerCase());
    out.push({ requirementId, signalId: 'skills', span: { start: m.start, end: m.end }, text });
    if (out.length === MAX_MENTIONS_PER_SKILL) break;
  }
  return out;
}

/** Must/nice skill requirements judged by taxonomy mentions. */
export const skillCoverageSignal: Signal = {
  id: 'skills',
  label: 'Skills',
  defaultWeight: 0,
  role: 'requirements',
  compute(ctx: ScoreContext): SignalResult {
    const bySkill = new Map<string, SkillMention[]>();
    for (const m of ctx.resume.skillMentions) {
      if (ctx.excluded.covers(m.start, m.end)) continue;
      const list = bySkill.get(m.skill);
      if (list) list.push(m);
      else bySkill.set(m.skill, [m]);
    }
    const skillReqs = ctx.job.requirements.filter((r) => r.kind === 'skill' && r.skill && r.weight > 0);
    let total = 0;
    let got = 0;
    const requirements: RequirementResult[] = [];
    for (const r of skillReqs) {
      total += r.weight;
      const mentions = bySkill.get(r.skill!);
      if (!mentions) {
        requirements.push({ requirementId: r.id, met: 'no', credit: 0, evidence: [] });
        continue;
      }
      got += r.weight;
      requirements.push({ requirementId: r.id, met: 'yes', credit: 1, evidence: evidenceFor(ctx, r.id, mentions) });
    }
    return ratioResult('skills', got, total, requirements.flatMap((r) => r.evidence), requirements, {
      required: skillReqs.length,
      met: requirements.filter((x) => x.met === 'yes').length
    });
  }
};
