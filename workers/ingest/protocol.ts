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
import type { RankerWeights, ScoreResult, SignalResult } from '../../src/lib/core/score';
import type { CandidateVariantScores } from '../../src/lib/core/audit/counterfactual';
import type { CandidateProfile } from '../../src/lib/core/shortlist';

/**
 * Most characters of text a resume may have to be stored (about 400 pages; a PDF is read up to 50). Everything
 * one file becomes (text, parse with provenance, score with evidence) is about 4.5 bytes per character, so this
 * keeps every stored record near 5 MB, far under browsers' IndexedDB value limits, and keeps the result the page
 * receives small enough to take without a long task. A longer text is a per-file 'text-too-long' error.
 */
export const MAX_RESUME_TEXT_CHARS = 1_000_000;

/** What one resume file becomes: its visible text, the parsed resume and (when asked) a first score. */
export interface IngestedFile {
  extracted: ExtractedText;
  /** null when the file has no text (image-only, needs OCR). */
  resume: ParsedResume | null;
  parserVersion: string;
  /** Score against `scoreFor.job` (always on the masked resume; final: it does not depend on the batch). */
  score: ScoreResult | null;
  /** The shortlist row's blind-safe profile for `scoreFor.job` (core/shortlist/profile), with the score. */
  profile: CandidateProfile | null;
  /** SHA-256 of the normalised text (core/text/dedupe-key): the same resume re-saved has other bytes but this key. */
  textKey: string | null;
  /** Instruction-like text aimed at an AI screener (core/llm/untrusted), as messages for the candidate row. */
  injectionFlags: string[];
}

/** One resume scored for a job, with its shortlist row profile (both from the same masked re-parse). */
export interface ScoredResume {
  result: ScoreResult;
  profile: CandidateProfile;
}

/** Arguments of 'candidates.score'. */
export interface ScoreArgs {
  job: Job;
  resumes: ParsedResume[];
  extraSignals?: SignalResult[][];
  /** The job family's re-fitted combination (absent: the shipped ranker, models/ranker.json). */
  ranker?: RankerWeights;
}

export interface IngestApi {
  /** Extract visible text, parse it as a resume and, with `scoreFor`, score it. */
  'file.ingest'(args: { bytes: ArrayBuffer; fileName: string; scoreFor?: { job: Job; ranker?: RankerWeights } }): Promise<Result<IngestedFile>>;
  /** Extract visible text only (job descriptions imported from PDF/DOCX/TXT). */
  'text.extract'(args: { bytes: ArrayBuffer; fileName: string }): Promise<Result<ExtractedText>>;
  /** Scores each resume against the job, in order, with its row profile.
   *  extraSignals: per resume (same order), model signals computed on the page (e.g. semantic) whose evidence
   *  spans index the ORIGINAL resume text. */
  'candidates.score'(args: ScoreArgs): Promise<ScoredResume[]>;
  /** Bias audit: each resume's default score as written and under every counterfactual variant (core/audit). */
  'audit.counterfactual'(args: CounterfactualArgs): Promise<CandidateVariantScores[]>;
}

/** Arguments of 'audit.counterfactual'; `referenceDate` (ms) is the same for every chunk of one audit. */
export interface CounterfactualArgs {
  job: Job;
  resumes: ParsedResume[];
  referenceDate: number;
}
