/**
 * Model actions for the settings screen and the assist panels: probe the device (WebGPU, shader-f16), add a model
 * from an organisation's static hosting (manifest + sha256 verified by core/models/manager before anything is
 * kept; a new version replaces the installed one only once it is whole: model-install.ts), delete it (files,
 * vectors, active pick), choose the active model per task, and run screening tasks on the active LLM in its web
 * worker (load on demand, stream tokens, cancel).
 *
 * Non-goals: prompts and answer checks (core/llm), rendering (components/models, components/assist), the worker
 * runtimes (workers/). Shape legend: `url` is the model folder URL (its manifest.json sits inside).
 */
import { deleteModel, storageUsage } from '../core/models/manager';
import { pickManifestVariant, type ModelTask } from '../core/models/catalog';
import type { EmbedApi, EmbedLoadOptions } from '../core/protocol/embed';
import type { LlmApi, LlmLoadOptions, LlmProgress } from '../core/protocol/llm';
import type { PreparedTask } from '../core/llm/prompts';
import { runScreeningTask } from '../core/llm/run-task';
import { embedWithCache } from '../core/embed/cache';
import { err, type Result } from '../core/result';
import type { GenerateResult } from '../core/protocol/llm';
import { CacheApiModelStore, DexieEmbeddingCache, LOCAL_MODEL_PATH, installedModels, type InstalledModelRecord } from '../db/model-cache';
import { modelIdOfSlot } from '../core/models/slots';
import { installModel, installModelFromFiles, installedTasks } from './model-install';
import { cacheModelRuntimes, modelRuntimeReadiness, pruneModelRuntimes } from './model-runtimes';
import { ModelWorkerClient, ModelWorkerCrashedError, type WorkerHandle } from '../../../workers/llm/model-client';
import { modelsState, type DetectedCaps } from '../state/models.svelte';
import { toasts } from '../state/toasts.svelte';

/** Probe WebGPU once: adapter present, shader-f16 feature, adapter description. Never throws. */
export async function detectDeviceCaps(): Promise<DetectedCaps> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
  let caps: DetectedCaps = { checked: true, webgpu: false, shaderF16: false };
  try {
    const adapter = gpu ? await gpu.requestAdapter() : null;
    if (adapter) {
      const info = adapter.info ?? {};
      caps = { checked: true, webgpu: true, shaderF16: adapter.features.has('shader-f16'), adapter: [info.vendor, info.architecture, info.description].filter(Boolean).join(' · ') || 'WebGPU adapter' };
    }
  } catch {
    // A failing probe means no usable WebGPU; the WASM runtimes still work.
  }
  modelsState.caps = caps;
  return caps;
}

interface GpuAdapterLike {
  features: { has(name: string): boolean };
  info?: { vendor?: string; architecture?: string; description?: string };
}

function modelStore(): CacheApiModelStore {
  return new CacheApiModelStore(location.origin);
}

/** Reload installed models, storage used, cached-vector counts and offline readiness into the state. */
export async function refreshInstalledModels(): Promise<void> {
  const [installed, usage, vectors, ready] = await Promise.all([installedModels.list(), storageUsage(modelStore()), new DexieEmbeddingCache().countByModel(), modelRuntimeReadiness()]);
  modelsState.installed = installed;
  modelsState.usage = usage;
  modelsState.vectorsByModel = Object.fromEntries(vectors);
  modelsState.offlineReady = ready;
}

let installedLoad: Promise<void> | null = null;

/**
 * The installed list, read once per page: the active pick is only an id in localStorage, and activeModel() finds
 * nothing until the list is loaded, so a job page opened directly would rank and assist without the active models.
 */
export function ensureInstalledLoaded(): Promise<void> {
  installedLoad ??= refreshInstalledModels().catch((error: unknown) => {
    installedLoad = null;
    throw error;
  });
  return installedLoad;
}

/**
 * Download and verify a model from `<url>/manifest.json` into a slot of its own, then make it the live version
 * (and the active one for its task when none is). An update of an installed id replaces it only once every file
 * verified; a failed one leaves the installed version as it was. Expected failures stay visible in the download view.
 */
