/**
 * Keyword lists made of the job's own words: a block of a resume that packs the posting's vocabulary (or its
 * requirement labels, word for word) far more densely than any honest resume does. Such a block is how a weak
 * resume buys every requirement without a sentence of evidence; it earns nothing and is flagged.
 * Purpose: the third kind of text that does not count (echo.ts holds the other two: copied passages, repeated
 * lines) — one that survives both because it copies words, not sentences.
 * Non-goals: an honest skills section, however well it matches (it names a handful of the job's terms among the
 * candidate's own); synonyms; stuffing diluted with as many unrelated words as job words.
 * Thresholds, measured on the 1,712 kaggle resumes against the 24 category jobs in both forms (eval/stuffing.ts):
 * - DENSE_DISTINCT distinct job terms within any DENSE_WINDOW consecutive content words: no real resume goes
 *   above 17 (99.9th percentile 12), a list of the job's words reaches 24.
 * - LABEL_SHARE of the job's requirement labels (at least MIN_LABELS of them) written as the job words them in
 *   one compact stretch (label text at least LABEL_COMPACTNESS of its letters): no real resume goes above 54%
 *   within three lines; a list of the labels reaches 100%.
 * Shape legend: tokens are core/score/text tokens (stemmed, stopwords dropped) outside already excluded spans;
 * job terms are jobQuery's terms; the result is whole lines (half-open spans into the resume text).
 */
import type { Job } from '../job/types';
import { jobQuery } from './signals/lexical';
import { tokenize, type Token } from './text';

const DENSE_WINDOW = 24;
const DENSE_DISTINCT = 20;
const LABEL_SHARE = 0.8;
const MIN_LABELS = 5;
const LABEL_COMPACTNESS = 0.5;
/** A neighbouring line joins a stuffed block when at least this share of its words are job terms. */
const NEIGHBOUR_SHARE = 0.6;

export interface KeywordBlocks {
  spans: Array<{ start: number; end: number }>;
  /** Most distinct job terms in one window; most requirement labels in one compact stretch (0: none). */
  densest: number;
  labels: number;
  labelCount: number;
}

interface Line {
  start: number;
  end: number;
  tokens: Token[];
}

const jobCache = new WeakMap<Job, { terms: Set<string>; labels: RegExp[] }>();

/** The job's terms (jobQuery's, stemmed) and its requirement labels as phrase patterns; cached per job object. */
export function jobTermsOf(job: Job): { terms: Set<string>; labels: RegExp[] } {
  let cached = jobCache.get(job);
  if (!cached) {
    const words = (label: string) => label.match(/[\p{L}\p{N}]+/gu) ?? [];
    const labels = [...new Set(job.requirements.map((r) => words(r.label).join(' ').toLowerCase()))]
      .filter((l) => l.length > 0)
      .map((l) => new RegExp(String.raw`(?<![\p{L}\p{N}])${l.split(' ').join(String.raw`[^\p{L}\p{N}\n]{1,3}`)}(?![\p{L}\p{N}])`, 'giu'));
    cached = { terms: new Set(jobQuery({ job }).keys()), labels };
    jobCache.set(job, cached);
  }
  return cached;
}

/** Indices of tokens inside some window of DENSE_WINDOW tokens holding DENSE_DISTINCT distinct job terms. */
function denseTokens(tokens: Token[], terms: Set<string>): { marked: Uint8Array; densest: number } {
  const marked = new Uint8Array(tokens.length);
  const count = new Map<string, number>();
  let distinct = 0;
  let densest = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i].term;
    if (terms.has(t) && (count.set(t, (count.get(t) ?? 0) + 1).get(t) === 1)) distinct++;
    const from = i - DENSE_WINDOW + 1;
    if (from > 0) {
      const o = tokens[from - 1].term;
      if (terms.has(o) && (count.set(o, count.get(o)! - 1).get(o) === 0)) distinct--;
    }
    densest = Math.max(densest, distinct);
    if (distinct >= DENSE_DISTINCT) marked.fill(1, Math.max(0, from), i + 1);
  }
  return { marked, densest };
}

/**
 * Compact stretches holding LABEL_SHARE of the job's requirement labels written as the job words them: for each
 * label occurrence, the shortest stretch ending there with enough distinct labels, kept when label text is at
 * least LABEL_COMPACTNESS of its letters. `most`: the most distinct labels in a kept stretch.
 */
