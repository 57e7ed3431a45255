/**
 * What every kernel lab script (matmul.ts, attention.ts) shares: the timing loop and the script entry.
 * Wall-clock per call including submit + wait (dev.sync after each run). Not a test; nothing asserts speed.
 * Non-goals: validation (each lab checks its own outputs against the CPU reference).
 */
import type { EngineDevice } from '../src/engine/device';

/** Mean milliseconds of `run` over `reps` calls, each followed by dev.sync() (call it warm). */
export async function meanSyncedMs(dev: EngineDevice, run: () => void, reps: number): Promise<number> {
  const start = performance.now();
  for (let r = 0; r < reps; r++) {
    run();
    await dev.sync();
  }
  return (performance.now() - start) / reps;
}

/** Run a lab's main: a failure prints its message (no stack) and sets a failing exit code. */
export function runLab(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
