/**
 * Learning from the recruiter's decisions: where a job family stands (its decisions, the ranker in use, whether
 * to offer a re-fit), re-fitting in the refit worker, applying a fitted ranker (the family's jobs re-scored with
 * it, scores marked with its version) and reverting to the ranker before (re-scored with it: the same scores as
 * before the apply, since scoring is deterministic).
 * Non-goals: the fit itself (core/refit), storage details (db/rankers.repo), layout (components/refit).
 */
import { familyOf, type DecisionSample } from '../core/refit';
import { partsOfScore, shippedRanker } from '../core/score';
import { applyFamilyRanker, getFamilyRanker, listDecidedScores, listJobs, markFamilyFitted, revertFamilyRanker, type FamilyRankerRecord, type JobRecord } from '../db';
import { NotFoundError } from '../errors';
import { refitInWorker } from '../workers/refit.client';
import type { TimedRefit } from '../../../workers/refit/api';
import { rescoreJob } from './scoring.service';
import type { Result } from '../core/result';

export interface FamilyStatus {
  family: string;
  jobs: JobRecord[];
  /** Decisions on the family's jobs (all of them, with or without a stored score). */
  decisions: number;
  selected: number;
  rejected: number;
  record: FamilyRankerRecord | undefined;
  /** Decisions made since the family was last re-fitted. */
  sinceLastFit: number;
  /** Whether to offer a re-fit: `threshold` decisions or more since the last one. */
  offer: boolean;
}

/** A fit waiting for the recruiter's apply or discard. */
export interface RefitProposal extends TimedRefit {
  family: string;
  /** The family's decisions when it was fitted (the offer to re-fit counts from here). */
  decisions: number;
}

/** The job's family and every job in it (also the embedding adaptation's, services/adapt.service.ts). */
export async function familyJobs(jobId: string): Promise<{ family: string; jobs: JobRecord[] }> {
  const jobs = await listJobs();
  const job = jobs.find((j) => j.id === jobId);
  if (!job) throw new NotFoundError(`Job ${jobId} no longer exists`);
  const family = familyOf(job);
  return { family, jobs: jobs.filter((j) => familyOf(j) === family) };
}

/** Where the job's family stands; `threshold` is the settings' re-fit interval. */
export async function familyStatus(jobId: string, threshold: number): Promise<FamilyStatus> {
  const { family, jobs } = await familyJobs(jobId);
  const [decided, record] = await Promise.all([listDecidedScores(jobs.map((j) => j.id)), getFamilyRanker(family)]);
  const selected = decided.filter((d) => d.decision === 'selected').length;
  const sinceLastFit = Math.max(0, decided.length - (record?.decisionsAtLastFit ?? 0));
  return { family, jobs, decisions: decided.length, selected, rejected: decided.length - selected, record, sinceLastFit, offer: sinceLastFit >= threshold };
}

/** Fits the family's ranker to its decisions in the refit worker (a Result error when it refuses). */
export async function refitFamily(jobId: string): Promise<Result<RefitProposal>> {
  const { family, jobs } = await familyJobs(jobId);
  const [decided, record] = await Promise.all([listDecidedScores(jobs.map((j) => j.id)), getFamilyRanker(family)]);
  const samples: DecisionSample[] = decided.flatMap((d) =>
    d.score ? [{ key: d.sha256, jobId: d.jobId, selected: d.decision === 'selected', parts: partsOfScore(d.score.result.breakdown), mustCount: d.score.result.mustHaves.total }] : []
  );
  const result = await refitInWorker({ samples, current: record?.current?.ranker ?? shippedRanker, shipped: shippedRanker });
  return result.ok ? { ok: true, value: { ...result.value, family, decisions: decided.length } } : result;
}

/** Re-scores every job of the family with the ranker (and embedding model) now in use. */
export async function rescoreFamily(family: string): Promise<void> {
  const jobs = (await listJobs()).filter((j) => familyOf(j) === family);
  for (const job of jobs) await rescoreJob(job.id);
}

/** Makes the proposal the family's ranker and re-scores the family's jobs with it. */
export async function applyRefit(proposal: RefitProposal): Promise<FamilyRankerRecord> {
  const record = await applyFamilyRanker(proposal.family, { ranker: proposal.ranker, fittedAt: Date.now(), decisions: proposal.decisions, before: proposal.before, after: proposal.after });
  await rescoreFamily(proposal.family);
  return record;
}

/** Puts back the ranker in use before the current one and re-scores the family's jobs with it. */
export async function revertRefit(family: string): Promise<FamilyRankerRecord> {
  const record = await revertFamilyRanker(family);
  await rescoreFamily(family);
  return record;
}

/** Discards a proposal: the offer comes back after the next `threshold` decisions. */
export async function discardRefit(proposal: RefitProposal): Promise<void> {
  await markFamilyFitted(proposal.family, proposal.decisions);
}
