/**
 * Matcher data (`pairs`): sentence-transformers-style columns from curated records (curate.ts gives
 * cleaning, dedupe, masking and a leak-free split first).
 *   - Labelled rows {resume, job_description, score 0..1}: one (sentence1=JD, sentence2=resume, score)
 *     row each; triplets (anchor=JD, positive=resume with score ≥ 0.5, negative=resume with score < 0.5
 *     for the same JD) where both exist in the same split.
 *   - Category folders (data-root/<CATEGORY>/*): the anchor of a category is its job description from
 *     job_descriptions.json, else "Job category: <Category>". Positives (anchor, own resume, 1), sampled
 *     negatives (anchor, resume of another category, 0) `negativeRatio` per positive, and triplets
 *     (anchor, own resume, other-category resume). Negatives are drawn from the same split only.
 *
 * Non-goals: hard-negative mining with a model (the trainer can do it), file I/O.
 */
import { seededRandom, shuffled } from './random';
import type { CleanRecord, ScoredPairRecord, SplitName, TripletRecord } from './types';
import { SPLIT_NAMES } from './types';

export interface PairOutputs {
  pairs: Record<SplitName, ScoredPairRecord[]>;
  triplets: Record<SplitName, TripletRecord[]>;
}

const emptyOutputs = (): PairOutputs => ({ pairs: { train: [], val: [], test: [] }, triplets: { train: [], val: [], test: [] } });

/** Human form of a folder category ("INFORMATION-TECHNOLOGY" → "Information Technology"). */
export function categoryTitle(category: string): string {
  return category.replace(/[-_]+/g, ' ').toLowerCase().replace(/\b\w/g, (c) => c.toUpperCase());
}

/** Pairs and triplets from labelled {resume, jobDescription, relevance} records. */
export function pairsFromLabelled(records: readonly CleanRecord[], seed: number, synthetic: boolean): PairOutputs {
  const out = emptyOutputs();
  const random = seededRandom(seed);
  for (const split of SPLIT_NAMES) {
    const inSplit = records.filter((r) => r.split === split && r.jobDescription && r.relevance !== undefined);
    const byJob = new Map<string, CleanRecord[]>();
    for (const r of inSplit) {
      out.pairs[split].push({
        sentence1: r.jobDescription as string,
        sentence2: r.resume,
        score: r.relevance as number,
        metadata: { split, label: r.label, synthetic: synthetic || r.synthetic === true, hash: r.hash, kind: 'labelled' }
      });
      const list = byJob.get(r.jobDescription as string) ?? [];
      list.push(r);
      byJob.set(r.jobDescription as string, list);
    }
    for (const [job, list] of byJob) {
      const positives = list.filter((r) => (r.relevance as number) >= 0.5);
      const negatives = list.filter((r) => (r.relevance as number) < 0.5);
      if (negatives.length === 0) continue;
      for (const p of positives) {
        const n = negatives[Math.floor(random() * negatives.length)];
        out.triplets[split].push({ anchor: job, positive: p.resume, negative: n.resume, metadata: { split, label: p.label ?? '', synthetic: synthetic || p.synthetic === true, positiveHash: p.hash, negativeHash: n.hash } });
      }
    }
  }
  return out;
}

/** Pairs and triplets from category-labelled documents (folder mode). */
export function pairsFromCategories(
  records: readonly CleanRecord[],
  descriptions: Readonly<Record<string, string>>,
  options: { negativeRatio: number; seed: number; synthetic: boolean }
): PairOutputs {
  const out = emptyOutputs();
  const random = seededRandom(options.seed);
  const anchorOf = (category: string) => descriptions[category] ?? `Job category: ${categoryTitle(category)}`;
  for (const split of SPLIT_NAMES) {
    const inSplit = records.filter((r) => r.split === split && r.label);
    const byCategory = new Map<string, CleanRecord[]>();
    for (const r of inSplit) byCategory.set(r.label as string, [...(byCategory.get(r.label as string) ?? []), r]);
    for (const r of inSplit) {
      const category = r.label as string;
      const anchor = anchorOf(category);
      const others = inSplit.filter((o) => o.label !== category);
      out.pairs[split].push({ sentence1: anchor, sentence2: r.resume, score: 1, metadata: { split, label: category, synthetic: options.synthetic || r.synthetic === true, hash: r.hash, kind: 'positive' } });
      if (others.length === 0) continue;
      const wanted = Math.floor(options.negativeRatio) + (random() < options.negativeRatio % 1 ? 1 : 0);
      for (const negative of shuffled(others, random).slice(0, wanted)) {
        out.pairs[split].push({ sentence1: anchor, sentence2: negative.resume, score: 0, metadata: { split, label: category, synthetic: options.synthetic || r.synthetic === true || negative.synthetic === true, hash: negative.hash, kind: 'negative' } });
      }
      const tripletNegative = others[Math.floor(random() * others.length)];
      out.triplets[split].push({ anchor, positive: r.resume, negative: tripletNegative.resume, metadata: { split, label: category, synthetic: options.synthetic || r.synthetic === true, positiveHash: r.hash, negativeHash: tripletNegative.hash } });
    }
  }
  return out;
}
