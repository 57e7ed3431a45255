/**
 * Parses many resume files, in-process (workers = 1) or over a worker_threads pool (default: one thread
 * per available core). Results come back in input order whatever order the threads finish in.
 *
 * Non-goals: work stealing, retries, cross-run caching. A crashed thread fails its file and is replaced.
 */

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { ingestCandidateFile, type CandidateOutcome, type IngestMode } from './candidates';
import type { PoolReply, PoolRequest } from './ingest-worker';

export interface PoolOptions {
  /** Threads; 1 parses in-process. Default: defaultWorkerCount(files.length). */
  workers?: number;
  /** Called after each file with the number done so far. */
  onProgress?: (done: number, total: number) => void;
  /** What each file is parsed into (candidates.ts); default 'full'. */
  mode?: IngestMode;
}

/** Heap cap per parse thread: a pathological file kills its thread, not the whole run. */
const THREAD_HEAP_MB = 1024;

/** A thread costs ~3-4 CPU-seconds to start (tsx + pdf.js load), so it needs a few files to pay back. */
const MIN_FILES_PER_THREAD = 8;

/**
 * Parse threads worth starting for `fileCount` files: one per core, but none (in-process) on a machine
 * with two cores or fewer, or for a small batch. Measured on a 2-core machine shared with other jobs,
 * 100 PDFs: in-process 1.76 resumes/s, 2 threads 1.12 resumes/s (bench/ingest.ts --workers 1|2).
 */
export function defaultWorkerCount(fileCount = Number.POSITIVE_INFINITY): number {
  const cores = os.availableParallelism();
  if (cores <= 2) return 1;
  return Math.max(1, Math.min(cores, Math.floor(fileCount / MIN_FILES_PER_THREAD)));
}

/**
 * Worker threads on Node 20 do not inherit the tsx loader's hooks for their entry file, so each thread
 * starts from a tiny script that registers tsx itself and then imports the TypeScript worker.
 */
function workerBootstrap(): string {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./ingest-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

/** Ingests and parses every file; never rejects for a bad file. */
export async function ingestCandidateFiles(files: string[], opts: PoolOptions = {}): Promise<CandidateOutcome[]> {
  const workers = Math.min(opts.workers ?? defaultWorkerCount(files.length), Math.max(1, files.length));
  const results: CandidateOutcome[] = new Array(files.length);
  let done = 0;
  const report = () => opts.onProgress?.(++done, files.length);
  if (workers <= 1) {
    for (let i = 0; i < files.length; i++) {
      results[i] = await ingestCandidateFile(files[i], opts.mode);
      report();
    }
    return results;
  }
  let next = 0;
  const bootstrap = workerBootstrap();
  const runThread = () =>
    new Promise<void>((resolve) => {
      let current = -1;
      let finished = false;
      let lastError = 'exited unexpectedly';
      let worker: Worker;
      const start = () => {
        worker = new Worker(bootstrap, { eval: true, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
        worker.on('message', (reply: PoolReply) => {
          results[reply.id] = reply.outcome;
          current = -1;
          report();
          feed();
        });
        worker.on('error', (e) => {
          lastError = e.message;
        });
        worker.on('exit', () => {
          if (finished) return resolve();
          // The thread died mid-file (a crash or the heap limit): fail that file, carry on with a new thread.
          if (current >= 0 && results[current] === undefined) {
            results[current] = {
              ok: false,
              error: { file: files[current], code: 'internal-error', error: `${files[current]}: parser thread died (${lastError})`, timings: { readMs: 0, extractMs: 0, parseMs: 0 } }
            };
            report();
          }
          current = -1;
          start();
          feed();
        });
      };
      const feed = () => {
        if (next >= files.length) {
          finished = true;
          void worker.terminate();
          return;
        }
        current = next++;
        worker.postMessage({ id: current, file: files[current], mode: opts.mode ?? 'full' } satisfies PoolRequest);
      };
      start();
      feed();
    });
  await Promise.all(Array.from({ length: workers }, runThread));
  return results;
}
