/**
 * Stages repository: the only writer of the candidate pipeline (table `stages`).
 *
 * Purpose: move one candidate to a stage with a note, appending the dated move to its history and one entry to the
 * job's decision log (action 'stage', from → to), in ONE transaction; read a candidate's stage.
 * Non-goals: what the stages are (core/shortlist/stages), events and toasts (services/pipeline.service.ts),
 * deleting stages (the candidate and job deletions do it with everything else).
 */
import type { Stage } from '../core/shortlist';
import { appendDecision, type DecisionContext } from './decision-log.repo';
import { getDb, type StageRecord } from './schema';

/**
 * Moves a candidate to `stage` (the same stage again records a new note and date) and logs the move; returns the
 * stored record. Nothing is written when the candidate does not exist.
 */
export async function saveStage(input: { candidateId: string; stage: Stage; note: string; at?: number; context: DecisionContext }): Promise<StageRecord> {
  const db = getDb();
  if (!(await db.candidates.get(input.candidateId))) throw new Error(`saveStage: candidate ${input.candidateId} does not exist (deleted?)`);
  const from = (await db.stages.get(input.candidateId))?.stage ?? 'new';
  let record: StageRecord | undefined;
  await appendDecision({ candidateId: input.candidateId, action: 'stage', stage: { from, to: input.stage }, note: input.note, context: input.context }, async (candidate, tables) => {
    const previous = await tables.stages.get(candidate.id);
    const at = input.at ?? Date.now();
    record = {
      candidateId: candidate.id,
      jobId: candidate.jobId,
      stage: input.stage,
      note: input.note,
      movedAt: at,
      history: [...(previous?.history ?? []), { stage: input.stage, note: input.note, at }]
    };
    await tables.stages.put(record);
  });
  return record!;
}

/** A candidate's pipeline record; undefined while it is still 'new' (never moved). */
export async function getStage(candidateId: string): Promise<StageRecord | undefined> {
  return getDb().stages.get(candidateId);
}
