/**
 * scoreCandidate: run the enabled signals on a resume (masked first in blind mode), combine them into a
 * deterministic 0–100 score whose breakdown points sum exactly to the score, and report evidence and
 * per-requirement verdicts with spans in ORIGINAL resume offsets.
 * Purpose: the one place the total is computed, so the app, the CLI and evaluations agree.
 * Non-goals: running models (model signals arrive precomputed as extraSignals or as Signal objects).
 * Shape legend: points are computed in integer hundredths: cents_i = round(10000·w_i·v_i / Σw), score =
 * Σ cents_i / 100, so Σ points === score exactly. Non-applicable signals get weight 0 and 0 points.
 */
import { maskText, spanToOriginal } from '../mask/mask-text';
import type { MaskResult } from '../mask/types';
import type { Job } from '../job/types';
import { parseResume } from '../resume/parse-resume';
import { defaultTaxonomy } from '../resume/skills';
import type { ParsedResume, SkillsTaxonomy } from '../resume/types';
import { educationFitSignal } from './signals/education';
import { experienceFitSignal } from './signals/experience';
import { lexicalSignal } from './signals/lexical';
import { skillCoverageSignal } from './signals/skills';
import type { Evidence, RequirementResult, RequirementVerdict, ScoreOptions, ScoreResult, Signal, SignalResult } from './types';

/** The weightless default signals, in breakdown order. */
export const defaultSignals: Signal[] = [skillCoverageSignal, lexicalSignal, experienceFitSignal, educationFitSignal];

/** Thrown when a signal claims value without evidence; every point must be backed by a span. */
export class SignalWithoutEvidenceError extends Error {
  constructor(signalId: string, value: number) {
    super(`Signal "${signalId}" returned value ${value} with no evidence; a signal must cite at least one span for any value above 0.`);
    this.name = 'SignalWithoutEvidenceError';
  }
}

export interface BlindResume {
  /** The resume re-parsed from masked text: what every signal sees in blind mode. */
  resume: ParsedResume;
  mask: MaskResult;
}

// One masked re-parse per resume object, reused across jobs (a batch scores each resume against every job).
const blindCache = new WeakMap<ParsedResume, { key: string; taxonomy: SkillsTaxonomy | undefined; value: BlindResume }>();

/** Mask a parsed resume with the blind profile and re-parse the masked text (model signals use this too). */
export function prepareBlindResume(resume: ParsedResume, opts: { taxonomy?: SkillsTaxonomy; referenceDate?: Date } = {}): BlindResume {
  // Totals are month-granular, so "now" within the same month gives the same parse.
  const now = new Date();
  const key = opts.referenceDate ? `${opts.referenceDate.getTime()}` : `now:${now.getUTCFullYear()}-${now.getUTCMonth()}`;
  const cached = blindCache.get(resume);
  if (cached && cached.key === key && cached.taxonomy === opts.taxonomy) return cached.value;
  const mask = maskText(resume.text, { profile: 'blind', knownNames: resume.basics.name ? [resume.basics.name] : [] });
  const value = { resume: parseResume(mask.text, opts), mask };
  blindCache.set(resume, { key, taxonomy: opts.taxonomy, value });
  return value;
}

const VERDICT_RANK: Record<RequirementVerdict, number> = { no: 0, partial: 1, yes: 2 };

function clamp01(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

function mergeRequirements(job: Job, results: SignalResult[]): RequirementResult[] {
  const byId = new Map<string, RequirementResult>();
  for (const r of results) {
    for (const rr of r.requirements ?? []) {
      const prev = byId.get(rr.requirementId);
      if (!prev) byId.set(rr.requirementId, { ...rr, evidence: [...rr.evidence] });
      else {
        if (VERDICT_RANK[rr.met] > VERDICT_RANK[prev.met]) prev.met = rr.met;
        prev.evidence.push(...rr.evidence);
      }
    }
  }
  // Every job requirement appears, in job order; one no signal judged counts as not met.
  return job.requirements.map((req) => byId.get(req.id) ?? { requirementId: req.id, met: 'no', evidence: [] });
}

/** Score one candidate against a job: deterministic 0–100 with breakdown, evidence and requirement verdicts. */
export function scoreCandidate(job: Job, resume: ParsedResume, opts: ScoreOptions): ScoreResult {
  const taxonomy = opts.taxonomy ?? defaultTaxonomy;
  const blind = opts.blind ? prepareBlindResume(resume, { taxonomy: opts.taxonomy, referenceDate: opts.referenceDate }) : undefined;
  const seen = blind?.resume ?? resume;
  const ctx = { job, resume: seen, corpus: opts.corpus, taxonomy };
  const signals = opts.signals ?? defaultSignals;
  const labels = new Map<string, string>();
  const weights = new Map<string, number>();
  const results: SignalResult[] = [];
  for (const s of signals) {
    labels.set(s.id, s.label);
    weights.set(s.id, opts.weights?.[s.id] ?? s.defaultWeight);
    results.push(s.compute(ctx));
  }
  // Internal signals saw `seen`; map their spans to the original text. Extra signals already index the original.
  const toOriginal = (e: Evidence): Evidence => (blind ? { ...e, span: spanToOriginal(blind.mask, e.span) } : e);
  const mapped: SignalResult[] = results.map((r) => ({
    ...r,
    evidence: r.evidence.map(toOriginal),
    requirements: r.requirements?.map((rr) => ({ ...rr, evidence: rr.evidence.map(toOriginal) }))
  }));
  for (const extra of opts.extraSignals ?? []) {
    labels.set(extra.id, opts.extraLabels?.[extra.id] ?? extra.id);
    weights.set(extra.id, opts.weights?.[extra.id] ?? 1);
    mapped.push(extra);
  }
  const ids = new Set<string>();
  for (const r of mapped) {
    if (ids.has(r.id)) throw new Error(`Two signals share the id "${r.id}"; signal ids must be unique.`);
    ids.add(r.id);
    if (clamp01(r.value) > 0 && r.evidence.length === 0) throw new SignalWithoutEvidenceError(r.id, r.value);
  }
  const active = mapped.filter((r) => r.applicable !== false && (weights.get(r.id) ?? 0) > 0);
  const weightSum = active.reduce((a, r) => a + weights.get(r.id)!, 0);
  const breakdown: ScoreResult['breakdown'] = {};
  let cents = 0;
  for (const r of mapped) {
    const isActive = active.includes(r);
    const weight = isActive && weightSum > 0 ? weights.get(r.id)! / weightSum : 0;
    const value = clamp01(r.value);
    const c = Math.round(10000 * weight * value);
    cents += c;
    breakdown[r.id] = { label: labels.get(r.id) ?? r.id, weight, value, points: c / 100 };
  }
  return {
    score: cents / 100,
    breakdown,
    evidence: active.flatMap((r) => (clamp01(r.value) > 0 ? r.evidence : [])),
    requirements: mergeRequirements(job, mapped)
  };
}
