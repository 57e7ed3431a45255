/**
 * web-llm backend (WebGPU, MLC shards): a thin adapter exactly on web-llm's documented API — `CreateMLCEngine(
 * modelId, {appConfig: {model_list: [{model, model_id, model_lib}], cacheBackend}, initProgressCallback})`,
 * `engine.chat.completions.create({stream: true, response_format: {type: 'json_object', schema}})`,
 * `engine.interruptGenerate()`, `engine.unload()`. `model` is an absolute URL whose files live under
 * `/resolve/main/` (web-llm appends it when missing); `model_lib` is the self-hosted compiled .wasm.
 *
 * Non-goals: prompts, answer checking, running without WebGPU (we say so clearly and point to transformers.js).
 */
import type { AppConfig, ChatCompletionChunk, ChatCompletionRequestStreaming, InitProgressReport, ModelRecord } from '@mlc-ai/web-llm';
import type { FinishReason, GenerateResult, LlmBackend, LlmLoadOptions, LlmProgress, WebLlmLoadOptions } from '../../src/lib/core/protocol/llm';
import { hasWebGpuAdapter } from '../embed/pipeline';

/** The slice of web-llm's MLCEngineInterface this adapter uses; the real MLCEngine and the test double both satisfy it. */
export interface WebLlmEngineLike {
  chat: { completions: { create(request: ChatCompletionRequestStreaming): Promise<AsyncIterable<ChatCompletionChunk>> } };
  interruptGenerate(): void;
  unload(): Promise<void>;
}

export type CreateEngine = (
  modelId: string,
  engineConfig: { appConfig: AppConfig; initProgressCallback?: (report: InitProgressReport) => void }
) => Promise<WebLlmEngineLike>;

/** No usable WebGPU adapter: web-llm cannot run here. */
export class WebGpuUnavailableError extends Error {
  constructor(modelId: string) {
    super(
      `web-llm needs WebGPU, and no WebGPU adapter is available here, so model "${modelId}" cannot load. ` +
        'Use the transformers.js backend (ONNX on WASM) instead, or open Shortlist in a browser with WebGPU enabled (see https://webgpureport.org/).'
    );
    this.name = 'WebGpuUnavailableError';
  }
}

/** web-llm failed to load a model; `cause` is web-llm's own error. */
export class WebLlmLoadError extends Error {
  constructor(modelId: string, cause: Error) {
    super(`web-llm could not load model "${modelId}": ${cause.name}: ${cause.message}`);
    this.name = 'WebLlmLoadError';
    this.cause = cause;
  }
}

/** The appConfig web-llm receives for one model: absolute URL, model_id, model_lib, cacheBackend. */
export function webLlmAppConfig(options: WebLlmLoadOptions): AppConfig {
  for (const [field, value] of [['modelUrl', options.modelUrl], ['modelLib', options.modelLib]] as const) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`web-llm model "${options.modelId}": ${field} must be an absolute URL, got "${value}"`);
    }
    if (!/^https?:$/.test(url.protocol)) throw new Error(`web-llm model "${options.modelId}": ${field} must be http(s), got "${value}"`);
  }
  let model = options.modelUrl.endsWith('/') ? options.modelUrl : `${options.modelUrl}/`;
  if (!/\/resolve\/[^/]+\/$/.test(model)) model += 'resolve/main/';
  const record: ModelRecord = {
    model,
    model_id: options.modelId,
    model_lib: options.modelLib,
    ...(options.vramRequiredMB ? { vram_required_MB: options.vramRequiredMB } : {}),
    ...(options.requiredFeatures ? { required_features: options.requiredFeatures } : {})
  };
  return { model_list: [record], cacheBackend: options.cacheBackend ?? 'indexeddb' };
}

const realCreateEngine: CreateEngine = async (modelId, config) => {
  const { CreateMLCEngine } = await import('@mlc-ai/web-llm');
  return CreateMLCEngine(modelId, config);
};

/** Create the web-llm backend; tests inject an engine double and/or skip the WebGPU preflight. */
export function createWebLlmBackend(deps: { createEngine?: CreateEngine; hasWebGpu?: () => Promise<boolean> } = {}): LlmBackend {
  const createEngine = deps.createEngine ?? realCreateEngine;
  const hasWebGpu = deps.hasWebGpu ?? hasWebGpuAdapter;
  let engine: { modelId: string; engine: WebLlmEngineLike } | undefined;

  return {
    kind: 'web-llm',
    async load(options: LlmLoadOptions, onProgress?: (p: LlmProgress) => void) {
      if (options.backend !== 'web-llm') throw new Error(`web-llm backend cannot load a ${options.backend} model`);
      const appConfig = webLlmAppConfig(options);
      if (!(await hasWebGpu())) throw new WebGpuUnavailableError(options.modelId);
      if (engine && engine.modelId !== options.modelId) await engine.engine.unload();
      if (!engine || engine.modelId !== options.modelId) {
        try {
          const e = await createEngine(options.modelId, {
            appConfig,
            initProgressCallback: (r) => onProgress?.({ status: 'loading', progress: r.progress, text: r.text, timeElapsed: r.timeElapsed })
          });
          engine = { modelId: options.modelId, engine: e };
        } catch (e) {
          throw new WebLlmLoadError(options.modelId, e instanceof Error ? e : new Error(String(e)));
        }
      }
      onProgress?.({ status: 'ready', task: 'text-generation', model: options.modelId });
      return { backend: 'web-llm' as const, model: options.modelId, device: 'webgpu' };
    },

    async generate(request, onToken, signal): Promise<GenerateResult> {
      if (!engine) throw new Error('llm.generate: no model loaded; call llm.load first');
      const { engine: e } = engine;
      const stopOnAbort = () => e.interruptGenerate();
      signal.addEventListener('abort', stopOnAbort);
      let text = '';
      let chunks = 0;
      let finish: FinishReason = 'length';
      let completionTokens: number | undefined;
      try {
        const stream = await e.chat.completions.create({
          messages: request.messages,
          stream: true,
          stream_options: { include_usage: true },
          temperature: request.temperature,
          seed: request.seed,
          max_tokens: request.maxTokens,
          ...(request.schema ? { response_format: { type: 'json_object' as const, schema: JSON.stringify(request.schema) } } : {})
        });
        for await (const chunk of stream) {
          const choice = chunk.choices[0];
          const delta = choice?.delta?.content ?? '';
          if (delta) {
            text += delta;
            chunks++;
            onToken(delta);
          }
          if (choice?.finish_reason) finish = choice.finish_reason === 'abort' ? 'cancelled' : choice.finish_reason === 'stop' ? 'stop' : 'length';
          if (chunk.usage) completionTokens = chunk.usage.completion_tokens;
        }
      } finally {
        signal.removeEventListener('abort', stopOnAbort);
      }
      return { text, tokens: completionTokens ?? chunks, finishReason: signal.aborted ? 'cancelled' : finish };
    },

    async unload() {
      await engine?.engine.unload();
      engine = undefined;
    }
  };
}
