/**
 * Scoring action: (re)score every candidate of a job against its current requirements. The BM25 corpus
 * statistics and the scores are computed in the ingest workers, chunk by chunk (blind scoring masks and
 * re-parses each resume: too slow for 300 resumes on the main thread); the page only reads parses in
 * chunks, merges corpus statistics and saves scores in chunks, yielding in between.
 *
 * Non-goals: the scoring rules (core/score), the ranking UI. Emits `scores.updated` when done.
 */
import type { CorpusStats } from '../core/score';
import type { ParsedResume } from '../core/resume';
import { getJob, listParsesForJob, saveScores, type ScoreRecord } from '../db';
import { emitEvent } from '../events';
import { NotFoundError } from '../errors';
import { buildCorpusInWorker, scoreInWorker } from '../workers/ingest.client';
import { yieldToMain } from './scheduling';

/** Resumes per worker call: small enough that cloning one chunk never blocks the page for long. */
const READ_CHUNK = 10;

const running = new Map<string, Promise<void>>();
const queued = new Map<string, { promise: Promise<void>; options: { blind: boolean } }>();

/**
 * Re-scores all parsed candidates of `jobId`. A call while a run is in flight queues ONE follow-up run
 * (later calls join it, with the latest options), so edits made mid-run are never lost nor repeated.
 */
export function rescoreJob(jobId: string, options: { blind: boolean }): Promise<void> {
  const inFlight = running.get(jobId);
  if (!inFlight) {
    const run = rescore(jobId, options).finally(() => running.delete(jobId));
    running.set(jobId, run);
    return run;
  }
  const next = queued.get(jobId);
  if (next) {
    next.options = options;
    return next.promise;
  }
  const entry = { options, promise: Promise.resolve() };
  entry.promise = inFlight
    .catch(() => undefined)
    .then(() => {
      queued.delete(jobId);
      return rescoreJob(jobId, entry.options);
    });
  queued.set(jobId, entry);
  return entry.promise;
}

/** Exact merge of corpus statistics computed over disjoint chunks of one job's resumes. */
export function mergeCorpusStats(parts: CorpusStats[]): CorpusStats {
  const docFreq: Record<string, number> = {};
  let docCount = 0;
  let totalLength = 0;
  for (const part of parts) {
    docCount += part.docCount;
    totalLength += part.avgDocLength * part.docCount;
    for (const [term, count] of Object.entries(part.docFreq)) docFreq[term] = (docFreq[term] ?? 0) + count;
  }
  return { docCount, avgDocLength: docCount ? totalLength / docCount : 0, docFreq };
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

async function rescore(jobId: string, options: { blind: boolean }): Promise<void> {
  const jobRecord = await getJob(jobId);
  if (!jobRecord) throw new NotFoundError(`Job ${jobId} no longer exists`);
  const job = jobRecord.job;
  const parts: Array<Promise<CorpusStats>> = [];
  await forEachResumeChunk(jobId, async (chunk) => {
    parts.push(buildCorpusInWorker(chunk.map((c) => c.resume), options.blind));
  });
  const corpus = mergeCorpusStats(await Promise.all(parts));
  await yieldToMain();
  const saves: Array<Promise<void>> = [];
  const all: ScoreRecord[] = [];
  await forEachResumeChunk(jobId, async (chunk) => {
    const results = await scoreInWorker({ job, resumes: chunk.map((c) => c.resume), blind: options.blind, corpus });
    const now = Date.now();
    const records: ScoreRecord[] = chunk.map((c, i) => ({ candidateId: c.candidateId, jobId, result: results[i], blind: options.blind, scoredAt: now }));
    all.push(...records);
    saves.push(saveScores(records));
  });
  await Promise.all(saves);
  emitEvent('scores.updated', { jobId, scores: all });
}
