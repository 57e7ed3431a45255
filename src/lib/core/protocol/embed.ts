/**
 * The embedding worker's one interface (workers/embed.worker.ts implements it behind comlink; tests call the
 * same object in-thread). Method names are noun.verb-style properties taking one object argument.
 *
 * Non-goals: persistence (the page stores vectors through EmbeddingCache), scoring (src/lib/core/embed/semantic).
 * Shape legend: a vector is a Float32Array of length `dims`, L2-normalised (so dot product = cosine).
 */

/** Download/load progress, the same discriminated union on `status` that transformers.js emits. */
export type ModelProgress =
  | { status: 'initiate'; name: string; file: string }
  | { status: 'download'; name: string; file: string }
  | { status: 'progress'; name: string; file: string; progress: number; loaded: number; total: number }
  | { status: 'done'; name: string; file: string }
  | { status: 'ready'; task: string; model: string };

export type EmbedDevice = 'webgpu' | 'wasm' | 'cpu';
export type EmbedDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';

export interface EmbedLoadOptions {
  /** Model id as laid out under localModelPath/remoteHost, e.g. "Xenova/all-MiniLM-L6-v2". */
  model: string;
  revision?: string;
  /** Default: 'webgpu' when an adapter exists, else 'wasm' in browsers and 'cpu' in Node. */
  device?: EmbedDevice;
  dtype?: EmbedDtype;
  /** transformers.js env.allowRemoteModels (false = only local/cached files). */
  allowRemoteModels?: boolean;
  /** transformers.js env.remoteHost; must be the app's own origin or an organisation's static hosting. */
  remoteHost?: string;
  localModelPath?: string;
  /** Folder URL of the self-hosted onnxruntime-web .wasm/.mjs files (never a CDN). */
  wasmPaths?: string;
  /**
   * onnxruntime-web WASM threads (default wasmThreadCount(): one per core up to 4 when cross-origin isolated, else
   * 1). ORT reads it once, at its first session in a worker; bench:embed passes 1 to measure the unthreaded path.
   */
  numThreads?: number;
}

export interface EmbedLoadInfo {
  model: string;
  device: EmbedDevice;
  dtype: EmbedDtype;
  dims: number;
  /** onnxruntime-web WASM threads (device 'wasm' only): >1 only in a cross-origin isolated context. */
  wasmThreads?: number;
}

export interface EmbedApi {
  /**
   * Load (or reuse) the model; progress events stream through the callback. The callback is a separate
   * top-level argument because comlink only applies `Comlink.proxy` to top-level arguments, not nested fields.
   */
  'model.load'(args: { options: EmbedLoadOptions }, onProgress?: (p: ModelProgress) => void): Promise<EmbedLoadInfo>;
  /** Embed texts in batches of `batchSize` (default 16); mean pooling + L2 normalisation. */
  'texts.embed'(args: { texts: string[]; batchSize?: number }): Promise<Float32Array[]>;
  /** Release the ONNX session. */
  'model.unload'(args?: Record<string, never>): Promise<void>;
}
