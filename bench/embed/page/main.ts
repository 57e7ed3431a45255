/**
 * bench:embed's browser half: starts the app's REAL embedding worker (workers/embed.worker.ts, the same entry the
 * app's models.service starts) behind comlink and exposes `window.__bench` for Playwright to drive: load a model,
 * embed texts in batches and return the wall time spent inside the worker call.
 * Non-goals: UI, persistence; anything the app does around the worker (vector cache, chunking).
 */
import * as Comlink from 'comlink';
import type { EmbedApi, EmbedLoadInfo, EmbedLoadOptions } from '../../../src/lib/core/protocol/embed';

const worker = Comlink.wrap<EmbedApi>(new Worker(new URL('../../../workers/embed.worker.ts', import.meta.url), { type: 'module', name: 'embed' }));

const bench = {
  isolated: () => crossOriginIsolated,
  cores: () => navigator.hardwareConcurrency,
  load: (options: EmbedLoadOptions): Promise<EmbedLoadInfo> => worker['model.load']({ options }),
  /** Embeds `texts` in batches of `batchSize`; resolves to [milliseconds, dims of the first vector]. */
  async embed(texts: string[], batchSize: number): Promise<[number, number]> {
    const t0 = performance.now();
    const vectors = await worker['texts.embed']({ texts, batchSize });
    return [performance.now() - t0, vectors[0]?.length ?? 0];
  }
};
(window as unknown as { __bench: typeof bench }).__bench = bench;
document.getElementById('status')!.textContent = 'ready';
