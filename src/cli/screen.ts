/**
 * `shortlist screen`: jobs + resume files → per-job rankings with each job's parsed requirements (and the
 * sentence each came from), each candidate's per-requirement verdicts, must-have count, breakdown, evidence and
 * flags (text copied from the posting, repeats, hidden text, prompt injection), plus one error row per file
 * that could not be screened. Each resume is read and parsed ONCE (pool.ts); byte-identical files, and files with
 * the same normalised text in other bytes (a resume re-saved or printed to PDF), are screened once and listed as
 * duplicates with the reason.
 *
 * Scores are always computed on the MASKED resume, as in the app; `--no-blind` only shows the original text in
 * the evidence and each candidate's parsed contact fields.
 *
 * Memory: one job's results at a time are held and written out (streamed JSON), so memory grows with the number
 * of resumes, not with jobs × resumes.
 *
 * Non-goals: persistence, model signals (the app adds those when a model is active).
 *
 * Output shape (ScreenOutput): {"jobs":[{"job","title","requirements","ranking":[RankingRow]}],
 * "errors":[{"file","error"}],"duplicates":[{"file","duplicateOf","reason"}]}; rankings sorted by score descending,
 * ties by file path. Numbers are rounded for people (weights and values to 3 decimals, points to 2).
 */

import type { Command } from './args';
import { collectInputFiles } from './files';
import { loadJobText } from './jobs';
import { ingestCandidateFiles } from './pool';
import type { IngestedCandidate, StageTimings } from './candidates';
import { parseJob, type Job } from '../lib/core/job';
import { flagInjection } from '../lib/core/llm/untrusted';
import { adoptBlindResume, scoreCandidate, type ScoreResult } from '../lib/core/score';
import { textDedupeKey } from '../lib/core/text/dedupe-key';

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export interface RequirementOut {
  id: string;
  kind: string;
  label: string;
  priority: 'must' | 'nice';
  weight: number;
  /** The sentence or bullet of the posting the requirement was read from. */
  sentence?: string;
}

export interface EvidenceOut {
  text: string;
  start: number;
  end: number;
  signal: string;
  note?: string;
}

export interface RankingRow {
  file: string;
  score: number;
  mustHaves: { met: number; total: number };
  breakdown: Record<string, { label: string; weight: number; value: number; points: number }>;
  requirements: Array<{ id: string; met: string; credit: number; note?: string; evidence: EvidenceOut[] }>;
  flags: Array<{ kind: string; message: string }>;
  evidence: EvidenceOut[];
  /** Only with --no-blind: the candidate's parsed contact fields. */
  contact?: { name?: string; email?: string; phone?: string; location?: string };
}

export interface ScreenJobOutput {
  job: string;
  title: string;
  requirements: RequirementOut[];
  ranking: RankingRow[];
}

export interface ScreenOutput {
  jobs: ScreenJobOutput[];
  errors: Array<{ file: string; error: string }>;
  duplicates: Array<{ file: string; duplicateOf: string; reason: 'same-file' | 'same-text' }>;
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
  /** Inputs named on the command line that do not exist. */
  missingPaths: number;
}

export interface ScreenRequest {
  jobs: string[];
  inputs: string[];
  /** Show masked text in the evidence (default); scores are masked either way. */
  blind: boolean;
  /** Must-haves first (scoreCandidate's mustFirst): missing a must-have outright costs more than the whole fit. */
  mustFirst?: boolean;
  workers?: number | null;
  onProgress?: (done: number, total: number) => void;
  /** Receives each job's output as soon as it is ranked (streamed writing); default: collected in `value.jobs`. */
  onJob?: (job: ScreenJobOutput) => void | Promise<void>;
}

function requirementsOut(job: Job): RequirementOut[] {
  return job.requirements.map((r) => ({
    id: r.id,
    kind: r.kind,
    label: r.label,
    priority: r.priority,
    weight: r3(r.weight),
    ...(r.sentence ? { sentence: job.text.slice(r.sentence.start, r.sentence.end) } : {})
  }));
}

function contactOf(c: IngestedCandidate): NonNullable<RankingRow['contact']> {
  const b = c.resume.basics;
  return { name: b.name, email: b.email, phone: b.phone, location: b.location?.address };
}

