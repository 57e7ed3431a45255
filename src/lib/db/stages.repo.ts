/**
 * Stages repository: the only writer of the candidate pipeline (table `stages`).
 *
 * Purpose: move one candidate to a stage with a note, appending the dated move to its history, in ONE
 * transaction; read a candidate's stage.
 * Non-goals: what the stages are (core/shortlist/stages), events and toasts (services/pipeline.service.ts),
 * deleting stages (the candidate and job deletions do it with everything else).
 */
import type { Stage } from '../core/shortlist';
import { getDb, type StageRecord } from './schema';

/** Moves a candidate to `stage` (the same stage again records a new note and date); returns the stored record. */
export async function saveStage(input: { candidateId: string; stage: Stage; note: string; at?: number }): Promise<StageRecord> {
  const db = getDb();
  return db.transaction('rw', db.candidates, db.stages, async () => {
    const candidate = await db.candidates.get(input.candidateId);
    if (!candidate) throw new Error(`saveStage: candidate ${input.candidateId} does not exist (deleted?)`);
    const previous = await db.stages.get(input.candidateId);
    const at = input.at ?? Date.now();
    const record: StageRecord = {
      candidateId: candidate.id,
      jobId: candidate.jobId,
      stage: input.stage,
      note: input.note,
      movedAt: at,
      history: [...(previous?.history ?? []), { stage: input.stage, note: input.note, at }]
    };
    await db.stages.put(record);
    return record;
  });
}

/** A candidate's pipeline record; undefined while it is still 'new' (never moved). */
export async function getStage(candidateId: string): Promise<StageRecord | undefined> {
  return getDb().stages.get(candidateId);
}
