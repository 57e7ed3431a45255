/**
 * Browser side of tests/workers/browser.test.ts: starts the REAL workers (workers/embed.worker.ts,
 * workers/llm.worker.ts) through comlink, as the app does, and exposes `window.runWorkerChecks(device)` which loads
 * the fixtures served under /models/ (remote models off) and returns plain data for the Node side to assert on.
 * Non-goals: assertions (Node side), UI.
 */
import * as Comlink from 'comlink';
import type { EmbedApi } from '../../../src/lib/core/protocol/embed';
import type { LlmApi } from '../../../src/lib/core/protocol/llm';
import { BROWSER_CHECK_SCHEMA } from './schema';

async function runWorkerChecks(device: 'wasm' | 'webgpu', what: { embed: boolean; llm: boolean }) {
  const out: Record<string, unknown> = { device, hasGpu: 'gpu' in navigator };
  // Errors cross back as data so the Node side can assert on their messages.
  const attempt = async (key: string, fn: () => Promise<unknown>) => {
    try {
      out[key] = await fn();
    } catch (e) {
      out[key] = { error: (e as Error).message };
    }
  };
  if (what.embed) await attempt('embed', async () => {
    const embed = Comlink.wrap<EmbedApi>(new Worker(new URL('../../../workers/embed.worker.ts', import.meta.url), { type: 'module' }));
    const info = await embed['model.load']({ options: { model: 'tiny-bert', localModelPath: '/models/', allowRemoteModels: false, device, dtype: 'fp32' } });
    const vectors = await embed['texts.embed']({ texts: ['TypeScript and React', 'Led a team of four engineers'], batchSize: 2 });
    return { info, vectors: vectors.map((v) => Array.from(v)) };
  });
  if (what.llm) await attempt('llm', async () => {
    const llm = Comlink.wrap<LlmApi>(new Worker(new URL('../../../workers/llm.worker.ts', import.meta.url), { type: 'module' }));
    const info = await llm['llm.load']({ options: { backend: 'transformers.js', model: 'tiny-random-llama-onnx', localModelPath: '/models/', allowRemoteModels: false, device, dtype: 'fp16' } });
    const deltas: string[] = [];
    const result = await llm['llm.generate'](
      { messages: [{ role: 'user', content: 'Assess the candidate.' }], schema: BROWSER_CHECK_SCHEMA, maxTokens: 400 },
      Comlink.proxy((d: string) => void deltas.push(d))
    );
    return { info, result, deltas: deltas.length, streamed: deltas.join('') };
  });
  return out;
}

(window as unknown as { runWorkerChecks: typeof runWorkerChecks }).runWorkerChecks = runWorkerChecks;
(window as unknown as { pageReady: boolean }).pageReady = true;
