/**
 * Which build files are model runtimes (pwa.config.ts findModelRuntimes): what the embedding and LLM workers load
 * and the rest of the app does not. A chunk the ingest worker shares with a model worker stays in the app shell, the
 * app's pages reaching a model worker by URL do not pull its files into the shell, and each task lists only its own.
 */
import { describe, expect, it } from 'vitest';
import { findModelRuntimes } from '../../pwa.config';

const chunk = (fileName: string, code: string) => ({ type: 'chunk' as const, fileName, code });
const asset = (fileName: string, source: string | Uint8Array) => ({ type: 'asset' as const, fileName, source });

const bundle = Object.fromEntries(
  [
    chunk('_app/immutable/nodes/4.abc.js', 'new Worker(new URL("/_app/immutable/workers/embed.worker-E1.js", import.meta.url)); new Worker(new URL("/_app/immutable/workers/ingest.worker-I1.js", import.meta.url))'),
    chunk('_app/immutable/chunks/models.js', 'new Worker(new URL(`/_app/immutable/workers/llm.worker-L1.js`,import.meta.url))'),
    asset('_app/immutable/workers/ingest.worker-I1.js', 'import{a}from"./chunks/shared.js";import("./chunks/pdf.js")'),
    asset('_app/immutable/workers/embed.worker-E1.js', new TextEncoder().encode('import{a}from"./chunks/shared.js";new URL(`/_app/immutable/workers/assets/ort-wasm-X.wasm`,import.meta.url)')),
    asset('_app/immutable/workers/llm.worker-L1.js', 'import("./chunks/webllm.js");new URL(`/_app/immutable/workers/assets/ort-wasm-X.wasm`,import.meta.url)'),
    asset('_app/immutable/workers/chunks/shared.js', 'export const a=1'),
    asset('_app/immutable/workers/chunks/pdf.js', 'export const p=1'),
    asset('_app/immutable/workers/chunks/webllm.js', 'import"./xgrammar.js"'),
    asset('_app/immutable/workers/chunks/xgrammar.js', 'export {}'),
    asset('_app/immutable/workers/assets/ort-wasm-X.wasm', new Uint8Array([0, 97, 115, 109])),
    asset('pdfjs/cmaps/UniJIS-UTF16-H.bcmap', new Uint8Array([1]))
  ].map((f) => [f.fileName, f])
);

describe('findModelRuntimes', () => {
  it('lists each task’s worker files, and nothing the rest of the app loads', () => {
    const { tasks } = findModelRuntimes(bundle);
    expect(tasks.embeddings).toEqual(['/_app/immutable/workers/assets/ort-wasm-X.wasm', '/_app/immutable/workers/embed.worker-E1.js']);
    expect(tasks['text-generation']).toEqual([
      '/_app/immutable/workers/assets/ort-wasm-X.wasm',
      '/_app/immutable/workers/chunks/webllm.js',
      '/_app/immutable/workers/chunks/xgrammar.js',
      '/_app/immutable/workers/llm.worker-L1.js'
    ]);
    const all = [...tasks.embeddings, ...tasks['text-generation']];
    expect(all.some((f) => /shared|pdf\.js|ingest|nodes|models\.js/.test(f))).toBe(false);
  });
});
