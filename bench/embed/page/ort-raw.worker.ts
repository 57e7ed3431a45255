/**
 * bench:embed --raw, browser half: onnxruntime-web ALONE (no transformers.js, no tokenizer, no pooling, no comlink
 * per text) on the same model file, the same ORT build and WASM binary the embed worker runs (transformers.js
 * imports onnxruntime-web/webgpu; ORT_WASM_URL is the asset that worker loads), the same thread count and the
 * session options transformers.js passes for device 'wasm'. Times session.run on token tensors the Node side
 * tokenized, so the bench can split "ORT-web vs onnxruntime-node" from "our wrapper on each side".
 * Non-goals: anything the app does; this file is bench-only.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web/webgpu';
import { ORT_WASM_URL } from '../../../workers/embed/ort-wasm-asset';

export type RawFeeds = Record<string, { data: number[]; dims: number[] }>;

let session: ort.InferenceSession | undefined;

const api = {
  async load(modelUrl: string, numThreads: number): Promise<void> {
    ort.env.wasm.numThreads = numThreads;
    ort.env.wasm.wasmPaths = { wasm: new URL(ORT_WASM_URL, location.href).href };
    const bytes = new Uint8Array(await (await fetch(modelUrl)).arrayBuffer());
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], logSeverityLevel: 3 });
  },
  /** Runs the session `runs` times on int64 feeds; resolves to the wall time of each run in ms. */
  async run(feeds: RawFeeds, runs: number): Promise<number[]> {
    if (!session) throw new Error('ort-raw: load first');
    const tensors = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('int64', BigInt64Array.from(v.data, BigInt), v.dims)]));
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const out = await session.run(tensors);
      times.push(performance.now() - t0);
      for (const t of Object.values(out)) t.dispose();
    }
    return times;
  }
};
export type RawApi = typeof api;

// ORT's WASM threads start as module workers of this same bundle ("em-pthread..."); there ORT runs the thread.
if (!(globalThis as { name?: string }).name?.startsWith('em-pthread')) Comlink.expose(api);
