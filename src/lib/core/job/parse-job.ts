/**
 * parseJob: a job title + description → editable requirements (skills, minimum years, education, title
 * keywords), each must or nice, weighted, with the span that justifies it.
 * Purpose: the single job parser used by the app and the CLI.
 * Non-goals: salary, location, benefits; semantic requirement extraction (an LLM signal may refine later).
 * Shape legend: see types.ts; spans index job.text = title + "\n\n" + description.
 */
import { findDegrees, compareDegreeLevels } from '../resume/education';
import { parseYearsNumber } from '../resume/dates';
import { defaultTaxonomy, matchSkills } from '../resume/skills';
import type { DegreeLevel, ResumeSection } from '../resume/types';
import { priorityAt, segmentJob } from './sections';
import type { Job, JobSection, ParseJobOptions, Requirement, RequirementKind, RequirementPriority } from './types';
import { defaultWeight } from './weights';

const NUMBER = String.raw`(\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)`;
/** "5+ years of experience", "at least three years", "minimum of 3 years", "3-5 years", "two (2) years supervising". */
const JOB_YEARS_RE = new RegExp(
  String.raw`(?:\b(?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than)\s+)?\b${NUMBER}\s*(?:\(\d{1,2}\)\s*)?(?:\+|plus)?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?(?:years?|yrs?)['’]?(?:\s+(?:of\s+)?(?:[\p{L}/&.+#-]{1,30}\s+){0,5}?(?:experience|exp\b)|(?=\s+(?:in|of|with|as|\p{L}+ing)\b))`,
  'giu'
);
const AT_LEAST_RE = /\b(?:at\s+least|minimum(?:\s+of)?|min\.?)\s+/i;
const AREA_RE = /^\s*(?:'s)?(?:\s+degree)?\s*(?:\(|in|of|,)\s*([\p{L}&/ ,'-]{2,80}?)(?=\s*(?:[).;\n]|,?\s+or\s+(?:a\s+)?(?:related|equivalent|similar)|\s+(?:and|with|from|plus|preferred|required)\b|$))/iu;
const TITLE_STOPWORDS = new Set(
  'senior junior lead principal staff head chief intern internship trainee entry level mid associate assistant i ii iii iv sr jr the and of for in at to with a an remote hybrid onsite on-site full part time contract temporary permanent position job role opening vacancy team new'.split(' ')
);

function degreeRequirements(text: string, sections: JobSection[], weights: ParseJobOptions['weights']): Requirement[] {
  const mentions = findDegrees(text)
    .map((d) => ({ ...d, priority: priorityAt(text, sections, d.start) }))
    .filter((d): d is typeof d & { priority: RequirementPriority } => d.priority !== null && d.level !== 'secondary');
  const pick = (priority: RequirementPriority, cmp: (a: DegreeLevel, b: DegreeLevel) => boolean) =>
    mentions.filter((m) => m.priority === priority).reduce<(typeof mentions)[number] | undefined>((best, m) => (!best || cmp(m.level, best.level) ? m : best), undefined);
  // Must: the lowest level named ("Bachelor's or Master's" → bachelor); nice: a higher level, if named.
  const must = pick('must', (a, b) => compareDegreeLevels(a, b) < 0);
  const nice = pick('nice', (a, b) => compareDegreeLevels(a, b) > 0);
  const out: Requirement[] = [];
  for (const m of [must, nice]) {
    if (!m || (m === nice && must && compareDegreeLevels(m.level, must.level) <= 0)) continue;
    const area = AREA_RE.exec(text.slice(m.end, m.end + 120));
    const areaText = area?.[1].trim();
    out.push({
      id: `education:${m.level}`,
      kind: 'education',
      label: `${m.level[0].toUpperCase()}${m.level.slice(1)}'s degree${areaText ? ` in ${areaText}` : ''}`.replace("Doctorate's", 'Doctorate').replace("Diploma's degree", 'Diploma').replace("Associate's degree", "Associate's degree"),
      degreeLevel: m.level,
      ...(areaText ? { area: areaText } : {}),
      priority: m.priority,
      weight: defaultWeight('education', m.priority, weights),
      source: { start: m.start, end: area ? m.end + area.index + area[0].length : m.end }
    });
  }
  return out;
}

