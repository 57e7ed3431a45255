/**
 * Scoring action: (re)score every candidate of a job against its current requirements. Scores are computed in
 * the ingest workers, chunk by chunk (scoring masks and re-parses each resume: too slow for 300 resumes on the
 * main thread); the page only reads parses in chunks and saves scores in chunks, yielding in between. A score
 * does not depend on the other candidates (BM25 statistics come from the shipped background corpus).
 * When an embedding model is active, each chunk also gets the semantic signal (core/embed/semantic): the page
 * chunks each resume (the MASKED text in blind mode, spans mapped back to the original), embeds requirement
 * and chunk texts in the embed worker through the vector cache, and hands the SignalResults to the scoring
 * worker as `extraSignals`. Without an active model the default scorer runs unchanged.
 *
 * Scores are ALWAYS computed on the masked resume (SCORE_ON_MASKED_TEXT), whatever the screens' blind mode.
 *
 * Non-goals: the scoring rules (core/score), the ranking UI, loading models (models.service). Emits
 * `scores.updated` when done. The pure input and signal steps live in core/embed/semantic-input.ts (re-exported
 * here), shared with the evaluation harness.
 */
import type { SignalResult } from '../core/score';
import { isSemanticRequirement } from '../core/embed/semantic';
import { prepareSemanticInput, semanticExtraFromVectors, type SemanticInput } from '../core/embed/semantic-input';
import type { Job } from '../core/job';
import type { ParsedResume } from '../core/resume';
import { familyOf } from '../core/refit';
import { getJob, listParsesForJob, rankerInUse, saveScores, type ScoreRecord } from '../db';
import { emitEvent } from '../events';
import { handleError, NotFoundError } from '../errors';
import { scoreInWorker } from '../workers/ingest.client';
import { embedWithActiveModel } from './models.service';
import { modelsState } from '../state/models.svelte';
import { yieldToMain } from './scheduling';

export { prepareSemanticInput, semanticExtraFromVectors, type SemanticInput };

/** Resumes per worker call: small enough that cloning one chunk never blocks the page for long. */
const READ_CHUNK = 10;

/**
 * Every stored score is computed on the MASKED resume (names, contacts, gender/age indicators removed), whatever
 * the screens' blind mode. Blind mode decides what the recruiter sees (labels, file names, contact details, the
 * original document), never what the scorer sees, so switching it cannot change a score or the ranking. Scores
 * an older version computed unmasked (`ScoreRecord.blind === false`) are re-scored when their job is opened.
 */
export const SCORE_ON_MASKED_TEXT = true;

/**
 * Whether the scores the ingest worker gives each file are final: they are unless an embedding model is picked,
 * whose semantic signal only a pass on the page (rescoreJob) adds.
 */
export function ingestScoresAreFinal(): boolean {
  return modelsState.active.embeddings === null;
}

const running = new Map<string, Promise<void>>();
const queued = new Map<string, Promise<void>>();

/**
 * Re-scores all parsed candidates of `jobId`. A call while a run is in flight queues ONE follow-up run
 * (later calls join it), so edits made mid-run are never lost nor repeated.
 */
export function rescoreJob(jobId: string): Promise<void> {
  const inFlight = running.get(jobId);
  if (!inFlight) {
    const run = rescore(jobId).finally(() => running.delete(jobId));
    running.set(jobId, run);
    return run;
  }
  let next = queued.get(jobId);
  if (!next) {
    next = inFlight
      .catch(() => undefined)
      .then(() => {
        queued.delete(jobId);
        return rescoreJob(jobId);
      });
    queued.set(jobId, next);
  }
  return next;
}

/** Calls `each` with every chunk of parsed resumes of the job (read READ_CHUNK at a time). */
async function forEachResumeChunk(jobId: string, each: (chunk: Array<{ candidateId: string; resume: ParsedResume }>) => Promise<void>): Promise<void> {
  for (let offset = 0; ; offset += READ_CHUNK) {
    const parses = await listParsesForJob(jobId, offset, READ_CHUNK);
    const chunk = parses.flatMap((p) => (p.resume ? [{ candidateId: p.candidateId, resume: p.resume }] : []));
    if (chunk.length) await each(chunk);
    if (parses.length < READ_CHUNK) return;
    await yieldToMain();
  }
}

/**
 * The semantic signal for each resume of a chunk, or null when no embedding model is active. Requirement
 * texts are embedded once per run (`requirementVectors` memo); the vector cache skips chunks seen before.
 */
async function semanticExtrasFor(job: Job, resumes: ParsedResume[], blind: boolean, memo: { requirementVectors?: Float32Array[] | null }): Promise<SignalResult[] | null> {
  const requirementTexts = job.requirements.filter((r) => isSemanticRequirement(r)).map((r) => r.label);
  if (memo.requirementVectors === undefined) memo.requirementVectors = requirementTexts.length ? ((await embedOrNull(requirementTexts))?.vectors ?? null) : null;
  if (memo.requirementVectors === null) return null;
  const inputs: SemanticInput[] = [];
  for (const resume of resumes) {
    inputs.push(prepareSemanticInput(job, resume, blind));
    await yieldToMain(); // masking and re-parsing one resume is the slow step in blind mode
  }
  const embedded = await embedOrNull(inputs.flatMap((i) => i.chunks.map((c) => c.text)));
  if (!embedded) {
    memo.requirementVectors = null; // model deactivated or failing mid-run: the rest of the run uses the defaults
    return null;
  }
  const extras: SignalResult[] = [];
  let offset = 0;
  for (const input of inputs) {
    const chunkVectors = embedded.vectors.slice(offset, offset + input.chunks.length);
    offset += input.chunks.length;
    extras.push(semanticExtraFromVectors(input, memo.requirementVectors, chunkVectors));
  }
  return extras;
}

/** embedWithActiveModel, but a model that fails to load or embed degrades to the default scorer instead of failing the re-score. */
async function embedOrNull(texts: string[]): Promise<{ vectors: Float32Array[] } | null> {
  try {
    return await embedWithActiveModel(texts);
  } catch (error) {
    handleError(error, 'Semantic match skipped (scored without the embedding model)');
    return null;
  }
}

async function rescore(jobId: string): Promise<void> {
  const blind = SCORE_ON_MASKED_TEXT;
  const jobRecord = await getJob(jobId);
  if (!jobRecord) throw new NotFoundError(`Job ${jobId} no longer exists`);
  const job = jobRecord.job;
  // The job family's re-fitted ranker when the recruiter applied one (services/refit.service), else the shipped one.
  const inUse = await rankerInUse(familyOf(jobRecord));
  const saves: Array<Promise<void>> = [];
  const all: ScoreRecord[] = [];
  const memo: { requirementVectors?: Float32Array[] | null } = {};
  await forEachResumeChunk(jobId, async (chunk) => {
    const resumes = chunk.map((c) => c.resume);
    const extraSignals = await semanticExtrasFor(job, resumes, blind, memo);
    const args: Parameters<typeof scoreInWorker>[0] = { job, resumes, ...(extraSignals ? { extraSignals: extraSignals.map((e) => [e]) } : {}), ...(inUse.ranker ? { ranker: inUse.ranker } : {}) };
    const results = await scoreInWorker(args);
    const now = Date.now();
    const records: ScoreRecord[] = chunk.map((c, i) => ({ candidateId: c.candidateId, jobId, result: results[i].result, profile: results[i].profile, blind, scoredAt: now, ranker: inUse.label }));
    all.push(...records);
    saves.push(saveScores(records));
  });
  await Promise.all(saves);
  emitEvent('scores.updated', { jobId, scores: all });
}
