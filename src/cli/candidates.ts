/**
 * One resume file → extracted text (core/ingest) → ParsedResume (core/resume), with per-stage timings.
 * The same function runs in-process and inside each worker thread of the pool, so both paths agree.
 * Mode 'screen' (the screen command, which shows of the original only its text and contact fields) parses the
 * original's sections and contact fields only, and prepares the blind resume the scorer needs (masked text,
 * re-parsed) here, so that this work runs in the pool's threads rather than serially on the main thread.
 *
 * Non-goals: scoring (screen.ts does it once per job on the main thread), persistence.
 *
 * Shape legend: timings are milliseconds of wall time per stage.
 */

import { extractText, type ExtractedText } from '../lib/core/ingest';
import { extractBasics } from '../lib/core/resume/contact';
import { monthKey, parseResume, referenceDateFor, segmentSections, type ParsedResume } from '../lib/core/resume';
import { portableBlindResume, type PortableBlindResume, type ResumeSource } from '../lib/core/score';
import { readFileBytes } from './files';

/** Extraction facts without the text (the text travels inside `resume.text`). */
export type IngestFacts = Omit<ExtractedText, 'text'>;

export interface StageTimings {
  readMs: number;
  extractMs: number;
  parseMs: number;
}

export interface IngestedCandidate<R extends ResumeSource = ParsedResume | ResumeSource> {
  file: string;
  ingest: IngestFacts;
  /** The full ParsedResume, or in mode 'screen' its text and contact fields (basics) only. */
  resume: R;
  /** Mode 'screen': the blind resume prepared for scoring (adoptBlindResume it on the scoring thread). */
  blind?: PortableBlindResume;
  timings: StageTimings;
}

/** 'full' parses the whole resume (the parse command); 'screen' only what screening needs (see above). */
export type IngestMode = 'full' | 'screen';

export interface CandidateFailure {
  file: string;
  code: string;
  error: string;
  timings: StageTimings;
}

export type CandidateOutcome<R extends ResumeSource = ParsedResume | ResumeSource> = { ok: true; value: IngestedCandidate<R> } | { ok: false; error: CandidateFailure };

/** Reads, extracts and parses one resume file; every failure is a value naming the file. */
export async function ingestCandidateFile(file: string): Promise<CandidateOutcome<ParsedResume>>;
export async function ingestCandidateFile(file: string, mode?: IngestMode): Promise<CandidateOutcome>;
export async function ingestCandidateFile(file: string, mode: IngestMode = 'full'): Promise<CandidateOutcome> {
  const timings: StageTimings = { readMs: 0, extractMs: 0, parseMs: 0 };
  const fail = (code: string, error: string): CandidateOutcome => ({ ok: false, error: { file, code, error, timings } });
  let t = performance.now();
  const read = await readFileBytes(file);
  timings.readMs = performance.now() - t;
  if ('error' in read) return fail('unreadable', read.error);
  t = performance.now();
  const extracted = await extractText(read.bytes, file);
  timings.extractMs = performance.now() - t;
  if (!extracted.ok) return fail(extracted.error.code, extracted.error.message);
  const { text, ...ingest } = extracted.value;
  if (ingest.imageOnly) return fail('image-only', `${file}: image-only PDF (no text layer): needs OCR before it can be screened`);
  t = performance.now();
  let resume: ParsedResume | ResumeSource;
  let blind: PortableBlindResume | undefined;
  // "Present" in the resume means the document's own date when its metadata has one.
  const opts = ingest.documentDate ? { referenceDate: new Date(ingest.documentDate) } : {};
  try {
    if (mode === 'screen') {
      const referenceMonth = monthKey(referenceDateFor(text, opts));
      resume = { text, basics: extractBasics(text, segmentSections(text)).basics, referenceMonth };
      blind = portableBlindResume(resume);
    } else {
      resume = parseResume(text, opts);
    }
  } catch (e) {
    return fail('parse-failed', `${file}: the resume text could not be parsed (${(e as Error).message})`);
  } finally {
    timings.parseMs = performance.now() - t;
  }
  return { ok: true, value: { file, ingest, resume, ...(blind ? { blind } : {}), timings } };
}
