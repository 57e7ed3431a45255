/**
 * Counterfactual check on a job's OWN candidates: each resume is rewritten with its identity cues swapped, one
 * dimension at a time (names of other origins and genders, names that are skills, pronouns, age statements; the
 * variants of identities.ts), re-parsed and re-scored; the report gives, per dimension, the largest score change
 * and the largest rank change against the candidate's own text. The same tally serves the evaluation harness
 * (eval/counterfactual.ts), where the variants are written into synthetic resumes instead.
 * Purpose: show on real candidates that identity does not move a score (blind scoring makes every figure 0).
 * Non-goals: addresses (a real address cannot be swapped without inventing one), model signals (the default
 * scorer is re-run; the semantic signal reads the same masked text), the masker itself.
 * Shape legend: cues are found by core/mask (blind profile): `name` spans get the variant's full name, `pronoun`,
 * `gender` and `title` spans the variant's forms, `age` and `dob` spans the variant's age; a candidate whose text
 * has no cue of a dimension is not tested on it (`tested` counts those that were). A variant's rank is
 * 1 + the number of OTHER candidates whose base score is strictly higher.
 */
import type { Job } from '../job/types';
import { maskText } from '../mask/mask-text';
import type { Mask } from '../mask/types';
import { parseResume } from '../resume/parse-resume';
import type { ParsedResume } from '../resume/types';
import { scoreCandidate } from '../score/score-candidate';
import { VARIANTS, type Dimension, type Identity, type Variant } from './identities';

/** Variants the audit applies to real resumes: every dimension but the base and addresses. */
export const AUDIT_VARIANTS: Variant[] = VARIANTS.filter((v) => v.dimension !== 'base' && v.dimension !== 'address');

/** Largest changes seen on one dimension. */
export interface InvarianceRow {
  dimension: Dimension;
  variants: number;
  /** (resume, job, variant) triples whose score differs from the base by more than 0.01. */
  changed: number;
  triples: number;
  maxScoreChange: number;
  maxRankChange: number;
  /** The variant label with the largest score change (a synthetic identity, never candidate text). */
  worst: string;
}

/** 1 + how many OTHER entries of `column` (base scores) are strictly above `score`. */
export function rankAmong(column: readonly number[], self: number, score: number): number {
  let above = 0;
  for (let k = 0; k < column.length; k++) if (k !== self && column[k] > score) above++;
  return 1 + above;
}

/** Folds variant scores into per-dimension rows (the audit and eval/counterfactual.ts share it). */
export class InvarianceTally {
  private readonly rows = new Map<Dimension, InvarianceRow>();

  constructor(variants: readonly Variant[]) {
    for (const v of variants) {
      if (v.dimension === 'base') continue;
      if (!this.rows.has(v.dimension)) this.rows.set(v.dimension, { dimension: v.dimension, variants: 0, changed: 0, triples: 0, maxScoreChange: 0, maxRankChange: 0, worst: '' });
      this.rows.get(v.dimension)!.variants++;
    }
  }

  /** One variant's score for entry `self` of the base column; returns the score and rank change. */
  add(v: Variant, column: readonly number[], self: number, score: number): { scoreChange: number; rankChange: number } {
    const row = this.rows.get(v.dimension);
    if (!row) throw new Error(`InvarianceTally: variant "${v.label}" has dimension "${v.dimension}", which this tally was not built with`);
    const scoreChange = Math.abs(score - column[self]);
    const rankChange = Math.abs(rankAmong(column, self, score) - rankAmong(column, self, column[self]));
    row.triples++;
    if (scoreChange > 0.01) row.changed++;
    if (scoreChange > row.maxScoreChange) {
      row.maxScoreChange = scoreChange;
      row.worst = v.label;
    }
    row.maxRankChange = Math.max(row.maxRankChange, rankChange);
    return { scoreChange, rankChange };
  }

  result(): InvarianceRow[] {
    return [...this.rows.values()];
  }
}

const PRONOUN_FORMS: Record<Identity['pronoun'], Record<string, string>> = {
  she: { he: 'she', she: 'she', him: 'her', her: 'her', his: 'her', hers: 'hers', himself: 'herself', herself: 'herself' },
  he: { he: 'he', she: 'he', him: 'him', her: 'his', his: 'his', hers: 'his', himself: 'himself', herself: 'himself' },
  they: { he: 'they', she: 'they', him: 'them', her: 'their', his: 'their', hers: 'theirs', himself: 'themselves', herself: 'themselves' }
};
const GENDER_WORD: Record<Identity['pronoun'], string> = { she: 'Female', he: 'Male', they: 'Non-binary' };
const TITLE: Record<Identity['pronoun'], string> = { she: 'Ms', he: 'Mr', they: 'Mx' };

function sameCase(original: string, replacement: string): string {
  if (original === original.toUpperCase() && original.length > 1) return replacement.toUpperCase();
  return /^[A-Z]/.test(original) ? replacement[0].toUpperCase() + replacement.slice(1) : replacement;
}

