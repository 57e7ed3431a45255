/**
 * Requirement extraction from one posting: skills (taxonomy; "A or B" kept as one either-of requirement),
 * minimum years with the field they are asked in, degrees with their field, and keyword requirements for
 * licences, certifications and "<field> experience" phrases the taxonomy does not name.
 * Purpose: the pieces parse-job.ts assembles into a Job; each carries its source span and its unit (sentence).
 * Non-goals: deciding priorities (sections.ts), weights (weights.ts).
 * Shape legend: spans are half-open offsets into job.text; `unit` is the sentence/bullet span the requirement
 * came from.
 */
import { findDegrees, compareDegreeLevels } from '../resume/education';
import { parseYearsNumber } from '../resume/dates';
import { matchSkills } from '../resume/skills';
import type { DegreeLevel, ResumeSection, SkillMention, SkillsTaxonomy, Span } from '../resume/types';
import type { JobUnit } from './sections';

export interface Found extends Span {
  unit: JobUnit;
}

const NUMBER = String.raw`(\d{1,2}(?:\.\d)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)`;
/** "5+ years of experience", "at least three years", "minimum of 3 years", "3-5 years", "two (2) years supervising". */
const JOB_YEARS_RE = new RegExp(
  String.raw`(?:\b(?:at\s+least|minimum(?:\s+of)?|min\.?|over|more\s+than)\s+)?\b${NUMBER}\s*(?:\(\d{1,2}\)\s*)?(?:\+|plus)?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?(?:years?|yrs?)['’]?(?:\s+(?:of\s+)?(?:[\p{L}/&.+#-]{1,30}\s+){0,5}?(?:experience|exp\b)|(?=\s+(?:in|of|with|as|\p{L}+ing)\b))`,
  'giu'
);
const AT_LEAST_RE = /\b(?:at\s+least|minimum(?:\s+of)?|min\.?)\s+/i;
// Words around a field that name no field.
const FILLER = new Set(
  'a an the of in with as and or any relevant related professional progressive proven hands on hands-on work working industry similar equivalent combined total overall full time paid practical previous prior direct experience exp years year demonstrated solid strong good excellent including such including field fields area areas discipline closely other'.split(' ')
);

function trimFiller(words: string[]): string[] {
  let a = 0;
  let b = words.length;
  while (a < b && FILLER.has(words[a].toLowerCase())) a++;
  while (b > a && FILLER.has(words[b - 1].toLowerCase())) b--;
  return words.slice(a, b);
}

