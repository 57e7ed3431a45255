/**
 * Node side of the fast CPU path's thread pool: a `SpawnWorker` on worker_threads (eval'd source, the shared
 * WebAssembly.Memory and control SharedArrayBuffer in workerData), and the CpuOps a training run uses for
 * `--cpu-kernels fast|reference` with `--threads N` (default: the machine's CPU count).
 *
 * Non-goals: browser workers (the engine's gemm.ts takes any SpawnWorker). Node APIs (worker_threads, os).
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { GemmWorkerInit, SpawnWorker } from '../engine/cpu-fast/gemm';
import { type CpuOps, createFastCpuOps, REFERENCE_CPU_OPS } from '../engine/cpu-fast/ops';

/** Start a worker_threads worker running `source(workerData)`; unref'd so it never keeps the process alive. */
export const spawnNodeWorker: SpawnWorker = (source: string, init: GemmWorkerInit) => {
  const worker = new Worker(`const { workerData } = require('node:worker_threads');\n(${source})(workerData);`, { eval: true, workerData: init });
  worker.on('error', (e) => process.stderr.write(`[training-node] gemm worker ${init.index} failed: ${(e as Error).message}\n`));
  worker.unref();
};

export type CpuKernelChoice = 'fast' | 'reference';

/** The CPU ops for a run: the fast WASM SIMD path on `threads` threads (default os CPUs), or the reference. */
export function nodeCpuOps(kind: CpuKernelChoice, threads = os.availableParallelism?.() ?? os.cpus().length): CpuOps {
  if (kind === 'reference') return REFERENCE_CPU_OPS;
  return createFastCpuOps({ threads, spawnWorker: threads > 1 ? spawnNodeWorker : undefined });
}
