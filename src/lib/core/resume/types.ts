/**
 * ParsedResume: a JSON Resume (jsonresume.org schema subset) plus provenance for every extracted field.
 * Purpose: the one resume shape the parser produces and the scorer, UI, CLI and training-node consume.
 * Non-goals: no parsing logic here.
 * Shape legend: every `{start, end}` is a half-open UTF-16 span into `text` (the exact input of parseResume);
 * `path` names a field in JSON-pointer-ish dot/bracket form, e.g. 'work[0].startDate', 'basics.email';
 * dates are ISO 'YYYY' or 'YYYY-MM'; a current position has no endDate and `current: true`.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Provenance extends Span {
  path: string;
}

export type SectionKind =
  | 'header'
  | 'summary'
  | 'experience'
  | 'education'
  | 'skills'
  | 'projects'
  | 'certifications'
  | 'languages'
  | 'awards'
  | 'publications'
  | 'volunteer'
  | 'interests'
  | 'affiliations'
  | 'references'
  | 'personal';

/** A section: its kind, the heading as written (empty for the header block) and the span it covers (heading included). */
export interface ResumeSection extends Span {
  kind: SectionKind;
  heading: string;
}

/** One matched skill: canonical name from the taxonomy, the alias as written and where. */
export interface SkillMention extends Span {
  skill: string;
  category: string;
  alias: string;
}

/** One item of the resume's own skill lists, as written ("Client handling", "SQL Server"), with the canonical names the taxonomy finds in it. */
export interface ListedSkill extends Span {
  name: string;
  /** Canonical taxonomy names mentioned inside the item (absent when the taxonomy knows none). */
  skills?: string[];
}

export interface JsonResumeBasics {
  name?: string;
  /** JSON Resume's headline: the candidate's current title as the resume states it ("Senior Accountant"). */
  label?: string;
  email?: string;
  phone?: string;
  url?: string;
  summary?: string;
  location?: { address?: string; city?: string; region?: string };
  profiles: Array<{ network: string; username?: string; url: string }>;
}

export interface JsonResumeWork {
  name?: string;
  position?: string;
  /** Where the job was, as written ("Pune, Maharashtra"). */
  location?: string;
  startDate?: string;
  endDate?: string;
  /** Not in the JSON Resume schema (which omits endDate for a current role); explicit for consumers. */
  current?: boolean;
  summary?: string;
}

/** Degree levels, ordered: a higher number is a higher degree. */
export type DegreeLevel = 'secondary' | 'diploma' | 'associate' | 'bachelor' | 'master' | 'doctorate';

export interface JsonResumeEducation {
  institution?: string;
  area?: string;
  studyType?: string;
  endDate?: string;
  /** Normalised level of studyType (extension of the schema, used for education fit). */
  degreeLevel?: DegreeLevel;
}

export interface ParsedResume {
  basics: JsonResumeBasics;
  work: JsonResumeWork[];
  education: JsonResumeEducation[];
  /** Skills grouped by taxonomy category: name = category label, keywords = canonical skill names. */
  skills: Array<{ name: string; keywords: string[] }>;
  certificates: Array<{ name: string }>;
  projects: Array<{ name: string }>;
  languages: Array<{ language: string }>;
  provenance: Provenance[];
  sections: ResumeSection[];
  skillMentions: SkillMention[];
  /** The skills the resume lists (items of its skills sections and "Skills:" lines), deduplicated, in text order. */
  listedSkills: ListedSkill[];
  /** Years covered by dated work entries after merging overlaps (null when no dated entry was found). */
  totalYearsExperience: number | null;
  /** Largest "N years of experience" the candidate states (null when none). */
  statedYearsExperience: number | null;
  /** The month "Present" was resolved to for totalYearsExperience ('YYYY-MM'; see ParseResumeOptions.referenceDate). */
  referenceMonth?: string;
  /** The exact text that was parsed; all spans index into it. */
  text: string;
}

/** One skill in the curated taxonomy (models/skills-taxonomy.json). */
export interface TaxonomySkill {
  name: string;
  category: string;
  aliases: string[];
  /** The canonical name is an ordinary word or a single letter: match only in a skills context. */
  contextOnly?: boolean;
  contextOnlyAliases?: string[];
  caseSensitive?: boolean;
  /** Aliases deliberately shared with another skill ("AP/AR"); every owner whose rules accept it is reported. */
  sharedAliases?: string[];
  /** Names that are common English words yet count anywhere ("Accounting"); the taxonomy test requires the mark. */
  commonWords?: string[];
  /** How ambiguous names are settled by their surroundings (EMR the record vs Amazon EMR, Chef the tool vs a cook). */
  rules?: SkillContextRule[];
}

/** A taxonomy rule for ambiguous names of one skill; see the $comment of models/skills-taxonomy.json. */
export interface SkillContextRule {
  /** Which of the skill's names it covers (default: the canonical name). */
  names?: string[];
  /** Words or phrases that confirm the skill within `window` characters either side. */
  near?: string[];
  /** An unambiguous mention of a skill of one of these categories within the window confirms it. */
  nearCategories?: string[];
  /** Words or phrases within the window that rule it out. */
  notNear?: string[];
  /** The next word rules it out ("Excel at"); "#number" stands for any number. */
  notFollowedBy?: string[];
  /** The previous word rules it out ("Class C"). */
  notPrecededBy?: string[];
  /** A skills context (section, "Skills:" line, list neighbour) alone also confirms it. */
  skillsContext?: boolean;
  /** The names count only as written or in ALL CAPS; any other case is an ordinary word. */
  caseSensitive?: boolean;
  /** Characters either side searched for near/notNear words and categories (default 120). */
  window?: number;
}

export interface SkillsTaxonomy {
  version: number;
  categories: Record<string, string>;
  skills: TaxonomySkill[];
}

export interface ParseResumeOptions {
  taxonomy?: SkillsTaxonomy;
  /**
   * Date that "Present" resolves to: pass the document's own date when there is one (ExtractedText.documentDate).
   * Default: the latest date the resume mentions (a resume written years ago is not "present" today), else now.
   */
  referenceDate?: Date;
}
