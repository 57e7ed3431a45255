/**
 * LLM web worker: owns web-llm and transformers.js and exposes LlmApi with comlink. The page wraps it with
 * ModelWorkerClient (workers/llm/model-client.ts) or `Comlink.wrap<LlmApi>(new Worker(new URL('./llm.worker.ts',
 * import.meta.url), {type: 'module'}))`, passing progress/token callbacks as top-level `Comlink.proxy` arguments.
 * Non-goals: prompts, DOM, IndexedDB writes.
 */
import * as Comlink from 'comlink';
import { createLlmApi } from './llm/api';
import { createTransformersBackend } from './llm/transformers-backend';
import { createWebLlmBackend } from './llm/webllm-backend';
import { ORT_WASM_URL } from './embed/ort-wasm-asset';
import { useBundledOrtWasm } from './embed/pipeline';

useBundledOrtWasm(ORT_WASM_URL); // ORT's WASM from our own origin, never a CDN
// Cross-origin isolated, onnxruntime-web starts its WASM threads from this bundle ("em-pthread" workers; see
// embed.worker.ts): the API is exposed in the real worker only.
if (!(globalThis as { name?: string }).name?.startsWith('em-pthread')) {
  Comlink.expose(createLlmApi({ 'web-llm': () => createWebLlmBackend(), 'transformers.js': createTransformersBackend }));
}
