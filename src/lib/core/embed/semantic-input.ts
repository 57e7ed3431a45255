/**
 * What an embedding model sees of one resume for one job's semantic signal: the requirements judged by meaning
 * and the resume's chunks (the MASKED text in blind mode, spans mapped back to the original), and the
 * SignalResult from their vectors. Pure, so the app's scoring service and the evaluation harness
 * (eval/semantic.ts) compute the signal the same way.
 * Non-goals: running a model (vectors come in), the cache, scoring (scoreCandidate takes the result as an extra signal).
 * Shape legend: SemanticInput.chunks index the text the model sees; `toOriginal` maps those offsets to the
 * original resume text (absent = identity, not blind).
 */
import type { Job } from '../job/types';
import type { ParsedResume } from '../resume/types';
import { prepareBlindResume } from '../score/score-candidate';
import type { SignalResult } from '../score/types';
import { chunkText, type TextChunk } from './chunk';
import { isSemanticRequirement, semanticSignalFromVectors, SEMANTIC_SIGNAL_ID, type SemanticRequirement, type SemanticSignalOptions } from './semantic';

/** What the embedding model sees of one resume for the semantic signal. */
export interface SemanticInput {
  requirements: SemanticRequirement[];
  chunks: TextChunk[];
  /** Masked-text offset → original offset (blind mode only). */
  toOriginal?: (offset: number) => number;
}

/**
 * The requirements judged by meaning and the resume chunks to embed (masked text in blind mode).
 * `referenceDate`: the date "Present" resolves to in the masked re-parse (as ScoreOptions.referenceDate; the
 * same date reuses scoreCandidate's cached masked parse).
 */
export function prepareSemanticInput(job: Job, resume: ParsedResume, blind: boolean, opts: { referenceDate?: Date } = {}): SemanticInput {
  const requirements = job.requirements
    .filter((r) => isSemanticRequirement(r))
    .map((r) => ({ id: r.id, label: r.label, kind: r.kind, weight: r.weight }));
  if (!blind) return { requirements, chunks: chunkText(resume.text, sectionsOf(resume)) };
  const prepared = prepareBlindResume(resume, { referenceDate: opts.referenceDate });
  return { requirements, chunks: chunkText(prepared.mask.text, sectionsOf(prepared.resume)), toOriginal: (o) => prepared.mask.toOriginal(o) };
}

function sectionsOf(resume: ParsedResume): Array<{ name: string; start: number; end: number }> {
  return resume.sections.map((s) => ({ name: s.kind, start: s.start, end: s.end }));
}

/**
 * The semantic SignalResult (spans in the ORIGINAL resume text) from the vectors of one SemanticInput.
 * `options`: the cosine rescaling (floor/ceil) for this model; the defaults otherwise.
 */
export function semanticExtraFromVectors(input: SemanticInput, requirementVectors: Float32Array[], chunkVectors: Float32Array[], options?: SemanticSignalOptions): SignalResult {
  if (input.requirements.length === 0 || input.chunks.length === 0) return { id: SEMANTIC_SIGNAL_ID, value: 0, evidence: [], applicable: false };
  return semanticSignalFromVectors({ requirements: input.requirements, requirementVectors, chunks: input.chunks, chunkVectors, toOriginal: input.toOriginal, options });
}