function rankingRow(c: IngestedCandidate, result: ScoreResult, blind: boolean): RankingRow {
  const ev = (e: ScoreResult['evidence'][number]): EvidenceOut => ({
    // In blind mode the evidence shows what the scorer saw (masked); otherwise the original text at that span.
    text: blind ? e.text : c.resume.text.slice(e.span.start, e.span.end),
    start: e.span.start,
    end: e.span.end,
    signal: e.signalId,
    ...(e.note ? { note: e.note } : {})
  });
  const injection = flagInjection(c.resume.text, c.ingest.hidden).map((f) => ({ kind: f.kind === 'hidden-text' ? 'hidden-text' : 'prompt-injection', message: f.message }));
  return {
    file: c.file,
    score: result.score,
    mustHaves: result.mustHaves,
    breakdown: Object.fromEntries(Object.entries(result.breakdown).map(([id, b]) => [id, { label: b.label, weight: r3(b.weight), value: r3(b.value), points: b.points }])),
    requirements: result.requirements.map((r) => ({ id: r.requirementId, met: r.met, credit: r3(r.credit ?? 0), ...(r.note ? { note: r.note } : {}), evidence: r.evidence.map(ev) })),
    flags: [...result.flags.map((f) => ({ kind: f.kind, message: f.message })), ...injection],
    evidence: result.evidence.map(ev),
    ...(blind ? {} : { contact: contactOf(c) })
  };
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
  const outcomes = await ingestCandidateFiles(collected.files, { workers: req.workers ?? undefined, onProgress: req.onProgress, mode: 'screen' });
  const wallIngest = performance.now() - t;
  const errors = [...collected.errors];
  const errorsByCode: Record<string, number> = {};
  for (const _ of collected.errors) errorsByCode.unreadable = (errorsByCode.unreadable ?? 0) + 1;
  const candidates: IngestedCandidate[] = [];
  const duplicates: ScreenOutput['duplicates'] = [];
  const bySha = new Map<string, string>();
  const byText = new Map<string, string>();
  const stageMs = { readMs: 0, extractMs: 0, parseMs: 0, scoreMs: 0 };
  const hiddenText = { documents: 0, chars: 0 };
  for (const o of outcomes) {
    const timings = o.ok ? o.value.timings : o.error.timings;
    stageMs.readMs += timings.readMs;
    stageMs.extractMs += timings.extractMs;
    stageMs.parseMs += timings.parseMs;
    if (!o.ok) {
      errors.push({ file: o.error.file, error: o.error.error });
      errorsByCode[o.error.code] = (errorsByCode[o.error.code] ?? 0) + 1;
      continue;
    }
    const first = bySha.get(o.value.ingest.sha256);
    if (first) {
      duplicates.push({ file: o.value.file, duplicateOf: first, reason: 'same-file' });
      continue;
    }
    bySha.set(o.value.ingest.sha256, o.value.file);
    const textKey = await textDedupeKey(o.value.resume.text);
    const sameText = textKey ? byText.get(textKey) : undefined;
    if (sameText) {
      duplicates.push({ file: o.value.file, duplicateOf: sameText, reason: 'same-text' });
      continue;
    }
    if (textKey) byText.set(textKey, o.value.file);
    // The thread masked and re-parsed it already (mode 'screen'): scoring reuses that, whichever thread it ran on.
    if (o.value.blind) adoptBlindResume(o.value.resume, o.value.blind);
    candidates.push(o.value);
    if (o.value.ingest.hidden.chars > 0) {
      hiddenText.documents++;
      hiddenText.chars += o.value.ingest.hidden.chars;
    }
  }
  t = performance.now();
  const collectedJobs: ScreenJobOutput[] = [];
  for (const { path, job } of jobs) {
    const ranking = candidates.map((c) => rankingRow(c, scoreCandidate(job, c.resume, { mustFirst: req.mustFirst }), req.blind));
    ranking.sort((a, b) => b.score - a.score || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const out: ScreenJobOutput = { job: path, title: job.title, requirements: requirementsOut(job), ranking };
    if (req.onJob) await req.onJob(out);
    else collectedJobs.push(out);
  }
  const wallScore = performance.now() - t;
  stageMs.scoreMs = wallScore;
  const missingPaths = collected.errors.filter((e) => e.error.endsWith('no such file or folder')).length;
  return {
    ok: true,
    value: { jobs: collectedJobs, errors, duplicates },
    stats: {
      files: collected.files.length,
      screened: candidates.length,
      errorsByCode,
      hiddenText,
      stageMs,
      wallMs: { collect: wallCollect, ingest: wallIngest, score: wallScore },
      missingPaths
    }
  };
}
