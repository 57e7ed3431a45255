/**
 * scoreCandidate: judge every job requirement on the MASKED resume, measure how well the candidate fits the role,
 * and combine both into a deterministic 0–100 score whose breakdown points sum exactly to the score, with
 * evidence and per-requirement verdicts in ORIGINAL resume offsets.
 * Purpose: the one place the total is computed, so the app, the CLI and evaluations agree.
 * Non-goals: running models (model signals arrive precomputed as extraSignals or as Signal objects).
 *
 * What 0–100 means (the same for every job, whatever else was uploaded):
 *   score = 100 × [α·M + (1 − α)·F]
 *   M = must-haves met: Σ weight·credit / Σ weight over the job's must-have requirements;
 *   F = fit: the weighted mean of role match, BM25 relevance, field vocabulary (the resume's lean toward the
 *       posting in the shipped topic space, against the same fixed background resume for every job), nice-to-haves
 *       met and model signals (weights in models/ranker.json, or ScoreOptions.weights);
 *   α = min(cap, m·d / (m·d + 1)) for m must-haves, must-dominance d and cap (models/ranker.json, 0.05 and
 *       0.1: must-haves weigh in visibly but do not override fit, which ranks best on the dev split; without the
 *       cap a long must-have list took ~0.3 of the score); a job without must-haves is scored on fit alone.
 *   "Must-haves first" (Job.mustFirst, CLI --must-first): α = 1 / (1 + 0.99·s), s the smallest must-have's share
 *       of the must-have weights, so missing any must-have outright costs more than the whole fit part: a
 *       candidate missing one never scores above a candidate who meets them all.
 * Text copied from the posting, repeated lines and keyword blocks of the job's own terms earn nothing (echo.ts)
 * and are reported as flags.
 * Shape legend: points are computed in integer hundredths: cents_i = round(10000·share_i·value_i), score =
 * Σ cents_i / 100, so Σ points === score exactly. Non-applicable parts get weight 0 and 0 points.
 */
import { makeToOriginal, maskText, spanToOriginal } from '../mask/mask-text';
import type { MaskResult } from '../mask/types';
import type { Job } from '../job/types';
import { MONTH_KEY_RE, monthKey, monthStart, parseResume } from '../resume/parse-resume';
import { defaultTaxonomy } from '../resume/skills';
import type { ParsedResume, SkillsTaxonomy } from '../resume/types';
import { combine, type Component } from './combine';
import { backgroundCorpus } from './corpus';
import { findExcludedText } from './echo';
import { educationFitSignal } from './signals/education';
import { experienceFitSignal } from './signals/experience';
import { keywordSignal } from './signals/keywords';
import { lexicalSignal } from './signals/lexical';
import { roleSignal } from './signals/role';
import { skillCoverageSignal } from './signals/skills';
import { topicSignal } from './signals/topic';
import { shippedTopicSpace } from './topic/shipped';
import type { Evidence, RequirementResult, RequirementVerdict, ScoreOptions, ScoreResult, Signal, SignalResult } from './types';

/** The weightless default signals: fit signals first, then the requirement judges. */
export const defaultSignals: Signal[] = [roleSignal, lexicalSignal, topicSignal, skillCoverageSignal, experienceFitSignal, educationFitSignal, keywordSignal];

/** Thrown when a signal claims value without evidence; every point must be backed by a span. */
export class SignalWithoutEvidenceError extends Error {
  constructor(signalId: string, value: number) {
    super(`Signal "${signalId}" returned value ${value} with no evidence; a signal must cite at least one span for any value above 0.`);
    this.name = 'SignalWithoutEvidenceError';
  }
}

export interface BlindResume {
  /** The resume re-parsed from masked text: what every signal sees. */
  resume: ParsedResume;
  mask: MaskResult;
}

/**
 * What scoring needs of the original resume: its text, the parsed name (masked wherever it recurs) and the month
 * "Present" was resolved to (the masked re-parse uses the same one, so a resume written years ago is not counted
 * up to today only in the text the scorer sees). A full ParsedResume is one; a caller that shows nothing else
 * (the CLI's screen) can skip the full original parse.
 */
export type ResumeSource = Pick<ParsedResume, 'text' | 'basics' | 'referenceMonth'>;

/** A BlindResume as it crosses a thread (structured clone drops the mask's offset map; adoptBlindResume rebuilds it). */
export interface PortableBlindResume {
  /** The cache key it was prepared under (see blindKey). */
  key: string;
  resume: ParsedResume;
  mask: Omit<MaskResult, 'toOriginal'>;
}

