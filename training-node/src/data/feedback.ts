/**
 * Feedback import: the app's `shortlist.feedback/v1` export (validated by core/feedback) → SFT examples
 * with the recruiter's final assessment as the target, and DPO preference sources where the recruiter
 * changed the model's decision or scores (chosen = recruiter's version, rejected = model's).
 *
 * Non-goals: validation (core/feedback), splitting and writing (prefs.ts, prepare pipeline, src/cli).
 */
import type { FeedbackAssessment, FeedbackExportV1, FeedbackItem } from '../../../src/lib/core/feedback/index';
import { cleanField } from './clean';
import { contentHash } from './hash';
import { maskPii } from './mask';
import type { PreferenceSource } from './prefs';
import { checkedTarget, screeningPrompt } from './prompts';
import { assignSplits, checkLeakage, type LeakageReport } from './split';
import type { ChatSftRecord, SplitName } from './types';

/** The recruiter's final assessment: recruiter fields override the model's, field by field. */
export function finalAssessment(item: FeedbackItem): FeedbackAssessment {
  return {
    decision: item.recruiter.decision ?? item.model.decision,
    reasoning: item.recruiter.reasoning ?? item.model.reasoning,
    scores: item.recruiter.scores ? { ...item.model.scores, ...item.recruiter.scores } : item.model.scores,
    rationales: { ...item.model.rationales, ...item.recruiter.rationales }
  };
}

/** Reasoning used when an assessment has none (the schema requires a non-empty string). */
export function defaultReasoning(decision: 'select' | 'reject'): string {
  return decision === 'select' ? 'Advance to the next stage.' : 'Do not advance to the next stage.';
}

function decisionOutput(a: FeedbackAssessment): string | undefined {
  return a.decision ? JSON.stringify({ reasoning: a.reasoning || defaultReasoning(a.decision), status: a.decision }) : undefined;
}

function scoresOutput(a: FeedbackAssessment, item: FeedbackItem): string | undefined {
  if (!a.scores || Object.keys(a.scores).length === 0) return undefined;
  return JSON.stringify({
    scores: Object.fromEntries(
      item.job.requirements
        .filter((r) => a.scores?.[r.id] !== undefined)
        .map((r) => [r.id, { score: Math.round(a.scores?.[r.id] as number), rationale: a.rationales?.[r.id] || a.reasoning || 'Recruiter assessment.', quotes: [] }])
    )
  });
}

/** Preference sources from every override that changed the model's answer. */
export function feedbackToPreferences(exported: FeedbackExportV1, file: string): PreferenceSource[] {
  const sources: PreferenceSource[] = [];
  exported.items.forEach((item, index) => {
    const final = finalAssessment(item);
    const base = { file, line: index + 1, role: item.job.title, jobDescription: item.job.description, resume: item.resumeText, transcript: item.transcriptText, candidate: item.candidateId, origin: 'correction' as const, requirements: item.job.requirements, alreadyMasked: item.masked };
    const modelDecision = decisionOutput(item.model);
    const finalDecision = decisionOutput(final);
    if (modelDecision && finalDecision && item.recruiter.decision && item.recruiter.decision !== item.model.decision) {
      sources.push({ ...base, ranked: [finalDecision, modelDecision] });
    }
    const modelScores = scoresOutput(item.model, item);
    const finalScores = scoresOutput(final, item);
    if (modelScores && finalScores && item.recruiter.scores && modelScores !== finalScores) {
      sources.push({ ...base, ranked: [finalScores, modelScores] });
    }
  });
  return sources;
}

/** Split per item, grouped by candidate (all of a candidate's feedback lands in one split). */
export function feedbackSplits(exported: FeedbackExportV1, seed: number, ratios?: readonly [number, number, number]): SplitName[] {
  return assignSplits(exported.items.map((item) => ({ group: item.candidateId, label: finalAssessment(item).decision })), { seed, ratios });
}

/** SFT rows (TRL messages) with the recruiter's final decision and, when present, final scores as targets. */
export async function feedbackToSft(
  exported: FeedbackExportV1,
  file: string,
  splits: readonly SplitName[],
  options: { mask: boolean; synthetic: boolean }
): Promise<{ records: ChatSftRecord[]; leakage: LeakageReport; masksByKind: Record<string, number> }> {
  const records: ChatSftRecord[] = [];
  const masksByKind: Record<string, number> = {};
  const hashes: string[] = [];
  for (const [index, item] of exported.items.entries()) {
    const clean = cleanField(item.resumeText).text;
    const mask = (text: string) => (options.mask && !item.masked ? maskPii(text) : { text, counts: {} });
    const resume = mask(clean);
    for (const [k, n] of Object.entries(resume.counts)) masksByKind[k] = (masksByKind[k] ?? 0) + n;
    const transcript = item.transcriptText ? mask(cleanField(item.transcriptText).text).text : undefined;
    const hash = await contentHash(clean);
    hashes.push(hash);
    const final = finalAssessment(item);
    const input = { role: item.job.title, jobDescription: item.job.description, resume: resume.text, transcript, requirements: item.job.requirements };
    const metadata = { id: item.id, source: file, line: index + 1, hash, group: item.candidateId, label: final.decision, split: splits[index], synthetic: options.synthetic, target: 'feedback' as const };
    const decision = decisionOutput(final);
    if (decision) {
      const { messages, schema } = screeningPrompt('decision', input);
      records.push({ messages: [...messages, { role: 'assistant', content: checkedTarget(JSON.parse(decision), schema) }], metadata });
    }
    const scores = scoresOutput(final, item);
    if (scores && item.job.requirements.every((r) => final.scores?.[r.id] !== undefined)) {
      const { messages, schema } = screeningPrompt('scores', input);
      records.push({ messages: [...messages, { role: 'assistant', content: checkedTarget(JSON.parse(scores), schema) }], metadata });
    }
  }
  const leakage = checkLeakage([...splits], { candidate: exported.items.map((i) => i.candidateId), exactHash: hashes });
  return { records, leakage, masksByKind };
}
