/**
 * Matcher data (`pairs`): sentence-transformers-style columns from curated records (curate.ts gives
 * cleaning, dedupe, masking and a leak-free split first).
 *   - Labelled rows {resume, job_description, score 0..1}: one (sentence1=JD, sentence2=resume, score)
 *     row each; triplets (anchor=JD, positive=resume with score ≥ 0.5, negative=resume with score < 0.5
 *     for the same JD) where both exist in the same split.
 *   - Category folders (data-root/<CATEGORY>/*): the anchor of a category is its job description (every category
 *     needs one: a bare "Job category: X" is not a job, and the app never embeds one). The other side is a resume
 *     CHUNK made by the app's own chunker (src/lib/core/embed/chunk.ts chunkText, the passages the app embeds and
 *     compares with requirements), so training sees what serving sees. Per resume, up to `chunksPerResume`
 *     chunks of at least MIN_CHUNK_CHARS (seeded pick): positives (anchor, own chunk, 1), sampled negatives
 *     (anchor, chunk of another category's resume, 0) `negativeRatio` per positive, and triplets (anchor, own
 *     chunk, other-category chunk). Negatives are drawn from the same split only.
 *
 * Non-goals: hard-negative mining with a model (the trainer can do it), file I/O.
 */
import { chunkText } from '../../../src/lib/core/embed/chunk';
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

/** Chunks shorter than this are headings or contact lines: no evidence of fit either way. */
export const MIN_CHUNK_CHARS = 100;

/** The categories of `records` that have no job description (folder mode refuses to build pairs for them). */
export function categoriesWithoutDescription(records: readonly CleanRecord[], descriptions: Readonly<Record<string, string>>): string[] {
  return [...new Set(records.map((r) => r.label).filter((l): l is string => !!l))].filter((c) => !descriptions[c]?.trim()).sort();
}

/** The app's chunks of a resume that are long enough to judge, as {index, text}. */
export function trainingChunks(resume: string): { index: number; text: string }[] {
  return chunkText(resume).filter((c) => c.text.length >= MIN_CHUNK_CHARS).map((c) => ({ index: c.index, text: c.text }));
}

/** Pairs and triplets from category-labelled documents (folder mode): job descriptions × the app's resume chunks. */
export function pairsFromCategories(
  records: readonly CleanRecord[],
  descriptions: Readonly<Record<string, string>>,
  options: { negativeRatio: number; seed: number; synthetic: boolean; chunksPerResume?: number }
): PairOutputs {
  const missing = categoriesWithoutDescription(records, descriptions);
  if (missing.length > 0) throw new Error(`no job description for ${missing.length} categor${missing.length === 1 ? 'y' : 'ies'} (${missing.join(', ')}): pass --job-descriptions {"CATEGORY": "job description", ...}`);
  const out = emptyOutputs();
  const random = seededRandom(options.seed);
  const perResume = options.chunksPerResume ?? 4;
  for (const split of SPLIT_NAMES) {
    const inSplit = records.filter((r) => r.split === split && r.label);
    const chunksOf = new Map(inSplit.map((r) => [r, shuffled(trainingChunks(r.resume), random).slice(0, perResume)]));
    for (const r of inSplit) {
      const category = r.label as string;
      const anchor = descriptions[category];
      const others = inSplit.filter((o) => o.label !== category && chunksOf.get(o)!.length > 0);
      const synthetic = options.synthetic || r.synthetic === true;
      const pickNegative = () => {
        const o = others[Math.floor(random() * others.length)];
        const list = chunksOf.get(o)!;
        return { record: o, chunk: list[Math.floor(random() * list.length)] };
      };
      for (const chunk of chunksOf.get(r)!) {
        out.pairs[split].push({ sentence1: anchor, sentence2: chunk.text, score: 1, metadata: { split, label: category, synthetic, hash: r.hash, kind: 'positive', chunk: chunk.index } });
        if (others.length === 0) continue;
        const wanted = Math.floor(options.negativeRatio) + (random() < options.negativeRatio % 1 ? 1 : 0);
        for (let k = 0; k < wanted; k++) {
          const n = pickNegative();
          out.pairs[split].push({ sentence1: anchor, sentence2: n.chunk.text, score: 0, metadata: { split, label: category, synthetic: synthetic || n.record.synthetic === true, hash: n.record.hash, kind: 'negative', chunk: n.chunk.index } });
        }
        const n = pickNegative();
        out.triplets[split].push({
          anchor, positive: chunk.text, negative: n.chunk.text,
          metadata: { split, label: category, synthetic: synthetic || n.record.synthetic === true, positiveHash: r.hash, negativeHash: n.record.hash, positiveChunk: chunk.index, negativeChunk: n.chunk.index }
        });
      }
    }
  }
  return out;
}