function yearsRequirement(text: string, sections: JobSection[], weights: ParseJobOptions['weights']): Requirement[] {
  let best: Requirement | undefined;
  for (const m of text.matchAll(JOB_YEARS_RE)) {
    const years = parseYearsNumber(m[1]);
    if (years === undefined || years <= 0 || years > 40) continue;
    const priority = AT_LEAST_RE.test(m[0]) ? (priorityAt(text, sections, m.index) === null ? null : 'must') : priorityAt(text, sections, m.index);
    if (priority === null) continue;
    const candidate: Requirement = {
      id: 'years',
      kind: 'years',
      label: `${years}+ years of experience`,
      minYears: years,
      priority,
      weight: defaultWeight('years', priority, weights),
      source: { start: m.index, end: m.index + m[0].length }
    };
    // Keep the strongest statement: a must over a nice, then the larger number.
    if (!best || (candidate.priority === 'must' && best.priority === 'nice') || (candidate.priority === best.priority && years > best.minYears!)) best = candidate;
  }
  return best ? [best] : [];
}

function skillRequirements(text: string, titleLength: number, sections: JobSection[], opts: ParseJobOptions): Requirement[] {
  // Requirement sections and the title act as a skills context so that "Go" or "R" named there count.
  const asResumeSections: ResumeSection[] = [
    { kind: 'skills', heading: '', start: 0, end: titleLength },
    ...sections.map((s): ResumeSection => ({ kind: s.kind === 'must' || s.kind === 'nice' ? 'skills' : 'summary', heading: s.heading, start: s.start, end: s.end }))
  ];
  const bySkill = new Map<string, Requirement>();
  for (const m of matchSkills(text, asResumeSections, opts.taxonomy ?? defaultTaxonomy)) {
    const existing = bySkill.get(m.skill);
    if (existing?.priority === 'must') continue; // nothing can raise it further
    const priority = priorityAt(text, sections, m.start);
    if (priority === null) continue;
    if (existing && !(existing.priority === 'nice' && priority === 'must')) continue;
    bySkill.set(m.skill, {
      id: `skill:${m.skill.toLowerCase()}`,
      kind: 'skill',
      label: m.skill,
      skill: m.skill,
      priority,
      weight: defaultWeight('skill', priority, opts.weights),
      source: { start: m.start, end: m.end }
    });
  }
  return [...bySkill.values()].sort((a, b) => a.source.start - b.source.start);
}

function titleKeywords(title: string, skillReqs: Requirement[], weights: ParseJobOptions['weights']): Requirement[] {
  const out: Requirement[] = [];
  for (const m of title.matchAll(/\p{L}[\p{L}'-]{2,}/gu)) {
    const word = m[0].toLowerCase();
    if (TITLE_STOPWORDS.has(word)) continue;
    if (skillReqs.some((r) => r.source.start <= m.index && r.source.end >= m.index + m[0].length)) continue;
    if (out.some((r) => r.keyword === word)) continue;
    out.push({ id: `keyword:${word}`, kind: 'keyword', label: m[0], keyword: word, priority: 'nice', weight: defaultWeight('keyword', 'nice', weights), source: { start: m.index, end: m.index + m[0].length } });
  }
  return out;
}

/** Parse a job posting into editable must/nice requirements with weights and source spans. */
export function parseJob(input: { title: string; description: string }, opts: ParseJobOptions = {}): Job {
  const title = input.title.trim();
  const text = `${title}\n\n${input.description}`;
  const sections = segmentJob(text);
  // The title is always a requirement context: it sits in the header section, which counts as 'must'
  // only when the posting has no requirements section; title skills are forced to 'must' below.
  const skills = skillRequirements(text, title.length, sections, opts).map((r) =>
    r.source.end <= title.length ? { ...r, priority: 'must' as const, weight: defaultWeight('skill', 'must', opts.weights) } : r
  );
  const requirements = [
    ...skills,
    ...yearsRequirement(text, sections, opts.weights),
    ...degreeRequirements(text, sections, opts.weights),
    ...titleKeywords(title, skills, opts.weights)
  ];
  return { title, description: input.description, text, requirements, sections };
}

/** Requirement kinds in display order. */
export const REQUIREMENT_KINDS: RequirementKind[] = ['skill', 'years', 'education', 'keyword'];