/** The replacement of one cue span under the variant, or null when the span is not of the variant's dimension. */
function replacement(mask: Mask, original: string, v: Variant, referenceYear: number): string | null {
  const id = v.identity;
  switch (v.dimension) {
    case 'name':
    case 'skill-name':
      return mask.kind === 'name' ? `${id.given} ${id.family}` : null;
    case 'pronoun':
      if (mask.kind === 'pronoun') return original.replace(/[A-Za-z]+/g, (w) => sameCase(w, PRONOUN_FORMS[id.pronoun][w.toLowerCase()] ?? w));
      if (mask.kind === 'gender') return original.replace(/\b(?:male|female|transgender|non-binary|man|woman)\b/gi, (w) => sameCase(w, GENDER_WORD[id.pronoun]));
      if (mask.kind === 'title') return original.replace(/^(?:Mrs|Mr|Ms|Mstr|Mx)/, TITLE[id.pronoun]);
      return null;
    case 'age':
      if (mask.kind === 'age') return original.replace(/\d{2}/, String(id.age));
      if (mask.kind === 'dob') return original.replace(/(?:19|20)\d\d/, String(referenceYear - id.age));
      return null;
    default:
      return null;
  }
}

/**
 * The text with the variant's cues in place of the candidate's, or null when the text has no cue of the variant's
 * dimension (nothing to swap) or swapping changes nothing.
 */
export function counterfactualText(text: string, masks: readonly Mask[], v: Variant, referenceYear: number): string | null {
  const pieces: string[] = [];
  let cursor = 0;
  let swapped = false;
  for (const m of masks) {
    const original = text.slice(m.start, m.end);
    const next = replacement(m, original, v, referenceYear);
    if (next === null) continue;
    pieces.push(text.slice(cursor, m.start), next);
    cursor = m.end;
    swapped ||= next !== original;
  }
  if (!swapped) return null;
  pieces.push(text.slice(cursor));
  return pieces.join('');
}

/** One candidate's base score and its score under each variant (null: no cue of that dimension). */
export interface CandidateVariantScores {
  base: number;
  scores: Array<number | null>;
}

/**
 * Scores one resume as written and under each variant with the default scorer. The base text is re-parsed with
 * the same reference date as the variants, so the only difference between them is the swapped cues.
 */
export function scoreVariants(job: Job, resume: Pick<ParsedResume, 'text' | 'basics'>, options: { variants?: readonly Variant[]; referenceDate?: Date } = {}): CandidateVariantScores {
  const variants = options.variants ?? AUDIT_VARIANTS;
  const referenceDate = options.referenceDate ?? new Date();
  const opts = { referenceDate };
  const score = (text: string) => scoreCandidate(job, parseResume(text, opts), opts).score;
  const knownNames = resume.basics.name ? [resume.basics.name] : [];
  const { masks } = maskText(resume.text, { profile: 'blind', knownNames });
  return {
    base: score(resume.text),
    scores: variants.map((v) => {
      const text = counterfactualText(resume.text, masks, v, referenceDate.getUTCFullYear());
      return text === null ? null : score(text);
    })
  };
}

/** The candidate whose score or rank moved most under one variant. */
export interface CounterfactualWorst {
  candidateId: string;
  dimension: Dimension;
  variant: string;
  scoreChange: number;
  rankChange: number;
}

export interface CounterfactualReport {
  candidates: number;
  /** Per dimension: the tally, and how many candidates had a cue of it (were tested). */
  rows: Array<InvarianceRow & { tested: number }>;
  maxScoreChange: number;
  maxRankChange: number;
  /** Largest change over all dimensions (null when nothing moved). */
  worst: CounterfactualWorst | null;
}

/** Pure: the report from every candidate's variant scores (same order as `ids`). */
export function summarizeCounterfactual(ids: readonly string[], results: readonly CandidateVariantScores[], variants: readonly Variant[] = AUDIT_VARIANTS): CounterfactualReport {
  if (ids.length !== results.length) throw new Error(`summarizeCounterfactual: ${ids.length} ids but ${results.length} results`);
  const tally = new InvarianceTally(variants);
  const column = results.map((r) => r.base);
  const tested = new Map<Dimension, Set<number>>();
  let worst: CounterfactualWorst | null = null;
  results.forEach((r, i) => {
    if (r.scores.length !== variants.length) throw new Error(`summarizeCounterfactual: candidate ${ids[i]} has ${r.scores.length} variant scores, expected ${variants.length}`);
    r.scores.forEach((s, vi) => {
      if (s === null) return;
      const v = variants[vi];
      if (!tested.has(v.dimension)) tested.set(v.dimension, new Set());
      tested.get(v.dimension)!.add(i);
      const change = tally.add(v, column, i, s);
      const beats = !worst || change.scoreChange > worst.scoreChange || (change.scoreChange === worst.scoreChange && change.rankChange > worst.rankChange);
      if ((change.scoreChange > 0 || change.rankChange > 0) && beats) worst = { candidateId: ids[i], dimension: v.dimension, variant: v.label, ...change };
    });
  });
  const rows = tally.result().map((row) => ({ ...row, tested: tested.get(row.dimension)?.size ?? 0 }));
  return {
    candidates: ids.length,
    rows,
    maxScoreChange: Math.max(0, ...rows.map((r) => r.maxScoreChange)),
    maxRankChange: Math.max(0, ...rows.map((r) => r.maxRankChange)),
    worst
  };
}
