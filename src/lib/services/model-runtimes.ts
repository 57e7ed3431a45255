/**
 * The model runtimes on this device: the worker bundles, ONNX Runtime's wasm and web-llm that run installed models.
 * They are not precached on the first visit (pwa.config.ts leaves them out and lists them, per task, in
 * MODEL_RUNTIME_LIST); the app puts them in MODEL_RUNTIME_CACHE when a model is installed, and the service worker
 * serves them from there, so an installed model also works offline. The list is kept in the same cache, so readiness
 * can be told offline; after an app update the new list names new files, fetched at the next start while online.
 *
 * Non-goals: which models are installed (the caller says which tasks need a runtime), the model files themselves
 * (db/model-cache.ts). Type imports only: vite.config.ts reads the constants below. Shape legend: paths are absolute
 * same-origin paths ("/_app/immutable/...").
 */
import type { ModelTask } from '../core/models/catalog';

/** The Cache API cache the service worker serves model runtimes from (pwa.config.ts runtimeCaching). */
export const MODEL_RUNTIME_CACHE = 'shortlist-model-runtimes';
/** Where the build writes the list of runtime files (pwa.config.ts). */
export const MODEL_RUNTIME_LIST = '/model-runtimes.json';

export interface ModelRuntimeList {
  version: 1;
  /** Every file the task's worker loads, beyond the app shell. */
  tasks: Record<ModelTask, string[]>;
}

/** Per task: every runtime file is in the cache, so a model of that kind loads without a network. */
export type RuntimeReadiness = Record<ModelTask, boolean>;

const NOT_READY: RuntimeReadiness = { embeddings: false, 'text-generation': false };
const TASKS: ModelTask[] = ['embeddings', 'text-generation'];
const hasCacheApi = () => typeof caches !== 'undefined';
const pathOf = (request: Request) => new URL(request.url).pathname;

async function keptList(cache: Cache): Promise<ModelRuntimeList | null> {
  const kept = await cache.match(MODEL_RUNTIME_LIST);
  return kept ? ((await kept.json()) as ModelRuntimeList) : null;
}

/** This build's list from the app's origin (kept in the cache), or the kept copy when offline. */
async function currentList(cache: Cache): Promise<ModelRuntimeList | null> {
  try {
    const response = await fetch(MODEL_RUNTIME_LIST, { cache: 'no-cache' });
    if (response.ok) {
      const list = (await response.json()) as ModelRuntimeList;
      if (list.version === 1 && list.tasks) {
        await cache.put(MODEL_RUNTIME_LIST, new Response(JSON.stringify(list), { headers: { 'content-type': 'application/json' } }));
        return list;
      }
    }
  } catch {
    // Offline: fall back to the list kept with the files.
  }
  return keptList(cache);
}

async function readinessOf(cache: Cache, list: ModelRuntimeList): Promise<RuntimeReadiness> {
  const present = new Set((await cache.keys()).map(pathOf));
  return Object.fromEntries(TASKS.map((task) => [task, list.tasks[task].length > 0 && list.tasks[task].every((p) => present.has(p))])) as RuntimeReadiness;
}

/**
 * Fetches the runtime files `tasks` need that are not cached yet. Never throws: a file that cannot be fetched
 * (offline, dev server) leaves its task not ready, and the next call tries again.
 */
export async function cacheModelRuntimes(tasks: ModelTask[]): Promise<RuntimeReadiness> {
  if (!hasCacheApi() || tasks.length === 0) return modelRuntimeReadiness();
  try {
    const cache = await caches.open(MODEL_RUNTIME_CACHE);
    const list = await currentList(cache);
    if (!list) return NOT_READY;
    const present = new Set((await cache.keys()).map(pathOf));
    for (const path of new Set(tasks.flatMap((task) => list.tasks[task]))) {
      if (present.has(path)) continue;
      try {
        await cache.add(path);
      } catch {
        break; // the network is gone: the rest would fail the same way
      }
    }
    return await readinessOf(cache, list);
  } catch {
    return NOT_READY;
  }
}

/** Which tasks' runtimes are fully cached (no network needed). */
export async function modelRuntimeReadiness(): Promise<RuntimeReadiness> {
  if (!hasCacheApi() || !(await caches.has(MODEL_RUNTIME_CACHE))) return NOT_READY;
  const cache = await caches.open(MODEL_RUNTIME_CACHE);
  const list = await keptList(cache);
  return list ? readinessOf(cache, list) : NOT_READY;
}

/** Deletes runtime files no task in `keep` needs (older builds' files, a task whose last model was deleted). */
export async function pruneModelRuntimes(keep: ModelTask[]): Promise<void> {
  if (!hasCacheApi() || !(await caches.has(MODEL_RUNTIME_CACHE))) return;
  if (keep.length === 0) {
    await caches.delete(MODEL_RUNTIME_CACHE);
    return;
  }
  const cache = await caches.open(MODEL_RUNTIME_CACHE);
  const list = await keptList(cache);
  if (!list) return;
  const wanted = new Set([MODEL_RUNTIME_LIST, ...keep.flatMap((task) => list.tasks[task])]);
  for (const request of await cache.keys()) if (!wanted.has(pathOf(request))) await cache.delete(request);
}
