/**
 * Storage actions: ask the browser to keep our data (persistent storage) and read usage/quota.
 * Non-goals: clearing data (jobs/candidates are deleted through their own services).
 */

export interface StorageInfo {
  usage: number;
  quota: number;
  persisted: boolean;
}

/** Requests persistent storage once; resolves to whether the data is now persisted. */
export async function requestPersistentStorage(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}

/** Current usage and quota in bytes, and whether storage is persistent. */
export async function readStorageInfo(): Promise<StorageInfo> {
  if (!navigator.storage?.estimate) return { usage: 0, quota: 0, persisted: false };
  const [estimate, persisted] = await Promise.all([navigator.storage.estimate(), navigator.storage.persisted()]);
  return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
}

/** "12.3 MB" style size for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
