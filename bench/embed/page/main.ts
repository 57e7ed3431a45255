/**
 * bench:embed's browser half: starts the app's REAL embedding worker (workers/embed.worker.ts, the same entry the
 * app's models.service starts) behind comlink and exposes `window.__bench` for Playwright to drive: load a model,
 * embed texts in batches and return the wall time spent inside the worker call. With --raw, also onnxruntime-web
 * alone (ort-raw.worker.ts) on token tensors, to split ORT's time from the wrapper's.
 * Non-goals: UI, persistence; anything the app does around the worker (vector cache, chunking).
 */
import * as Comlink from 'comlink';
import type { EmbedApi, EmbedLoadInfo, EmbedLoadOptions } from '../../../src/lib/core/protocol/embed';
import type { RawApi, RawFeeds } from './ort-raw.worker';

const worker = Comlink.wrap<EmbedApi>(new Worker(new URL('../../../workers/embed.worker.ts', import.meta.url), { type: 'module', name: 'embed' }));

// --raw only: onnxruntime-web without transformers.js, started on first use so the default run has one ORT.
let raw: Comlink.Remote<RawApi> | undefined;

const bench = {
  isolated: () => crossOriginIsolated,
  cores: () => navigator.hardwareConcurrency,
  load: (options: EmbedLoadOptions): Promise<EmbedLoadInfo> => worker['model.load']({ options }),
  /** Embeds `texts` in batches of `batchSize`; resolves to [milliseconds, dims of the first vector]. */
  async embed(texts: string[], batchSize: number): Promise<[number, number]> {
    const t0 = performance.now();
    const vectors = await worker['texts.embed']({ texts, batchSize });
    return [performance.now() - t0, vectors[0]?.length ?? 0];
  },
  rawLoad(modelUrl: string, numThreads: number): Promise<void> {
    raw ??= Comlink.wrap<RawApi>(new Worker(new URL('./ort-raw.worker.ts', import.meta.url), { type: 'module', name: 'ort-raw' }));
    return raw.load(modelUrl, numThreads);
  },
  rawRun: (feeds: RawFeeds, runs: number): Promise<number[]> => raw!.run(feeds, runs)
};
(window as unknown as { __bench: typeof bench }).__bench = bench;
document.getElementById('status')!.textContent = 'ready';
