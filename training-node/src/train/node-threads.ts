/**
 * Node side of the fast CPU path's thread pool: a `SpawnWorker` on worker_threads (eval'd source, the shared
 * WebAssembly.Memory and control SharedArrayBuffer in workerData), and the CpuOps a training run uses for
 * `--cpu-kernels fast|reference` with `--threads N` (default: the machine's CPU count). Node 20's V8 compiles relaxed
 * SIMD (the kernel's fused multiply-add) only behind --experimental-wasm-relaxed-simd: `enableRelaxedSimd` sets
 * that V8 flag at run time (process-wide, so worker_threads see it too) before the kernel is compiled; newer Node
 * versions and Chrome have it on by default. The engine then detects it by validating a tiny module.
 *
 * Non-goals: browser workers (the engine's gemm.ts takes any SpawnWorker). Node APIs (worker_threads, os).
 */
import os from 'node:os';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { GemmWorkerInit, SpawnWorker } from '../engine/cpu-fast/gemm';
import { type CpuOps, createFastCpuOps, REFERENCE_CPU_OPS } from '../engine/cpu-fast/ops';

/**
 * Start a worker_threads worker running `source(workerData)`; unref'd so it never keeps the process alive. Its
 * 'error' and 'exit' events go to the pool's `onExit` (the pool fails from then on and ignores the exit that its
 * own stop causes), so a later op throws instead of waiting for a worker that is gone.
 */
export const spawnNodeWorker: SpawnWorker = (source: string, init: GemmWorkerInit, onExit?: (reason: string) => void) => {
  const worker = new Worker(`const { workerData } = require('node:worker_threads');\n(${source})(workerData);`, { eval: true, workerData: init });
  worker.on('error', (e) => {
    process.stderr.write(`[training-node] gemm worker ${init.index} failed: ${(e as Error).message}\n`);
    onExit?.(`failed: ${(e as Error).message}`);
  });
  worker.on('exit', (code) => onExit?.(`exited (code ${code})`));
  worker.unref();
};

/** Let V8 compile relaxed SIMD (a no-op where it is already on); call before createFastGemm. */
export function enableRelaxedSimd(): void {
  v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
}

/** train-summary.json's `cpuKernels`: e.g. `fast (wasm simd + relaxed fma, 2 threads)`, or `reference`. */
export function cpuKernelsLabel(ops: CpuOps | null | undefined): string {
  return ops?.kind === 'fast' ? `fast (wasm simd${ops.relaxedSimd ? ' + relaxed fma' : ''}, ${ops.threads} threads)` : 'reference';
}

export type CpuKernelChoice = 'fast' | 'reference';

/**
 * The CPU ops for a run: the fast WASM SIMD path on `threads` threads (default os CPUs), or the reference.
 * `relaxedSimd: false` keeps the plain mul + add kernel (the bench's A/B case); default: fused where available.
 */
export function nodeCpuOps(kind: CpuKernelChoice, threads = os.availableParallelism?.() ?? os.cpus().length, opts: { relaxedSimd?: boolean } = {}): CpuOps {
  if (kind === 'reference') return REFERENCE_CPU_OPS;
  if (opts.relaxedSimd !== false) enableRelaxedSimd();
  return createFastCpuOps({ threads, spawnWorker: threads > 1 ? spawnNodeWorker : undefined, relaxedSimd: opts.relaxedSimd ?? 'auto' });
}
