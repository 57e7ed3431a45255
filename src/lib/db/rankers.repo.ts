/**
 * Rankers repository: the only writer of the `rankers` table (a job family's re-fitted score combination) and
 * the reader of what a re-fit learns from (the family's decisions with the scores the recruiter saw).
 * Purpose: apply a re-fitted ranker, revert to the one before, remember when the family was last fitted, each
 * in ONE transaction on the family's record.
 * Non-goals: fitting (core/refit), re-scoring (services/scoring.service reads the ranker through here).
 */
import type { RankerWeights } from '../core/score';
import { getDb, type AppliedRanker, type Decision, type FamilyRankerRecord, type ScoreRecord } from './schema';

/** The ranker label of scores computed with the shipped combination (models/ranker.json). */
export const RANKER_SHIPPED = 'shipped';

/** The label scores carry for a family's applied ranker ("account#2"), or RANKER_SHIPPED. */
export function rankerLabel(family: string, applied: AppliedRanker | null | undefined): string {
  return applied ? `${family}#${applied.version}` : RANKER_SHIPPED;
}

/** The family's ranker state (undefined: never re-fitted). */
export async function getFamilyRanker(family: string): Promise<FamilyRankerRecord | undefined> {
  const db = getDb();
  return db.transaction('r', db.rankers, () => db.rankers.get(family));
}

/** The ranker scores of a family are computed with, and its label: the applied re-fit or the shipped one (null). */
export async function rankerInUse(family: string): Promise<{ ranker: RankerWeights | null; label: string }> {
  const record = await getFamilyRanker(family);
  return { ranker: record?.current?.ranker ?? null, label: rankerLabel(family, record?.current) };
}

function fresh(family: string): FamilyRankerRecord {
  return { family, current: null, history: [], decisionsAtLastFit: 0, nextVersion: 1, updatedAt: Date.now() };
}

/** Makes `fitted` the family's ranker (the one in use goes to history); returns the new state. */
export async function applyFamilyRanker(family: string, fitted: Omit<AppliedRanker, 'version'>): Promise<FamilyRankerRecord> {
  const db = getDb();
  return db.transaction('rw', db.rankers, async () => {
    const record = (await db.rankers.get(family)) ?? fresh(family);
    const next: FamilyRankerRecord = {
      ...record,
      current: { ...fitted, version: record.nextVersion },
      history: [...record.history, record.current],
      decisionsAtLastFit: fitted.decisions,
      nextVersion: record.nextVersion + 1,
      updatedAt: Date.now()
    };
    await db.rankers.put(next);
    return next;
  });
}

/** Puts back the ranker that was in use before the current one; throws when there is nothing to revert. */
export async function revertFamilyRanker(family: string): Promise<FamilyRankerRecord> {
  const db = getDb();
  return db.transaction('rw', db.rankers, async () => {
    const record = await db.rankers.get(family);
    if (!record?.current) throw new Error(`revertFamilyRanker: the family "${family}" uses the shipped ranker; there is nothing to revert`);
    const history = record.history.slice(0, -1);
    const next: FamilyRankerRecord = { ...record, current: record.history.at(-1) ?? null, history, updatedAt: Date.now() };
    await db.rankers.put(next);
    return next;
  });
}

/** Records that the family was re-fitted at `decisions` decisions without applying (the offer waits N more). */
export async function markFamilyFitted(family: string, decisions: number): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.rankers, async () => {
    const record = (await db.rankers.get(family)) ?? fresh(family);
    await db.rankers.put({ ...record, decisionsAtLastFit: decisions, updatedAt: Date.now() });
  });
}

/** One decided candidate with the score the recruiter saw when deciding (its stored score). */
export interface DecidedScore {
  candidateId: string;
  /** The candidate's file SHA-256 (a key that is the same for the same resume on every device). */
  sha256: string;
  jobId: string;
  decision: Decision;
  score: ScoreRecord | undefined;
}

/** The decisions of the given jobs with their candidates' stored scores. */
export async function listDecidedScores(jobIds: string[]): Promise<DecidedScore[]> {
  const db = getDb();
  return db.transaction('r', db.decisions, db.scores, db.candidates, async () => {
    const decisions = await db.decisions.where('jobId').anyOf(jobIds).toArray();
    const ids = decisions.map((d) => d.candidateId);
    const [scores, candidates] = await Promise.all([db.scores.bulkGet(ids), db.candidates.bulkGet(ids)]);
    return decisions.map((d, i) => ({ candidateId: d.candidateId, sha256: candidates[i]?.sha256 ?? d.candidateId, jobId: d.jobId, decision: d.decision, score: scores[i] }));
  });
}
