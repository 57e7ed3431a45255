/**
 * Scoring vocabulary: signals, their results, evidence, and the final score with its breakdown.
 * Purpose: one interface every signal implements, weightless defaults and later model signals (embeddings,
 * LLM) alike, so the total is computed in code, deterministically, from whatever signals are enabled.
 * Non-goals: no scoring logic here.
 * Shape legend: `value` in [0, 1]; `points` in [0, 100] and the points of a ScoreResult sum to its `score`;
 * Evidence.span is a half-open offset range into the resume text the signal saw (ScoreContext.resume.text);
 * scoreCandidate maps spans to the ORIGINAL resume text before returning (blind mode scores masked text).
 */
import type { Job } from '../job/types';
import type { ParsedResume, SkillsTaxonomy } from '../resume/types';
import type { CorpusStats } from './corpus';

export interface Evidence {
  requirementId?: string;
  signalId: string;
  span: { start: number; end: number };
  /** The text the signal saw at that span (masked text in blind mode, so it is safe to show there). */
  text: string;
  note?: string;
}

export type RequirementVerdict = 'yes' | 'partial' | 'no';

export interface RequirementResult {
  requirementId: string;
  met: RequirementVerdict;
  evidence: Evidence[];
}

export interface SignalResult {
  id: string;
  /** In [0, 1]. A value above 0 must come with at least one Evidence (scoreCandidate enforces it). */
  value: number;
  evidence: Evidence[];
  details?: Record<string, unknown>;
  /** False when the job gives the signal nothing to judge (e.g. no years requirement): its weight is dropped. */
  applicable?: boolean;
  /** Per-requirement verdicts this signal is responsible for. */
  requirements?: RequirementResult[];
}

export interface ScoreContext {
  job: Job;
  /** The resume as the signal must see it (already masked and re-parsed in blind mode). */
  resume: ParsedResume;
  corpus?: CorpusStats;
  taxonomy: SkillsTaxonomy;
}

export interface Signal {
  id: string;
  label: string;
  defaultWeight: number;
  compute(ctx: ScoreContext): SignalResult;
}

export interface ScoreBreakdownEntry {
  label: string;
  /** Effective weight after dropping non-applicable signals, normalised to sum 1 over the breakdown. */
  weight: number;
  value: number;
  points: number;
}

export interface ScoreResult {
  /** 0..100 with two decimals; equals the sum of the breakdown's points. */
  score: number;
  breakdown: Record<string, ScoreBreakdownEntry>;
  evidence: Evidence[];
  requirements: RequirementResult[];
}

export interface ScoreOptions {
  blind: boolean;
  signals?: Signal[];
  /** Weight per signal id; overrides Signal.defaultWeight (and sets the weight of extraSignals, default 1). */
  weights?: Record<string, number>;
  corpus?: CorpusStats;
  /** Results computed elsewhere (model signals); their evidence spans must index the ORIGINAL resume text. */
  extraSignals?: SignalResult[];
  /** Labels for extraSignals by id (default: the id). */
  extraLabels?: Record<string, string>;
  taxonomy?: SkillsTaxonomy;
  /** Date "Present" resolves to when the masked resume is re-parsed (default: now). */
  referenceDate?: Date;
}
