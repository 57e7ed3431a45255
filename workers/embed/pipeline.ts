/**
 * The one embedding pipeline: transformers.js `feature-extraction` with mean pooling + L2 normalisation, used
 * by the worker, the CLI, the tests (tiny BERT fixture) and the bench, so all of them run the same code.
 *
 * Non-goals: caching vectors (EmbeddingCache in core), chunking (core/embed/chunk), comlink (embed.worker.ts).
 * Shape legend: output is one Float32Array of length `dims` per input text.
 */
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import type { EmbedDevice, EmbedDtype, EmbedLoadInfo, EmbedLoadOptions, ModelProgress } from '../../src/lib/core/protocol/embed';

export interface EmbeddingPipeline {
  info: EmbedLoadInfo;
  /** Embed texts in batches; order is preserved. */
  embed(texts: string[], batchSize?: number): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}

/** The WebGPU adapter this context can obtain, or null (no navigator.gpu, none offered, or the request failed). */
async function requestWebGpuAdapter(): Promise<AdapterLike | null> {
  const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;
  if (!gpu) return null;
  try {
    return ((await gpu.requestAdapter()) as AdapterLike | null) ?? null;
  } catch {
    return null;
  }
}

/** Whether a WebGPU adapter can actually be obtained (navigator.gpu alone is not enough). */
export async function hasWebGpuAdapter(): Promise<boolean> {
  return (await requestWebGpuAdapter()) !== null;
}

/** Software rasterisers that implement WebGPU on the CPU (Chromium's SwiftShader, Mesa's llvmpipe/lavapipe). */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software/i;

/**
 * Whether a WebGPU adapter runs on a real GPU: not a fallback adapter and not a CPU emulation. On SwiftShader the
 * MiniLM-shaped bench model took minutes for a handful of texts that WASM SIMD embeds in seconds
 * (`bench:embed -- --device webgpu`), so such an adapter is no reason to leave WASM.
 */
export async function hasHardwareWebGpuAdapter(): Promise<boolean> {
  const adapter = await requestWebGpuAdapter();
  if (!adapter) return false;
  const info = adapter.info ?? {};
  if (adapter.isFallbackAdapter || info.isFallbackAdapter) return false;
  return !SOFTWARE_ADAPTER.test([info.vendor, info.architecture, info.description].filter(Boolean).join(' '));
}

/**
 * 'webgpu' if a hardware adapter exists (hasHardwareWebGpuAdapter), else 'wasm' in browsers/workers and 'cpu'
 * (onnxruntime-node) in Node. A session WebGPU cannot build falls back to WASM (createEmbeddingPipeline).
 */
export async function pickDevice(): Promise<EmbedDevice> {
  if (await hasHardwareWebGpuAdapter()) return 'webgpu';
  const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof (globalThis as { window?: unknown }).window === 'undefined' && typeof (globalThis as { importScripts?: unknown }).importScripts === 'undefined';
  return isNode ? 'cpu' : 'wasm';
}

/** Same-origin URL of the ORT WASM binary, set once by the worker entry (see ort-wasm-asset.ts). */
let bundledOrtWasmUrl: string | undefined;

/** Called by browser worker entries with the URL of the ORT WASM asset Vite emitted into our build. */
export function useBundledOrtWasm(url: string): void {
  bundledOrtWasmUrl = url;
}

/**
 * onnxruntime-web's WASM threads for this context: one per logical core up to 4 when cross-origin isolated (threads
 * need SharedArrayBuffer), else 1. ORT's own default is half the cores (1 thread on a 2-core machine), while
 * onnxruntime-node, the peer of bench/embed/run.ts, uses all of them. SIMD needs no flag: the only ORT binary we
 * ship is ort-wasm-simd-threaded (ORT 1.19+ dropped the non-SIMD builds).
 */
export function wasmThreadCount(scope: { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } } = globalThis): number {
  if (!scope.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, scope.navigator?.hardwareConcurrency ?? 1));
}

/**
 * Apply the loading policy to transformers.js' single env object. In browsers the ORT runtime is ALWAYS taken
 * from our own origin — an explicit `wasmPaths` folder, else the bundled asset — because transformers.js
 * otherwise defaults `wasmPaths` to a CDN (jsDelivr). Node uses onnxruntime-node and ignores this.
 */
