// The ORT WASM runtime is self-hosted: in a page/worker context env points at our origin (the asset Vite emits
// from node_modules, or an explicit folder), never transformers.js' CDN default, and refuses to guess otherwise.
import { afterEach, describe, expect, it } from 'vitest';
import { env } from '@huggingface/transformers';
import { configureTransformersEnv, useBundledOrtWasm } from '../../workers/embed/pipeline';

const wasmPaths = () => (env.backends.onnx as { wasm?: { wasmPaths?: unknown } }).wasm?.wasmPaths;

describe('configureTransformersEnv in a page/worker context', () => {
  const g = globalThis as { location?: unknown };
  afterEach(() => void delete g.location);

  it('without a configured runtime it refuses instead of falling back to a CDN', () => {
    g.location = { href: 'https://shortlist.example.org/app/' };
    expect(() => configureTransformersEnv({})).toThrow(/no self-hosted onnxruntime-web WASM configured/);
  });

  it('uses the bundled asset URL resolved against our origin', () => {
    g.location = { href: 'https://shortlist.example.org/app/jobs/1' };
    useBundledOrtWasm('/assets/ort-wasm-simd-threaded.asyncify-abc123.wasm');
    configureTransformersEnv({ allowRemoteModels: false });
    expect(wasmPaths()).toEqual({ wasm: 'https://shortlist.example.org/assets/ort-wasm-simd-threaded.asyncify-abc123.wasm' });
    expect(JSON.stringify(wasmPaths())).not.toMatch(/jsdelivr|cdn/);
    expect(env.allowRemoteModels).toBe(false);
  });

  it('an explicit folder wins and names both runtime files', () => {
    g.location = { href: 'https://h.example/' };
    configureTransformersEnv({ wasmPaths: '/static/ort', allowRemoteModels: true, remoteHost: 'https://models.acme.test/' });
    expect(wasmPaths()).toEqual({ mjs: 'https://h.example/static/ort/ort-wasm-simd-threaded.asyncify.mjs', wasm: 'https://h.example/static/ort/ort-wasm-simd-threaded.asyncify.wasm' });
    expect(env.remoteHost).toBe('https://models.acme.test/');
  });
});
