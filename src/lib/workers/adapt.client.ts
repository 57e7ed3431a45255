/**
 * The page's handle on the embedding-adapt worker: one worker per run, terminated when it answers. Progress comes
 * back through a comlink proxy; aborting the signal terminates the worker at once and rejects with an AbortError.
 * A crash rejects with WorkerCrashedError. Non-goals: what is trained (training-node/src/adapt), storage (services).
 */
import { proxy, releaseProxy, wrap } from 'comlink';
import type { Result } from '../core/result';
import type { AdaptApi, AdaptArgs, AdaptResult } from '../../../workers/adapt/api';
import type { AdaptProgress } from '../../../training-node/src/adapt/embed-lora';
import { WorkerCrashedError } from '../errors';

/** Runs one adaptation in a fresh worker. */
export async function adaptInWorker(args: AdaptArgs, opts: { signal?: AbortSignal; onProgress?: (p: AdaptProgress) => void } = {}): Promise<Result<AdaptResult>> {
  opts.signal?.throwIfAborted();
  const worker = new Worker(new URL('../../../workers/adapt.worker.ts', import.meta.url), { type: 'module', name: 'adapt' });
  const remote = wrap<AdaptApi>(worker);
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new WorkerCrashedError(`adapt worker crashed: ${e.message || 'worker error'}`)));
    onAbort = () => reject(new DOMException('The adaptation was cancelled', 'AbortError'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([remote['embed.adapt'](args, opts.onProgress ? proxy(opts.onProgress) : undefined), stopped]);
  } finally {
    if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
    remote[releaseProxy]();
    worker.terminate();
  }
}