// One masked re-parse per resume object, reused across jobs (a batch scores each resume against every job).
const blindCache = new WeakMap<ResumeSource, { key: string; taxonomy: SkillsTaxonomy | undefined; value: BlindResume }>();

/**
 * The month ('YYYY-MM') the masked re-parse resolves "Present" to: the caller's date's, else the original parse's
 * (undefined: the parse's own default). Parses are month-granular, so the month is also the cache key.
 */
function blindMonth(resume: ResumeSource, referenceDate: Date | undefined): string | undefined {
  if (referenceDate) return monthKey(referenceDate);
  return resume.referenceMonth && MONTH_KEY_RE.test(resume.referenceMonth) ? resume.referenceMonth : undefined;
}

/** The cache key of a blind parse: its month, or this month for the parse's own default. */
function blindKey(month: string | undefined): string {
  return month ?? `now:${monthKey(new Date())}`;
}

/** Mask a parsed resume with the blind profile and re-parse the masked text (model signals use this too). */
export function prepareBlindResume(resume: ResumeSource, opts: { taxonomy?: SkillsTaxonomy; referenceDate?: Date } = {}): BlindResume {
  const month = blindMonth(resume, opts.referenceDate);
  const key = blindKey(month);
  const cached = blindCache.get(resume);
  if (cached && cached.key === key && cached.taxonomy === opts.taxonomy) return cached.value;
  const mask = maskText(resume.text, { profile: 'blind', knownNames: resume.basics.name ? [resume.basics.name] : [] });
  const value = { resume: parseResume(mask.text, { ...opts, referenceDate: opts.referenceDate ?? (month ? monthStart(month) : undefined) }), mask };
  blindCache.set(resume, { key, taxonomy: opts.taxonomy, value });
  return value;
}

/** The default-options blind resume (as scoreCandidate prepares it) in a form that survives postMessage. */
export function portableBlindResume(resume: ResumeSource): PortableBlindResume {
  const { resume: parsed, mask } = prepareBlindResume(resume);
  return { key: blindKey(blindMonth(resume, undefined)), resume: parsed, mask: { text: mask.text, masks: mask.masks } };
}

/**
 * Adopt a blind resume prepared on another thread (portableBlindResume) for `resume`, so scoring it with default
 * options does not mask and re-parse again. One prepared under another key (a month boundary crossed) is ignored.
 */
export function adoptBlindResume(resume: ResumeSource, portable: PortableBlindResume): void {
  if (portable.key !== blindKey(blindMonth(resume, undefined))) return;
  const mask: MaskResult = { ...portable.mask, toOriginal: makeToOriginal(portable.mask.masks) };
  blindCache.set(resume, { key: portable.key, taxonomy: undefined, value: { resume: portable.resume, mask } });
}

const VERDICT_RANK: Record<RequirementVerdict, number> = { no: 0, partial: 1, yes: 2 };
const DEFAULT_CREDIT: Record<RequirementVerdict, number> = { no: 0, partial: 0.5, yes: 1 };

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

function creditOf(r: RequirementResult): number {
  return clamp01(r.credit ?? DEFAULT_CREDIT[r.met]);
}

function mergeRequirements(job: Job, results: SignalResult[]): RequirementResult[] {
  const byId = new Map<string, RequirementResult>();
  for (const r of results) {
    for (const rr of r.requirements ?? []) {
      const prev = byId.get(rr.requirementId);
      if (!prev) byId.set(rr.requirementId, { ...rr, evidence: [...rr.evidence] });
      else {
        if (creditOf(rr) > creditOf(prev) || VERDICT_RANK[rr.met] > VERDICT_RANK[prev.met]) Object.assign(prev, { met: rr.met, credit: rr.credit, note: rr.note });
        prev.evidence.push(...rr.evidence);
      }
    }
  }
  // Every job requirement appears, in job order; one no signal judged counts as not met.
  return job.requirements.map((req) => byId.get(req.id) ?? { requirementId: req.id, met: 'no', credit: 0, evidence: [] });
}

