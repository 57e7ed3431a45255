/**
 * Public surface of resume parsing: parseResume → ParsedResume (JSON Resume + provenance).
 * Non-goals: nothing is implemented here.
 */
export { parseResume, referenceDateFor, monthKey } from './parse-resume';
export { segmentSections, headingKind, normalizeHeading } from './sections';
export { listedSkills } from './listed-skills';
export { matchSkills, compileTaxonomy, defaultTaxonomy, groupSkills } from './skills';
export { findDateRanges, findSingleDates, latestMentionedDate, mergedYears, parseDate, parseYearsNumber, STATED_YEARS_RE, statedYearsOf } from './dates';
export { findDegrees, compareDegreeLevels, highestDegree } from './education';
export type {
  DegreeLevel,
  JsonResumeBasics,
  JsonResumeEducation,
  JsonResumeWork,
  ListedSkill,
  ParsedResume,
  ParseResumeOptions,
  Provenance,
  ResumeSection,
  SectionKind,
  SkillMention,
  SkillsTaxonomy,
  Span,
  TaxonomySkill
} from './types';
export type { DateRange, SingleDate } from './dates';
