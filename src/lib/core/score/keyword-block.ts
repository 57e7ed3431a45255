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
 *   above 17 (99.9th percentile 12), a list of the job's words reaches 24. At least NON_SKILL_SHARE of them
 *   must be the job's words other than its skill names ("reconcile", "ledger", "prepare"), so that a long honest
 *   skills list for a job that names twenty skills is not a block: the lists hold 13 or more such words among
 *   their 24, real resumes at most 10 in any window with 15 job terms.
 * - LABEL_SHARE of the job's requirement labels (at least MIN_LABELS of them, MIN_PHRASE_LABELS of them not
 *   skills: the degree, the years, a keyword phrase) written as the job words them in one compact stretch (label
 *   text at least LABEL_COMPACTNESS of its letters), or without those phrases but in the job's own order
 *   (IN_ORDER of label pairs): no real resume goes above 54% of the labels within three lines; a list of the
 *   labels reaches 100%. Skill labels alone in any order are a skills line, and one degree line under it is an
 *   honest resume's education, so neither is enough.
 * Shape legend: tokens are core/score/text tokens (stemmed, stopwords dropped); job terms are jobQuery's terms;
 * the result is whole lines (half-open spans into the resume text).
 */
import type { Job } from '../job/types';
import { jobQuery } from './signals/lexical';
import { tokenize, tokenizeLines, type Token } from './text';

const DENSE_WINDOW = 24;
const DENSE_DISTINCT = 20;
/** Share of a dense window's job terms that must be the job's other words (not its skill names). */
const NON_SKILL_SHARE = 0.3;
const LABEL_SHARE = 0.8;
const MIN_LABELS = 5;
/** Distinct non-skill labels (degree, years, keyword phrases) a label stretch must hold, unless it is in the job's order. */
const MIN_PHRASE_LABELS = 2;
/** Share of label pairs in the job's own order from which a stretch follows the job's order. */
const IN_ORDER = 0.9;
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

interface JobTerms {
  terms: Set<string>;
  /** Terms of the job's skill requirements (their labels and canonical names). */
  skillTerms: Set<string>;
  /**
   * Requirement labels as phrase patterns; `phrase`: the requirement is not a skill (degree, years, keyword);
   * `first`: the label's first word when it is plain ASCII (a text without it in lower case holds no match).
   */
  labels: Array<{ re: RegExp; phrase: boolean; first?: string }>;
}

const jobCache = new WeakMap<Job, JobTerms>();

/** The job's terms (jobQuery's, stemmed), its skill terms and its requirement labels; cached per job object. */
export function jobTermsOf(job: Job): JobTerms {
  let cached = jobCache.get(job);
  if (!cached) {
    const words = (label: string) => (label.match(/[\p{L}\p{N}]+/gu) ?? []).join(' ').toLowerCase();
    const byLabel = new Map<string, boolean>();
    for (const r of job.requirements) {
      const l = words(r.label);
      if (l) byLabel.set(l, (byLabel.get(l) ?? false) || r.kind !== 'skill');
    }
    const labels = [...byLabel].map(([l, phrase]) => ({
      re: new RegExp(String.raw`(?<![\p{L}\p{N}])${l.split(' ').join(String.raw`[^\p{L}\p{N}\n]{1,3}`)}(?![\p{L}\p{N}])`, 'giu'),
      phrase,
      ...(/^[a-z0-9]+$/.test(l.split(' ')[0]) ? { first: l.split(' ')[0] } : {})
    }));
    const skillTerms = new Set(job.requirements.filter((r) => r.kind === 'skill').flatMap((r) => [...tokenize(r.label), ...tokenize(r.skill ?? '')].map((t) => t.term)));
    cached = { terms: new Set(jobQuery({ job }).keys()), skillTerms, labels };
    jobCache.set(job, cached);
  }
  return cached;
}

/**
 * Indices of tokens inside some window of DENSE_WINDOW tokens holding DENSE_DISTINCT distinct job terms, at least
 * NON_SKILL_SHARE of them not skill terms.
 */
