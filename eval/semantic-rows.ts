/**
 * Category-agnostic training rows and the cosine rescaling for the harness's matcher (eval/semantic.ts).
 * The category rows of semantic.ts (job description ↔ resume chunk) teach a matcher the training categories
 * and nothing that carries over to unseen ones; these rows use no category label at all:
 *  - span pairs (inverse cloze): two different chunks of the same resume are a positive pair; the other rows
 *    of the batch are the negatives (MNRL), so the model learns which words go together in one person's text;
 *  - skill in context: a taxonomy skill's canonical name (the form the job parser gives requirement labels)
 *    ↔ a resume chunk that mentions it, with every mention of that skill cut out, so the model must learn the
 *    skill from its context, not from the literal word (the lexical signal already has the literal word);
 *  - taxonomy aliases: canonical name ↔ each alias (models/skills-taxonomy.json, product data, no resumes).
 * Only resumes of the fold's training categories are read (callers pass the held-out set).
 * Purpose: rows and rescaling for part `semantic`. Non-goals: training (matcher.ts), scoring (semantic.ts).
 */
import { fnv1a32, seededRandom, shuffled } from '../training-node/src/data/random';
import { defaultTaxonomy, matchSkills } from '../src/lib/core/resume/skills';
import type { SkillsTaxonomy } from '../src/lib/core/resume/types';

/** Chunks shorter than this (headings, a lone date) make no training positive. */
export const MIN_POSITIVE_CHARS = 80;

export interface RowSource {
  id: string;
  category: string;
  /** The resume's chunks as the model sees them (masked, the app's chunker). */
  chunks: string[];
}

export type Row = { anchor: string; positive: string };

function usableChunks(s: RowSource, seed: number, salt: string): string[] {
  const usable = s.chunks.filter((c) => c.length >= MIN_POSITIVE_CHARS);
  return shuffled(usable, seededRandom(seed ^ fnv1a32(`${salt}:${s.id}`)));
}

/** Up to `perResume` pairs of two distinct chunks of one training-category resume (disjoint pairs, seeded pick). */
export function spanPairRows(sources: readonly RowSource[], held: ReadonlySet<string>, opts: { perResume: number; seed: number }): Row[] {
  const rows: Row[] = [];
  for (const s of sources) {
    if (held.has(s.category)) continue;
    const picked = usableChunks(s, opts.seed, 'pair');
    for (let i = 0; i + 1 < picked.length && i / 2 < opts.perResume; i += 2) rows.push({ anchor: picked[i], positive: picked[i + 1] });
  }
  return rows;
}

/** The chunk with the given spans replaced by a space (spans sorted, possibly overlapping). */
function cutSpans(text: string, spans: ReadonlyArray<{ start: number; end: number }>): string {
  let out = '';
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) {
      at = Math.max(at, s.end);
      continue;
    }
    out += text.slice(at, s.start) + ' ';
    at = s.end;
  }
  return (out + text.slice(at)).replace(/\s{2,}/g, ' ').trim();
}

/**
 * Up to `perResume` rows per training-category resume: a skill the chunk mentions (canonical name) ↔ the chunk
 * with that skill's mentions cut out. One row per (resume, skill); the chunk and skill are a seeded pick.
 */
export function skillContextRows(
  sources: readonly RowSource[], held: ReadonlySet<string>, opts: { perResume: number; seed: number; taxonomy?: SkillsTaxonomy }
): Row[] {
  const rows: Row[] = [];
  for (const s of sources) {
    if (held.has(s.category)) continue;
    const rand = seededRandom(opts.seed ^ fnv1a32(`skill:${s.id}`));
    const seen = new Set<string>();
    let n = 0;
    for (const chunk of usableChunks(s, opts.seed, 'skill')) {
      if (n >= opts.perResume) break;
      const mentions = matchSkills(chunk, [], opts.taxonomy ?? defaultTaxonomy);
      const skills = [...new Set(mentions.map((m) => m.skill))].filter((k) => !seen.has(k));
      if (skills.length === 0) continue;
      const skill = skills[Math.floor(rand() * skills.length)];
      const positive = cutSpans(chunk, mentions.filter((m) => m.skill === skill));
      if (positive.length < MIN_POSITIVE_CHARS) continue;
      seen.add(skill);
      rows.push({ anchor: skill, positive });
      n++;
    }
  }
  return rows;
}

/** Canonical name ↔ alias for every alias that differs from the name by more than letter case. */
export function taxonomyAliasRows(taxonomy: SkillsTaxonomy = defaultTaxonomy): Row[] {
  return taxonomy.skills.flatMap((s) => (s.aliases ?? []).filter((a) => a.toLowerCase() !== s.name.toLowerCase()).map((a) => ({ anchor: s.name, positive: a })));
}

/** The q-quantile (0..1) of the values, linear between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const v = [...values].sort((a, b) => a - b);
  const at = Math.min(1, Math.max(0, q)) * (v.length - 1);
  const lo = Math.floor(at);
  return v[lo] + (v[Math.min(v.length - 1, lo + 1)] - v[lo]) * (at - lo);
}

/**
 * The signal's rescaling for one model from its own best-chunk cosines on training data: floor and ceil at the
 * given quantiles, so the signal spans [0, 1] instead of sitting at a fixed [0.2, 0.75] window's ceiling.
 */
export function rescalingFrom(bestCosines: readonly number[], lo = 0.1, hi = 0.9): { floor: number; ceil: number } {
  const floor = quantile(bestCosines, lo);
  const ceil = Math.max(quantile(bestCosines, hi), floor + 1e-6);
  return { floor, ceil };
}
