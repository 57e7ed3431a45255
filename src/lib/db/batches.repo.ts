/**
 * Batches repository: the ingest queue that survives a killed tab.
 *
 * Purpose: enqueue dropped files (the batch with every file's name first, then the Blobs in chunks, each chunk
 * durable on its own), list the items still queued for a job (to resume), name the files a closed page never
 * stored (error rows, so nothing disappears silently), record per-file failures, list duplicates, clear rows.
 * Non-goals: processing files (the ingest service does it and commits via candidates.repo).
 */
import { getDb, type BatchItemRecord, type BatchRecord } from './schema';

/** Records a batch of `names` (in drop order) before any of its files is stored; returns it. */
export async function beginBatch(jobId: string, names: string[]): Promise<BatchRecord> {
  const db = getDb();
  const batch: BatchRecord = { id: crypto.randomUUID(), jobId, total: names.length, fileNames: names, stored: false, createdAt: Date.now() };
  await db.transaction('rw', db.jobs, db.batches, async () => {
    if (!(await db.jobs.get(jobId))) throw new Error(`enqueueBatch: job ${jobId} does not exist`);
    await db.batches.add(batch);
  });
  return batch;
}

/**
 * Stores files `firstSeq`, `firstSeq + 1`, … of a begun batch as queued items, in one transaction; the chunk that
 * reaches the batch's total also marks the batch stored.
 */
export async function addBatchFiles(batch: BatchRecord, firstSeq: number, files: Array<{ blob: Blob; name: string }>): Promise<void> {
  const db = getDb();
  const items: BatchItemRecord[] = files.map((file, i) => ({
    id: crypto.randomUUID(),
    batchId: batch.id,
    jobId: batch.jobId,
    seq: firstSeq + i,
    fileName: file.name,
    size: file.blob.size,
    blob: file.blob,
    status: 'queued'
  }));
  await db.transaction('rw', db.jobs, db.batches, db.batchItems, async () => {
    if (!(await db.jobs.get(batch.jobId))) throw new Error(`enqueueBatch: job ${batch.jobId} does not exist`);
    await db.batchItems.bulkAdd(items);
    if (firstSeq + files.length >= batch.total) await db.batches.update(batch.id, { stored: true });
  });
}

/** Stores a batch and one queued item per file in one transaction; returns the batch. */
export async function enqueueBatch(jobId: string, files: Array<{ blob: Blob; name: string }>): Promise<BatchRecord> {
  const db = getDb();
  return db.transaction('rw', db.jobs, db.batches, db.batchItems, async () => {
    const batch = await beginBatch(jobId, files.map((f) => f.name));
    await addBatchFiles(batch, 0, files);
    return batch;
  });
}

/** The error row of a file a closed page never stored. */
const closedPageMessage = (name: string) => `${name}: not saved: the page was closed before this file was stored on this device; add it again`;

/**
 * Files of the job's batches that were named but never stored (the page closed while they were being saved, or
 * storing failed) become error rows naming each file, once. Call only when no batch of this job is being stored
 * in this page. Returns the new error rows.
 */
export async function recordUnsavedFiles(jobId: string, message: (name: string) => string = closedPageMessage): Promise<BatchItemRecord[]> {
  const db = getDb();
  return db.transaction('rw', db.batches, db.batchItems, async () => {
    const added: BatchItemRecord[] = [];
    for (const batch of await db.batches.where('jobId').equals(jobId).toArray()) {
      if (!batch.fileNames || batch.stored !== false) continue;
      const stored = new Set((await db.batchItems.where('batchId').equals(batch.id).toArray()).map((i) => i.seq));
      batch.fileNames.forEach((name, seq) => {
        if (stored.has(seq)) return;
        const error = message(name);
        added.push({ id: crypto.randomUUID(), batchId: batch.id, jobId, seq, fileName: name, size: 0, blob: null, status: 'error', error });
      });
      await db.batches.update(batch.id, { stored: true }); // named once: the batch is settled
    }
    if (added.length) await db.batchItems.bulkAdd(added);
    return added;
  });
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

/** Files of a job's batches skipped as duplicates (listed after the batch until dismissed). */
export async function listDuplicateItems(jobId: string): Promise<BatchItemRecord[]> {
  return getDb().batchItems.where('[jobId+status]').equals([jobId, 'duplicate']).toArray();
}

/** Marks one item failed with a message naming what is wrong; its Blob is dropped. Returns the item. */
export async function markItemFailed(itemId: string, error: string): Promise<BatchItemRecord | undefined> {
  const db = getDb();
  return db.transaction('rw', db.batchItems, async () => {
    await db.batchItems.update(itemId, { status: 'error', error, blob: null });
    return db.batchItems.get(itemId);
  });
}

/** Removes finished items (done, duplicate, error) of a job; queued ones, and batches still being stored, stay. */
export async function clearFinishedItems(jobId: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', db.batches, db.batchItems, async () => {
    // A batch still being stored names its files by seq: its rows stay until it is settled.
    const storing = new Set((await db.batches.where('jobId').equals(jobId).toArray()).filter((b) => b.stored === false).map((b) => b.id));
    await db.batchItems.where('jobId').equals(jobId).and((item) => item.status !== 'queued' && !storing.has(item.batchId)).delete();
    const liveBatchIds = new Set((await db.batchItems.where('jobId').equals(jobId).toArray()).map((i) => i.batchId));
    await db.batches.where('jobId').equals(jobId).and((b) => !liveBatchIds.has(b.id)).delete();
  });
}
