/**
 * Job and Requirement: a parsed job posting whose requirements are plain, editable data.
 * Purpose: the shape the job parser produces, the recruiter edits (priority, weight, add/remove) and the
 * scorer consumes.
 * Non-goals: no parsing logic here.
 * Shape legend: `text` is `title + "\n\n" + description`; every `source` is a half-open span into `text`
 * (a requirement the recruiter adds by hand has source {start: 0, end: 0}). `weight` is a non-negative
 * relative importance; normalizeWeights makes the weights of a list sum to 1.
 */
import type { DegreeLevel } from '../resume/types';

export type RequirementKind = 'skill' | 'years' | 'education' | 'keyword';
export type RequirementPriority = 'must' | 'nice';

export interface Requirement {
  /** Stable id: 'skill:python', 'years', 'education:bachelor', 'keyword:archivist'. */
  id: string;
  kind: RequirementKind;
  label: string;
  /** Canonical taxonomy name (kind 'skill'). */
  skill?: string;
  /** Kind 'skill' written as alternatives ("AutoCAD or SolidWorks"): any one of these canonical skills meets it. */
  anyOf?: string[];
  /** Minimum years of experience (kind 'years'). */
  minYears?: number;
  /** Minimum degree level (kind 'education'). */
  degreeLevel?: DegreeLevel;
  /** Field of study (kind 'education', "Computer Science or Statistics") or of experience (kind 'years', "accounting"). */
  area?: string;
  /** The word(s) to look for (kind 'keyword'). */
  keyword?: string;
  priority: RequirementPriority;
  weight: number;
  source: { start: number; end: number };
  /** The sentence or bullet the requirement was read from (shown beside it in the editor and the CLI). */
  sentence?: { start: number; end: number };
}

export type JobSectionKind = 'header' | 'must' | 'nice' | 'duties' | 'other';

export interface JobSection {
  kind: JobSectionKind;
  heading: string;
  start: number;
  end: number;
}

export interface Job {
  title: string;
  description: string;
  /** title + "\n\n" + description: the text all spans index. */
  text: string;
  requirements: Requirement[];
  sections: JobSection[];
  /**
   * "Must-haves first" (the recruiter's choice, off by default): a candidate who misses a must-have outright never
   * scores above one who meets them all (combine.ts MUST_FIRST). Off, must-haves count with the shipped ranker's
   * mild weight, which ranks better on the dev split (README, Evaluation).
   */
  mustFirst?: boolean;
}

export interface ParseJobOptions {
  taxonomy?: import('../resume/types').SkillsTaxonomy;
  /** Default weights by requirement kind and priority (see DEFAULT_REQUIREMENT_WEIGHTS). */
  weights?: Partial<Record<`${RequirementKind}:${RequirementPriority}`, number>>;
}
