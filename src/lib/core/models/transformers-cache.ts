/**
 * Serves installed model files to transformers.js from the ModelStore, so a model verified and stored by the
 * manager loads offline: set `env.useCustomCache = true; env.customCache = modelStoreCache(store)`. transformers.js
 * looks files up by `<localModelPath><model>/<file>` or `<remoteHost><model>/resolve/<rev>/<file>`; both map to
 * (model id, file path) in the store.
 *
 * Non-goals: writing (the manager verifies then writes; files transformers.js would download itself are not
 * kept here), web-llm (it has its own cacheBackend). Shape legend: implements the match/put part of Web Cache.
 */
import type { ModelStore } from './manager';

export interface TransformersCacheLike {
  match(key: string): Promise<Response | undefined>;
  put(key: string, response: Response): Promise<void>;
}

/** Split a transformers.js cache key into (model id, file path) for one of the installed ids. */
export function locateInstalledFile(key: string, modelIds: string[]): { modelId: string; path: string } | undefined {
  const path = key.replace(/^[a-z]+:\/\/[^/]+/i, ''); // drop scheme://host
  for (const id of [...modelIds].sort((a, b) => b.length - a.length)) {
    const at = path.indexOf(`${id}/`);
    if (at < 0 || (at > 0 && path[at - 1] !== '/')) continue;
    const rest = path.slice(at + id.length + 1).replace(/^resolve\/[^/]+\//, '');
    if (rest) return { modelId: id, path: decodeURIComponent(rest) };
  }
  return undefined;
}

/**
 * A read-only transformers.js custom cache over the store's installed models. `slotFor` names the live install slot
 * of a model id (from its installed record); without it, the newest slot of that id in the store serves.
 */
export function modelStoreCache(store: ModelStore, slotFor?: (modelId: string) => string | undefined): TransformersCacheLike {
  return {
    async match(key) {
      const files = await store.list();
      const ids = [...new Set(files.map((f) => f.modelId))];
      const hit = locateInstalledFile(key, ids);
      if (!hit) return undefined;
      const slot = slotFor?.(hit.modelId) ?? files.filter((f) => f.modelId === hit.modelId).map((f) => f.slot).sort().at(-1);
      if (!slot) return undefined;
      const data = await store.get(slot, hit.path);
      if (!data) return undefined;
      return new Response(data as BodyInit, { status: 200, headers: { 'content-length': String(data.byteLength) } });
    },
    async put() {
      // Read-only by design: only integrity-checked files enter the store (manager.ts).
    }
  };
}
