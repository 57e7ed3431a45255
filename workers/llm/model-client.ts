/**
 * The page's handle on a model worker (embed or llm): lazy start, comlink wrapping, callbacks proxied as
 * top-level arguments, and reload-on-demand — the client remembers the last `load` arguments and, after the
 * worker crashed or was restarted (e.g. a hard cancel, device lost, OOM), re-issues them before the next call,
 * as web-llm's reloadIfUnmatched does. One worker per model kind; calls are not pooled (one model in memory).
 *
 * Non-goals: queueing/priorities (the page serialises), persistence, UI. Usage (page):
 *   const llm = new ModelWorkerClient<LlmApi, 'llm.load'>(browserWorker(new URL('../../workers/llm.worker.ts', import.meta.url), 'llm'), 'llm.load');
 *   await llm.load({ options }, onProgress);  const r = await llm.call('llm.generate', request, onToken);
 */
import * as Comlink from 'comlink';

export interface WorkerHandle {
  endpoint: Comlink.Endpoint;
  terminate(): void;
  /** Registers the crash callback (worker `error` / `messageerror`). */
  onCrash(callback: (error: Error) => void): void;
}

/** Spawner for a module web worker at `url`. */
export function browserWorker(url: URL, name: string): () => WorkerHandle {
  return () => {
    const worker = new Worker(url, { type: 'module', name });
    return {
      endpoint: worker,
      terminate: () => worker.terminate(),
      onCrash: (cb) => {
        worker.addEventListener('error', (e) => cb(new Error(`${name} worker crashed: ${e.message || 'unknown error'}`)));
        worker.addEventListener('messageerror', () => cb(new Error(`${name} worker sent an unreadable message`)));
      }
    };
  };
}

/** The worker died or was restarted while a call was running. */
export class ModelWorkerCrashedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelWorkerCrashedError';
  }
}

type AnyMethod = (args: never, callback?: never) => Promise<unknown>;
type Callback<F> = F extends (args: never, callback?: infer C) => Promise<unknown> ? C : never;

export class ModelWorkerClient<Api extends { [K in keyof Api]: AnyMethod }, L extends keyof Api & string> {
  private live: { handle: WorkerHandle; remote: Comlink.Remote<Api>; loaded: boolean; crashed: Promise<never> } | undefined;
  private lastLoad: { args: unknown } | undefined;
  private restarts = 0;
  private started = false;

  constructor(
    private readonly spawn: () => WorkerHandle,
    private readonly loadMethod: L
  ) {}

  /** How many times the worker was (re)started after the first. */
  get restartCount(): number {
    return this.restarts;
  }

  /** Load a model (remembered for automatic reloads); progress goes through `onProgress`. */
  async load(args: Parameters<Api[L]>[0], onProgress?: Callback<Api[L]>): Promise<Awaited<ReturnType<Api[L]>>> {
    this.lastLoad = { args };
    const live = this.ensure();
    const result = await this.race(live, this.invoke(live, this.loadMethod, args, onProgress));
    live.loaded = true;
    return result as Awaited<ReturnType<Api[L]>>;
  }

  /** Call a method; if the worker restarted since the last load, the model is reloaded first. */
  async call<K extends keyof Api & string>(method: K, args: Parameters<Api[K]>[0], callback?: Callback<Api[K]>): Promise<Awaited<ReturnType<Api[K]>>> {
    const live = this.ensure();
    if (!live.loaded && this.lastLoad && (method as string) !== this.loadMethod) {
      await this.race(live, this.invoke(live, this.loadMethod, this.lastLoad.args));
      live.loaded = true;
    }
    return (await this.race(live, this.invoke(live, method, args, callback))) as Awaited<ReturnType<Api[K]>>;
  }

  /** Terminate the worker now (hard cancel); the next call starts a fresh one and reloads the model. */
  restart(reason = 'restarted by the page'): void {
    if (!this.live) return;
    this.live.handle.terminate();
    this.fail(new ModelWorkerCrashedError(`model worker ${reason}`));
  }

  dispose(): void {
    this.restart('disposed');
    this.lastLoad = undefined;
  }

  private failCurrent: ((e: Error) => void) | undefined;

  private fail(error: Error): void {
    this.failCurrent?.(error);
    this.live = undefined;
  }

  private ensure() {
    if (this.live) return this.live;
    if (this.started) this.restarts++;
    this.started = true;
    const handle = this.spawn();
    let reject!: (e: Error) => void;
    const crashed = new Promise<never>((_, r) => (reject = r));
    crashed.catch(() => undefined);
    this.failCurrent = reject;
    handle.onCrash((e) => this.fail(new ModelWorkerCrashedError(e.message)));
    this.live = { handle, remote: Comlink.wrap<Api>(handle.endpoint), loaded: false, crashed };
    return this.live;
  }

  private race<T>(live: { crashed: Promise<never> }, p: Promise<T>): Promise<T> {
    return Promise.race([p, live.crashed]);
  }

  private invoke(live: { remote: Comlink.Remote<Api> }, method: string, args: unknown, callback?: unknown): Promise<unknown> {
    const fn = (live.remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method];
    return callback ? fn(args, Comlink.proxy(callback as object)) : fn(args);
  }
}
