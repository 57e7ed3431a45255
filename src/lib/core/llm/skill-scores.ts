/**
 * Checks the model's per-skill scores: schema, one entry per requirement, and every quote verified verbatim
 * against the text the model saw. An unverifiable quote voids that score (status 'void-unverified-quote');
 * a score above 0 without any quote is void too ('void-no-evidence'). Totals are computed here, in code:
 * weighted mean of score/5 over the job's requirements, voided and missing scores counting 0.
 *
 * Non-goals: prompting (prompts.ts). Shape legend: spans are in the ORIGINAL resume (mapped through the
 * MaskResult); `seenText` is the passage as the model saw it (masked in blind mode).
 */
import type { MaskResult } from '../mask/types';
import { ok, type Result } from '../result';
import { normaliseForMatch, verifyQuote } from './evidence';
import type { PromptRequirement } from './prompts';
import { skillScoresSchema } from './schemas';
import { parseAnswer } from './validate';

/** The model's answer: one entry per requirement id (the schema makes the set of keys exact). */
export interface SkillScoresAnswer {
  scores: Record<string, { score: number; rationale: string; quotes: string[] }>;
}

export type SkillScoreStatus = 'verified' | 'void-unverified-quote' | 'void-no-evidence' | 'missing';

export interface CheckedQuote {
  quote: string;
  verified: boolean;
  /** Span in the original resume text (verified quotes only). */
  span?: { start: number; end: number };
  /** The matched passage as the model saw it. */
  seenText?: string;
  reason?: 'not-found' | 'too-short';
}

export interface CheckedSkillScore {
  requirementId: string;
  label: string;
  weight: number;
  /** The score that counts: the model's score when verified, else null. */
  score: number | null;
  modelScore: number | null;
  rationale: string;
  quotes: CheckedQuote[];
  status: SkillScoreStatus;
}

export interface SkillScoreTotals {
  /** Σ weight·score over counted requirements. */
  points: number;
  /** Σ weight·5. */
  maxPoints: number;
  /** points / maxPoints in [0, 1]. */
  value: number;
  verified: number;
  voided: number;
  missing: number;
}

export interface SkillScoresChecked {
  scores: CheckedSkillScore[];
  totals: SkillScoreTotals;
  /** For the composable scorer (`extraSignals`): id 'llm-skills', value = totals.value, evidence = verified quotes. */
  signal: { id: string; value: number; evidence: { requirementId: string; signalId: string; span: { start: number; end: number }; text: string; note?: string }[] };
}

export const LLM_SKILLS_SIGNAL_ID = 'llm-skills';

/** Validate, verify every quote against `resume` (the MaskResult the model saw), void what fails, total in code. */
export function checkSkillScores(answerText: string, args: { requirements: PromptRequirement[]; resume: MaskResult }): Result<SkillScoresChecked> {
  const { requirements, resume } = args;
  const parsed = parseAnswer<SkillScoresAnswer>(skillScoresSchema(requirements.map((r) => r.id)), answerText, 'per-skill scores');
  if (!parsed.ok) return parsed;
  const byId = new Map(Object.entries(parsed.value.scores));
  const prepared = normaliseForMatch(resume.text);
  const scores: CheckedSkillScore[] = requirements.map((req) => {
    const weight = req.weight ?? 1;
    const s = byId.get(req.id);
    if (!s) return { requirementId: req.id, label: req.label, weight, score: null, modelScore: null, rationale: '', quotes: [], status: 'missing' };
    const quotes: CheckedQuote[] = s.quotes.map((q) => {
      const c = verifyQuote(resume.text, q, prepared);
      if (!c.verified || !c.span) return { quote: q, verified: false, reason: c.reason };
      const start = resume.toOriginal(c.span.start);
      return { quote: q, verified: true, span: { start, end: Math.max(start, resume.toOriginal(c.span.end)) }, seenText: resume.text.slice(c.span.start, c.span.end) };
    });
    const status: SkillScoreStatus = quotes.some((q) => !q.verified) ? 'void-unverified-quote' : s.score > 0 && quotes.length === 0 ? 'void-no-evidence' : 'verified';
    return { requirementId: req.id, label: req.label, weight, score: status === 'verified' ? s.score : null, modelScore: s.score, rationale: s.rationale, quotes, status };
  });
  const totals = totalSkillScores(scores);
  const evidence = scores.flatMap((s) =>
    s.status !== 'verified'
      ? []
      : s.quotes.map((q) => ({ requirementId: s.requirementId, signalId: LLM_SKILLS_SIGNAL_ID, span: q.span!, text: q.seenText!, note: `${s.score}/5: ${s.rationale}` }))
  );
  return ok({ scores, totals, signal: { id: LLM_SKILLS_SIGNAL_ID, value: totals.value, evidence } });
}

/** Weighted totals over all requirements; voided and missing scores count as 0 (conservative). */
export function totalSkillScores(scores: CheckedSkillScore[]): SkillScoreTotals {
  let points = 0;
  let maxPoints = 0;
  for (const s of scores) {
    maxPoints += 5 * s.weight;
    points += (s.score ?? 0) * s.weight;
  }
  return {
    points,
    maxPoints,
    value: maxPoints > 0 ? points / maxPoints : 0,
    verified: scores.filter((s) => s.status === 'verified').length,
    voided: scores.filter((s) => s.status.startsWith('void')).length,
    missing: scores.filter((s) => s.status === 'missing').length
  };
}
