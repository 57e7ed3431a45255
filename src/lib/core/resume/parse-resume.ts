/**
 * parseResume: plain resume text → JSON Resume with provenance, sections, skill mentions, the resume's own
 * skill lists (listedSkills) and total years.
 * Purpose: the single resume parser used by the workers, the CLI and training-node.
 * Non-goals: text extraction from PDF/DOCX (ingestion does that), masking (mask/), scoring (score/).
 * Shape legend: see types.ts; every span indexes `text` exactly as passed in (no normalisation happens
 * before offsets are taken).
 */
import { extractBasics } from './contact';
import { latestMentionedDate, mergedYears, STATED_YEARS_RE, statedYearsOf } from './dates';
import { extractEducation } from './education';
import { extractExperience } from './experience';
import { extractHeadline } from './headline';
import { segmentSections, sectionBody } from './sections';
import { listedSkills } from './listed-skills';
import { defaultTaxonomy, groupSkills, matchSkills } from './skills';
import type { ParsedResume, ParseResumeOptions, Provenance, ResumeSection } from './types';
import { withHeadlineJob, withoutOwnName } from './work-entries';

const MAX_PLAUSIBLE_YEARS = 50;
const ITEM_SPLIT_RE = /\n|[ ]{3,}|\t|\s[•·▪●]\s|^[•·▪●]\s/m;

/** Largest "N years of experience" stated anywhere, with its span. */
function statedYears(text: string): { years: number; start: number; end: number } | undefined {
  let best: { years: number; start: number; end: number } | undefined;
  for (const m of text.matchAll(STATED_YEARS_RE)) {
    const n = statedYearsOf(m);
    if (n === undefined || n <= 0 || n > MAX_PLAUSIBLE_YEARS) continue;
    if (!best || n > best.years) best = { years: n, start: m.index, end: m.index + m[0].length };
  }
  return best;
}

/** Short items of a list-like section (one per line, bullet or spaced segment). */
function sectionItems(text: string, section: ResumeSection, maxLength: number): Array<{ value: string; start: number; end: number }> {
  const body = sectionBody(text, section);
  const items: Array<{ value: string; start: number; end: number }> = [];
  let cursor = body.start;
  for (const raw of text.slice(body.start, body.end).split(ITEM_SPLIT_RE)) {
    const at = text.indexOf(raw, cursor);
    cursor = at + raw.length;
    const value = raw.replace(/^[\s•·▪●*:,-]+|[\s,;.]+$/g, '');
    if (value.length < 2 || value.length > maxLength || !/\p{L}{2}/u.test(value)) continue;
    const start = text.indexOf(value, at);
    items.push({ value, start, end: start + value.length });
  }
  return items;
}

function listFields(text: string, sections: ResumeSection[], provenance: Provenance[]) {
  const certificates: Array<{ name: string }> = [];
  const projects: Array<{ name: string }> = [];
  const languages: Array<{ language: string }> = [];
  for (const s of sections) {
    if (s.kind === 'certifications') {
      for (const it of sectionItems(text, s, 150)) {
        provenance.push({ path: `certificates[${certificates.length}].name`, start: it.start, end: it.end });
        certificates.push({ name: it.value });
      }
    } else if (s.kind === 'projects') {
      // A project's name is a short line that is not a sentence (descriptions end in '.' or run long).
      for (const it of sectionItems(text, s, 90)) {
        if (/[.]$/.test(it.value) || it.value.split(/\s+/).length > 12) continue;
        provenance.push({ path: `projects[${projects.length}].name`, start: it.start, end: it.end });
        projects.push({ name: it.value });
      }
    } else if (s.kind === 'languages') {
      const body = sectionBody(text, s);
      for (const m of text.slice(body.start, body.end).matchAll(/\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?/gu)) {
        if (languages.some((l) => l.language === m[0])) continue;
        const start = body.start + m.index;
        provenance.push({ path: `languages[${languages.length}].language`, start, end: start + m[0].length });
        languages.push({ language: m[0] });
      }
    }
  }
  return { certificates, projects, languages };
}

