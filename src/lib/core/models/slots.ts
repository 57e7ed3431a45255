/**
 * Install slots: every install of a model (first install or update) writes its files into a slot of its own,
 * `<model id>#<stamp>`, and becomes live only when its installed-model record names that slot. Swapping a
 * version is therefore one record write: a failed update leaves the previous slot (and record) untouched, an
 * interrupted install leaves a slot no record names, and `sweepModelStore` removes such leftovers at start-up.
 *
 * Non-goals: downloading (manager.ts), the record store (db/model-cache.ts), locking between tabs
 * (services/model-install.ts). Shape legend: a stamp is lowercase base36, so it never contains '#'; records
 * written before slots existed have none, and their files live under the bare model id (`slotOf`).
 */

/** Separates the model id from the stamp in a slot name (a stamp never contains it, so the last one splits). */
const SLOT_SEPARATOR = '#';

/** A new, unique stamp: time (base36) plus randomness, so two tabs installing at once never share a slot. */
export function newSlotStamp(now = Date.now()): string {
  const random = Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, '0');
  return `${now.toString(36)}${random}`;
}

/** The slot of one install of `modelId`. */
export function installSlot(modelId: string, stamp: string): string {
  if (!/^[0-9a-z]+$/.test(stamp)) throw new Error(`install slot stamp "${stamp}" must be lowercase base36`);
  return `${modelId}${SLOT_SEPARATOR}${stamp}`;
}

/** The model id a slot belongs to (a slot without a stamp is a pre-slot install: the id itself). */
export function modelIdOfSlot(slot: string): string {
  const at = slot.lastIndexOf(SLOT_SEPARATOR);
  return at > 0 && /^[0-9a-z]+$/.test(slot.slice(at + 1)) ? slot.slice(0, at) : slot;
}

/** The slot an installed record points to (records from before slots: the model id). */
export function slotOf(record: { id: string; slot?: string }): string {
  return record.slot ?? record.id;
}

/** What a store must offer for sweeping: its files by slot, and deleting one slot. */
export interface SweepableStore {
  list(): Promise<Array<{ slot: string; bytes: number }>>;
  deleteSlot(slot: string): Promise<number>;
}

/** Slots in the store that no live record names (leftovers of interrupted, failed or superseded installs). */
export async function orphanSlots(store: SweepableStore, liveSlots: ReadonlySet<string>): Promise<string[]> {
  const slots = new Set((await store.list()).map((f) => f.slot));
  return [...slots].filter((s) => !liveSlots.has(s)).sort();
}

/** Deletes every slot no live record names; returns which slots went and the bytes freed. */
export async function sweepModelStore(store: SweepableStore, liveSlots: ReadonlySet<string>): Promise<{ slots: string[]; bytes: number }> {
  const slots = await orphanSlots(store, liveSlots);
  let bytes = 0;
  for (const slot of slots) bytes += await store.deleteSlot(slot);
  return { slots, bytes };
}
