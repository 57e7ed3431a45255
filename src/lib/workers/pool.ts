/**
 * A small pool of comlink workers: lazy start, a FIFO queue, one task per worker at a time, and
 * crash recovery (a worker that errors or exceeds the task timeout is terminated and replaced; its task
 * is rejected with WorkerCrashedError so the caller records that one file and goes on).
 *
 * Non-goals: knowing what the tasks do (see ingest.client.ts), persistence, retries (callers decide).
 */
import { wrap, releaseProxy, type Remote } from 'comlink';
import { WorkerCrashedError } from '../errors';

interface Slot<Api> {
  worker: Worker;
  remote: Remote<Api>;
  busy: boolean;
  fail: ((error: Error) => void) | null;
}

interface QueuedTask<Api> {
  run: (remote: Remote<Api>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  label: string;
}

export interface WorkerPoolOptions {
  /** Creates one worker (e.g. `new Worker(new URL(...), { type: 'module' })`). */
  create: () => Worker;
  size: number;
  /** A task running longer than this is treated as a hung/crashed worker. */
  taskTimeoutMs?: number;
  name: string;
}

/** Pool size for this machine: hardware threads minus one for the page, between 1 and `cap`. */
export function defaultPoolSize(cap = 4): number {
  const threads = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(cap, threads - 1));
}

export class WorkerPool<Api> {
  private slots: Array<Slot<Api> | null>;
  private queue: Array<QueuedTask<Api>> = [];
  private restarts = 0;

  constructor(private readonly options: WorkerPoolOptions) {
    this.slots = Array.from({ length: Math.max(1, options.size) }, () => null);
  }

  /** How many workers were replaced after a crash or hang (shown in diagnostics). */
  get restartCount(): number {
    return this.restarts;
  }

  /** Queues `run` for the next free worker; `label` names the item in crash errors. */
  run<T>(label: string, run: (remote: Remote<Api>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ run, resolve: resolve as (v: unknown) => void, reject, label });
      this.pump();
    });
  }

  /** Terminates every worker; queued tasks are rejected. */
  dispose(): void {
    for (const task of this.queue.splice(0)) task.reject(new Error(`${this.options.name}: pool disposed before ${task.label} ran`));
    this.slots.forEach((slot, index) => slot && this.kill(index));
  }

  private pump(): void {
    for (let index = 0; index < this.slots.length && this.queue.length > 0; index++) {
      const slot = this.slots[index] ?? this.start(index);
      if (slot.busy) continue;
      const task = this.queue.shift()!;
      void this.execute(index, slot, task);
    }
  }

  private start(index: number): Slot<Api> {
    const worker = this.options.create();
    const slot: Slot<Api> = { worker, remote: wrap<Api>(worker), busy: false, fail: null };
    const onCrash = (event: ErrorEvent | MessageEvent) => {
      const detail = 'message' in event && typeof event.message === 'string' ? event.message : 'worker error';
      slot.fail?.(new WorkerCrashedError(`${this.options.name} worker crashed: ${detail}`));
    };
    worker.addEventListener('error', onCrash);
    worker.addEventListener('messageerror', onCrash);
    this.slots[index] = slot;
    return slot;
  }

  private kill(index: number): void {
    const slot = this.slots[index];
    if (!slot) return;
    slot.remote[releaseProxy]();
    slot.worker.terminate();
    this.slots[index] = null;
  }

  private async execute(index: number, slot: Slot<Api>, task: QueuedTask<Api>): Promise<void> {
    slot.busy = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const crashed = new Promise<never>((_, reject) => {
      slot.fail = reject;
      const timeout = this.options.taskTimeoutMs;
      if (timeout) timer = setTimeout(() => reject(new WorkerCrashedError(`${task.label}: no answer after ${timeout / 1000} s; the worker was restarted`)), timeout);
    });
    try {
      task.resolve(await Promise.race([task.run(slot.remote), crashed]));
      slot.busy = false;
    } catch (error) {
      if (error instanceof WorkerCrashedError) {
        this.restarts++;
        this.kill(index); // a fresh worker starts lazily on the next task
        task.reject(new WorkerCrashedError(`${task.label}: ${error.message}`));
      } else {
        slot.busy = false;
        task.reject(error instanceof Error ? error : new Error(String(error)));
      }
    } finally {
      clearTimeout(timer);
      slot.fail = null;
      this.pump();
    }
  }
}
