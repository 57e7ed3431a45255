/**
 * Public surface of scoring: composable signals with evidence, the default weightless signals, corpus
 * statistics for BM25, and scoreCandidate.
 * Non-goals: nothing is implemented here.
 */
export { scoreCandidate, defaultSignals, prepareBlindResume, portableBlindResume, adoptBlindResume, SignalWithoutEvidenceError } from './score-candidate';
export type { BlindResume, PortableBlindResume, ResumeSource } from './score-candidate';
export { backgroundCorpus, buildCorpusStats, idf, scorableText } from './corpus';
export type { CorpusStats } from './corpus';
export { lexicalSignal, jobQuery } from './signals/lexical';
export { skillCoverageSignal } from './signals/skills';
export { roleSignal, roleTerms, roleKey, roleWords } from './signals/role';
export { keywordSignal } from './signals/keywords';
export { combine, shippedRanker } from './combine';
export { fitRanker, rankerScore, partsOfScore, DOMINANCE_GRID } from './ranker-fit';
export type { Example, FitOptions, FitResult } from './ranker-fit';
export type { Component, RankerWeights } from './combine';
export { findExcludedText, excludedText, ECHO_MIN_WORDS } from './echo';
export { experienceFitSignal } from './signals/experience';
export { educationFitSignal } from './signals/education';
export { tokenize, stem } from './text';
export type { Token } from './text';
export type {
  Evidence,
  ExcludedText,
  RequirementResult,
  RequirementVerdict,
  ScoreBreakdownEntry,
  ScoreContext,
  ScoreFlag,
  ScoreOptions,
  ScoreResult,
  Signal,
  SignalResult
} from './types';