/** The field of a years requirement: "3+ years of accounting experience" → "accounting". */
function yearsArea(text: string, m: RegExpMatchArray, unitEnd: number): string | undefined {
  const inside = /(?:years?|yrs?)['’]?\s+(?:of\s+)?(.*?)\s*(?:experience|exp)\b/i.exec(m[0]);
  let words = inside ? trimFiller(inside[1].split(/\s+/).filter(Boolean)) : [];
  if (words.length === 0) {
    // "… experience in backend development", "… years as a site engineer", "… years in retail banking"
    const after = text.slice(m.index! + m[0].length, unitEnd);
    const tail = /^\s*(?:of\s+)?(?:experience\s+)?(?:in|as|with|within)\s+(?:an?\s+|the\s+)?([\p{L}&/+# -]{2,60}?)(?=\s*(?:[,.;:()]|\s(?:and|is|are|required|preferred|including|such|where|who|that)\b|$))/iu.exec(after);
    words = tail ? trimFiller(tail[1].split(/\s+/).filter(Boolean)) : [];
  }
  words = words.filter((w) => !/^\d/.test(w));
  return words.length > 0 && words.length <= 5 ? words.join(' ') : undefined;
}

/** The strongest minimum-years statement: a must over a nice, then the larger number. */
export function findYears(text: string, units: JobUnit[]): Array<Found & { years: number; area?: string; atLeast: boolean }> {
  const out: Array<Found & { years: number; area?: string; atLeast: boolean }> = [];
  for (const m of text.matchAll(JOB_YEARS_RE)) {
    const years = parseYearsNumber(m[1]);
    const unit = units.find((u) => m.index >= u.start && m.index < u.end);
    if (!unit || unit.priority === null || years === undefined || years <= 0 || years > 40) continue;
    out.push({ start: m.index, end: m.index + m[0].length, unit, years, area: yearsArea(text, m, unit.end), atLeast: AT_LEAST_RE.test(m[0]) });
  }
  return out;
}

const DEGREE_AREA_RE = /^\s*(?:'s)?(?:\s+degree)?\s*(?:\(|in\b|of\b|,)\s*(?:an?\s+|the\s+)?([\p{L}&/ ,'-]{2,100}?)(?=\s*(?:[).;:\n(]|,\s*(?:\d|and\b|a\b|an\b|the\b|strong|excellent|proven|experience|knowledge|ability|at\s+least|minimum)|,?\s+or\s+(?:a\s+|an\s+)?(?:closely\s+)?(?:related|equivalent|similar|other)|\s+(?:and|with|from|plus|preferred|required|is|are|or\s+equivalent)\b|$))/iu;
// "a law degree", "a nursing degree", "a degree in agriculture": a degree named by its field, bachelor's level.
const FIELD_DEGREE_RE = /\b(?:an?\s+)?(?:(\p{L}{3,}(?:\s+\p{L}{3,})?)\s+degree|degree\s+(?:in|of)\s+)/giu;

export interface FoundDegree extends Found {
  level: DegreeLevel;
  area?: string;
}

function areaAfter(text: string, end: number, limit: number): { area: string; end: number } | undefined {
  const m = DEGREE_AREA_RE.exec(text.slice(end, Math.min(limit, end + 140)));
  if (!m) return undefined;
  const area = m[1].trim().replace(/[\s,]+$/, '');
  if (!/\p{L}{3}/u.test(area) || area.split(/\s+/).length > 10) return undefined;
  // "diploma (degree preferred)": another qualification, not the field of study.
  if (/^(?:an?\s+)?(?:degree|diploma|qualification|certificate)s?\b/i.test(area)) return undefined;
  return { area, end: end + m.index + m[0].length };
}

/** Degree mentions with level and field, in requirement units. */
export function findEducation(text: string, units: JobUnit[]): FoundDegree[] {
  const out: FoundDegree[] = [];
  for (const unit of units) {
    if (unit.priority === null) continue;
    const degrees = findDegrees(text, unit.start, unit.end).filter((d) => d.level !== 'secondary');
    for (const d of degrees) {
      const area = areaAfter(text, d.end, unit.end);
      out.push({ start: d.start, end: area?.end ?? d.end, unit, level: d.level, ...(area ? { area: area.area } : {}) });
    }
    if (degrees.length > 0) continue;
    for (const m of text.slice(unit.start, unit.end).matchAll(FIELD_DEGREE_RE)) {
      const start = unit.start + m.index;
      const named = m[1] && !/^(?:college|university|four|year|advanced|graduate|relevant|related|the|a|an|any)$/i.test(m[1].split(/\s+/)[0]) ? m[1] : undefined;
      // "a degree in agriculture, agronomy or a related field": the field follows "in"; back up to it.
      const area = named ? { area: named, end: start + m[0].length } : areaAfter(text, start + m[0].search(/\s(?:in|of)\s*$/), unit.end);
      if (!area) continue;
      out.push({ start, end: area.end, unit, level: 'bachelor', area: area.area });
    }
  }
  return out;
}

/** Of several named levels, the lowest for a must ("Bachelor's or Master's" → bachelor), a higher one as nice. */
export function pickDegrees(found: FoundDegree[]): FoundDegree[] {
  const pick = (priority: 'must' | 'nice', better: (a: DegreeLevel, b: DegreeLevel) => boolean) =>
    found.filter((f) => f.unit.priority === priority).reduce<FoundDegree | undefined>((best, f) => (!best || better(f.level, best.level) || (f.level === best.level && !best.area && f.area) ? f : best), undefined);
  const must = pick('must', (a, b) => compareDegreeLevels(a, b) < 0);
  const nice = pick('nice', (a, b) => compareDegreeLevels(a, b) > 0);
  return [must, nice].filter((f): f is FoundDegree => !!f && !(f === nice && must && compareDegreeLevels(f.level, must.level) <= 0));
}

export interface FoundSkill extends Found {
  skills: string[];
}

/**
 * Skill mentions in requirement units; mentions joined by "or" / "/" ("AutoCAD or SolidWorks", "NASM, ACE or
 * ACSM") become one either-of requirement.
 */
export function findSkills(text: string, units: JobUnit[], titleEnd: number, taxonomy: SkillsTaxonomy): FoundSkill[] {
  // Requirement units and the title act as a skills context so that "Go" or "R" named there count.
  const context: ResumeSection[] = [
    { kind: 'skills', heading: '', start: 0, end: titleEnd },
    ...units.map((u): ResumeSection => ({ kind: u.stated ? 'skills' : 'summary', heading: '', start: u.start, end: u.end }))
  ];
  const mentions = matchSkills(text, context, taxonomy);
  const out: FoundSkill[] = [];
  const titleUnit: JobUnit = { start: 0, end: titleEnd, priority: 'must', stated: true };
  let group: SkillMention[] = [];
  let groupUnit: JobUnit | undefined;
  const flush = () => {
    if (group.length && groupUnit) out.push({ start: group[0].start, end: group[group.length - 1].end, unit: groupUnit, skills: [...new Set(group.map((g) => g.skill))] });
    group = [];
    groupUnit = undefined;
  };
  for (const m of mentions) {
    const unit = m.end <= titleEnd ? titleUnit : units.find((u) => m.start >= u.start && m.end <= u.end);
    if (!unit || unit.priority === null) continue;
    const prev = group[group.length - 1];
    const between = prev && unit === groupUnit ? text.slice(prev.end, m.start) : undefined;
    if (prev && between !== undefined && /^\s*(?:,\s*|\/\s*)?$/.test(between)) {
      group.push(m); // "A, B" or "A/B": still a list; decided by the next joiner
      continue;
    }
    if (prev && between !== undefined && /^\s*,?\s*(?:or|and\/or|\/)\s*(?:an?\s+)?$/i.test(between)) {
      group.push(m);
      continue;
    }
    flush();
    group = [m];
    groupUnit = unit;
  }
  flush();
  // A list "A, B and C" is three requirements; "A, B or C" is one: decided by the joiners BETWEEN mentions
  // (the "/" inside "TCP/IP" is part of a name, not a joiner).
  return out.flatMap((g) => {
    const inside = mentions.filter((m) => m.start >= g.start && m.end <= g.end);
    const either = inside.slice(1).some((m, i) => /\bor\b|\//i.test(text.slice(inside[i].end, m.start)));
    if (either || g.skills.length === 1) return [g];
    return splitGroup(text, g, mentions);
  });
}

function splitGroup(text: string, g: FoundSkill, mentions: SkillMention[]): FoundSkill[] {
  return mentions
    .filter((m) => m.start >= g.start && m.end <= g.end)
    .map((m) => ({ start: m.start, end: m.end, unit: g.unit, skills: [m.skill] }));
}

// Licences and certifications: "pesticide applicator license", "valid driver's license", "certified in CPR".
const CREDENTIAL_RE = /\b((?:[\p{L}&/'’+-]+\s+){0,3}?(?:[\p{L}&/'’+-]+))\s+(?:license|licence|licensure|certification|certificate|certified|credential|endorsement|registration)\b/giu;
// "<field> experience" / "experience in <field>": the field must carry a non-filler word.
const FIELD_EXPERIENCE_RE = /\b((?:[\p{L}&/+-]+\s+){0,3}?[\p{L}&/+-]+)\s+(?:experience|background(?!\s+(?:checks?|screening|investigation)))\b|\bexperience\s+(?:in|with|as)\s+(?:an?\s+|the\s+)?((?:[\p{L}&/+-]+\s+){0,3}?[\p{L}&/+-]+)(?=\s*(?:[,.;:()]|\s(?:and|is|are|required|preferred|including|such|where|who|that|to)\b|$))/giu;
const NOT_A_FIELD = new Set(
  'valid current active state national nationally recognized recognised professional relevant related work working industry prior previous proven hands-on hands on strong excellent solid good demonstrated extensive some any our your their this that with and or of in the a an years year plus more minimum least customer-facing similar equivalent paid practical direct own sales-related leadership management supervisory team people computer basic advanced technical general overall total combined'.split(' ')
);

/**
 * The field words of a phrase: the trailing run of words that are neither filler nor generic ("several years of
 * litigation" → "litigation"), with "or"/"and" kept between field words ("call center or BPO").
 */
function phraseWords(phrase: string): string[] {
  const words = phrase.split(/\s+/).filter((w) => /\p{L}{2}/u.test(w));
  const isField = (w: string) => !FILLER.has(w.toLowerCase()) && !NOT_A_FIELD.has(w.toLowerCase());
  let a = words.length;
  while (a > 0 && (isField(words[a - 1]) || (/^(?:or|and)$/i.test(words[a - 1]) && a - 2 >= 0 && isField(words[a - 2])))) a--;
  return words.slice(a);
}

/** Keyword requirements: credentials and experience fields the taxonomy does not cover. */
export function findKeywords(text: string, units: JobUnit[], covered: Span[]): Array<Found & { keyword: string }> {
  const out: Array<Found & { keyword: string }> = [];
  const overlaps = (s: number, e: number) => covered.some((c) => s < c.end && e > c.start);
  for (const unit of units) {
    if (unit.priority === null || !unit.stated) continue;
    const body = text.slice(unit.start, unit.end);
    for (const re of [CREDENTIAL_RE, FIELD_EXPERIENCE_RE]) {
      for (const m of body.matchAll(re)) {
        const phrase = (m[1] ?? m[2] ?? '').replace(/['’]s$/, '');
        const words = phraseWords(phrase);
        if (words.length === 0 || words.length > 4) continue;
        // A credential keeps its noun ("pesticide applicator license"): the field words alone are not the ask.
        const noun = re === CREDENTIAL_RE ? /\s(\p{L}+)$/u.exec(m[0])?.[1] : undefined;
        const keyword = noun ? `${words.join(' ')} ${noun}` : words.join(' ');
        const at = unit.start + m.index + m[0].indexOf(words[0]);
        const end = unit.start + m.index + m[0].length;
        if (overlaps(at, at + keyword.length)) continue;
        if (out.some((k) => k.keyword.toLowerCase() === keyword.toLowerCase())) continue;
        out.push({ start: at, end, unit, keyword });
      }
    }
  }
  return out;
}
