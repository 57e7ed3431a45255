/**
 * Installing a model version atomically, sweeping what interrupted installs left behind, and keeping the runtimes
 * the installed models need cached at start-up.
 *
 * An install downloads and verifies into a fresh slot (core/models/manager.ts); only then is the installed-model
 * record written to name that slot (one IndexedDB put: the swap), and only after that is the previous version's
 * slot deleted. So a failed update leaves the previous version installed, intact and active; a page closed
 * mid-install leaves a slot no record names, which `sweepModelLeftovers` deletes at the next start-up. Installs
 * hold a shared Web Lock and the sweep an exclusive one it does not wait for, so a sweep in one tab never
 * deletes the slot another tab is still filling.
 *
 * Non-goals: UI state, toasts and worker reloads (models.service.ts), the download itself (core), the Cache API
 * layout (db/model-cache.ts). Shape legend: a slot is `<model id>#<stamp>` (core/models/slots.ts).
 */
import { addModelFromUrl, type AddModelOptions, type ModelStore } from '../core/models/manager';
import { slotOf, sweepModelStore } from '../core/models/slots';
import type { Result } from '../core/result';
import type { ModelTask } from '../core/models/catalog';
import { cacheModelRuntimes, pruneModelRuntimes } from './model-runtimes';
import { CacheApiModelStore, getModelCacheDb, installedModels, modelFolderFor, type InstalledModelRecord, type ModelCacheDb } from '../db/model-cache';

/** The Web Locks subset used here (navigator.locks; absent in Node, where there is no second tab to race). */
export interface LockManagerLike {
  request<T>(name: string, options: { mode?: 'shared' | 'exclusive'; ifAvailable?: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>;
}

/** Web Lock held by every install (shared) and by the start-up sweep (exclusive, only when free). */
export const MODEL_INSTALL_LOCK = 'shortlist-model-install';

export interface ModelInstallDeps {
  store: ModelStore;
  db?: ModelCacheDb;
  locks?: LockManagerLike | null;
}

/** navigator.locks where the platform has it. */
export function platformLocks(): LockManagerLike | null {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks ?? null;
}

/** What a successful install did: the live record, and the version it replaced (same id), if any. */
export interface InstallOutcome {
  record: InstalledModelRecord;
  replaced?: InstalledModelRecord;
  /** Bytes of the replaced version's files removed after the swap. */
  freedBytes: number;
}

/**
 * Downloads `url`'s model into a new slot and makes it the live version of its id. Expected failures come back
 * as Result errors (naming the file); on failure no record and no file of any installed version is touched.
 */
export async function installModel(url: string, deps: ModelInstallDeps, opts: Omit<AddModelOptions, 'store'> = {}): Promise<Result<InstallOutcome>> {
  const db = deps.db ?? getModelCacheDb();
  const run = async (): Promise<Result<InstallOutcome>> => {
    const staged = await addModelFromUrl(url, { ...opts, store: deps.store });
    if (!staged.ok) return staged;
    const record: InstalledModelRecord = { ...staged.value, folder: modelFolderFor(staged.value.slot) };
    let replaced: InstalledModelRecord | undefined;
    try {
      replaced = await db.transaction('rw', db.installed, async () => {
        const previous = await installedModels.get(record.id, db);
        await installedModels.save(record, db);
        return previous;
      });
    } catch (error) {
      // The swap did not happen: the staged slot is garbage, the previous version stays live.
      await deps.store.deleteSlot(staged.value.slot).catch(() => undefined);
      throw error;
    }
    let freedBytes = 0;
    if (replaced && slotOf(replaced) !== staged.value.slot) {
      // A failure here only leaves a slot no record names: the next start-up sweep removes it.
      freedBytes = await deps.store.deleteSlot(slotOf(replaced)).catch(() => 0);
    }
    return { ok: true, value: { record, replaced, freedBytes } };
  };
  const locks = deps.locks === undefined ? platformLocks() : deps.locks;
  return locks ? locks.request(MODEL_INSTALL_LOCK, { mode: 'shared' }, run) : run();
}

/**
 * Installs a model built on this device (its manifest.json and the files it lists, in memory) through the same path
 * as a download: manifest validated, every SHA-256 checked, a slot of its own, the record swap. `baseUrl` only names
 * it: nothing is fetched from it, now or later, since runtimes load installed files from the store (the Cache API
 * under LOCAL_MODEL_PATH/<record.folder>), so it needs no server and works offline after a reload.
 */
export async function installModelFromFiles(files: Record<string, Uint8Array>, baseUrl: string, deps: ModelInstallDeps): Promise<Result<InstallOutcome>> {
  const root = new URL(baseUrl).pathname;
  const memoryFetch: typeof fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const bytes = url.pathname.startsWith(root) ? files[decodeURIComponent(url.pathname.slice(root.length))] : undefined;
    if (!bytes) return new Response(null, { status: 404, statusText: 'Not Found' });
    return new Response(bytes as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-length': String(bytes.byteLength) } });
  };
  return installModel(baseUrl, deps, { fetch: memoryFetch });
}

/**
 * Deletes every stored slot that no installed record names (interrupted installs, superseded versions whose
 * clean-up was cut short). Skipped (returns null) while any install holds the lock, in this tab or another.
 */
export async function sweepModelLeftovers(deps: ModelInstallDeps): Promise<{ slots: string[]; bytes: number } | null> {
  const db = deps.db ?? getModelCacheDb();
  const sweep = async () => {
    const live = new Set((await installedModels.list(db)).map(slotOf));
    return sweepModelStore(deps.store, live);
  };
  const locks = deps.locks === undefined ? platformLocks() : deps.locks;
  if (!locks) return sweep();
  return locks.request(MODEL_INSTALL_LOCK, { mode: 'exclusive', ifAvailable: true }, async (lock) => (lock ? sweep() : null));
}

/**
 * The app's start-up sweep over the Cache API model store (see sweepModelLeftovers). Never throws: a failure
 * only leaves leftovers for the next start.
 */
export async function sweepModelCacheAtStartup(): Promise<void> {
  try {
    if (typeof caches === 'undefined') return;
    const swept = await sweepModelLeftovers({ store: new CacheApiModelStore(location.origin) });
    if (swept?.slots.length) console.info(`[shortlist] removed ${swept.slots.length} unfinished model install(s), ${swept.bytes} bytes`);
  } catch (error) {
    console.warn('[shortlist] could not sweep unfinished model installs', error);
  }
}

/** Tasks with at least one installed model: their runtimes are kept on this device. */
export function installedTasks(installed: InstalledModelRecord[]): ModelTask[] {
  return [...new Set(installed.map((m) => m.manifest.task))];
}

/**
 * Start-up upkeep of the model runtimes (services/model-runtimes.ts): fetch what the installed models need and this
 * build has not cached yet (after an app update, or an install that lost the network), drop what none needs. Offline
 * nothing changes. Never throws.
 */
export async function keepModelRuntimesAtStartup(): Promise<void> {
  try {
    if (typeof caches === 'undefined') return;
    const tasks = installedTasks(await installedModels.list());
    if (tasks.length) await cacheModelRuntimes(tasks);
    await pruneModelRuntimes(tasks);
  } catch (error) {
    console.warn('[shortlist] could not update the cached model runtimes', error);
  }
}
