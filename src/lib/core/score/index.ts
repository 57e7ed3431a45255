/**
 * Public surface of scoring: composable signals with evidence, the default weightless signals, corpus
 * statistics for BM25, and scoreCandidate.
 * Non-goals: nothing is implemented here.
 */
export { scoreCandidate, defaultSignals, prepareBlindResume, SignalWithoutEvidenceError } from './score-candidate';
export type { BlindResume } from './score-candidate';
export { buildCorpusStats, idf, scorableText } from './corpus';
export type { CorpusStats } from './corpus';
export { mergeCorpusStats } from './corpus-merge';
export { lexicalSignal, jobQuery } from './signals/lexical';
export { skillCoverageSignal, RELATED_CREDIT } from './signals/skills';
export { experienceFitSignal } from './signals/experience';
export { educationFitSignal } from './signals/education';
export { tokenize, stem } from './text';
export type { Token } from './text';
export type {
  Evidence,
  RequirementResult,
  RequirementVerdict,
  ScoreBreakdownEntry,
  ScoreContext,
  ScoreOptions,
  ScoreResult,
  Signal,
  SignalResult
} from './types';