function denseTokens(tokens: Token[], vocabulary: JobTerms): { marked: Uint8Array; densest: number } {
  const marked = new Uint8Array(tokens.length);
  const count = new Map<string, number>();
  let distinct = 0;
  let nonSkill = 0;
  let densest = 0;
  const step = (term: string, by: 1 | -1) => {
    if (!vocabulary.terms.has(term)) return;
    const n = (count.get(term) ?? 0) + by;
    count.set(term, n);
    if ((by === 1 && n === 1) || (by === -1 && n === 0)) {
      distinct += by;
      if (!vocabulary.skillTerms.has(term)) nonSkill += by;
    }
  };
  for (let i = 0; i < tokens.length; i++) {
    step(tokens[i].term, 1);
    const from = i - DENSE_WINDOW + 1;
    if (from > 0) step(tokens[from - 1].term, -1);
    densest = Math.max(densest, distinct);
    if (distinct >= DENSE_DISTINCT && nonSkill >= NON_SKILL_SHARE * distinct) marked.fill(1, Math.max(0, from), i + 1);
  }
  return { marked, densest };
}

/** Whether labels first occur in the order the job lists them (IN_ORDER of their pairs). */
function inJobOrder(hits: Array<{ label: number }>): boolean {
  const order: number[] = [];
  const seen = new Set<number>();
  for (const h of hits) if (!seen.has(h.label) && seen.add(h.label)) order.push(h.label);
  let pairs = 0;
  let concordant = 0;
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      pairs++;
      if (order[i] < order[j]) concordant++;
    }
  }
  return pairs > 0 && concordant >= IN_ORDER * pairs;
}

/**
 * Compact stretches holding LABEL_SHARE of the job's requirement labels written as the job words them: for each
 * label occurrence, the shortest stretch ending there with enough distinct labels, kept when label text is at
 * least LABEL_COMPACTNESS of its letters. `most`: the most distinct labels in a kept stretch.
 */
function labelStretches(text: string, labels: JobTerms['labels']): { spans: Array<{ start: number; end: number }>; most: number } {
  const need = Math.max(MIN_LABELS, Math.ceil(LABEL_SHARE * labels.length));
  if (labels.length < need) return { spans: [], most: 0 };
  const hits: Array<{ start: number; end: number; label: number }> = [];
  // A case-insensitive match of an ASCII word is that word in the lower-cased text, but for "ſ" (it folds to "s" and
  // stays itself in lower case): where the text has none, a label whose first word is absent is not scanned for.
  const lower = text.includes('\u017f') ? undefined : text.toLowerCase();
  labels.forEach(({ re, first }, label) => {
    if (lower !== undefined && first !== undefined && !lower.includes(first)) return;
    for (const m of text.matchAll(re)) hits.push({ start: m.index, end: m.index + m[0].length, label });
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
  let phrases = 0; // distinct non-skill labels in the stretch
  let most = 0;
  for (let lo = 0, hi = 0; hi < hits.length; hi++) {
    const added = (count.get(hits[hi].label) ?? 0) + 1;
    count.set(hits[hi].label, added);
    if (added === 1 && labels[hits[hi].label].phrase) phrases++;
    // Drop from the left while the stretch keeps enough distinct labels (and phrases) without that occurrence.
    for (;;) {
      if (lo >= hi) break;
      const label = hits[lo].label;
      const n = count.get(label)!;
      const losesPhrase = n === 1 && labels[label].phrase;
      if (!(n > 1 || (count.size > need && (!losesPhrase || phrases > MIN_PHRASE_LABELS)))) break;
      if (n === 1) {
        count.delete(label);
        if (losesPhrase) phrases--;
      } else count.set(label, n - 1);
      lo++;
    }
    if (count.size < need) continue;
    const start = hits[lo].start;
    const end = hits[hi].end;
    if (hitLetters[hi + 1] - hitLetters[lo] < LABEL_COMPACTNESS * (textLetters[end] - textLetters[start])) continue;
    if (phrases < MIN_PHRASE_LABELS && !inJobOrder(hits.slice(lo, hi + 1))) continue;
    spans.push({ start, end });
    most = Math.max(most, count.size);
  }
  return { spans, most };
}

/**
 * Lines of `text` that list the job's own terms as no honest resume does (see the file comment), plus the
 * job-term-dense lines next to them. Text that already earns nothing (copied from the posting) still counts
 * here: a list that copies a few labels word for word is still a list.
 */
export function findKeywordBlocks(text: string, job: Job): KeywordBlocks {
  const vocabulary = jobTermsOf(job);
  const { terms, labels } = vocabulary;
  const lines: readonly Line[] = tokenizeLines(text);
  const tokens = lines.flatMap((l) => l.tokens);
  const { marked, densest } = denseTokens(tokens, vocabulary);
  const stuffed = new Set<number>();
  let k = 0;
  lines.forEach((line, i) => {
    if (marked.subarray(k, k + line.tokens.length).some((m) => m === 1)) stuffed.add(i);
    k += line.tokens.length;
  });
  const stretches = labelStretches(text, labels);
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