export async function addModelFromHosting(url: string, signal?: AbortSignal): Promise<boolean> {
  const view = { url, loaded: 0, total: 0, filesDone: 0, state: 'downloading' as const };
  modelsState.download = view;
  const caps = modelsState.caps.checked ? modelsState.caps : await detectDeviceCaps();
  const blocked = watchBlockedOrigins();
  const result = await installModel(url.trim(), { store: modelStore() }, {
    signal,
    pickVariant: (manifest) => pickManifestVariant(manifest, caps),
    onProgress: (p) => {
      const d = modelsState.download;
      if (!d || d.url !== url) return;
      if (p.status === 'progress') modelsState.download = { ...d, modelId: p.name, file: p.file, loaded: p.loaded, total: p.total };
      else if (p.status === 'initiate') modelsState.download = { ...d, modelId: p.name, file: p.file, loaded: 0, total: 0 };
      else if (p.status === 'done') modelsState.download = { ...d, filesDone: d.filesDone + 1 };
    }
  });
  const blockedOrigins = blocked.stop();
  if (!result.ok) {
    const origin = originOf(result.error.file ?? url);
    const byPolicy = origin && blockedOrigins.has(origin);
    const error = byPolicy
      ? `${result.error.file ?? url}: this app's Content-Security-Policy does not allow downloads from ${origin}. Whoever builds the app adds the organisation's model hosting with SHORTLIST_MODEL_ORIGINS="${origin}" (README, Hosting).`
      : result.error.message;
    modelsState.download = { ...(modelsState.download ?? view), state: 'failed', error };
    return false;
  }
  const { record, replaced } = result.value;
  if (replaced) {
    // Workers that loaded the old version's folder must reload from the new one; its vectors are stale.
    if (record.manifest.task === 'text-generation' && llmClient?.modelId === record.id) disposeLlmClient();
    if (record.manifest.task === 'embeddings' && embedLoaded?.modelId === record.id) embedLoaded = null;
    await new DexieEmbeddingCache().deleteModel(vectorModelKey(replaced)).catch(() => undefined);
  }
  // The runtime that runs this kind of model (worker, ONNX Runtime or web-llm) is not part of the first visit: fetch it now.
  modelsState.download = { ...(modelsState.download ?? view), modelId: record.id, file: 'the app files that run this model', loaded: 0, total: 0 };
  const ready = await cacheModelRuntimes([record.manifest.task]);
  await refreshInstalledModels(); // also reads the runtimes' readiness into the state
  if (!modelsState.active[record.manifest.task]) modelsState.setActive(record.manifest.task, record.id);
  // 'done' only once the model is listed and picked, so nothing reads a half-updated settings screen.
  modelsState.download = { ...(modelsState.download ?? view), modelId: record.id, state: 'done' };
  const label = record.manifest.label ?? record.id;
  toasts.show(
    ready[record.manifest.task]
      ? { kind: 'success', message: `${label} is installed and verified; it works offline now.` }
      : { kind: 'info', message: `${label} is installed and verified. Open Shortlist once more while online to make it work offline.`, ms: 10_000 }
  );
  return true;
}

/**
 * Install a model built on this device (the embedding adaptation's export: manifest.json plus its files, in memory)
 * through the same manager path as a download: the manifest validated, every file's SHA-256 checked, a slot of its
 * own, the record swap (model-install.ts installModelFromFiles). `baseUrl` only names it: nothing is fetched from it,
 * the embedding worker loads the stored files (embedLoadOptionsFor: record.folder under LOCAL_MODEL_PATH, the Cache
 * API). An update of the same id replaces it as an update from hosting does (its worker reloads, its cached vectors
 * are dropped).
 */
export async function installModelFiles(files: Record<string, Uint8Array>, baseUrl: string): Promise<InstalledModelRecord> {
  const result = await installModelFromFiles(files, baseUrl, { store: modelStore() });
  if (!result.ok) throw new Error(result.error.message);
  const { record, replaced } = result.value;
  if (replaced) {
    if (embedLoaded?.modelId === record.id) embedLoaded = null;
    await new DexieEmbeddingCache().deleteModel(vectorModelKey(replaced)).catch(() => undefined);
  }
  await refreshInstalledModels();
  return record;
}

