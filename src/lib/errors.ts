/**
 * App-level errors and the one `handleError` every screen and service uses.
 *
 * Purpose: named errors with stable `name`s (they survive comlink's error serialisation), and a single
 * place that turns an unexpected failure into a toast (and a console entry for the maintainer).
 * Non-goals: expected per-file failures, which travel as Result data and become error rows, not toasts.
 */
import { toasts } from './state/toasts.svelte';

/** A worker died or hung while handling one item; the pool has replaced it. */
export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}

/** Something the recruiter referred to (a job, a candidate) no longer exists. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** A browser capability the app relies on is missing (IndexedDB in a private window, Workers). */
export class UnsupportedBrowserError extends Error {
  override name = 'UnsupportedBrowserError';
}

/** Reports an unexpected failure: ignores user aborts, logs the cause, shows `userMessage` as a toast. */
export function handleError(error: unknown, userMessage: string): void {
  if (error instanceof DOMException && error.name === 'AbortError') return;
  const detail = error instanceof Error ? error.message : String(error);
  console.error(`[shortlist] ${userMessage}:`, error);
  toasts.show({ kind: 'error', message: `${userMessage}: ${detail}` });
}
