/**
 * Public surface of job parsing: parseJob → Job with editable Requirement[]; normalizeWeights.
 * Non-goals: nothing is implemented here.
 */
export { parseJob, REQUIREMENT_KINDS } from './parse-job';
export { normalizeWeights, defaultWeight, DEFAULT_REQUIREMENT_WEIGHTS } from './weights';
export { segmentJob, priorityAt, jobUnits, headingKindOf } from './sections';
export { jobFromText } from './job-text';
export type { JobText } from './job-text';
export type { Job, JobSection, JobSectionKind, ParseJobOptions, Requirement, RequirementKind, RequirementPriority } from './types';
