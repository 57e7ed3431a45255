/**
 * Embedding web worker: owns transformers.js + onnxruntime-web and exposes EmbedApi with comlink.
 * The page wraps it with `Comlink.wrap<EmbedApi>(new Worker(new URL('./embed.worker.ts', import.meta.url),
 * {type: 'module'}))` and passes progress callbacks with `Comlink.proxy`. Vectors come back as Float32Arrays
 * (structured clone). Non-goals: DOM, IndexedDB (the page persists vectors through EmbeddingCache).
 */
import * as Comlink from 'comlink';
import { createEmbedApi } from './embed/api';

Comlink.expose(createEmbedApi());
