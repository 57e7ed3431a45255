/**
 * Experience requirement: years in roles RELEVANT to this job against the job's minimum ("3+ years of
 * accounting experience"), not years in any field.
 * Purpose: a transparent years check evidenced by the dated entries it counted (their dates and titles).
 * Non-goals: judging seniority or the quality of a role; undated roles (they carry no years).
 * Shape legend: a work entry is relevant when its title shares at least RELEVANT_SHARE of the job's role words
 * (idf-weighted, role.ts) or of the experience area's words ("accounting"), or when its description names at
 * least RELEVANT_SKILLS of the job's required skills; an entry whose title was not found inherits the
 * headline's match. Relevant years = union of relevant entries' intervals (overlaps once, "Present" = the
 * reference date). A stated "N years of … experience" counts when its sentence names the role or area, or the
 * headline matches the role. credit = min(1, years / minYears); met 'yes' at ≥ 1, 'partial' at ≥ 0.5.
 */
import type { JsonResumeWork } from '../../resume/types';
import { idf } from '../corpus';
import { stem, tokenize } from '../text';
import type { Evidence, ScoreContext, Signal, SignalResult } from '../types';
import { roleKey, roleTerms } from './role';

const RELEVANT_SHARE = 0.5;
const RELEVANT_SKILLS = 2;
const STATED_CONTEXT = 80;
// Words of an experience area that say nothing about the field ("3+ years of relevant professional experience").
const GENERIC_AREA = new Set(['relevant', 'related', 'professional', 'work', 'working', 'industry', 'hands', 'on', 'proven', 'progressive', 'similar', 'equivalent', 'combined', 'total', 'overall', 'full', 'time', 'paid', 'practical', 'previous', 'prior', 'direct'].map(stem));

/** Month index of an ISO 'YYYY' or 'YYYY-MM' date; `end` rounds a bare year to its December. */
function monthIndex(iso: string, end: boolean): number | undefined {
  const m = /^(\d{4})(?:-(\d{2}))?$/.exec(iso);
  if (!m) return undefined;
  return Number(m[1]) * 12 + (m[2] ? Number(m[2]) - 1 : end ? 11 : 0);
}

/** Months covered by the union of [from, to) intervals. */
function unionMonths(intervals: Array<[number, number]>): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let cur: [number, number] | undefined;
  for (const [a, b] of sorted) {
    if (!cur || a > cur[1]) {
      if (cur) total += cur[1] - cur[0];
      cur = [a, b];
    } else cur[1] = Math.max(cur[1], b);
  }
  return total + (cur ? cur[1] - cur[0] : 0);
}

function interval(w: JsonResumeWork, refMonth: number): [number, number] | undefined {
  const from = w.startDate ? monthIndex(w.startDate, false) : undefined;
  if (from === undefined) return undefined;
  const to = w.endDate ? monthIndex(w.endDate, true) : w.current ? refMonth - 1 : undefined;
  return to === undefined ? undefined : [from, Math.min(to, refMonth - 1) + 1];
}

/** Whether [start, end) is stuffing (copied from the posting, a keyword block), which no entry may count on. */
function stuffed(ctx: ScoreContext, start: number, end: number): boolean {
  return (ctx.excluded.coversStuffing ?? ctx.excluded.covers)(start, end);
}

/** idf-weighted share of `terms` (word families, roleKey) present among the words of text[start, end) that are not stuffing. */
function share(ctx: ScoreContext, terms: Map<string, number>, start: number, end: number): number {
  const total = [...terms.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) return 0;
  const have = new Set(
    tokenize(ctx.resume.text, start, end)
      .filter((t) => !stuffed(ctx, t.start, t.end))
      .map((t) => roleKey(t.term)),
  );
  return [...terms].reduce((a, [t, w]) => a + (have.has(t) ? w : 0), 0) / total;
}

