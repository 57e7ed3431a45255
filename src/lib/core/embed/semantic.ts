/**
 * The semantic signal: for each job requirement, the best-matching resume chunk by cosine similarity of
 * embeddings (max-sim), with that chunk as evidence. Its SignalResult plugs into scoreCandidate via
 * `extraSignals`. Blind mode: pass the MASKED resume (a MaskResult); evidence spans map back to the original.
 *
 * Non-goals: running the model (an `embed` function is injected: the worker client, or the pipeline in Node),
 * persistence (EmbeddingCache). Shape legend: vectors are L2-normalised Float32Array[dims], so dot = cosine;
 * value in [0, 1] = weighted mean over requirements of the rescaled best cosine.
 */
import { chunkText, type ChunkOptions, type ChunkSection, type TextChunk } from './chunk';
import { embedWithCache, type EmbeddingCache } from './cache';
import type { Evidence, SignalResult } from '../score/types';

/** The scorer's types (src/lib/core/score); kept under local names for readers of this file. */
export type SemanticEvidence = Evidence;
export type SemanticSignalResult = SignalResult;

export interface SemanticRequirement {
  id: string;
  label: string;
  /** The job parser's kind; 'years' and 'education' are judged by their own signals, not by similarity. */
  kind?: string;
  /** Longer text to embed instead of the label, when the job parser kept one. */
  text?: string;
  weight?: number;
}

export const SEMANTIC_SIGNAL_ID = 'semantic';

export interface SemanticSignalOptions {
  /** Cosine at or below which a requirement counts as unmatched (default 0.2). */
  floor?: number;
  /** Cosine at or above which a requirement counts as fully matched (default 0.75). */
  ceil?: number;
}

/** Dot product of two equal-length vectors (cosine for normalised vectors). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`cosine: dimension mismatch ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Pure part: best chunk per requirement from precomputed vectors → SignalResult. */
export function semanticSignalFromVectors(args: {
  requirements: SemanticRequirement[];
  requirementVectors: Float32Array[];
  chunks: TextChunk[];
  chunkVectors: Float32Array[];
  /** Maps an offset in the chunked text back to the original (MaskResult.toOriginal); identity if absent. */
  toOriginal?: (offset: number) => number;
  options?: SemanticSignalOptions;
}): SemanticSignalResult {
  const { requirements, requirementVectors, chunks, chunkVectors } = args;
  if (requirementVectors.length !== requirements.length) throw new Error('semanticSignal: one vector per requirement expected');
  if (chunkVectors.length !== chunks.length) throw new Error('semanticSignal: one vector per chunk expected');
  const floor = args.options?.floor ?? 0.2;
  const ceil = args.options?.ceil ?? 0.75;
  const map = args.toOriginal ?? ((o: number) => o);
  const evidence: SemanticEvidence[] = [];
  const bestCosine: Record<string, number> = {};
  let weighted = 0;
  let totalWeight = 0;
  requirements.forEach((req, r) => {
    const w = req.weight ?? 1;
    totalWeight += w;
    let best = -1;
    let bestSim = -Infinity;
    chunks.forEach((_, c) => {
      const sim = cosine(requirementVectors[r], chunkVectors[c]);
      if (sim > bestSim) [best, bestSim] = [c, sim];
    });
    if (best < 0) return;
    bestCosine[req.id] = bestSim;
    const matched = Math.min(1, Math.max(0, (bestSim - floor) / (ceil - floor)));
    weighted += w * matched;
    const chunk = chunks[best];
    evidence.push({
      requirementId: req.id,
      signalId: SEMANTIC_SIGNAL_ID,
      span: { start: map(chunk.span.start), end: map(chunk.span.end) },
      text: chunk.text,
      note: `best-matching passage for "${req.label}" (cosine ${bestSim.toFixed(3)})`
    });
  });
  return { id: SEMANTIC_SIGNAL_ID, value: totalWeight > 0 ? weighted / totalWeight : 0, evidence, details: { bestCosine, floor, ceil } };
}

/** Skills and keywords are matched by meaning; years and education have dedicated signals. */
export function isSemanticRequirement(r: SemanticRequirement): boolean {
  return r.kind === undefined || r.kind === 'skill' || r.kind === 'keyword';
}

/** Chunk the resume, embed requirements and chunks (through the cache) and compute the semantic signal. */
export async function semanticSignal(args: {
  /** Resume text as the model may see it; in blind mode a MaskResult's `text` with its `toOriginal`. */
  resume: { text: string; toOriginal?: (offset: number) => number };
  sections?: ChunkSection[];
  requirements: SemanticRequirement[];
  model: { id: string; revision?: string };
  embed: (texts: string[]) => Promise<Float32Array[]>;
  cache?: EmbeddingCache;
  chunking?: ChunkOptions;
  options?: SemanticSignalOptions;
}): Promise<SemanticSignalResult & { chunks: TextChunk[]; cacheHits: number }> {
  const chunks = chunkText(args.resume.text, args.sections ?? [], args.chunking);
  const requirements = args.requirements.filter(isSemanticRequirement);
  if (requirements.length === 0 || chunks.length === 0) return { id: SEMANTIC_SIGNAL_ID, value: 0, evidence: [], applicable: false, chunks, cacheHits: 0 };
  const reqTexts = requirements.map((r) => r.text ?? r.label);
  const { vectors, hits } = await embedWithCache([...reqTexts, ...chunks.map((c) => c.text)], args.model, args.embed, args.cache);
  const result = semanticSignalFromVectors({
    requirements,
    requirementVectors: vectors.slice(0, reqTexts.length),
    chunks,
    chunkVectors: vectors.slice(reqTexts.length),
    toOriginal: args.resume.toOriginal,
    options: args.options
  });
  return { ...result, chunks, cacheHits: hits };
}
