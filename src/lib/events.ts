/**
 * A typed app event bus for cross-cutting changes (a candidate deleted, scores recomputed) so screens that
 * show the same data refresh without importing each other.
 * Non-goals: replies (use services), persistence, cross-tab sync.
 */
import type { BatchItemRecord, CandidateRow, ScoreRecord, StageRecord } from './db';

export interface AppEvents {
  'job.changed': { jobId: string };
  'job.deleted': { jobId: string };
  /** Something changed that needs a re-read (decisions, deletions). */
  'candidates.changed': { jobId: string };
  /** One new candidate committed by a batch (screens append it without re-reading every row). */
  'candidate.added': { jobId: string; row: CandidateRow };
  /** One file of a batch failed (an error row). */
  'item.failed': { jobId: string; item: BatchItemRecord };
  /** One file of a batch was skipped as a duplicate of a stored candidate (listed after the batch). */
  'item.duplicate': { jobId: string; item: BatchItemRecord };
  'candidate.deleted': { jobId: string; candidateId: string };
  /** A candidate moved in the pipeline (screens patch the row; the record holds the whole history). */
  'stage.changed': { jobId: string; record: StageRecord };
  /** Scores were recomputed; `scores` carries them so screens patch rows without re-reading. */
  'scores.updated': { jobId: string; scores?: ScoreRecord[] };
}

type Handler<K extends keyof AppEvents> = (payload: AppEvents[K]) => void;

const handlers = new Map<keyof AppEvents, Set<Handler<never>>>();

/** Subscribes to one event; returns the unsubscribe function (call it on unmount). */
export function onEvent<K extends keyof AppEvents>(name: K, handler: Handler<K>): () => void {
  let set = handlers.get(name);
  if (!set) handlers.set(name, (set = new Set()));
  set.add(handler as Handler<never>);
  return () => set.delete(handler as Handler<never>);
}

/** Notifies every subscriber of `name`. */
export function emitEvent<K extends keyof AppEvents>(name: K, payload: AppEvents[K]): void {
  for (const handler of handlers.get(name) ?? []) (handler as Handler<K>)(payload);
}
