/**
 * Text in a resume that must earn nothing for a job: passages copied word for word from the job posting, repeated
 * copies of the same line, and keyword blocks that list the job's own terms as no honest resume does
 * (keyword-block.ts). Pasting the posting or its keywords into a resume (once, fifty times, or as hidden text
 * that survived extraction) is the commonest way to game keyword screening; each is dropped from scoring and
 * reported as a flag instead.
 * Purpose: one definition of "does not count" that every signal honours (ScoreContext.excluded).
 * Non-goals: hidden text in PDFs/DOCX (ingestion drops what a reader cannot see before this runs); judging
 * honest overlap (a single shared phrase is not a copy: only runs of ECHO_MIN_WORDS words count).
 * Flags are for what a recruiter should look at, so they fire only where honest resumes do not go: real resumes
 * repeat lines (a bullet under two jobs, a template's "Company Name City, State" under each), so repeats earn
 * nothing but are flagged only when a line holding the job's terms is written REPEAT_FLAG_COPIES times (no line
 * of the 1,712 kaggle resumes is, for any of the 24 category jobs; a quarter of them repeat some line).
 * Shape legend: words are lower-cased runs of letters/digits with offsets; a copied passage is a maximal run
 * of resume words covered by ECHO_MIN_WORDS-word windows that also occur in the posting; spans are half-open
 * offsets into the resume text the signals see.
 */
import type { Job } from '../job/types';
import { findKeywordBlocks, jobTermsOf } from './keyword-block';
import { tokenize } from './text';
import type { ExcludedText, ScoreFlag } from './types';

/** Words in a row that must match the posting before a passage counts as copied. */
export const ECHO_MIN_WORDS = 8;
/** A line repeated verbatim counts once; lines shorter than this many words are left alone (bullets like "Excel"). */
const REPEAT_MIN_WORDS = 4;
/** Copied words from which the resume is flagged (shorter copies are dropped without a flag). */
const FLAG_MIN_WORDS = 20;
/** Copies of one line holding at least REPEAT_FLAG_TERMS of the job's terms from which repetition is flagged. */
const REPEAT_FLAG_COPIES = 10;
const REPEAT_FLAG_TERMS = 2;

interface Word {
  w: string;
  start: number;
  end: number;
}

const WORD_RE = /[\p{L}\p{N}]+/gu;