/** The must-have or nice-to-have part: weighted credit of the job's requirements of that priority. */
function requirementPart(
  job: Job, verdicts: RequirementResult[], priority: 'must' | 'nice'
): { value: number; evidence: Evidence[]; count: number; met: number; applicable: boolean; minShare: number } {
  let total = 0;
  let minWeight = Infinity;
  let got = 0;
  let met = 0;
  let count = 0;
  const evidence: Evidence[] = [];
  job.requirements.forEach((req, i) => {
    if (req.priority !== priority || !(req.weight > 0)) return;
    const v = verdicts[i];
    const c = creditOf(v);
    count++;
    total += req.weight;
    minWeight = Math.min(minWeight, req.weight);
    got += req.weight * c;
    met += c;
    if (c > 0) evidence.push(...v.evidence);
  });
  return { value: total > 0 ? got / total : 0, evidence, count, met, applicable: total > 0, minShare: total > 0 ? minWeight / total : 0 };
}

/** Score one candidate against a job: deterministic 0–100 with breakdown, evidence and requirement verdicts. */
export function scoreCandidate(job: Job, resume: ResumeSource, opts: ScoreOptions = {}): ScoreResult {
  const taxonomy = opts.taxonomy ?? defaultTaxonomy;
  // Always the masked resume: blind mode only changes what the screens show, never what is scored.
  const blind = prepareBlindResume(resume, { taxonomy: opts.taxonomy, referenceDate: opts.referenceDate });
  const seen = blind.resume;
  const { excluded, flags } = findExcludedText(seen.text, job);
  const topicSpace = opts.topicSpace === undefined ? shippedTopicSpace() : (opts.topicSpace ?? undefined);
  const ctx = { job, resume: seen, corpus: opts.corpus ?? backgroundCorpus, topicSpace, taxonomy, excluded, referenceDate: opts.referenceDate };
  const signals = opts.signals ?? defaultSignals;
  const results: SignalResult[] = [];
  const labels = new Map<string, string>();
  const judges = new Set<string>();
  for (const s of signals) {
    labels.set(s.id, s.label);
    if (s.role === 'requirements') judges.add(s.id);
    results.push(s.compute(ctx));
  }
  // Internal signals saw the masked text; map their spans to the original. Extra signals already index the original.
  const toOriginal = (e: Evidence): Evidence => ({ ...e, span: spanToOriginal(blind.mask, e.span) });
  const mapped: SignalResult[] = results.map((r) => ({
    ...r,
    evidence: r.evidence.map(toOriginal),
    requirements: r.requirements?.map((rr) => ({ ...rr, evidence: rr.evidence.map(toOriginal) }))
  }));
  for (const extra of opts.extraSignals ?? []) {
    labels.set(extra.id, opts.extraLabels?.[extra.id] ?? extra.id);
    mapped.push(extra);
  }
  const ids = new Set<string>();
  for (const r of mapped) {
    if (ids.has(r.id)) throw new Error(`Two signals share the id "${r.id}"; signal ids must be unique.`);
    ids.add(r.id);
    if (clamp01(r.value) > 0 && r.evidence.length === 0) throw new SignalWithoutEvidenceError(r.id, r.value);
  }
  const requirements = mergeRequirements(job, mapped);
  const must = requirementPart(job, requirements, 'must');
  const nice = requirementPart(job, requirements, 'nice');
  const fit: Component[] = [
    ...mapped.filter((r) => !judges.has(r.id)).map((r) => ({ id: r.id, label: labels.get(r.id) ?? r.id, value: clamp01(r.value), evidence: r.evidence, applicable: r.applicable !== false })),
    { id: 'nice', label: `Nice-to-haves (${round1(nice.met)} of ${nice.count})`, value: nice.value, evidence: nice.evidence, applicable: nice.applicable }
  ];
  const mustPart: Component = { id: 'must', label: `Must-haves (${round1(must.met)} of ${must.count})`, value: must.value, evidence: must.evidence, applicable: must.applicable };
  const { score, breakdown, evidence } = combine(mustPart, must.count, fit, {
    weights: opts.weights,
    mustDominance: opts.mustDominance,
    mustCap: opts.mustCap,
    defaultWeights: Object.fromEntries(signals.map((s) => [s.id, s.defaultWeight])),
    ...((opts.mustFirst ?? job.mustFirst) ? { mustFirstMinShare: must.minShare } : {})
  });
  return {
    score,
    breakdown,
    evidence,
    requirements,
    mustHaves: { met: round1(must.met), total: must.count },
    signals: Object.fromEntries(mapped.map((r) => [r.id, Math.round(clamp01(r.value) * 1e4) / 1e4])),
    flags: flags.map((f) => ({ ...f, ...(f.spans ? { spans: f.spans.map((s) => spanToOriginal(blind.mask, s)) } : {}) }))
  };
}

function round1(x: number): number {
  return Math.round(x * 2) / 2;
}
