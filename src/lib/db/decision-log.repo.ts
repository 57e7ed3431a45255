/**
 * Decision-log repository: the only writer of `decisionLog`. appendDecision writes one hash-chained entry and the
 * decision's own change (the caller's `apply`, e.g. the decisions row, later a pipeline stage) in ONE transaction.
 * Purpose: the one call every decision path makes (select, reject, clear, stage change); reading a job's log;
 * anonymising a candidate's entries when the candidate is deleted (done inside deleteCandidate/deleteJob's
 * transactions through anonymiseEntriesOf).
 *
 * Concurrency: hashing (crypto.subtle) cannot run inside an IndexedDB transaction (it would commit early), so the
 * entry is built from the job's last entry read before, and the write transaction checks that the last entry is
 * still that one; another tab that appended in between makes it rebuild and retry.
 * Non-goals: the chain rules (core/decision-log), what the screens show.
 */
import Dexie from 'dexie';
import { anonymiseEntry, buildEntry, scorerVersionOf, type DecisionAction, type DecisionLogEntry } from '../core/decision-log';
import { getDb, type CandidateRecord, type ShortlistDb } from './schema';

/** What the screens knew when the recruiter decided (not read from the database). */
export interface DecisionContext {
  /** Whether the screens were in blind mode. */
  blind: boolean;
  /** Active model per task, "id@version". */
  models: Record<string, string>;
  appVersion: string;
  /** The assistant's recommendation shown for this candidate, if any. */
  recommendation?: 'select' | 'reject' | null;
}

export interface AppendDecisionInput {
  candidateId: string;
  action: DecisionAction;
  note: string;
  /** With action 'stage': the pipeline stage before and after. */
  stage?: { from: string | null; to: string };
  context: DecisionContext;
}

/** The tables appendDecision's transaction holds; `apply` may write any of them. */
type Tables = Pick<ShortlistDb, 'candidates' | 'scores' | 'decisions' | 'stages' | 'decisionLog'>;

class HeadMoved extends Error {}

const MAX_ATTEMPTS = 8;

function jobRange(jobId: string) {
  return getDb().decisionLog.where('[jobId+seq]').between([jobId, Dexie.minKey], [jobId, Dexie.maxKey]);
}

/**
 * Appends one decision to the candidate's job log and runs `apply` (the decision's own write) in the same
 * transaction; nothing is written when either fails. Resolves to the stored entry.
 */
export async function appendDecision(input: AppendDecisionInput, apply?: (candidate: CandidateRecord, tables: Tables) => Promise<void>): Promise<DecisionLogEntry> {
  const db = getDb();
  for (let attempt = 1; ; attempt++) {
    const read = await db.transaction('r', [db.candidates, db.scores, db.decisionLog], async () => {
      const candidate = await db.candidates.get(input.candidateId);
      if (!candidate) return null;
      return { candidate, score: await db.scores.get(candidate.id), last: await jobRange(candidate.jobId).last() };
    });
    if (!read) throw new Error(`appendDecision: candidate ${input.candidateId} does not exist (deleted?)`);
    const { candidate, score, last } = read;
    const recommendation = input.context.recommendation ?? null;
    const decided = input.action === 'select' || input.action === 'reject' ? input.action : null;
    const entry = await buildEntry(
      last,
      {
        jobId: candidate.jobId,
        at: new Date().toISOString(),
        action: input.action,
        ...(input.stage ? { stage: input.stage } : {}),
        score: score?.result.score ?? null,
        scorerVersion: scorerVersionOf(score?.result, input.context.appVersion),
        models: input.context.models,
        blind: input.context.blind,
        recommendation,
        override: recommendation !== null && decided !== null && decided !== recommendation
      },
      { candidateId: candidate.id, note: input.note }
    );
    try {
      await db.transaction('rw', [db.candidates, db.scores, db.decisions, db.stages, db.decisionLog], async () => {
        const head = await jobRange(candidate.jobId).last();
        if (head?.hash !== last?.hash) throw new HeadMoved();
        const current = await db.candidates.get(candidate.id);
        if (!current) throw new Error(`appendDecision: candidate ${candidate.id} was deleted while the decision was being saved`);
        await db.decisionLog.add(entry);
        await apply?.(current, db);
      });
      return entry;
    } catch (error) {
      if (!(error instanceof HeadMoved) || attempt >= MAX_ATTEMPTS) throw error instanceof HeadMoved ? new Error(`appendDecision: the log of job ${candidate.jobId} kept changing (another tab?); try again`) : error;
    }
  }
}

/** One job's log in sequence order. */
export async function listDecisionLog(jobId: string): Promise<DecisionLogEntry[]> {
  return jobRange(jobId).toArray();
}

/**
 * Removes the personal fields of every entry about these candidates. Call inside a transaction that holds
 * `decisionLog` (the candidate's deletion), so the data and the log change together.
 */
export async function anonymiseEntriesOf(db: ShortlistDb, candidateIds: readonly string[]): Promise<void> {
  if (candidateIds.length === 0) return;
  const now = new Date();
  const entries = await db.decisionLog.where('personal.candidateId').anyOf([...candidateIds]).toArray();
  if (entries.length) await db.decisionLog.bulkPut(entries.map((e) => anonymiseEntry(e, now)));
}
