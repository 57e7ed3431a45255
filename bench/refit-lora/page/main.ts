/**
 * bench:refit-lora's browser half: starts the app's REAL adapt worker (workers/adapt.worker.ts, the entry the app's
 * adapt.client starts) behind comlink and exposes `window.__bench.adapt` for Playwright: fetch a model folder served
 * under /models/, run the LoRA on the given decisions, return the report (without the exported files).
 * Non-goals: UI, reading decisions from IndexedDB (the bench passes them in).
 */
import * as Comlink from 'comlink';
import type { AdaptApi, AdaptArgs } from '../../../workers/adapt/api';

const bench = {
  hasWebGpu: async () => Boolean(await (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu?.requestAdapter()),
  async adapt(model: string, paths: string[], args: Omit<AdaptArgs, 'files'>) {
    const files: AdaptArgs['files'] = {};
    for (const p of paths) files[p] = new Uint8Array(await (await fetch(`/models/${model}/${p}`)).arrayBuffer());
    const worker = new Worker(new URL('../../../workers/adapt.worker.ts', import.meta.url), { type: 'module', name: 'adapt' });
    try {
      const t0 = performance.now();
      const result = await Comlink.wrap<AdaptApi>(worker)['embed.adapt']({ ...args, files });
      const wall = performance.now() - t0;
      if (!result.ok) return { error: result.error.message };
      const { files: _files, manifest: _manifest, ...report } = result.value;
      return { ...report, wall };
    } finally {
      worker.terminate();
    }
  }
};
(window as unknown as { __bench: typeof bench }).__bench = bench;
document.getElementById('status')!.textContent = 'ready';
