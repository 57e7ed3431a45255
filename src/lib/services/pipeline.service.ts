/**
 * Pipeline action: the ONE function that moves a candidate to a stage (new, shortlisted, interview, offer,
 * rejected) with a note. Every screen and keyboard shortcut goes through `moveCandidate`, so whatever must happen
 * on a stage change is added here once; each move is logged in the job's decision log (db/stages.repo.ts).
 * `tryMoveCandidate` is the same move for the screens: a failure is reported (an error toast) instead of thrown.
 * Non-goals: what the stages are (core/shortlist/stages), persistence details (db/stages.repo.ts), the
 * select/reject decision (candidates.service decideCandidate).
 */
import { STAGE_LABELS, type Stage } from '../core/shortlist';
import { saveStage, type StageRecord } from '../db';
import { emitEvent } from '../events';
import { handleError } from '../errors';
import { settings } from '../state/settings.svelte';
import { toasts } from '../state/toasts.svelte';
import { currentDecisionContext } from './decision-log.service';

/** Moves a candidate to `stage` (stored with the note and the date); announces it and returns the record. */
export async function moveCandidate(input: { jobId: string; candidateId: string; stage: Stage; note?: string; label?: string }): Promise<StageRecord> {
  const record = await saveStage({ candidateId: input.candidateId, stage: input.stage, note: input.note ?? '', context: currentDecisionContext(settings.blind) });
  emitEvent('stage.changed', { jobId: input.jobId, record });
  toasts.show({ kind: 'success', message: `${input.label ?? 'Candidate'} moved to ${STAGE_LABELS[input.stage]}`, ms: 2500 });
  return record;
}

/** moveCandidate, reporting a failure instead of throwing it; null when the move failed. */
export async function tryMoveCandidate(input: Parameters<typeof moveCandidate>[0]): Promise<StageRecord | null> {
  try {
    return await moveCandidate(input);
  } catch (error) {
    handleError(error, 'Could not move the candidate');
    return null;
  }
}
