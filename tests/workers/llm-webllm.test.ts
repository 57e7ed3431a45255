// web-llm adapter: exact appConfig shape, streaming/JSON-schema/cancel against an engine double with web-llm's
// interface, and the REAL web-llm engine's failure paths in Node (no WebGPU).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig, ChatCompletionChunk, ChatCompletionRequestStreaming } from '@mlc-ai/web-llm';
import { createWebLlmBackend, webLlmAppConfig, WebGpuUnavailableError, type WebLlmEngineLike } from '../../workers/llm/webllm-backend';
import { createLlmApi } from '../../workers/llm/api';
import type { LlmProgress, WebLlmLoadOptions } from '../../src/lib/core/protocol/llm';

const opts: WebLlmLoadOptions = {
  backend: 'web-llm',
  modelId: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
  modelUrl: 'https://models.example.org/mlc/Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
  modelLib: 'https://models.example.org/libs/Qwen2.5-0.5B-Instruct-q4f16_1-ctx4k_cs1k-webgpu.wasm',
  vramRequiredMB: 945,
  requiredFeatures: ['shader-f16']
};

/** An engine double with web-llm's streaming chat.completions interface; records what it was asked. */
function engineDouble(reply: string) {
  const calls: { modelId: string; appConfig: AppConfig; requests: ChatCompletionRequestStreaming[]; interrupted: number; unloaded: number } = {
    modelId: '',
    appConfig: { model_list: [] },
    requests: [],
    interrupted: 0,
    unloaded: 0
  };
  let interrupt = false;
  const engine: WebLlmEngineLike = {
    chat: {
      completions: {
        async create(request) {
          calls.requests.push(request);
          interrupt = false;
          const pieces = reply.match(/.{1,3}/gs) ?? [];
          return (async function* (): AsyncGenerator<ChatCompletionChunk> {
            let n = 0;
            for (const p of pieces) {
              await new Promise((r) => setTimeout(r, 1));
              if (interrupt) {
                yield chunk('', 'abort');
                return;
              }
              n++;
              yield chunk(p, null);
            }
            yield chunk('', 'stop');
            yield { ...chunk('', null), choices: [], usage: { completion_tokens: n, prompt_tokens: 5, total_tokens: n + 5 } } as unknown as ChatCompletionChunk;
          })();
        }
      }
    },
    interruptGenerate() {
      calls.interrupted++;
      interrupt = true;
    },
    async unload() {
      calls.unloaded++;
    }
  };
  const createEngine = async (modelId: string, config: { appConfig: AppConfig; initProgressCallback?: (r: { progress: number; timeElapsed: number; text: string }) => void }) => {
    calls.modelId = modelId;
    calls.appConfig = config.appConfig;
    config.initProgressCallback?.({ progress: 0.5, timeElapsed: 1, text: 'Fetching param cache[1/2]' });
    return engine;
  };
  return { calls, createEngine };
}

function chunk(content: string, finish: 'stop' | 'length' | 'abort' | null): ChatCompletionChunk {
  return { id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content, role: 'assistant' }, finish_reason: finish, logprobs: null }] } as unknown as ChatCompletionChunk;
}

describe('webLlmAppConfig', () => {
  it('builds one model_list record with an absolute /resolve/main/ URL, model_id, model_lib and cacheBackend', () => {
    expect(webLlmAppConfig(opts)).toEqual({
      model_list: [
        {
          model: 'https://models.example.org/mlc/Qwen2.5-0.5B-Instruct-q4f16_1-MLC/resolve/main/',
          model_id: opts.modelId,
          model_lib: opts.modelLib,
          vram_required_MB: 945,
          required_features: ['shader-f16']
        }
      ],
      cacheBackend: 'indexeddb'
    });
    const already = webLlmAppConfig({ ...opts, modelUrl: 'https://h/org/m/resolve/v2/', cacheBackend: 'cache' });
    expect(already.model_list[0].model).toBe('https://h/org/m/resolve/v2/');
    expect(already.cacheBackend).toBe('cache');
  });

  it('rejects relative or non-http URLs with a message naming the field', () => {
    expect(() => webLlmAppConfig({ ...opts, modelUrl: '/models/qwen' })).toThrow(/modelUrl must be an absolute URL/);
    expect(() => webLlmAppConfig({ ...opts, modelLib: 'file:///x.wasm' })).toThrow(/modelLib must be http/);
  });
});

