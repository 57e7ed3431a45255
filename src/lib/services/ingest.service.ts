/**
 * Ingest action: queue dropped files durably, extract + parse + score them in the worker pool, commit each
 * candidate in one transaction. Resumable: a batch records every file's name first, then stores the files in
 * chunks before any work starts, so a tab killed mid-batch picks up where it stopped (`resumeIngest`) without
 * duplicates, and files the page never got to store are named as error rows instead of vanishing.
 *
 * Every file ends as exactly one of: a candidate, a duplicate (same bytes, or the same text re-saved), or an error
 * row naming the file and the problem. Whatever goes wrong with one file (a worker crash, a record the browser
 * refuses to store) stays with that file: the queue never stops on it and never retries it forever.
 *
 * Non-goals: parsing rules (core, in workers), table layout (db), UI (state/ingest.svelte.ts is read by the
 * progress bar and the pending-files notice).
 */
import type { ParsedResume } from '../core/resume';
import {
  addBatchFiles,
  beginBatch,
  commitIngestedCandidate,
  getJob,
  listQueuedItems,
  markItemFailed,
  rankerInUse,
  recordUnsavedFiles,
  type BatchItemRecord
} from '../db';
import { familyOf } from '../core/refit';
import { emitEvent } from '../events';
import { handleError } from '../errors';
import { ingestState } from '../state/ingest.svelte';
import { ingestFileInWorker } from '../workers/ingest.client';
import { ingestScoresAreFinal, rescoreJob, SCORE_ON_MASKED_TEXT } from './scoring.service';
import { yieldToMain } from './scheduling';

/** File types the drop zone accepts (the worker sniffs the real type from the bytes). */
export const ACCEPTED_RESUME_TYPES = '.pdf,.docx,.txt,application/pdf,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const runners = new Map<string, Promise<void>>();
/** Batches of each job this page is still storing (their unsaved files are not lost yet). */
const storing = new Map<string, number>();

/** Files stored per queue transaction when a batch is dropped. */
const ENQUEUE_CHUNK = 25;

/** Stores `files` in the job's durable queue and starts (or feeds) the job's ingest run. */
export async function addFilesToJob(jobId: string, files: File[]): Promise<void> {
  if (files.length === 0) return;
  ingestState.begin(jobId, files.length);
  ingestState.addPending(jobId, files.length);
  storing.set(jobId, (storing.get(jobId) ?? 0) + 1);
  let stored = 0;
  try {
    // The names first (one small write), so a page closed while the files are stored can say which were lost.
    const batch = await beginBatch(jobId, files.map((f) => f.name));
    // Stored in chunks (each durable on its own) so a 300-file drop never blocks the page in one go;
    // reading starts as soon as the first chunk is stored.
    for (let i = 0; i < files.length; i += ENQUEUE_CHUNK) {
      const chunk = files.slice(i, i + ENQUEUE_CHUNK);
      await addBatchFiles(batch, i, chunk.map((file) => ({ blob: file, name: file.name })));
      stored += chunk.length;
      ingestState.addPending(jobId, -chunk.length);
      void runIngest(jobId);
      await yieldToMain();
    }
  } catch (error) {
    // The files not stored become error rows (the batch already names them), then the page reports the cause.
    const reason = error instanceof Error ? error.message : String(error);
    const rows = await recordUnsavedFiles(jobId, (name) => `${name}: not saved on this device (${reason}); add it again`).catch(() => []);
    for (const item of rows) {
      ingestState.record(jobId, 'failed');
      emitEvent('item.failed', { jobId, item });
    }
    throw error;
  } finally {
    ingestState.addPending(jobId, -(files.length - stored));
    storing.set(jobId, (storing.get(jobId) ?? 1) - 1);
  }
}

/**
 * Continues a batch a closed or killed tab left unfinished (a no-op when nothing is queued), after naming the files
 * it never stored as error rows.
 */
