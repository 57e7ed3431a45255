/**
 * Public surface of the shortlist's pure logic: blind-safe row profiles, search, pipeline stages and the score
 * distribution. Non-goals: nothing is implemented here.
 */
export { candidateProfile, searchableText } from './profile';
export type { CandidateProfile } from './profile';
export { matchesTerms, queryTerms } from './search';
export { STAGES, STAGE_KEYS, STAGE_LABELS, isStage, nextStage, stageCounts } from './stages';
export type { Stage } from './stages';
export { countAtOrAbove, scoreBins } from './distribution';
export type { ScoreBin } from './distribution';
