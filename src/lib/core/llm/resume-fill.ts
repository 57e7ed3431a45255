/**
 * Merges the model's JSON Resume fill-in into the rule parse. The rule parse stays the source of truth: the model
 * only fills what the parser left empty (summary, and the work / education / skills lists when empty), and only
 * with values that verify verbatim against the text the model saw. Merged strings are the ORIGINAL resume's own
 * text at the verified span (so blind-mode placeholders never leak into the record), with provenance.
 *
 * Non-goals: prompting, overriding parsed values, inventing fields the text does not contain.
 */
import type { MaskResult } from '../mask/types';
import type { JsonResumeEducation, JsonResumeWork, ParsedResume, Provenance } from '../resume/types';
import { ok, type Result } from '../result';
import { normaliseForMatch, verifyQuote } from './evidence';
import { resumeFillSchema } from './schemas';
import { parseAnswer } from './validate';

export interface ResumeFillAnswer {
  basics: { label: string; summary: string };
  work: { name: string; position: string; startDate: string; endDate: string; summary: string }[];
  education: { institution: string; area: string; studyType: string; endDate: string }[];
  skills: { name: string }[];
}

export interface ResumeFillMerge {
  resume: ParsedResume;
  /** Paths that were filled from the model's answer. */
  filled: string[];
  /** Values dropped, with why. */
  rejected: { path: string; value: string; reason: string }[];
}

const DATE = /^\d{4}(-(0[1-9]|1[0-2]))?$/;

/** Validate the fill-in answer and merge verified values into a copy of `parsed`. */
export function mergeResumeFill(parsed: ParsedResume, answerText: string, seen: MaskResult): Result<ResumeFillMerge> {
  const answer = parseAnswer<ResumeFillAnswer>(resumeFillSchema, answerText, 'resume fill-in');
  if (!answer.ok) return answer;
  const a = answer.value;
  const prepared = normaliseForMatch(seen.text);
  const filled: string[] = [];
  const rejected: ResumeFillMerge['rejected'] = [];
  const provenance: Provenance[] = [];

  /** The original text for a value the model copied, or undefined (recorded as rejected). */
  const verified = (path: string, value: string): string | undefined => {
    if (!value.trim()) return undefined;
    const c = verifyQuote(seen.text, value, prepared);
    if (!c.verified || !c.span) {
      rejected.push({ path, value, reason: c.reason === 'too-short' ? 'too short to verify' : 'not found verbatim in the resume' });
      return undefined;
    }
    const start = seen.toOriginal(c.span.start);
    const end = Math.max(start, seen.toOriginal(c.span.end));
    provenance.push({ path, start, end });
    return parsed.text.slice(start, end);
  };
  const date = (path: string, value: string): string | undefined => {
    if (!value) return undefined;
    if (!DATE.test(value) || !seen.text.includes(value.slice(0, 4))) {
      rejected.push({ path, value, reason: 'not a YYYY or YYYY-MM date that appears in the resume' });
      return undefined;
    }
    return value;
  };

  const out: ParsedResume = structuredCloneResume(parsed);
  if (!out.basics.summary) {
    const summary = verified('basics.summary', a.basics.summary);
    if (summary) (out.basics.summary = summary), filled.push('basics.summary');
  }
  if (out.work.length === 0) {
    a.work.forEach((w, i) => {
      const p = `work[${out.work.length}]`;
      const name = verified(`${p}.name`, w.name);
      const position = verified(`${p}.position`, w.position);
      if (!name && !position) return void rejected.push({ path: `work[${i}]`, value: `${w.name} / ${w.position}`, reason: 'neither name nor position verified' });
      const entry: JsonResumeWork = { name, position, startDate: date(`${p}.startDate`, w.startDate), endDate: date(`${p}.endDate`, w.endDate) };
      const summary = verified(`${p}.summary`, w.summary);
      if (summary) entry.summary = summary;
      out.work.push(dropUndefined(entry));
      filled.push(p);
    });
  }
  if (out.education.length === 0) {
    a.education.forEach((e, i) => {
      const p = `education[${out.education.length}]`;
      const institution = verified(`${p}.institution`, e.institution);
      if (!institution) return void rejected.push({ path: `education[${i}]`, value: e.institution, reason: 'institution not verified' });
      const entry: JsonResumeEducation = { institution, area: verified(`${p}.area`, e.area), studyType: verified(`${p}.studyType`, e.studyType), endDate: date(`${p}.endDate`, e.endDate) };
      out.education.push(dropUndefined(entry));
      filled.push(p);
    });
  }
  const known = new Set(out.skills.flatMap((g) => g.keywords.map((k) => k.toLowerCase())));
  const extra: string[] = [];
  a.skills.forEach((s, i) => {
    if (known.has(s.name.toLowerCase())) return;
    const name = verified(`skills.model[${i}]`, s.name);
    if (name && !known.has(name.toLowerCase())) {
      known.add(name.toLowerCase());
      extra.push(name);
    }
  });
  if (extra.length) {
    out.skills.push({ name: 'Other (model-extracted)', keywords: extra });
    filled.push('skills');
  }
  // Provenance of the merged values replaces any stale entry for the same paths.
  const isFilled = (path: string) => filled.some((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`));
  const kept = provenance.filter((p) => isFilled(p.path) || p.path.startsWith('skills.model'));
  out.provenance = [...out.provenance.filter((p) => !isFilled(p.path)), ...kept];
  return ok({ resume: out, filled, rejected });
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function structuredCloneResume(r: ParsedResume): ParsedResume {
  return JSON.parse(JSON.stringify(r)) as ParsedResume;
}