export async function resumeIngest(jobId: string): Promise<void> {
  if (!storing.get(jobId)) {
    for (const item of await recordUnsavedFiles(jobId)) emitEvent('item.failed', { jobId, item });
  }
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
  /** The job versions (updatedAt) files of this run were scored against. */
  const scoredAgainst = new Set<number>();
  for (;;) {
    if (!(await getJob(jobId))) return;
    // Items this run already took are never taken twice, even if recording their outcome failed.
    const fresh = (await listQueuedItems(jobId)).filter((item) => !started.has(item.id));
    if (fresh.length === 0) break;
    fresh.forEach((item) => started.add(item.id));
    await Promise.all(fresh.map((item) => processItem(jobId, item, scoredAgainst)));
  }
  // A score does not depend on the other candidates, so each file's first score is final, unless the
  // requirements changed while the batch ran (then everything is scored again against the current ones) or an
  // embedding model adds its signal on the page.
  const job = await getJob(jobId);
  if (job && (!ingestScoresAreFinal() || [...scoredAgainst].some((version) => version !== job.updatedAt))) {
    ingestState.setPhase(jobId, 'scoring');
    await rescoreJob(jobId);
  }
}

/** Records one failed file and tells screens (an error row appears). */
async function recordFailure(jobId: string, itemId: string, message: string): Promise<void> {
  const item = await markItemFailed(itemId, message);
  ingestState.record(jobId, 'failed');
  if (item) emitEvent('item.failed', { jobId, item });
}

/** Reads, scores and stores one queued file; never rejects (a failure becomes the file's error row). */
async function processItem(jobId: string, item: BatchItemRecord, scoredAgainst: Set<number>): Promise<void> {
  try {
    await ingestItem(jobId, item, scoredAgainst);
  } catch (error) {
    const why = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
    const message = `${item.fileName}: could not be stored on this device (${why})`;
    try {
      await recordFailure(jobId, item.id, message);
    } catch (again) {
      // The database refuses even the error row: count it here; the file stays queued for the next visit.
      console.error(`[shortlist] ${message}; recording the failure failed too:`, again);
      ingestState.record(jobId, 'failed');
    }
  }
}

async function ingestItem(jobId: string, item: BatchItemRecord, scoredAgainst: Set<number>): Promise<void> {
  if (!item.blob) return recordFailure(jobId, item.id, `${item.fileName}: the queued file was lost; add it again`);
  const blob = item.blob;
  const job = await getJob(jobId);
  if (!job) return;
  scoredAgainst.add(job.updatedAt);
  const inUse = await rankerInUse(familyOf(job));
  const result = await ingestFileInWorker(blob, item.fileName, { job: job.job, ...(inUse.ranker ? { ranker: inUse.ranker } : {}) });
  await yieldToMain();
  if (!result.ok) return recordFailure(jobId, item.id, result.error.message);
  const { extracted, resume, parserVersion, score, profile, textKey, injectionFlags } = result.value;
  const outcome = await commitIngestedCandidate({
    batchItemId: item.id,
    jobId,
    sha256: extracted.sha256,
    file: { blob, name: item.fileName, type: blob.type || mimeFromName(item.fileName), size: blob.size },
    extracted,
    resume,
    parserVersion,
    name: resume ? candidateNameOf(resume) : '',
    status: extracted.imageOnly ? 'image-only' : 'parsed',
    score: score ? { result: score, blind: SCORE_ON_MASKED_TEXT, ...(profile ? { profile } : {}), ranker: inUse.label } : undefined,
    textSha256: textKey,
    warnings: rowWarnings(extracted.warnings, injectionFlags)
  });
  ingestState.record(jobId, outcome.kind === 'created' ? 'done' : 'duplicate');
  if (outcome.kind === 'created') emitEvent('candidate.added', { jobId, row: { candidate: outcome.candidate, score: outcome.score, decision: undefined } });
  else if (outcome.item?.status === 'duplicate') emitEvent('item.duplicate', { jobId, item: outcome.item });
}

/**
 * Ingest notes that are only bookkeeping of a repair that worked (the encoding guessed, mojibake fixed, glyphs
 * matched loosely): kept with the parse, not shown on the row, where they would mark most real PDFs.
 */
const ROUTINE_WARNINGS = [/^decoded as /, /mis-decoded character sequence/, /could not be matched to drawn glyphs/];

/**
 * What the candidate's row shows: what ingestion noticed that the recruiter should know (pages not read, a file
 * that is not what its name says, owner-password encryption, hidden text dropped) and prompt-injection flags.
 */
export function rowWarnings(ingestWarnings: string[], injectionFlags: string[]): string[] {
  const notable = ingestWarnings.filter((w) => !ROUTINE_WARNINGS.some((re) => re.test(w)));
  return [...notable, ...injectionFlags.map((flag) => `possible prompt injection: ${flag}`)];
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