function words(text: string): Word[] {
  return [...text.matchAll(WORD_RE)].map((m) => ({ w: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
}

/** The posting's ECHO_MIN_WORDS-word windows, and the words that start one (a resume window starting elsewhere is no copy). */
interface Shingles {
  windows: Set<string>;
  firstWords: Set<string>;
}

const jobShingles = new WeakMap<object, Shingles>();

function shinglesOf(key: object, text: string): Shingles {
  let set = jobShingles.get(key);
  if (!set) {
    const ws = words(text).map((x) => x.w);
    set = { windows: new Set<string>(), firstWords: new Set<string>() };
    for (let i = 0; i + ECHO_MIN_WORDS <= ws.length; i++) {
      set.windows.add(ws.slice(i, i + ECHO_MIN_WORDS).join(' '));
      set.firstWords.add(ws[i]);
    }
    jobShingles.set(key, set);
  }
  return set;
}

function mergeSpans(spans: Array<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Array<{ start: number; end: number }> = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** The excluded-text lookup over merged spans. */
export function excludedText(spans: Array<{ start: number; end: number }>): ExcludedText {
  const merged = mergeSpans(spans);
  return {
    spans: merged,
    covers(start: number, end: number) {
      let lo = 0;
      let hi = merged.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (merged[mid].end <= start) lo = mid + 1;
        else if (merged[mid].start >= end) hi = mid - 1;
        else return true;
      }
      return false;
    }
  };
}

type Exclusion = { excluded: ExcludedText; flags: ScoreFlag[] };

// The last answer: a resume is scored and then profiled for the same job (core/shortlist/profile), which asks again.
let last: { text: string; job: Job; result: Exclusion } | null = null;

/**
 * Text of `resumeText` that earns nothing for `job` (copied from the posting, repeated, keyword blocks), with the
 * flags a recruiter should see. The job object keys the cache of its word windows; the same text and job object
 * asked twice in a row get the same (unmodified, shared) answer.
 */
export function findExcludedText(resumeText: string, job: Job): Exclusion {
  if (last && last.job === job && last.text === resumeText) return last.result;
  const result = computeExcludedText(resumeText, job);
  last = { text: resumeText, job, result };
  return result;
}

function computeExcludedText(resumeText: string, job: Job): Exclusion {
  const rw = words(resumeText);
  const shingles = shinglesOf(job, job.text);
  const copied = new Uint8Array(rw.length);
  for (let i = 0; i + ECHO_MIN_WORDS <= rw.length; i++) {
    // Most resume words start no window of the posting: skip building their eight-word key.
    if (!shingles.firstWords.has(rw[i].w)) continue;
    let key = rw[i].w;
    for (let k = 1; k < ECHO_MIN_WORDS; k++) key += ` ${rw[i + k].w}`;
    if (shingles.windows.has(key)) copied.fill(1, i, i + ECHO_MIN_WORDS);
  }
  const copiedSpans: Array<{ start: number; end: number }> = [];
  let copiedWords = 0;
  for (let i = 0; i < rw.length; i++) {
    if (!copied[i]) continue;
    let k = i;
    while (k + 1 < rw.length && copied[k + 1]) k++;
    copiedSpans.push({ start: rw[i].start, end: rw[k].end });
    copiedWords += k - i + 1;
    i = k;
  }
  // Repeated lines: the second and later copies of the same line (same words) count for nothing.
  const copies = new Map<string, Array<{ start: number; end: number }>>();
  const repeatSpans: Array<{ start: number; end: number }> = [];
  for (const m of resumeText.matchAll(/[^\n]+/g)) {
    const ws = m[0].toLowerCase().match(WORD_RE);
    if (!ws || ws.length < REPEAT_MIN_WORDS) continue;
    const key = ws.join(' ');
    const spans = copies.get(key);
    const span = { start: m.index, end: m.index + m[0].length };
    if (spans) {
      spans.push(span);
      repeatSpans.push(span);
    } else copies.set(key, [span]);
  }
  const flags: ScoreFlag[] = [];
  if (copiedWords >= FLAG_MIN_WORDS) {
    flags.push({ kind: 'job-text-copied', message: `${copiedWords} words are copied from the job posting; they earn no points`, spans: mergeSpans(copiedSpans) });
  }
  const stuffedLines = [...copies.values()].filter(
    (spans) => spans.length >= REPEAT_FLAG_COPIES && tokenize(resumeText, spans[0].start, spans[0].end).filter((t) => jobTermsOf(job).terms.has(t.term)).length >= REPEAT_FLAG_TERMS
  );
  if (stuffedLines.length > 0) {
    const most = Math.max(...stuffedLines.map((s) => s.length));
    flags.push({ kind: 'keyword-stuffing', message: `a line with the job's terms is written ${most} times; repeats earn no points`, spans: mergeSpans(stuffedLines.flat()) });
  }
  const blocks = findKeywordBlocks(resumeText, job);
  if (blocks.spans.length > 0) {
    const why = blocks.labels > 0 ? `${blocks.labels} of the job's ${blocks.labelCount} requirements written as the posting words them` : `${blocks.densest} of the job's terms within a few words`;
    flags.push({ kind: 'keyword-stuffing', message: `${blocks.spans.length} line(s) list the job's own keywords (${why}); they earn no points`, spans: blocks.spans });
  }
  const stuffing = excludedText([...copiedSpans, ...blocks.spans]);
  return { excluded: { ...excludedText([...copiedSpans, ...repeatSpans, ...blocks.spans]), coversStuffing: stuffing.covers }, flags };
}
