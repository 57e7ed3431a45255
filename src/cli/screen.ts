/**
 * `shortlist screen`: jobs + resume files → per-job rankings with breakdown and evidence, plus one error
 * row per file that could not be screened. Each resume is read and parsed ONCE (pool.ts), then scored
 * against every job on the main thread.
 *
 * Non-goals: persistence, model signals (embeddings/LLM come later as extra signals in core/score).
 *
 * Scores are ALWAYS computed on the blind-masked resume, as in the app (scoring.service SCORE_ON_MASKED_TEXT):
 * `blind` only chooses what is displayed. Blind: evidence text is the masked text the scorer saw. Not blind:
 * evidence text is the original text at the same span, and each row carries the parsed contact fields.
 *
 * Output shape (ScreenOutput): {"jobs":[{"job":path,"ranking":[{"file","score","breakdown","evidence",
 * "contact"?}]}],"errors":[{"file","error"}]}; rankings sorted by score descending, ties by file path.
 */

import type { Command } from './args';
import { collectInputFiles } from './files';
import { loadJobText } from './jobs';
import { ingestCandidateFiles } from './pool';
import type { IngestedCandidate, StageTimings } from './candidates';
import { parseJob, type Job } from '../lib/core/job';
import { buildCorpusStats, scoreCandidate, type ScoreResult } from '../lib/core/score';

export interface RankingRow {
  file: string;
  score: number;
  breakdown: ScoreResult['breakdown'];
  evidence: ScoreResult['evidence'];
  /** Only with --no-blind: the candidate's parsed contact fields. */
  contact?: { name?: string; email?: string; phone?: string; location?: string };
}

export interface ScreenOutput {
  jobs: Array<{ job: string; ranking: RankingRow[] }>;
  errors: Array<{ file: string; error: string }>;
}

/** Where the time went, for the benchmark (milliseconds summed over files; wall for the phases). */
export interface ScreenStats {
  files: number;
  screened: number;
  errorsByCode: Record<string, number>;
  /** Screened documents with text dropped as invisible, and how many characters in all. */
  hiddenText: { documents: number; chars: number };
  stageMs: StageTimings & { scoreMs: number };
  wallMs: { collect: number; ingest: number; score: number };
}

export interface ScreenRequest {
  jobs: string[];
  inputs: string[];
  blind: boolean;
  workers?: number | null;
  onProgress?: (done: number, total: number) => void;
}

/** The CLI scores exactly as the app does: on masked text, whatever is displayed. */
const SCORE_ON_MASKED_TEXT = true;

/** Evidence with the original text at each span (spans are already in original offsets). */
function unmaskedEvidence(evidence: ScoreResult['evidence'], text: string): ScoreResult['evidence'] {
  return evidence.map((e) => ({ ...e, text: text.slice(e.span.start, e.span.end) }));
}

function contactOf(c: IngestedCandidate): NonNullable<RankingRow['contact']> {
  const b = c.resume.basics;
  return { name: b.name, email: b.email, phone: b.phone, location: b.location?.address };
}

/** Screens files against jobs; a job that cannot be read fails the whole run (the output needs it). */
export async function screenResumes(req: ScreenRequest): Promise<{ ok: true; value: ScreenOutput; stats: ScreenStats } | { ok: false; error: string }> {
  const jobs: Array<{ path: string; job: Job }> = [];
  for (const jobPath of req.jobs) {
    const loaded = await loadJobText(jobPath);
    if (!loaded.ok) return { ok: false, error: `job ${loaded.error}` };
    jobs.push({ path: jobPath, job: parseJob(loaded.value) });
  }
  let t = performance.now();
  const collected = await collectInputFiles(req.inputs);
  const wallCollect = performance.now() - t;
  t = performance.now();
  const outcomes = await ingestCandidateFiles(collected.files, { workers: req.workers ?? undefined, onProgress: req.onProgress });
  const wallIngest = performance.now() - t;
  const errors = [...collected.errors];
  const errorsByCode: Record<string, number> = {};
  for (const e of collected.errors) errorsByCode.unreadable = (errorsByCode.unreadable ?? 0) + 1;
  const candidates: IngestedCandidate[] = [];
  const stageMs = { readMs: 0, extractMs: 0, parseMs: 0, scoreMs: 0 };
  const hiddenText = { documents: 0, chars: 0 };
  for (const o of outcomes) {
    const timings = o.ok ? o.value.timings : o.error.timings;
    stageMs.readMs += timings.readMs;
    stageMs.extractMs += timings.extractMs;
    stageMs.parseMs += timings.parseMs;
    if (o.ok) {
      candidates.push(o.value);
      if (o.value.ingest.hidden.chars > 0) {
        hiddenText.documents++;
        hiddenText.chars += o.value.ingest.hidden.chars;
      }
    } else {
      errors.push({ file: o.error.file, error: o.error.error });
      errorsByCode[o.error.code] = (errorsByCode[o.error.code] ?? 0) + 1;
    }
  }
  t = performance.now();
  // BM25 statistics describe the batch, so they are built once and shared by every job; like the scores,
  // they are always taken on the masked text.
  const corpus = buildCorpusStats(candidates.map((c) => c.resume), { blind: SCORE_ON_MASKED_TEXT });
  const rankings = jobs.map(({ path, job }) => {
    const ranking: RankingRow[] = candidates.map((c) => {
      const result = scoreCandidate(job, c.resume, { blind: SCORE_ON_MASKED_TEXT, corpus });
      const row: RankingRow = { file: c.file, score: result.score, breakdown: result.breakdown, evidence: result.evidence };
      return req.blind ? row : { ...row, evidence: unmaskedEvidence(result.evidence, c.resume.text), contact: contactOf(c) };
    });
    ranking.sort((a, b) => b.score - a.score || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { job: path, ranking };
  });
  const wallScore = performance.now() - t;
  stageMs.scoreMs = wallScore;
  return {
    ok: true,
    value: { jobs: rankings, errors },
    stats: {
      files: collected.files.length,
      screened: candidates.length,
      errorsByCode,
      hiddenText,
      stageMs,
      wallMs: { collect: wallCollect, ingest: wallIngest, score: wallScore }
    }
  };
}

/** The `screen` command: runs screenResumes for parsed arguments. */
export async function runScreen(cmd: Extract<Command, { kind: 'screen' }>): Promise<{ ok: true; value: ScreenOutput } | { ok: false; error: string }> {
  const result = await screenResumes({ jobs: cmd.jobs, inputs: cmd.inputs, blind: cmd.blind, workers: cmd.workers });
  return result.ok ? { ok: true, value: result.value } : result;
}
