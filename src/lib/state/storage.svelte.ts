/**
 * Storage usage shown in the header (runes singleton), refreshed after batches and deletions.
 * Non-goals: deciding what to delete.
 */
import { readStorageInfo, requestPersistentStorage, type StorageInfo } from '../services/storage.service';

class StorageState {
  info = $state<StorageInfo | null>(null);

  /** Asks for persistent storage once, then reads usage. */
  async init(): Promise<void> {
    await requestPersistentStorage().catch(() => false);
    await this.refresh();
  }

  /** Re-reads usage and quota. */
  async refresh(): Promise<void> {
    this.info = await readStorageInfo().catch(() => null);
  }
}

export const storageState = new StorageState();
