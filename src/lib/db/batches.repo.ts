/**
 * Batches repository: the ingest queue that survives a killed tab.
 *
 * Purpose: enqueue dropped files (Blobs stored immediately, so nothing is lost if the tab dies), list the
 * items still queued for a job (to resume), record per-file failures, and clear finished rows.
 * Non-goals: processing files (the ingest service does it and commits via candidates.repo).
 */
import { getDb, type BatchItemRecord, type BatchRecord } from './schema';

/** Stores a batch and one queued item per file in one transaction; returns the batch. */
export async function enqueueBatch(jobId: string, files: Array<{ blob: Blob; name: string }>): Promise<BatchRecord> {
  const db = getDb();
  const batch: BatchRecord = { id: crypto.randomUUID(), jobId, total: files.length, createdAt: Date.now() };
  const items: BatchItemRecord[] = files.map((file, seq) => ({
    id: crypto.randomUUID(),
    batchId: batch.id,
    jobId,
    seq,
    fileName: file.name,
    size: file.blob.size,
    blob: file.blob,
    status: 'queued'
  }));
  await db.transaction('rw', db.jobs, db.batches, db.batchItems, async () => {
    if (!(await db.jobs.get(jobId))) throw new Error(`enqueueBatch: job ${jobId} does not exist`);
    await db.batches.add(batch);
    await db.batchItems.bulkAdd(items);
  });
  return batch;
}

/** Items of a job still waiting to be processed, oldest batch first (resume after a killed tab). */
export async function listQueuedItems(jobId: string): Promise<BatchItemRecord[]> {
  const items = await getDb().batchItems.where('[jobId+status]').equals([jobId, 'queued']).toArray();
  return items.sort((a, b) => (a.batchId === b.batchId ? a.seq - b.seq : a.batchId < b.batchId ? -1 : 1));
}

/** Per-file failures of a job's batches (shown as error rows until dismissed). */
export async function listFailedItems(jobId: string): Promise<BatchItemRecord[]> {
  return getDb().batchItems.where('[jobId+status]').equals([jobId, 'error']).toArray();
}

/** Marks one item failed with a message naming what is wrong; its Blob is dropped. Returns the item. */
export async function markItemFailed(itemId: string, error: string): Promise<BatchItemRecord | undefined> {
  const db = getDb();
  return db.transaction('rw', db.batchItems, async () => {
    await db.batchItems.update(itemId, { status: 'error', error, blob: null });
    return db.batchItems.get(itemId);
  });
}

/** Removes finished items (done, duplicate, error) of a job; queued ones stay. */
export async function clearFinishedItems(jobId: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.batches, db.batchItems, async () => {
    await db.batchItems.where('jobId').equals(jobId).and((item) => item.status !== 'queued').delete();
    const liveBatchIds = new Set((await db.batchItems.where('jobId').equals(jobId).toArray()).map((i) => i.batchId));
    await db.batches.where('jobId').equals(jobId).and((b) => !liveBatchIds.has(b.id)).delete();
  });
}