function labelStretches(text: string, labels: RegExp[], allowed: (start: number, end: number) => boolean): { spans: Array<{ start: number; end: number }>; most: number } {
  const need = Math.max(MIN_LABELS, Math.ceil(LABEL_SHARE * labels.length));
  if (labels.length < need) return { spans: [], most: 0 };
  const hits: Array<{ start: number; end: number; label: number }> = [];
  labels.forEach((re, label) => {
    for (const m of text.matchAll(re)) if (allowed(m.index, m.index + m[0].length)) hits.push({ start: m.index, end: m.index + m[0].length, label });
  });
  if (new Set(hits.map((h) => h.label)).size < need) return { spans: [], most: 0 };
  hits.sort((a, b) => a.start - b.start);
  // Prefix counts of letters and digits: in the text, and in the label occurrences, so each stretch costs O(1).
  const textLetters = new Uint32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) textLetters[i + 1] = textLetters[i] + (/[\p{L}\p{N}]/u.test(text[i]) ? 1 : 0);
  const hitLetters = new Float64Array(hits.length + 1);
  hits.forEach((h, i) => (hitLetters[i + 1] = hitLetters[i] + textLetters[h.end] - textLetters[h.start]));
  const spans: Array<{ start: number; end: number }> = [];
  const count = new Map<number, number>();
  let most = 0;
  for (let lo = 0, hi = 0; hi < hits.length; hi++) {
    count.set(hits[hi].label, (count.get(hits[hi].label) ?? 0) + 1);
    // Drop from the left while the stretch keeps enough distinct labels without that occurrence.
    while (lo < hi && (count.get(hits[lo].label)! > 1 || count.size > need)) {
      const n = count.get(hits[lo].label)! - 1;
      if (n === 0) count.delete(hits[lo].label);
      else count.set(hits[lo].label, n);
      lo++;
    }
    if (count.size < need) continue;
    const start = hits[lo].start;
    const end = hits[hi].end;
    if (hitLetters[hi + 1] - hitLetters[lo] < LABEL_COMPACTNESS * (textLetters[end] - textLetters[start])) continue;
    spans.push({ start, end });
    most = Math.max(most, count.size);
  }
  return { spans, most };
}

/**
 * Lines of `text` that list the job's own terms as no honest resume does (see the file comment), plus the
 * job-term-dense lines next to them; `excluded` tells which text already earns nothing (it is not counted).
 */
export function findKeywordBlocks(text: string, job: Job, excluded: (start: number, end: number) => boolean): KeywordBlocks {
  const { terms, labels } = jobTermsOf(job);
  const lines: Line[] = [...text.matchAll(/[^\n]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, tokens: tokenize(text, m.index, m.index + m[0].length).filter((t) => !excluded(t.start, t.end)) }));
  const tokens = lines.flatMap((l) => l.tokens);
  const { marked, densest } = denseTokens(tokens, terms);
  const stuffed = new Set<number>();
  let k = 0;
  lines.forEach((line, i) => {
    for (const _ of line.tokens) if (marked[k++]) stuffed.add(i);
  });
  const stretches = labelStretches(text, labels, (s, e) => !excluded(s, e));
  for (const s of stretches.spans) lines.forEach((line, i) => line.start < s.end && line.end > s.start && stuffed.add(i));
  // Grow each block over neighbouring lines that are mostly job terms too (the labels line above a word list).
  const jobShare = (l: Line) => (l.tokens.length === 0 ? -1 : l.tokens.filter((t) => terms.has(t.term)).length / l.tokens.length);
  for (const i of [...stuffed]) {
    for (const step of [-1, 1]) {
      for (let j = i + step; j >= 0 && j < lines.length && !stuffed.has(j); j += step) {
        const share = jobShare(lines[j]);
        if (share === -1) continue; // a line with no words (a bullet, a rule) does not end the block
        if (share < NEIGHBOUR_SHARE) break;
        stuffed.add(j);
      }
    }
  }
  const spans = [...stuffed].sort((a, b) => a - b).map((i) => ({ start: lines[i].start, end: lines[i].end }));
  return { spans, densest, labels: stretches.most, labelCount: labels.length };
}
