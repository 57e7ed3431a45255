/**
 * Skill coverage signal: the weighted share of the job's skill requirements the resume shows.
 * Purpose: must/nice-weighted coverage with partial credit for a related skill of the same taxonomy
 * category (e.g. PostgreSQL for MySQL), evidenced by the skill mentions themselves.
 * Non-goals: proficiency levels or recency (an LLM signal may judge those later).
 * Shape legend: credit per requirement: 1 exact (canonical skill mentioned), RELATED_CREDIT for a skill of
 * the same category, else 0; value = Σ weight·credit / Σ weight over skill requirements.
 */
import type { SkillMention } from '../../resume/types';
import type { Evidence, RequirementResult, ScoreContext, Signal, SignalResult } from '../types';
import { ratioResult } from './result';

export const RELATED_CREDIT = 0.25;
const MAX_MENTIONS_PER_SKILL = 3;
// Broad categories where "same category" says little about substitutability.
const NO_PARTIAL_CATEGORIES = new Set(['soft-skills', 'office']);

function evidenceFor(ctx: ScoreContext, requirementId: string, mentions: SkillMention[], note?: string): Evidence[] {
  return mentions.slice(0, MAX_MENTIONS_PER_SKILL).map((m) => ({
    requirementId,
    signalId: 'skills',
    span: { start: m.start, end: m.end },
    text: ctx.resume.text.slice(m.start, m.end),
    ...(note ? { note } : {})
  }));
}

/** Must/nice-weighted skill coverage with partial credit for related skills. */
export const skillCoverageSignal: Signal = {
  id: 'skills',
  label: 'Skill coverage',
  defaultWeight: 0.35,
  compute(ctx: ScoreContext): SignalResult {
    const categoryOf = new Map(ctx.taxonomy.skills.map((s) => [s.name, s.category]));
    const bySkill = new Map<string, SkillMention[]>();
    for (const m of ctx.resume.skillMentions) {
      const list = bySkill.get(m.skill);
      if (list) list.push(m);
      else bySkill.set(m.skill, [m]);
    }
    const skillReqs = ctx.job.requirements.filter((r) => r.kind === 'skill' && r.skill && r.weight > 0);
    const required = new Set(skillReqs.map((r) => r.skill!));
    let total = 0;
    let got = 0;
    const requirements: RequirementResult[] = [];
    const evidence: Evidence[] = [];
    for (const r of skillReqs) {
      total += r.weight;
      const exact = bySkill.get(r.skill!);
      if (exact) {
        got += r.weight;
        const ev = evidenceFor(ctx, r.id, exact);
        evidence.push(...ev);
        requirements.push({ requirementId: r.id, met: 'yes', evidence: ev });
        continue;
      }
      const category = categoryOf.get(r.skill!);
      // A related skill: same category, not itself required (it earns its own credit), first by position.
      const related = category && !NO_PARTIAL_CATEGORIES.has(category)
        ? [...bySkill.entries()].find(([skill]) => skill !== r.skill && !required.has(skill) && categoryOf.get(skill) === category)
        : undefined;
      if (related) {
        got += r.weight * RELATED_CREDIT;
        const ev = evidenceFor(ctx, r.id, related[1], `related to ${r.skill} (same category): ${related[0]}`);
        evidence.push(...ev);
        requirements.push({ requirementId: r.id, met: 'partial', evidence: ev });
      } else {
        requirements.push({ requirementId: r.id, met: 'no', evidence: [] });
      }
    }
    return ratioResult('skills', got, total, evidence, requirements, {
      required: skillReqs.length,
      met: requirements.filter((x) => x.met === 'yes').length,
      partial: requirements.filter((x) => x.met === 'partial').length
    });
  }
};