/** Years in relevant roles vs the job's minimum years requirement. */
export const experienceFitSignal: Signal = {
  id: 'experience',
  label: 'Relevant experience',
  defaultWeight: 0,
  role: 'requirements',
  compute(ctx: ScoreContext): SignalResult {
    const req = ctx.job.requirements.find((r) => r.kind === 'years' && (r.minYears ?? 0) > 0 && r.weight > 0);
    if (!req) return { id: 'experience', value: 0, evidence: [], applicable: false, requirements: [] };
    const { resume } = ctx;
    const text = resume.text;
    const role = roleTerms(ctx);
    // "crop or livestock production": each alternative is an area of its own.
    const areas = (req.area ?? '')
      .split(/\s+or\s+|\s*\/\s*/i)
      .map((a) => new Map(tokenize(a).filter((t) => !GENERIC_AREA.has(t.term)).map((t) => [roleKey(t.term), idf(ctx.corpus, t.term)] as const)))
      .filter((a) => a.size > 0);
    const areaShare = (start: number, end: number) => Math.max(0, ...areas.map((a) => share(ctx, a, start, end)));
    const skills = new Set(ctx.job.requirements.filter((r) => r.kind === 'skill' && r.skill).map((r) => r.skill!));
    const span = (path: string) => resume.provenance.find((p) => p.path === path);
    const label = span('basics.label');
    const headlineMatch = label ? share(ctx, role, label.start, label.end) : 0;
    // "Present" ends where the caller says, else in the month the resume it sees resolved it to (the document's own
    // date), as the parse's totals do; today only for a resume without one.
    const seen = !ctx.referenceDate && ctx.resume.referenceMonth ? monthIndex(ctx.resume.referenceMonth, false) : undefined;
    const ref = ctx.referenceDate ?? new Date();
    const refMonth = seen !== undefined ? seen + 1 : ref.getUTCFullYear() * 12 + ref.getUTCMonth() + 1;
    const relevant: Array<[number, number]> = [];
    const evidence: Evidence[] = [];
    resume.work.forEach((w, i) => {
      const dates = span(`work[${i}].startDate`);
      const iv = interval(w, refMonth);
      if (!dates || !iv || ctx.excluded.covers(dates.start, dates.end)) return;
      const title = span(`work[${i}].position`);
      const summary = span(`work[${i}].summary`);
      const titleMatch = title ? Math.max(share(ctx, role, title.start, title.end), areaShare(title.start, title.end)) : headlineMatch;
      const inEntry = summary ? new Set(resume.skillMentions.filter((m) => m.start >= summary.start && m.end <= summary.end && skills.has(m.skill) && !stuffed(ctx, m.start, m.end)).map((m) => m.skill)) : new Set<string>();
      // A posting pasted under the last job does not make that job relevant.
      const areaInSummary = summary ? areaShare(summary.start, summary.end) >= 1 : false;
      if (titleMatch < RELEVANT_SHARE && inEntry.size < RELEVANT_SKILLS && !areaInSummary) return;
      relevant.push(iv);
      const why = titleMatch >= RELEVANT_SHARE ? 'relevant title' : inEntry.size >= RELEVANT_SKILLS ? `uses ${[...inEntry].slice(0, 3).join(', ')}` : `${req.area} work`;
      evidence.push({ requirementId: req.id, signalId: 'experience', span: { start: dates.start, end: dates.end }, text: text.slice(dates.start, dates.end), note: why });
      if (title) evidence.push({ requirementId: req.id, signalId: 'experience', span: { start: title.start, end: title.end }, text: text.slice(title.start, title.end), note: why });
    });
    let years = Math.round((unionMonths(relevant) / 12) * 10) / 10;
    let source = 'relevant dated roles';
    const stated = span('statedYearsExperience');
    if (stated && (resume.statedYearsExperience ?? 0) > years && !ctx.excluded.covers(stated.start, stated.end)) {
      const around = { start: Math.max(0, stated.start - STATED_CONTEXT), end: Math.min(text.length, stated.end + STATED_CONTEXT) };
      const sentenceMatch = Math.max(share(ctx, role, around.start, around.end), areaShare(around.start, around.end));
      if (sentenceMatch >= RELEVANT_SHARE || headlineMatch >= RELEVANT_SHARE) {
        years = resume.statedYearsExperience!;
        source = 'stated';
        evidence.unshift({ requirementId: req.id, signalId: 'experience', span: { start: stated.start, end: stated.end }, text: text.slice(stated.start, stated.end), note: `stated: ${years} years` });
      }
    }
    const credit = evidence.length > 0 ? Math.min(1, years / req.minYears!) : 0;
    const met = credit >= 1 ? 'yes' : credit >= 0.5 ? 'partial' : 'no';
    const note = `${years} of ${req.minYears} years in relevant roles (${source})`;
    return {
      id: 'experience',
      value: credit,
      evidence: credit > 0 ? evidence : [],
      applicable: true,
      requirements: [{ requirementId: req.id, met, credit: met === 'no' ? 0 : credit, evidence: met === 'no' ? [] : evidence, note }],
      details: { years, required: req.minYears, source }
    };
  }
};
