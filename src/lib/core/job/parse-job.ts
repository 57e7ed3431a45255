/**
 * parseJob: a job title + description → editable requirements (skills, minimum years, education, keywords),
 * each must or nice, weighted, with the phrase that justifies it and the sentence it came from.
 * Purpose: the single job parser used by the app and the CLI.
 * Non-goals: salary, location, benefits; the role itself (the title is matched by the role signal, not turned
 * into keyword requirements); semantic requirement extraction (an LLM signal may refine later).
 * Shape legend: see types.ts; spans index job.text = title + "\n\n" + description.
 */
import { defaultTaxonomy } from '../resume/skills';
import { findEducation, findKeywords, findSkills, findYears, pickDegrees } from './extract';
import { jobUnits, segmentJob } from './sections';
import type { Job, ParseJobOptions, Requirement, RequirementKind } from './types';
import { defaultWeight } from './weights';

const span = (s: { start: number; end: number }) => ({ start: s.start, end: s.end });
const SENIORITY = new Set('senior sr junior jr lead principal staff head chief entry level mid associate trainee intern i ii iii iv remote hybrid'.split(' '));

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Parse a job posting into editable must/nice requirements with weights and source spans. */
export function parseJob(input: { title: string; description: string }, opts: ParseJobOptions = {}): Job {
  const title = input.title.trim();
  const text = `${title}\n\n${input.description}`;
  const sections = segmentJob(text, title.length);
  const units = jobUnits(text, sections, title.length);
  const weights = opts.weights;
  const requirements: Requirement[] = [];
  const add = (r: Omit<Requirement, 'weight'> & { kind: RequirementKind }) => {
    const existing = requirements.findIndex((x) => x.id === r.id);
    const full = { ...r, weight: defaultWeight(r.kind, r.priority, weights) };
    if (existing < 0) requirements.push(full);
    else if (requirements[existing].priority === 'nice' && r.priority === 'must') requirements[existing] = full; // a must-have wins
  };

  // A skill that IS the role ("Data Engineer" → Data Engineering, "Graphic Designer" → Graphic Design) is judged by
  // the role signal, not as a requirement; a tool named in the title ("Backend Engineer (Go)") is a must-have.
  const titleWords = (title.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => !SENIORITY.has(w));
  const isTheRole = (s: { start: number; end: number }) => {
    const named = new Set((text.slice(s.start, s.end).toLowerCase().match(/\p{L}+/gu) ?? []).map((w) => w.slice(0, 5)));
    return titleWords.filter((w) => named.has(w.slice(0, 5))).length * 2 >= titleWords.length;
  };
  const skills = findSkills(text, units, title.length, opts.taxonomy ?? defaultTaxonomy).filter((s) => !(s.end <= title.length && isTheRole(s)));
  for (const s of skills) {
    const priority = s.unit.priority!;
    const names = [...s.skills].sort();
    add({
      id: `skill:${names.map((n) => n.toLowerCase()).join('|')}`,
      kind: 'skill',
      label: s.skills.join(' or '),
      skill: s.skills[0],
      ...(s.skills.length > 1 ? { anyOf: s.skills } : {}),
      priority,
      source: span(s),
      sentence: span(s.unit)
    });
  }
  // A single-skill requirement already inside an either-of group of the same priority is the same ask.
  for (let i = requirements.length - 1; i >= 0; i--) {
    const r = requirements[i];
    if (r.kind === 'skill' && !r.anyOf && requirements.some((g) => g.anyOf?.includes(r.skill!) && (g.priority === r.priority || g.priority === 'must'))) requirements.splice(i, 1);
  }

  const years = findYears(text, units);
  const best = years.reduce<(typeof years)[number] | undefined>(
    (b, y) => (!b || (y.unit.priority === 'must' && b.unit.priority === 'nice') || (y.unit.priority === b.unit.priority && (y.years > b.years || (y.years === b.years && !b.area && y.area))) ? y : b),
    undefined
  );
  if (best) {
    // "At least N years" is a must-have unless the posting says it is preferred ("at least 1 year preferred").
    const saysNice = best.unit.priority === 'nice' && best.unit.stated;
    const priority = best.atLeast && !saysNice ? 'must' : best.unit.priority!;
    add({ id: 'years', kind: 'years', label: `${best.years}+ years${best.area ? ` of ${best.area}` : ''} experience`, minYears: best.years, ...(best.area ? { area: best.area } : {}), priority, source: span(best), sentence: span(best.unit) });
  }

  for (const d of pickDegrees(findEducation(text, units))) {
    const level = d.level === 'doctorate' ? 'Doctorate' : d.level === 'diploma' ? 'Diploma' : `${capitalise(d.level)}'s degree`;
    add({ id: `education:${d.level}`, kind: 'education', label: `${level}${d.area ? ` in ${d.area}` : ''}`, degreeLevel: d.level, ...(d.area ? { area: d.area } : {}), priority: d.unit.priority!, source: span(d), sentence: span(d.unit) });
  }

  const covered = [...skills, ...years, ...findEducation(text, units)].map(span);
  for (const k of findKeywords(text, units, covered)) {
    add({ id: `keyword:${k.keyword.toLowerCase()}`, kind: 'keyword', label: k.keyword, keyword: k.keyword, priority: k.unit.priority!, source: span(k), sentence: span(k.unit) });
  }
  requirements.sort((a, b) => a.source.start - b.source.start);
  return { title, description: input.description, text, requirements, sections };
}

/** Requirement kinds in display order. */
export const REQUIREMENT_KINDS: RequirementKind[] = ['skill', 'years', 'education', 'keyword'];
