// onnxruntime-web threads and device choice in a page/worker context: WASM threads only when cross-origin isolated
// (one per core, at most 4), written into transformers.js' ORT env by configureTransformersEnv; WebGPU when an
// adapter exists, else WASM in browsers.
import { afterEach, describe, expect, it } from 'vitest';
import { env } from '@huggingface/transformers';
import { configureTransformersEnv, pickDevice, useBundledOrtWasm, wasmThreadCount } from '../../workers/embed/pipeline';

const g = globalThis as Record<string, unknown>;
const saved = Object.fromEntries(['location', 'crossOriginIsolated', 'navigator', 'importScripts'].map((k) => [k, Object.getOwnPropertyDescriptor(g, k)]));
afterEach(() => {
  for (const [k, d] of Object.entries(saved)) {
    if (d) Object.defineProperty(g, k, d);
    else delete g[k];
  }
});
const setGlobal = (k: string, value: unknown) => Object.defineProperty(g, k, { value, configurable: true, writable: true });

describe('wasmThreadCount', () => {
  it('is 1 without cross-origin isolation, whatever the cores', () => {
    expect(wasmThreadCount({ crossOriginIsolated: false, navigator: { hardwareConcurrency: 16 } })).toBe(1);
    expect(wasmThreadCount({ navigator: { hardwareConcurrency: 8 } })).toBe(1);
  });
  it('is one per core up to 4 when isolated', () => {
    expect(wasmThreadCount({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 2 } })).toBe(2);
    expect(wasmThreadCount({ crossOriginIsolated: true, navigator: { hardwareConcurrency: 16 } })).toBe(4);
    expect(wasmThreadCount({ crossOriginIsolated: true, navigator: {} })).toBe(1);
  });
});

describe('configureTransformersEnv sets ORT WASM threads', () => {
  const threads = () => (env.backends.onnx as { wasm?: { numThreads?: number } }).wasm?.numThreads;
  it('isolated page with 4 cores → 4 threads; not isolated → 1', () => {
    useBundledOrtWasm('/assets/ort.wasm');
    setGlobal('location', { href: 'https://shortlist.example.org/' });
    setGlobal('navigator', { hardwareConcurrency: 4 });
    setGlobal('crossOriginIsolated', true);
    configureTransformersEnv({});
    expect(threads()).toBe(4);
    setGlobal('crossOriginIsolated', false);
    configureTransformersEnv({});
    expect(threads()).toBe(1);
  });
});

describe('pickDevice', () => {
  const gpu = (adapter: unknown) => ({ hardwareConcurrency: 4, gpu: { requestAdapter: async () => adapter } });
  it('webgpu when an adapter exists, wasm in a worker without one', async () => {
    setGlobal('navigator', gpu({ info: { isFallbackAdapter: false } }));
    expect(await pickDevice()).toBe('webgpu');
    setGlobal('importScripts', () => undefined); // a worker context: the non-GPU answer is 'wasm'
    setGlobal('navigator', gpu(null));
    expect(await pickDevice()).toBe('wasm');
  });

  it('stays on wasm when the only adapter is a fallback or a CPU emulation (SwiftShader, llvmpipe)', async () => {
    setGlobal('importScripts', () => undefined);
    setGlobal('navigator', gpu({ info: { isFallbackAdapter: true } }));
    expect(await pickDevice()).toBe('wasm');
    setGlobal('navigator', gpu({ isFallbackAdapter: true }));
    expect(await pickDevice()).toBe('wasm');
    setGlobal('navigator', gpu({ info: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device (Subzero)' } }));
    expect(await pickDevice()).toBe('wasm');
    setGlobal('navigator', gpu({ info: { vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' } }));
    expect(await pickDevice()).toBe('wasm');
    setGlobal('navigator', gpu({ info: { vendor: 'nvidia', architecture: 'ampere', description: '' } }));
    expect(await pickDevice()).toBe('webgpu');
  });
});