/** Origins whose requests the page's CSP blocked (connect-src) from now until stop(). */
function watchBlockedOrigins(): { stop(): Set<string> } {
  const origins = new Set<string>();
  const onViolation = (e: SecurityPolicyViolationEvent) => {
    const origin = originOf(e.blockedURI);
    if (origin && e.effectiveDirective === 'connect-src') origins.add(origin);
  };
  document.addEventListener('securitypolicyviolation', onViolation);
  return {
    stop() {
      document.removeEventListener('securitypolicyviolation', onViolation);
      return origins;
    }
  };
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Delete an installed model: its files, its cached vectors, and the active pick if it was active. */
export async function deleteInstalledModel(id: string): Promise<void> {
  const record = await installedModels.get(id);
  if (!record) return;
  if (modelsState.active[record.manifest.task] === id) {
    modelsState.setActive(record.manifest.task, null);
    if (record.manifest.task === 'text-generation') disposeLlmClient();
    else embedLoaded = null;
  }
  const freed = await deleteModel(modelStore(), id);
  await new DexieEmbeddingCache().deleteModel(vectorModelKey(record));
  await installedModels.remove(id);
  await pruneModelRuntimes(installedTasks(await installedModels.list()));
  await refreshInstalledModels();
  toasts.show({ kind: 'info', message: `Deleted ${record.manifest.label ?? id} (${(freed / 1e6).toFixed(1)} MB freed).` });
}

/**
 * Revision of an installed version in the vector cache keys: its slot stamp, so an update never serves the vectors
 * of the version it replaced ('main' for records from before install slots).
 */
export function vectorRevisionOf(record: Pick<InstalledModelRecord, 'id' | 'slot'>): string {
  return record.slot && modelIdOfSlot(record.slot) !== record.slot ? record.slot.slice(record.slot.lastIndexOf('#') + 1) : 'main';
}

/** "<model id>@<revision>": the vector cache's per-version key (DexieEmbeddingCache.deleteModel / countByModel). */
export function vectorModelKey(record: Pick<InstalledModelRecord, 'id' | 'slot'>): string {
  return `${record.id}@${vectorRevisionOf(record)}`;
}

/** Pick the active model for a task (null: none, the default scorer only). */
export function chooseActiveModel(task: ModelTask, id: string | null): void {
  if (task === 'text-generation' && modelsState.active[task] !== id) disposeLlmClient();
  if (task === 'embeddings' && modelsState.active[task] !== id) embedLoaded = null;
  modelsState.setActive(task, id);
}

/** Device for a transformers.js model here: WebGPU when present (f16 weights also need shader-f16), else WASM. */
function transformersDevice(dtype: string, caps: DetectedCaps): 'webgpu' | 'wasm' {
  return caps.webgpu && (!dtype.includes('16') || caps.shaderF16) ? 'webgpu' : 'wasm';
}

/** Worker load options for an installed LLM: local files from the Cache API, remote models off. */
export function llmLoadOptionsFor(record: InstalledModelRecord, caps: DetectedCaps): LlmLoadOptions {
  const m = record.manifest;
  if (m.runtime === 'web-llm') {
    // A published fine-tune reuses its catalog base's library, which the app self-hosts (base_model_lib.file).
    const modelLib = m.base_model_lib ? new URL(m.base_model_lib.file, `${location.origin}/`).href : m.model_lib ? new URL(m.model_lib.path, record.baseUrl).href : undefined;
    if (!modelLib) throw new Error(`${record.baseUrl}manifest.json: a web-llm model needs model_lib or base_model_lib`);
    const modelUrl = m.root ? new URL(m.root, record.baseUrl).href : record.baseUrl;
    return { backend: 'web-llm', modelId: m.id, modelUrl, modelLib, cacheBackend: 'cache', vramRequiredMB: m.vram_required_MB ?? undefined, ...(m.required_features ? { requiredFeatures: m.required_features } : {}) };
  }
  if (m.dtype === 'q4f16_1' || m.dtype === 'q4f32_1') throw new Error(`${record.baseUrl}manifest.json: dtype ${m.dtype} is an MLC quantisation; runtime must be web-llm`);
  return { backend: 'transformers.js', model: record.folder, localModelPath: LOCAL_MODEL_PATH, allowRemoteModels: false, device: transformersDevice(m.dtype, caps), dtype: m.dtype };
}

/** Worker load options for an installed embedding model (same loading policy as the LLM). */
export function embedLoadOptionsFor(record: InstalledModelRecord, caps: DetectedCaps): EmbedLoadOptions {
  const dtype = record.manifest.dtype;
  if (dtype === 'q4f16' || dtype === 'q4f16_1' || dtype === 'q4f32_1') throw new Error(`${record.baseUrl}manifest.json: dtype ${dtype} is not an embedding dtype`);
  return { model: record.folder, localModelPath: LOCAL_MODEL_PATH, allowRemoteModels: false, device: transformersDevice(dtype, caps), dtype };
}

/** A module worker as a ModelWorkerClient handle (Vite bundles `new Worker(new URL(...))` at the call site). */
function workerHandle(worker: Worker, name: string): WorkerHandle {
  return {
    endpoint: worker,
    terminate: () => worker.terminate(),
    onCrash: (cb) => worker.addEventListener('error', (e) => cb(new Error(`${name} worker crashed: ${e.message || 'unknown error'}`)))
  };
}

type LlmClient = ModelWorkerClient<LlmApi, 'llm.load'>;
let llmClient: { client: LlmClient; modelId: string } | null = null;
let embedClient: ModelWorkerClient<EmbedApi, 'model.load'> | null = null;

/** The embedding worker client (lazy); callers load `embedLoadOptionsFor(...)` and embed through the model cache. */
export function getEmbedClient(): ModelWorkerClient<EmbedApi, 'model.load'> {
  embedClient ??= new ModelWorkerClient<EmbedApi, 'model.load'>(() => workerHandle(new Worker(new URL('../../../workers/embed.worker.ts', import.meta.url), { type: 'module', name: 'embed' }), 'embed'), 'model.load');
  return embedClient;
}

let embedLoaded: { modelId: string; device: string; dims: number } | null = null;

/**
 * Embed texts with the active embedding model through the IndexedDB vector cache (key: model id + revision + chunk
 * sha256), so a re-rank only embeds new chunks. Returns null when no embedding model is active (default scorer).
 */
export async function embedWithActiveModel(texts: string[]): Promise<{ vectors: Float32Array[]; hits: number; model: string; device: string; dims: number } | null> {
  await ensureInstalledLoaded();
  const record = modelsState.activeModel('embeddings');
  if (!record) return null;
  if (!modelsState.caps.checked) await detectDeviceCaps();
  const client = getEmbedClient();
  if (embedLoaded?.modelId !== record.id) {
    const info = await client.load({ options: embedLoadOptionsFor(record, modelsState.caps) });
    embedLoaded = { modelId: record.id, device: info.device, dims: info.dims };
  }
  const loaded = embedLoaded;
  const { vectors, hits } = await embedWithCache(texts, { id: record.id, revision: vectorRevisionOf(record) }, (batch) => client.call('texts.embed', { texts: batch }), new DexieEmbeddingCache());
  return { vectors, hits, model: record.id, device: loaded.device, dims: loaded.dims };
}

function disposeLlmClient(): void {
  llmClient?.client.dispose();
  llmClient = null;
  modelsState.llm = { state: 'idle' };
}

/** No LLM is active (the assist panel then explains what needs a model). */
export class NoActiveModelError extends Error {
  override name = 'NoActiveModelError';
}

/** The worker client with the active LLM loaded (loads it on first use; progress goes to modelsState.llm). */
export async function ensureLlmLoaded(): Promise<LlmClient> {
  await ensureInstalledLoaded();
  const record = modelsState.activeModel('text-generation');
  if (!record) throw new NoActiveModelError('No language model is active; add one in Settings → Models.');
  if (llmClient?.modelId === record.id && modelsState.llm.state === 'ready') return llmClient.client;
  if (!modelsState.caps.checked) await detectDeviceCaps();
  if (llmClient?.modelId !== record.id) {
    llmClient?.client.dispose();
    const client: LlmClient = new ModelWorkerClient<LlmApi, 'llm.load'>(() => workerHandle(new Worker(new URL('../../../workers/llm.worker.ts', import.meta.url), { type: 'module', name: 'llm' }), 'llm'), 'llm.load');
    llmClient = { client, modelId: record.id };
  }
  modelsState.llm = { state: 'loading', progress: 0, text: `Loading ${record.manifest.label ?? record.id}…` };
  try {
    const info = await llmClient.client.load({ options: llmLoadOptionsFor(record, modelsState.caps) }, (p: LlmProgress) => {
      if (p.status === 'progress') modelsState.llm = { state: 'loading', progress: p.progress, text: `Loading ${p.file}` };
      else if (p.status === 'loading') modelsState.llm = { state: 'loading', progress: p.progress * 100, text: p.text };
    });
    modelsState.llm = { state: 'ready', model: record.manifest.label ?? record.id, device: info.device };
    return llmClient.client;
  } catch (error) {
    modelsState.llm = { state: 'error', message: error instanceof Error ? error.message : String(error) };
    throw error;
  }
}

let runningTask: Promise<unknown> | null = null;
let cancelRequested = false;
/** How long a soft cancel may take before the worker is restarted (the model then reloads on the next call). */
const SOFT_CANCEL_MS = 1500;
const CANCELLED = { code: 'llm/cancelled', message: 'The generation was cancelled before the answer was complete.' };

/**
 * Run one screening task on the active LLM: tokens stream to `onToken`, the answer is checked by `check`.
 * Expected failures (no model, cancelled, truncated, invalid answer) come back as Result errors.
 */
export async function runAssistTask<T>(task: PreparedTask, check: (text: string) => Result<T>, onToken: (delta: string) => void): Promise<Result<{ answer: T; raw: GenerateResult }>> {
  let client: LlmClient;
  try {
    client = await ensureLlmLoaded();
  } catch (error) {
    return err({ code: error instanceof NoActiveModelError ? 'llm/no-model' : 'llm/load-failed', message: error instanceof Error ? error.message : String(error) });
  }
  const generate = (request: Parameters<LlmApi['llm.generate']>[0], cb?: (delta: string) => void) => client.call('llm.generate', request, cb); // the client proxies callbacks
  cancelRequested = false;
  const running = runScreeningTask({ 'llm.generate': generate }, task, check, { onToken });
  runningTask = running;
  try {
    return await running;
  } catch (error) {
    if (cancelRequested && error instanceof ModelWorkerCrashedError) return err(CANCELLED);
    throw error;
  } finally {
    runningTask = null;
  }
}

/**
 * Stop the running generation (its task resolves with an 'llm/cancelled' error). Asks the worker first; if the
 * generation has not stopped within SOFT_CANCEL_MS (a decode step that never yields to the worker's event loop
 * cannot see the message), the worker is restarted. Returns which way it stopped.
 */
export async function cancelAssistTask(): Promise<'soft' | 'hard' | 'none'> {
  const running = runningTask;
  if (!running || !llmClient) return 'none';
  cancelRequested = true;
  const client = llmClient.client;
  void client.call('llm.cancel', {}).catch(() => undefined);
  const settled = running.then(() => true, () => true);
  const stopped = await Promise.race([settled, new Promise<false>((r) => setTimeout(() => r(false), SOFT_CANCEL_MS))]);
  if (stopped) return 'soft';
  client.restart('restarted to cancel a generation');
  console.info('[shortlist] cancel: the LLM worker did not stop within', SOFT_CANCEL_MS, 'ms; restarted it (the model reloads on the next task)');
  return 'hard';
}
