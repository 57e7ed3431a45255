/**
 * Scoring vocabulary: signals, their results, evidence, and the final score with its breakdown.
 * Purpose: one interface every signal implements, weightless defaults and later model signals (embeddings,
 * LLM) alike, so the total is computed in code, deterministically, from whatever signals are enabled.
 * Non-goals: no scoring logic here.
 * Shape legend: `value` in [0, 1]; `points` in [0, 100] and the points of a ScoreResult sum to its `score`;
 * a requirement's `credit` in [0, 1] (1 met, 0 missing, in between partly met);
 * Evidence.span is a half-open offset range into the resume text the signal saw (ScoreContext.resume.text);
 * scoreCandidate maps spans to the ORIGINAL resume text before returning (blind mode scores masked text).
 */
import type { Job } from '../job/types';
import type { ParsedResume, SkillsTaxonomy } from '../resume/types';
import type { CorpusStats } from './corpus';
import type { TopicSpace } from './topic/space';

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
  /** How much of the requirement is met, 0..1 (default: 1 yes, 0.5 partial, 0 no). */
  credit?: number;
  evidence: Evidence[];
  /** Why the verdict is what it is, in words ("4.5 of 5 years in relevant roles"). */
  note?: string;
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
  /** Background statistics for IDF (the shipped background corpus unless the caller passes others). */
  corpus?: CorpusStats;
  /** The topic space of the topic signal (the shipped one unless the caller passes another; absent: no topic signal). */
  topicSpace?: TopicSpace;
  taxonomy: SkillsTaxonomy;
  /** Resume spans that earn nothing for this job (text copied from the posting): signals skip them. */
  excluded: ExcludedText;
  /** Date "Present" resolves to. */
  referenceDate?: Date;
}

/** Resume text a signal must ignore, with a fast lookup by offset. */
export interface ExcludedText {
  spans: Array<{ start: number; end: number }>;
  /** Whether [start, end) overlaps an excluded span. */
  covers(start: number, end: number): boolean;
  /**
   * Whether [start, end) overlaps stuffing proper: text copied from the posting or a keyword block, not a mere
   * repeat of the resume's own line (a bullet written under two jobs still says what the second job was).
   * Absent: same as `covers`.
   */
  coversStuffing?(start: number, end: number): boolean;
}

/** Something about the resume a recruiter should know before trusting its score. */
export interface ScoreFlag {
  kind: 'job-text-copied' | 'keyword-stuffing' | 'hidden-text' | 'prompt-injection';
  message: string;
  spans?: Array<{ start: number; end: number }>;
}

export interface Signal {
  id: string;
  label: string;
  defaultWeight: number;
  /**
   * 'requirements': the signal judges job requirements; its verdicts feed the must-have and nice-to-have parts
   * of the score and its own value is reported only in `signals`. 'fit' (default): its value is a part of the
   * fit score with its weight.
   */
  role?: 'requirements' | 'fit';
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
  /** Must-haves met (sum of credits, rounded to halves) out of the job's must-haves. */
  mustHaves: { met: number; total: number };
  /** Each signal's own value 0..1, requirement judges included (for transparency and the evaluation). */
  signals: Record<string, number>;
  flags: ScoreFlag[];
}

export interface ScoreOptions {
  /** Ignored for scoring (the scorer always sees the masked resume); kept for callers that still pass it. */
  blind?: boolean;
  signals?: Signal[];
  /** Weight per fit component id (role, lexical, nice, model signals); overrides the shipped ranker's weights. */
  weights?: Record<string, number>;
  /** How many times the whole fit part one must-have is worth (default: the shipped ranker's). */
  mustDominance?: number;
  /** Cap on the must part's share (combine.ts mustShare); null: no cap (default: the shipped ranker's). */
  mustCap?: number | null;
  /** Must-haves first (default: the job's `mustFirst`): missing a must-have outright costs more than all of the fit part. */
  mustFirst?: boolean;
  corpus?: CorpusStats;
  /** Topic space for the topic signal (default: the shipped models/topic-space.json; null: no topic signal). */
  topicSpace?: TopicSpace | null;
  /** Results computed elsewhere (model signals); their evidence spans must index the ORIGINAL resume text. */
  extraSignals?: SignalResult[];
  /** Labels for extraSignals by id (default: the id). */
  extraLabels?: Record<string, string>;
  taxonomy?: SkillsTaxonomy;
  /** Date "Present" resolves to when the masked resume is re-parsed (default: now). */
  referenceDate?: Date;
}
