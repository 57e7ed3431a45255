/**
 * The ingest worker's one interface (workers/ingest.worker.ts implements it behind comlink; tests and any
 * in-thread fallback call the same object directly). Method names are noun.verb properties taking one
 * object argument; expected failures come back as Result so they survive the worker boundary.
 *
 * The worker also scores: masking + re-parsing a resume for blind scoring costs tens of milliseconds, so a
 * 300-resume re-score on the main thread would block it; here it runs beside the page.
 *
 * Non-goals: persistence (the page orchestrates and persists through src/lib/db), DOM access.
 * Shape legend: `bytes` is the file's raw content, transferred (not copied) into the worker. Scores do not
 * depend on the batch (BM25 statistics come from the shipped background corpus), so a first score is final.
 */
import type { Result } from '../../src/lib/core/result';
import type { ExtractedText } from '../../src/lib/core/ingest';
import type { ParsedResume } from '../../src/lib/core/resume';
import type { Job } from '../../src/lib/core/job';
import type { ScoreResult, SignalResult } from '../../src/lib/core/score';

/** What one resume file becomes: its visible text, the parsed resume and (when asked) a first score. */
export interface IngestedFile {
  extracted: ExtractedText;
  /** null when the file has no text (image-only, needs OCR). */
  resume: ParsedResume | null;
  parserVersion: string;
  /** Score against `scoreFor.job` (always on the masked resume; final: it does not depend on the batch). */
  score: ScoreResult | null;
}

/** Arguments of 'candidates.score'. */
export interface ScoreArgs {
  job: Job;
  resumes: ParsedResume[];
  extraSignals?: SignalResult[][];
}

export interface IngestApi {
  /** Extract visible text, parse it as a resume and, with `scoreFor`, score it. */
  'file.ingest'(args: { bytes: ArrayBuffer; fileName: string; scoreFor?: { job: Job } }): Promise<Result<IngestedFile>>;
  /** Extract visible text only (job descriptions imported from PDF/DOCX/TXT). */
  'text.extract'(args: { bytes: ArrayBuffer; fileName: string }): Promise<Result<ExtractedText>>;
  /** Scores each resume against the job, in order. */
  /** extraSignals: per resume (same order), model signals computed on the page (e.g. semantic) whose evidence
   *  spans index the ORIGINAL resume text. */
  'candidates.score'(args: ScoreArgs): Promise<ScoreResult[]>;
}