export function configureTransformersEnv(options: Pick<EmbedLoadOptions, 'allowRemoteModels' | 'remoteHost' | 'localModelPath' | 'wasmPaths' | 'numThreads'>): void {
  env.allowRemoteModels = options.allowRemoteModels ?? false;
  if (options.remoteHost) env.remoteHost = options.remoteHost;
  if (options.localModelPath) {
    env.allowLocalModels = true;
    env.localModelPath = options.localModelPath;
  }
  const onnxEnv = env.backends.onnx as { wasm?: { wasmPaths?: string | { mjs?: string; wasm?: string }; numThreads?: number } } | undefined;
  const here = (globalThis as { location?: { href: string } }).location?.href;
  if (!onnxEnv?.wasm || !here) return;
  onnxEnv.wasm.numThreads = options.numThreads ?? wasmThreadCount();
  if (options.wasmPaths) {
    const base = new URL(options.wasmPaths, here).href.replace(/\/?$/, '/');
    onnxEnv.wasm.wasmPaths = { mjs: `${base}ort-wasm-simd-threaded.asyncify.mjs`, wasm: `${base}ort-wasm-simd-threaded.asyncify.wasm` };
  } else if (bundledOrtWasmUrl) {
    onnxEnv.wasm.wasmPaths = { wasm: new URL(bundledOrtWasmUrl, here).href };
  } else {
    throw new Error('configureTransformersEnv: no self-hosted onnxruntime-web WASM configured; import workers/embed/ort-wasm-asset.ts in the worker entry or pass wasmPaths');
  }
}

/** Load the feature-extraction pipeline for `options.model`. */
export async function createEmbeddingPipeline(
  options: EmbedLoadOptions,
  onProgress?: (p: ModelProgress) => void
): Promise<EmbeddingPipeline> {
  configureTransformersEnv(options);
  let device = options.device ?? (await pickDevice());
  const dtype: EmbedDtype = options.dtype ?? 'fp32';
  const load = (on: EmbedDevice) =>
    pipeline('feature-extraction', options.model, {
      device: on,
      dtype,
      revision: options.revision ?? 'main',
      progress_callback: onProgress as ((p: unknown) => void) | undefined
    }) as Promise<FeatureExtractionPipeline>;
  let extractor: FeatureExtractionPipeline;
  try {
    try {
      extractor = await load(device);
    } catch (e) {
      // WebGPU picked by us (not asked for) that cannot build the session (limits, missing ops): WASM instead.
      if (options.device || device !== 'webgpu') throw e;
      device = 'wasm';
      extractor = await load(device);
    }
  } catch (e) {
    throw new Error(
      `Could not load embedding model "${options.model}" (device ${device}, dtype ${dtype}): ${(e as Error).message}. ` +
        (options.allowRemoteModels || !/not found|could not locate|404|no such file|ENOENT|local file/i.test((e as Error).message) ? '' : 'Remote models are disabled: the files must be under localModelPath or already cached.')
    );
  }
  const probe = await extractor(['probe'], { pooling: 'mean', normalize: true });
  const dims = probe.dims[probe.dims.length - 1];
  const info: EmbedLoadInfo = { model: options.model, device, dtype, dims, ...(device === 'wasm' ? { wasmThreads: (env.backends.onnx as { wasm?: { numThreads?: number } }).wasm?.numThreads ?? 1 } : {}) };

  return {
    info,
    async embed(texts, batchSize = 16) {
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`embed: batchSize must be a positive integer, got ${batchSize}`);
      // A batch is padded to its longest text, so texts of similar length are batched together (longest first,
      // length in characters standing in for tokens); vectors come back in the caller's order. Padding is masked
      // out of attention and pooling, so only the work changes, not what a text embeds to (beyond float rounding).
      const order = texts.map((_, i) => i).sort((a, b) => texts[b].length - texts[a].length || a - b);
      const out = new Array<Float32Array>(texts.length);
      for (let i = 0; i < order.length; i += batchSize) {
        const rows = order.slice(i, i + batchSize);
        const tensor = await extractor(rows.map((k) => texts[k]), { pooling: 'mean', normalize: true }); // [b, dims]
        const data = tensor.data as Float32Array;
        rows.forEach((k, r) => (out[k] = data.slice(r * dims, (r + 1) * dims)));
        tensor.dispose?.();
      }
      return out;
    },
    async dispose() {
      await extractor.dispose();
    }
  };
}
