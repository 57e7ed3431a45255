/**
 * Education requirements: the candidate's degrees against each education requirement, by LEVEL and FIELD.
 * Purpose: a transparent degree check evidenced by the education entries.
 * Non-goals: institution prestige (deliberately ignored: it is a proxy for background, not ability).
 * Shape legend: per requirement and entry, level: at or above the required level, or one level below;
 * field: the requirement names no field, or one of its field words (stemmed) appears in the entry's degree or
 * field — degree abbreviations count for their field (B.Com → commerce/accounting/finance, BSN → nursing, LLB →
 * law …). credit = 1 level and field; 0.75 level met but the entry states no field to compare; 0.5 level met in
 * another field, or one level below in the field; else 0. The best entry decides.
 */
import { compareDegreeLevels } from '../../resume/education';
import type { JsonResumeEducation } from '../../resume/types';
import { tokenize } from '../text';
import type { Evidence, RequirementResult, ScoreContext, Signal, SignalResult } from '../types';
import { ratioResult } from './result';

const GENERIC_FIELD_WORDS = new Set(['relat', 'related', 'field', 'or', 'and', 'similar', 'equival', 'equivalent', 'disciplin', 'area', 'of', 'in', 'studi', 'degre', 'major', 'subject', 'program', 'quantit']);
/** Fields a degree's abbreviation implies, in the words a posting uses for them. */
const DEGREE_FIELDS: Array<[RegExp, string]> = [
  [/\bB\.?\s?Com|\bM\.?\s?Com|commerce/i, 'commerce accounting accountancy finance business'],
  [/\bB\.?\s?B\.?\s?A|\bM\.?\s?B\.?\s?A|\bB\.?\s?B\.?\s?M|PGDM|PGDBA/i, 'business administration management'],
  [/\bB\.?\s?S\.?\s?N|\bM\.?\s?S\.?\s?N|\bA\.?\s?D\.?\s?N|nursing/i, 'nursing'],
  [/\bLL\.?\s?[BM]|\bJ\.?\s?D\b|juris/i, 'law legal'],
  [/\bB\.?\s?Ed|\bM\.?\s?Ed|\bEd\.?\s?D/i, 'education teaching'],
  [/\bB\.?\s?F\.?\s?A|\bM\.?\s?F\.?\s?A/i, 'fine arts art design'],
  [/\bB\.?\s?Tech|\bM\.?\s?Tech|\bB\.?\s?E\b|\bM\.?\s?E\b|\bB\.?\s?Eng|\bM\.?\s?Eng/i, 'engineering technology'],
  [/\bB\.?\s?C\.?\s?A|\bM\.?\s?C\.?\s?A/i, 'computer applications computer science information technology'],
  [/\bM\.?\s?B\.?\s?B\.?\s?S|\bM\.?\s?D\b/i, 'medicine medical health'],
  [/\bB\.?\s?Pharm|\bPharm\.?\s?D/i, 'pharmacy'],
  [/\bB\.?\s?Arch/i, 'architecture'],
  [/\bCPA\b|\bACCA\b|chartered accountant/i, 'accounting accountancy']
];

function fieldTerms(s: string): Set<string> {
  return new Set(tokenize(s).map((t) => t.term).filter((t) => !GENERIC_FIELD_WORDS.has(t)));
}

function entryFieldTerms(e: JsonResumeEducation): Set<string> {
  const written = `${e.area ?? ''} ${e.studyType ?? ''}`;
  const implied = DEGREE_FIELDS.filter(([re]) => re.test(written)).map(([, f]) => f).join(' ');
  return fieldTerms(`${written} ${implied}`);
}

function entryEvidence(ctx: ScoreContext, index: number, requirementId: string, note: string): Evidence[] {
  return ctx.resume.provenance
    .filter((p) => p.path === `education[${index}].studyType` || p.path === `education[${index}].area`)
    .filter((p) => !ctx.excluded.covers(p.start, p.end))
    .map((p) => ({ requirementId, signalId: 'education', span: { start: p.start, end: p.end }, text: ctx.resume.text.slice(p.start, p.end), note }));
}

/** Degrees (level and field) vs the job's education requirements. */
export const educationFitSignal: Signal = {
  id: 'education',
  label: 'Education',
  defaultWeight: 0,
  role: 'requirements',
  compute(ctx: ScoreContext): SignalResult {
    const reqs = ctx.job.requirements.filter((r) => r.kind === 'education' && r.degreeLevel && r.weight > 0);
    if (reqs.length === 0) return { id: 'education', value: 0, evidence: [], applicable: false, requirements: [] };
    const entries = ctx.resume.education.map((e, index) => ({ e, index })).filter((x) => x.e.degreeLevel);
    let total = 0;
    let got = 0;
    const requirements: RequirementResult[] = [];
    for (const r of reqs) {
      total += r.weight;
      const wanted = r.area ? fieldTerms(r.area) : new Set<string>();
      let best = { credit: 0, index: -1, note: '' };
      for (const { e, index } of entries) {
        const diff = compareDegreeLevels(e.degreeLevel!, r.degreeLevel!);
        if (diff < -1) continue;
        const have = entryFieldTerms(e);
        const fieldKnown = have.size > 0;
        const fieldOk = wanted.size === 0 || [...wanted].some((w) => have.has(w));
        let credit: number;
        let note: string;
        if (diff >= 0 && fieldOk) [credit, note] = [1, wanted.size ? 'level and field' : 'level'];
        else if (diff >= 0 && !fieldKnown) [credit, note] = [0.75, 'level; field not stated'];
        else if (diff >= 0) [credit, note] = [0.5, 'level, in another field'];
        else if (fieldOk && (fieldKnown || wanted.size === 0)) [credit, note] = [0.5, 'one level below'];
        else continue;
        if (credit > best.credit) best = { credit, index, note };
      }
      const evidence = best.index >= 0 ? entryEvidence(ctx, best.index, r.id, best.note) : [];
      const credit = evidence.length > 0 ? best.credit : 0;
      got += r.weight * credit;
      requirements.push({ requirementId: r.id, met: credit >= 1 ? 'yes' : credit > 0 ? 'partial' : 'no', credit, evidence, ...(best.note && credit > 0 ? { note: best.note } : {}) });
    }
    return ratioResult('education', got, total, requirements.flatMap((r) => r.evidence), requirements, { levels: entries.map((x) => x.e.degreeLevel) });
  }
};
