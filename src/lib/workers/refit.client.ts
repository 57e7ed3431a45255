/**
 * The page's handle on the re-fit worker: one worker per re-fit (a rare, short task), terminated when it
 * answers. A crash or a hang past the timeout rejects with WorkerCrashedError.
 * Non-goals: what is fitted (core/refit), reading and storing (services/refit.service.ts).
 */
import { releaseProxy, wrap } from 'comlink';
import type { Result } from '../core/result';
import type { RefitApi, RefitArgs, TimedRefit } from '../../../workers/refit/api';
import { WorkerCrashedError } from '../errors';

const TIMEOUT_MS = 120_000;

/** Runs one re-fit in a fresh worker. */
export async function refitInWorker(args: RefitArgs): Promise<Result<TimedRefit>> {
  const worker = new Worker(new URL('../../../workers/refit.worker.ts', import.meta.url), { type: 'module', name: 'refit' });
  const remote = wrap<RefitApi>(worker);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new WorkerCrashedError(`refit worker crashed: ${e.message || 'worker error'}`)));
    timer = setTimeout(() => reject(new WorkerCrashedError(`refit worker did not answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  try {
    return await Promise.race([remote['ranker.refit'](args), failed]);
  } finally {
    clearTimeout(timer);
    remote[releaseProxy]();
    worker.terminate();
  }
}
