// The ORT WASM runtime is self-hosted: env points at our origin (never transformers.js' CDN default), and the
// Vite plugin emits exactly those files from the onnxruntime-web version transformers.js depends on.
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { configureTransformersEnv } from '../../workers/embed/pipeline';
import { ORT_WASM_BASE, ortDistDir, ortWasm } from '../../vite.plugins/ort-wasm';

describe('configureTransformersEnv', () => {
  const g = globalThis as { location?: unknown };
  afterEach(() => void delete g.location);

  it('in a page/worker context points wasmPaths at /ort/ on the app origin', () => {
    g.location = { href: 'https://shortlist.example.org/app/jobs/1' };
    configureTransformersEnv({ allowRemoteModels: false });
    const wasm = (env.backends.onnx as { wasm?: { wasmPaths?: unknown } }).wasm;
    expect(wasm?.wasmPaths).toEqual({
      mjs: 'https://shortlist.example.org/ort/ort-wasm-simd-threaded.asyncify.mjs',
      wasm: 'https://shortlist.example.org/ort/ort-wasm-simd-threaded.asyncify.wasm'
    });
    expect(JSON.stringify(wasm?.wasmPaths)).not.toMatch(/jsdelivr|cdn/);
    expect(env.allowRemoteModels).toBe(false);
  });

  it('honours a configured base folder', () => {
    g.location = { href: 'https://h.example/' };
    configureTransformersEnv({ wasmPaths: '/static/ort', allowRemoteModels: true, remoteHost: 'https://models.acme.test/' });
    expect((env.backends.onnx as { wasm: { wasmPaths: { mjs: string } } }).wasm.wasmPaths.mjs).toBe('https://h.example/static/ort/ort-wasm-simd-threaded.asyncify.mjs');
    expect(env.remoteHost).toBe('https://models.acme.test/');
  });
});

describe('vite.plugins/ort-wasm', () => {
  it('finds the onnxruntime-web dist and emits the asyncify runtime under /ort/', () => {
    const dist = ortDistDir();
    expect(existsSync(path.join(dist, 'ort-wasm-simd-threaded.asyncify.wasm'))).toBe(true);
    const plugin = ortWasm();
    (plugin.configResolved as () => void)();
    const emitted: { fileName: string; source: Buffer }[] = [];
    (plugin.generateBundle as (this: unknown) => void).call({ emitFile: (f: { fileName: string; source: Buffer }) => emitted.push(f) });
    expect(emitted.map((e) => e.fileName).sort()).toEqual([`${ORT_WASM_BASE.slice(1)}ort-wasm-simd-threaded.asyncify.mjs`, `${ORT_WASM_BASE.slice(1)}ort-wasm-simd-threaded.asyncify.wasm`]);
    const wasm = emitted.find((e) => e.fileName.endsWith('.wasm'))!;
    expect(wasm.source.length).toBe(statSync(path.join(dist, 'ort-wasm-simd-threaded.asyncify.wasm')).size);
    expect(wasm.source.subarray(0, 4)).toEqual(Buffer.from([0x00, 0x61, 0x73, 0x6d])); // \0asm
  });

  it('refuses an unknown variant with the missing path named', () => {
    const plugin = ortWasm({ variants: ['ort-wasm-nope'] });
    expect(() => (plugin.configResolved as () => void)()).toThrow(/ort-wasm-nope\.mjs is missing/);
  });
});
