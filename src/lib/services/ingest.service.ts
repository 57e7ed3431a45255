/**
 * Ingest action: queue dropped files durably, extract + parse them in the worker pool, commit each
 * candidate in one transaction, then re-score the job. Resumable: files are stored in the queue before any
 * work starts, so a tab killed mid-batch picks up where it stopped (`resumeIngest`) without duplicates.
 *
 * Non-goals: parsing rules (core, in workers), table layout (db), UI (state/ingest.svelte.ts is read by
 * the progress bar). One bad file becomes one error row; the rest of the batch goes on.
 */
import type { ParsedResume } from '../core/resume';
import {
  commitIngestedCandidate,
  enqueueBatch,
  getJob,
  listQueuedItems,
  markItemFailed,
  type BatchItemRecord,
  type JobRecord
} from '../db';
import { emitEvent } from '../events';
import { handleError } from '../errors';
import { ingestState } from '../state/ingest.svelte';
import { ingestFileInWorker } from '../workers/ingest.client';
import { rescoreJob, SCORE_ON_MASKED_TEXT } from './scoring.service';
import { yieldToMain } from './scheduling';

/** File types the drop zone accepts (the worker sniffs the real type from the bytes). */
export const ACCEPTED_RESUME_TYPES = '.pdf,.docx,.txt,application/pdf,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const runners = new Map<string, Promise<void>>();

/** Files stored per queue transaction when a batch is dropped. */
const ENQUEUE_CHUNK = 25;

/** Stores `files` in the job's durable queue and starts (or feeds) the job's ingest run. */
export async function addFilesToJob(jobId: string, files: File[]): Promise<void> {
  if (files.length === 0) return;
  ingestState.begin(jobId, files.length);
  // Stored in chunks (each durable on its own) so a 300-file drop never blocks the page in one go;
  // reading starts as soon as the first chunk is stored.
  for (let i = 0; i < files.length; i += ENQUEUE_CHUNK) {
    await enqueueBatch(jobId, files.slice(i, i + ENQUEUE_CHUNK).map((file) => ({ blob: file, name: file.name })));
    void runIngest(jobId);
    await yieldToMain();
  }
}

/** Continues a batch a closed or killed tab left unfinished; a no-op when nothing is queued. */
export async function resumeIngest(jobId: string): Promise<void> {
  if (runners.has(jobId)) return;
  const queued = await listQueuedItems(jobId);
  if (queued.length === 0) return;
  ingestState.begin(jobId, queued.length);
  void runIngest(jobId);
}

function runIngest(jobId: string): Promise<void> {
  const existing = runners.get(jobId);
  if (existing) return existing; // the running loop re-reads the queue and picks new files up
  const run = drainQueue(jobId)
    .catch((error: unknown) => handleError(error, 'Screening stopped'))
    .finally(() => {
      runners.delete(jobId);
      ingestState.setPhase(jobId, 'idle');
    });
  runners.set(jobId, run);
  return run;
}

async function drainQueue(jobId: string): Promise<void> {
  const started = new Set<string>();
  for (;;) {
    const job = await getJob(jobId);
    if (!job) return;
    const fresh = (await listQueuedItems(jobId)).filter((item) => !started.has(item.id));
    if (fresh.length === 0) break;
    fresh.forEach((item) => started.add(item.id));
    await Promise.all(fresh.map((item) => processItem(job, item)));
  }
  ingestState.setPhase(jobId, 'scoring');
  await rescoreJob(jobId); // emits scores.updated: screens reload rows and error rows once
}

/** Records one failed file and tells screens (an error row appears). */
async function recordFailure(jobId: string, itemId: string, message: string): Promise<void> {
  const item = await markItemFailed(itemId, message);
  ingestState.record(jobId, 'failed');
  if (item) emitEvent('item.failed', { jobId, item });
}

async function processItem(job: JobRecord, item: BatchItemRecord): Promise<void> {
  if (!item.blob) return recordFailure(job.id, item.id, `${item.fileName}: the queued file was lost; add it again`);
  const blob = item.blob;
  const result = await ingestFileInWorker(blob, item.fileName, { job: job.job });
  await yieldToMain();
  if (!result.ok) return recordFailure(job.id, item.id, result.error.message);
  const { extracted, resume, parserVersion, score } = result.value;
  const outcome = await commitIngestedCandidate({
    batchItemId: item.id,
    jobId: job.id,
    sha256: extracted.sha256,
    file: { blob, name: item.fileName, type: blob.type || mimeFromName(item.fileName), size: blob.size },
    extracted,
    resume,
    parserVersion,
    name: resume ? candidateNameOf(resume) : '',
    status: extracted.imageOnly ? 'image-only' : 'parsed',
    score: score ? { result: score, blind: SCORE_ON_MASKED_TEXT } : undefined
  });
  ingestState.record(job.id, outcome.kind === 'created' ? 'done' : 'duplicate');
  if (outcome.kind === 'created') emitEvent('candidate.added', { jobId: job.id, row: { candidate: outcome.candidate, score: outcome.score, decision: undefined } });
}

/** The candidate's name as parsed (JSON Resume `basics.name`), or '' when none was found. */
export function candidateNameOf(resume: ParsedResume): string {
  return resume.basics.name?.trim() ?? '';
}

function mimeFromName(fileName: string): string {
  const ext = fileName.toLowerCase().split('.').pop();
  if (ext === 'pdf') return 'application/pdf';
  if (ext === 'docx') return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  return 'text/plain';
}
