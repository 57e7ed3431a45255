/**
 * Embedding web worker: owns transformers.js + onnxruntime-web and exposes EmbedApi with comlink.
 * The page wraps it with ModelWorkerClient (workers/llm/model-client.ts) or `Comlink.wrap<EmbedApi>(new Worker(
 * new URL('./embed.worker.ts', import.meta.url), {type: 'module'}))`, passing progress callbacks with
 * `Comlink.proxy` as a top-level argument. Vectors come back as Float32Arrays (structured clone).
 * Threads: cross-origin isolated (csp.config.js), onnxruntime-web runs wasmThreadCount() WASM threads (pipeline.ts).
 * Non-goals: DOM, IndexedDB (the page persists vectors through EmbeddingCache).
 */
import * as Comlink from 'comlink';
import { createEmbedApi } from './embed/api';
import { ORT_WASM_URL } from './embed/ort-wasm-asset';
import { useBundledOrtWasm } from './embed/pipeline';

useBundledOrtWasm(ORT_WASM_URL); // ORT's WASM from our own origin, never a CDN
// onnxruntime-web's bundled build starts its WASM threads as module workers of the script that holds it (this
// bundle, named "em-pthread..."); there the ORT code runs the thread and the page-facing API must stay silent.
if (!(globalThis as { name?: string }).name?.startsWith('em-pthread')) Comlink.expose(createEmbedApi());