/**
 * The date "Present" resolves to: the caller's (the document's own date, e.g. PDF ModDate), else the latest
 * date the resume mentions (it was written no earlier), else today. Never later than today.
 */
export function referenceDateFor(text: string, opts: ParseResumeOptions = {}): Date {
  const now = new Date();
  if (opts.referenceDate) return opts.referenceDate;
  return latestMentionedDate(text, now) ?? now;
}

/** 'YYYY-MM' of a date (UTC): ParsedResume.referenceMonth. */
export function monthKey(date: Date): string {
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A month key as monthKey writes it. */
export const MONTH_KEY_RE = /^\d{4}-(?:0[1-9]|1[0-2])$/;

/** The first instant (UTC) of a 'YYYY-MM' month: monthKey(monthStart(k)) === k for every valid key. */
export function monthStart(key: string): Date {
  const date = new Date(0);
  date.setUTCFullYear(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, 1);
  return date;
}

/** Parse resume text into a JSON Resume with provenance, sections, skill mentions and experience totals. */
export function parseResume(text: string, opts: ParseResumeOptions = {}): ParsedResume {
  const taxonomy = opts.taxonomy ?? defaultTaxonomy;
  const sections = segmentSections(text);
  const { basics, provenance } = extractBasics(text, sections);
  const headline = extractHeadline(text, sections, provenance.find((p) => p.path === 'basics.name'));
  if (headline) {
    basics.label = headline.label;
    provenance.push(headline.provenance);
  }
  const summary = sections.find((s) => s.kind === 'summary');
  if (summary) {
    const body = sectionBody(text, summary);
    const value = text.slice(body.start, body.end).trim();
    if (value.length > 0) {
      basics.summary = value;
      const start = text.indexOf(value, body.start);
      provenance.push({ path: 'basics.summary', start, end: start + value.length });
    }
  }
  const found = extractExperience(text, sections);
  const nameSpan = provenance.find((p) => p.path === 'basics.name');
  const named = basics.name && nameSpan ? { start: nameSpan.start, end: nameSpan.end, text: basics.name } : undefined;
  const experience = { ...found, ...withoutOwnName(withHeadlineJob(found, headline), named, sections[0]?.kind === 'header' ? sections[0] : undefined) };
  const education = extractEducation(text, sections);
  const skillMentions = matchSkills(text, sections, taxonomy);
  const skills = groupSkills(skillMentions, taxonomy);
  const entryFields = experience.provenance.filter((p) => /^work\[\d+\]\.(?:position|name|location|summary)$/.test(p.path));
  const listed = listedSkills(text, sections, skillMentions, entryFields);
  listed.forEach((item, i) => provenance.push({ path: `listedSkills[${i}].name`, start: item.start, end: item.end }));
  skills.forEach((group, gi) =>
    group.keywords.forEach((skill, ki) => {
      const first = skillMentions.find((m) => m.skill === skill)!;
      provenance.push({ path: `skills[${gi}].keywords[${ki}]`, start: first.start, end: first.end });
    })
  );
  const stated = statedYears(text);
  if (stated) provenance.push({ path: 'statedYearsExperience', start: stated.start, end: stated.end });
  const lists = listFields(text, sections, provenance);
  const reference = referenceDateFor(text, opts);
  return {
    basics,
    work: experience.work,
    education: education.education,
    skills,
    ...lists,
    provenance: [...provenance, ...experience.provenance, ...education.provenance],
    sections,
    skillMentions,
    listedSkills: listed,
    totalYearsExperience: experience.ranges.length > 0 ? mergedYears(experience.ranges, reference) : null,
    statedYearsExperience: stated?.years ?? null,
    referenceMonth: monthKey(reference),
    text
  };
}
