/**
 * The LLM worker's one interface, shared by both backends (web-llm on WebGPU with MLC shards; transformers.js
 * text-generation on ONNX via WebGPU or WASM). workers/llm.worker.ts exposes it with comlink; tests use the
 * same object in-thread. Callbacks (progress, tokens) are separate top-level arguments because comlink only
 * proxies top-level arguments.
 *
 * Non-goals: prompts and answer checking (src/lib/core/llm), persistence, model downloads bookkeeping (models/).
 * Defaults: temperature 0 (greedy, deterministic) and seed 42; `schema` makes the output schema-valid by
 * construction (web-llm response_format / xgrammar-constrained decoding).
 */
import type { ModelProgress } from './embed';

export type LlmBackendKind = 'web-llm' | 'transformers.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface WebLlmLoadOptions {
  backend: 'web-llm';
  /** web-llm model_id, e.g. "Qwen2.5-0.5B-Instruct-q4f16_1-MLC". */
  modelId: string;
  /** Absolute URL of the weights folder in the Hugging Face `/resolve/main/` layout. */
  modelUrl: string;
  /** Absolute URL of the compiled model library (.wasm), self-hosted. */
  modelLib: string;
  cacheBackend?: 'cache' | 'indexeddb';
  vramRequiredMB?: number;
  requiredFeatures?: string[];
}

export interface TransformersLlmLoadOptions {
  backend: 'transformers.js';
  /** Model id (folder under localModelPath or remoteHost), e.g. "onnx-community/Qwen2.5-0.5B-Instruct". */
  model: string;
  revision?: string;
  device?: 'webgpu' | 'wasm' | 'cpu';
  dtype?: 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16';
  allowRemoteModels?: boolean;
  remoteHost?: string;
  localModelPath?: string;
  wasmPaths?: string;
}

export type LlmLoadOptions = WebLlmLoadOptions | TransformersLlmLoadOptions;

export interface LlmLoadInfo {
  backend: LlmBackendKind;
  model: string;
  device: string;
}

/** Progress: transformers.js file events, or web-llm's InitProgressReport tagged as `status: 'loading'`. */
export type LlmProgress = ModelProgress | { status: 'loading'; progress: number; text: string; timeElapsed: number };

export interface GenerateRequest {
  messages: ChatMessage[];
  /** Default 512. */
  maxTokens?: number;
  /** Default 0 (greedy). */
  temperature?: number;
  /** Default 42; used when sampling (temperature > 0) and passed to web-llm always. */
  seed?: number;
  /** JSON schema (draft-07 subset xgrammar supports); the output then parses and validates against it. */
  schema?: Record<string, unknown>;
}

export type FinishReason = 'stop' | 'length' | 'cancelled';

export interface GenerateResult {
  text: string;
  /** Number of generated tokens. */
  tokens: number;
  finishReason: FinishReason;
}

export interface LlmApi {
  /** Load (or reuse) a model on the chosen backend. */
  'llm.load'(args: { options: LlmLoadOptions }, onProgress?: (p: LlmProgress) => void): Promise<LlmLoadInfo>;
  /** Generate a reply; `onToken` receives text deltas as they are decoded. */
  'llm.generate'(args: GenerateRequest, onToken?: (delta: string) => void): Promise<GenerateResult>;
  /** Stop the running generation; its promise resolves with finishReason 'cancelled'. */
  'llm.cancel'(args?: Record<string, never>): Promise<void>;
  'llm.unload'(args?: Record<string, never>): Promise<void>;
}

/** The backend seam: each runtime implements this; workers/llm/api.ts adds cancellation and defaults. */
export interface LlmBackend {
  readonly kind: LlmBackendKind;
  load(options: LlmLoadOptions, onProgress?: (p: LlmProgress) => void): Promise<LlmLoadInfo>;
  generate(request: Required<Omit<GenerateRequest, 'schema'>> & Pick<GenerateRequest, 'schema'>, onToken: (delta: string) => void, signal: AbortSignal): Promise<GenerateResult>;
  unload(): Promise<void>;
}
