/**
 * WorkerPool behaviour with in-thread comlink endpoints standing in for Workers (a MessageChannel per
 * "worker"): bounded concurrency with FIFO order, and recovery when a worker hangs or crashes (the task
 * fails with WorkerCrashedError, the worker is terminated and a fresh one serves the next task).
 */
import { expose } from 'comlink';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/lib/workers/pool';
import { WorkerCrashedError } from '../../src/lib/errors';

interface EchoApi {
  echo(args: { value: number; delayMs?: number }): Promise<number>;
  hang(args: Record<string, never>): Promise<never>;
}

/** A Worker look-alike: comlink talks over a MessageChannel; `crash()` fires an 'error' event like a dying worker. */
class FakeWorker extends EventTarget {
  terminated = false;
  private readonly port: MessagePort;
  constructor(api: EchoApi) {
    super();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    expose(api, port2 as never);
  }
  postMessage(message: unknown, transfer?: Transferable[]) {
    this.port.postMessage(message, transfer as never);
  }
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.port.addEventListener('message', listener as never);
    else super.addEventListener(type, listener);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.port.removeEventListener('message', listener as never);
    else super.removeEventListener(type, listener);
  }
  start() {
    this.port.start();
  }
  terminate() {
    this.terminated = true;
    this.port.close();
  }
  crash() {
    this.dispatchEvent(Object.assign(new Event('error'), { message: 'simulated out-of-memory' }));
  }
}

function makePool(size: number, taskTimeoutMs?: number) {
  const workers: FakeWorker[] = [];
  const log: string[] = [];
  let active = 0;
  let maxActive = 0;
  const api: EchoApi = {
    async echo({ value, delayMs = 5 }) {
      active++;
      maxActive = Math.max(maxActive, active);
      log.push(`start ${value}`);
      await new Promise((r) => setTimeout(r, delayMs));
      active--;
      return value * 2;
    },
    hang: () => new Promise<never>(() => {})
  };
  const pool = new WorkerPool<EchoApi>({
    name: 'test',
    size,
    taskTimeoutMs,
    create: () => {
      const worker = new FakeWorker(api);
      workers.push(worker);
      return worker as unknown as Worker;
    }
  });
  return { pool, workers, log, maxActive: () => maxActive };
}

describe('WorkerPool', () => {
  it('starts workers lazily, never runs more tasks than workers, and keeps FIFO order', async () => {
    const { pool, workers, log, maxActive } = makePool(2);
    expect(workers).toHaveLength(0);
    const results = await Promise.all([1, 2, 3, 4, 5].map((value) => pool.run(`item ${value}`, (remote) => remote.echo({ value }))));
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(workers).toHaveLength(2);
    expect(maxActive()).toBe(2);
    expect(log).toEqual(['start 1', 'start 2', 'start 3', 'start 4', 'start 5']);
    pool.dispose();
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('replaces a hung worker: the task fails naming the item, the next task runs on a fresh worker', async () => {
    const { pool, workers } = makePool(1, 100);
    const hung = pool.run('resume-17.pdf', (remote) => remote.hang({}));
    const next = pool.run('resume-18.pdf', (remote) => remote.echo({ value: 9 }));
    await expect(hung).rejects.toBeInstanceOf(WorkerCrashedError);
    await expect(hung).rejects.toThrow(/resume-17\.pdf/);
    expect(await next).toBe(18);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(pool.restartCount).toBe(1);
    pool.dispose();
  });

  it('replaces a crashed worker and goes on with the queue', async () => {
    const { pool, workers } = makePool(1);
    const doomed = pool.run('big.pdf', (remote) => remote.echo({ value: 1, delayMs: 200 }));
    const after = pool.run('small.pdf', (remote) => remote.echo({ value: 2 }));
    await new Promise((r) => setTimeout(r, 20));
    workers[0].crash();
    await expect(doomed).rejects.toThrow(/big\.pdf: .*simulated out-of-memory/);
    expect(await after).toBe(4);
    expect(workers).toHaveLength(2);
    pool.dispose();
  });
});
