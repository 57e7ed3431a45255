/**
 * Storage usage and persistence shown in the header (runes singleton), refreshed after batches and deletions. On the
 * first visit where the browser does not keep the data, a toast says what that means, once per device.
 * Non-goals: deciding what to delete.
 */
import { readStorageInfo, requestPersistentStorage, type StorageInfo } from '../services/storage.service';
import { toasts } from './toasts.svelte';

const TOLD_KEY = 'shortlist.storage.not-persistent-told.v1';

class StorageState {
  info = $state<StorageInfo | null>(null);

  /** Asks for persistent storage once, then reads usage; explains a refusal once. */
  async init(): Promise<void> {
    await requestPersistentStorage().catch(() => false);
    await this.refresh();
    if (this.info && !this.info.persisted) this.explainOnce();
  }

  /** Re-reads usage and quota. */
  async refresh(): Promise<void> {
    this.info = await readStorageInfo().catch(() => null);
  }

  /** Asks the browser again to keep the data (it may say yes after the app is installed or used more). */
  async askPersistence(): Promise<boolean> {
    const granted = await requestPersistentStorage().catch(() => false);
    await this.refresh();
    toasts.show(
      granted
        ? { kind: 'success', message: 'The browser will keep Shortlist\'s data on this device.' }
        : { kind: 'info', message: 'The browser still may clear the data when space runs low. Installing Shortlist as an app usually changes that.', ms: 10_000 }
    );
    return granted;
  }

  private explainOnce(): void {
    try {
      if (localStorage.getItem(TOLD_KEY)) return;
      localStorage.setItem(TOLD_KEY, '1');
    } catch {
      return; // no storage to remember it in: better silent than on every visit
    }
    toasts.show({
      kind: 'info',
      message: 'Your jobs and resumes stay on this device, but this browser may clear them if space runs low. “May be cleared” in the header explains what to do.',
      ms: 15_000
    });
  }
}

export const storageState = new StorageState();
