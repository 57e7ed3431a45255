/**
 * Feedback export: the recruiter's decisions on one job (select/reject + note) next to what the scorer said
 * (per-requirement verdicts as 0–5 scores and the 0–100 score), written as a `shortlist.feedback/v1` file
 * that training-node's `import-feedback` turns into fine-tuning data. Built in memory and downloaded;
 * nothing leaves the device.
 *
 * Non-goals: the schema and its validation (core/feedback), converting feedback to training records
 * (training-node). Shape legend: one FeedbackItem per candidate WITH a decision and a parsed text; in blind
 * mode resumeText and note are masked by core/mask (names, emails, phones… replaced) and `masked` is true;
 * ids are the app's random UUIDs, never names.
 */
import { buildFeedbackExport, validateFeedbackExport, type FeedbackExportV1, type FeedbackItem } from '../core/feedback';
import type { Job, Requirement } from '../core/job';
import { maskText } from '../core/mask';
import type { RequirementVerdict, ScoreResult } from '../core/score';
import { prepareBlindResume } from '../core/score';
import { getJob, listCandidateRows, type CandidateRecord, type DecisionRecord, type JobRecord, type ParseRecord, type ScoreRecord } from '../db';
import { NotFoundError } from '../errors';
import { version as appVersion } from '../../../package.json';
import { parsesOf } from './parses';
import { downloadText, slug } from './download';

/** modelId of scores from the default (weightless, code-only) scorer; '+semantic' when embeddings contributed. */
export const DEFAULT_SCORER_ID = 'shortlist-default-scorer';

/** Scorer verdict → the schema's 0–5 requirement score. */
const VERDICT_SCORE: Record<RequirementVerdict, number> = { yes: 5, partial: 3, no: 0 };
const VERDICT_RATIONALE: Record<RequirementVerdict, string> = {
  yes: 'The default scorer found this requirement met.',
  partial: 'The default scorer found this requirement partly met.',
  no: 'The default scorer found no evidence for this requirement.'
};

/** One decided candidate as stored. */
export interface DecidedCandidate {
  candidate: CandidateRecord;
  parse: ParseRecord | undefined;
  score: ScoreRecord | undefined;
  decision: DecisionRecord;
}

/** Pure: DB records of one job → feedback items (candidates without a decision or text are left out). */
export function feedbackItemsFromRecords(job: Pick<JobRecord, 'id' | 'title' | 'description' | 'job'>, decided: DecidedCandidate[], options: { blind: boolean }): FeedbackItem[] {
  const requirements = job.job.requirements.map((r) => ({ id: r.id, label: clip(r.label, 500) }));
  const jobPart = { title: clip(job.title.trim(), 300) || 'Untitled job', description: clip(job.description, 50_000), requirements };
  const items: FeedbackItem[] = [];
  for (const entry of decided) {
    const resume = entry.parse?.resume;
    if (!resume || resume.text.trim() === '') continue;
    const resumeText = options.blind ? prepareBlindResume(resume).mask.text : resume.text;
    const note = entry.decision.note.trim();
    const knownNames = [entry.candidate.name, resume.basics.name].filter((n): n is string => !!n && n.trim() !== '');
    const safeNote = options.blind && note ? maskText(note, { profile: 'blind', knownNames }).text : note;
    items.push({
      id: `${job.id}:${entry.candidate.id}`,
      jobId: job.id,
      candidateId: entry.candidate.id,
      job: jobPart,
      resumeText: clip(resumeText, 200_000),
      masked: options.blind,
      model: modelAssessment(job.job, entry.score?.result),
      recruiter: { decision: entry.decision.decision === 'selected' ? 'select' : 'reject', ...(safeNote ? { note: clip(safeNote, 5000) } : {}) },
      createdAt: new Date(entry.decision.decidedAt).toISOString()
    });
  }
  return items;
}

/** The scorer's side of an item: per-requirement 0–5 scores (job requirement ids only) and the total. */
function modelAssessment(job: Job, result: ScoreResult | undefined): FeedbackItem['model'] {
  if (!result) return { modelId: DEFAULT_SCORER_ID };
  const ids = new Set(job.requirements.map((r: Requirement) => r.id));
  const judged = result.requirements.filter((r) => ids.has(r.requirementId));
  const must = job.requirements.filter((r) => r.priority === 'must');
  const mustMet = must.filter((r) => judged.some((j) => j.requirementId === r.id && j.met === 'yes')).length;
  return {
    modelId: result.breakdown.semantic ? `${DEFAULT_SCORER_ID}+semantic` : DEFAULT_SCORER_ID,
    reasoning: `Score ${result.score.toFixed(1)}/100; ${mustMet} of ${must.length} must-have requirements met.`,
    ...(judged.length
      ? {
          scores: Object.fromEntries(judged.map((r) => [r.requirementId, VERDICT_SCORE[r.met]])),
          rationales: Object.fromEntries(judged.map((r) => [r.requirementId, VERDICT_RATIONALE[r.met]]))
        }
      : {})
  };
}

function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) : text;
}

/** Pure: the export file text, validated against the schema exactly as it will be written. */
export function feedbackExportText(items: FeedbackItem[], version: string = appVersion, now: Date = new Date()): string {
  const exported: FeedbackExportV1 = buildFeedbackExport(items, version, now);
  const body = JSON.stringify(exported, null, 2);
  const checked = validateFeedbackExport(JSON.parse(body), 'feedback export');
  if (!checked.ok) throw new Error(checked.error.message);
  return body;
}

/** Reads the job's decided candidates, builds and validates the export and downloads it; returns the item count. */
export async function exportFeedback(jobId: string, options: { blind: boolean }): Promise<number> {
  const job = await getJob(jobId);
  if (!job) throw new NotFoundError(`Job ${jobId} no longer exists`);
  const rows = (await listCandidateRows(jobId)).filter((r) => r.decision);
  const parses = await parsesOf(jobId, new Set(rows.map((r) => r.candidate.id)));
  const decided: DecidedCandidate[] = rows.map((r) => ({ candidate: r.candidate, parse: parses.get(r.candidate.id), score: r.score, decision: r.decision! }));
  const items = feedbackItemsFromRecords(job, decided, options);
  if (items.length === 0) return 0;
  const body = feedbackExportText(items);
  downloadText(body, `shortlist-feedback-${slug(job.title)}.json`, 'application/json');
  return items.length;
}
