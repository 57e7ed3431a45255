/**
 * LLM web worker: owns web-llm and transformers.js and exposes LlmApi with comlink. The page wraps it with
 * `Comlink.wrap<LlmApi>(new Worker(new URL('./llm.worker.ts', import.meta.url), {type: 'module'}))` and passes
 * progress/token callbacks as top-level `Comlink.proxy` arguments. Non-goals: prompts, DOM, IndexedDB writes.
 */
import * as Comlink from 'comlink';
import { createLlmApi } from './llm/api';
import { createTransformersBackend } from './llm/transformers-backend';
import { createWebLlmBackend } from './llm/webllm-backend';

Comlink.expose(createLlmApi({ 'web-llm': () => createWebLlmBackend(), 'transformers.js': createTransformersBackend }));