describe('web-llm backend against an engine double', () => {
  const reply = JSON.stringify({ reasoning: 'Strong TypeScript evidence.', status: 'select' });

  it('loads through CreateMLCEngine-shaped factory, streams deltas, passes response_format with the schema, temperature 0 and seed', async () => {
    const { calls, createEngine } = engineDouble(reply);
    const api = createLlmApi({ 'web-llm': () => createWebLlmBackend({ createEngine, hasWebGpu: async () => true }) });
    const progress: LlmProgress[] = [];
    const info = await api['llm.load']({ options: opts }, (p) => void progress.push(p));
    expect(info).toEqual({ backend: 'web-llm', model: opts.modelId, device: 'webgpu' });
    expect(calls.modelId).toBe(opts.modelId);
    expect(calls.appConfig).toEqual(webLlmAppConfig(opts));
    expect(progress[0]).toEqual({ status: 'loading', progress: 0.5, timeElapsed: 1, text: 'Fetching param cache[1/2]' });
    expect(progress.at(-1)).toMatchObject({ status: 'ready' });

    const schema = { type: 'object', properties: { status: { type: 'string' } } };
    const deltas: string[] = [];
    const r = await api['llm.generate']({ messages: [{ role: 'user', content: 'hi' }], schema }, (d) => void deltas.push(d));
    expect(r).toEqual({ text: reply, tokens: deltas.length, finishReason: 'stop' });
    expect(deltas.join('')).toBe(reply);
    const req = calls.requests[0];
    expect(req).toMatchObject({ stream: true, temperature: 0, seed: 42, max_tokens: 512, response_format: { type: 'json_object', schema: JSON.stringify(schema) } });
  });

  it('cancel calls interruptGenerate and the result says cancelled', async () => {
    const { calls, createEngine } = engineDouble('x'.repeat(300));
    const api = createLlmApi({ 'web-llm': () => createWebLlmBackend({ createEngine, hasWebGpu: async () => true }) });
    await api['llm.load']({ options: opts });
    let n = 0;
    const r = await api['llm.generate']({ messages: [{ role: 'user', content: 'hi' }] }, () => {
      if (++n === 2) void api['llm.cancel']();
    });
    expect(r.finishReason).toBe('cancelled');
    expect(calls.interrupted).toBe(1);
    expect(r.text.length).toBeLessThan(300);
    await api['llm.unload']();
    expect(calls.unloaded).toBe(1);
  });
});

describe('the real web-llm engine in Node (no WebGPU)', () => {
  let server: http.Server;
  let base: string;
  const hits: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url?.endsWith('/mlc-chat-config.json')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ model_type: 'qwen2', conv_template: { name: 'chatml' }, tokenizer_files: ['tokenizer.json'] }));
      } else res.end(Buffer.from('not a wasm module'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('the default preflight refuses with WebGpuUnavailableError that points to the transformers.js fallback', async () => {
    const backend = createWebLlmBackend();
    const err = await backend.load(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebGpuUnavailableError);
    expect((err as Error).message).toMatch(/needs WebGPU.*transformers\.js backend/s);
  });

  it('without the preflight, the real CreateMLCEngine fetches <model>/resolve/main/mlc-chat-config.json and its failure surfaces as WebLlmLoadError', async () => {
    // web-llm reads location.origin and (in Node) emscripten's __dirname; a browser worker has both.
    const g = globalThis as Record<string, unknown>;
    const saved = { location: g.location, dirname: g.__dirname };
    g.location = { origin: base };
    g.__dirname = '/';
    try {
      const backend = createWebLlmBackend({ hasWebGpu: async () => true });
      const local = { ...opts, modelUrl: `${base}/org/qwen`, modelLib: `${base}/libs/qwen.wasm` };
      const err = (await backend.load(local).catch((e: unknown) => e)) as Error;
      expect(err.name).toBe('WebLlmLoadError');
      expect(err.message).toMatch(new RegExp(`web-llm could not load model "${opts.modelId}": \\w+`));
      expect(hits).toContain('/org/qwen/resolve/main/mlc-chat-config.json');
      expect(hits).toContain('/libs/qwen.wasm');
    } finally {
      g.location = saved.location;
      g.__dirname = saved.dirname;
    }
  });

  it('the real MLCEngine refuses to generate before a model is loaded', async () => {
    const { MLCEngine } = await import('@mlc-ai/web-llm');
    const engine = new MLCEngine();
    await expect(engine.chat.completions.create({ messages: [{ role: 'user', content: 'hi' }] })).rejects.toThrow(/load|model/i);
  });
});
