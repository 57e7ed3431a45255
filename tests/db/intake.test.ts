/**
 * Intake bookkeeping on fake-indexeddb: a batch names all its files before storing them, so files a closed page
 * never stored become error rows naming each file (once) instead of vanishing; a re-saved copy (other bytes, the
 * same normalised text) is a duplicate listed with its reason and the candidate it duplicates; ingest warnings are
 * kept on the candidate; dismissing finished rows never drops the rows of a batch still being stored.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ShortlistDb,
  addBatchFiles,
  beginBatch,
  clearFinishedItems,
  commitIngestedCandidate,
  createJob,
  listCandidateRows,
  listDuplicateItems,
  listFailedItems,
  listQueuedItems,
  recordUnsavedFiles,
  setDb,
  type IngestedCandidate
} from '../../src/lib/db';
import { textDedupeKey } from '../../src/lib/core/text/dedupe-key';
import type { ExtractedText } from '../../src/lib/core/ingest';
import type { Job } from '../../src/lib/core/job';

let db: ShortlistDb;
beforeEach(() => {
  db = new ShortlistDb('intake-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  setDb(db);
});

const someJob = { title: 'Accountant', description: 'Needs Excel', job: { title: 'Accountant', requirements: [] } as unknown as Job };
const RESUME = 'Jane Roe\nSenior Accountant\n\nExperience\n- General ledger and month-end close for 14 entities\n- Excel models\n';

async function ingested(itemId: string, jobId: string, sha256: string, text: string, name: string): Promise<IngestedCandidate> {
  const blob = new Blob([`${sha256}`]);
  const extracted = { fileName: name, kind: 'pdf', text, pageCount: 1, imageOnly: false, hidden: { chars: 0, byReason: {} }, warnings: [], sha256 } as unknown as ExtractedText;
  return { batchItemId: itemId, jobId, sha256, file: { blob, name, type: 'application/pdf', size: blob.size }, extracted, resume: null, parserVersion: 't', name: '', status: 'parsed', textSha256: await textDedupeKey(text) };
}

const files = (names: string[]) => names.map((name) => ({ blob: new Blob([name]), name }));

describe('files a closed page never stored', () => {
  it('become one error row each, naming the file; the stored ones stay queued', async () => {
    const job = await createJob(someJob);
    const names = Array.from({ length: 60 }, (_, i) => `resume-${String(i).padStart(2, '0')}.pdf`);
    const batch = await beginBatch(job.id, names);
    await addBatchFiles(batch, 0, files(names.slice(0, 25)));
    // The page closes here. The next visit:
    const rows = await recordUnsavedFiles(job.id);
    expect(rows.map((r) => r.fileName)).toEqual(names.slice(25));
    for (const r of rows) expect(r.error).toMatch(new RegExp(`^${r.fileName.replace('.', '\\.')}: not saved: the page was closed`));
    expect((await listQueuedItems(job.id)).map((i) => i.fileName)).toEqual(names.slice(0, 25));
    expect(await listFailedItems(job.id)).toHaveLength(35);
    // Named once: the next visit adds nothing.
    expect(await recordUnsavedFiles(job.id)).toEqual([]);
    expect(await db.batchItems.count()).toBe(60);
  });

  it('a batch stored to the end has nothing unsaved, and a batch still being stored keeps its rows on dismiss', async () => {
    const job = await createJob(someJob);
    const done = await beginBatch(job.id, ['a.pdf', 'b.pdf']);
    await addBatchFiles(done, 0, files(['a.pdf', 'b.pdf']));
    expect(await recordUnsavedFiles(job.id)).toEqual([]);

    const storing = await beginBatch(job.id, ['c.pdf', 'd.pdf']);
    await addBatchFiles(storing, 0, files(['c.pdf']));
    const [c] = (await listQueuedItems(job.id)).filter((i) => i.fileName === 'c.pdf');
    await commitIngestedCandidate(await ingested(c.id, job.id, 'sha-c', `${RESUME} c`, 'c.pdf'));
    await clearFinishedItems(job.id);
    // c.pdf's finished row stays while d.pdf is being stored, so a close now names d.pdf only.
    expect((await db.batchItems.where('batchId').equals(storing.id).toArray()).map((i) => i.fileName)).toEqual(['c.pdf']);
    expect((await recordUnsavedFiles(job.id)).map((r) => r.fileName)).toEqual(['d.pdf']);
  });
});

describe('duplicates', () => {
  it('a re-saved copy (other bytes, same text up to spacing, case and punctuation) is a same-text duplicate', async () => {
    const job = await createJob(someJob);
    const batch = await beginBatch(job.id, ['cv.pdf', 'cv-resaved.pdf', 'cv-copy.pdf', 'other.pdf']);
    await addBatchFiles(batch, 0, files(['cv.pdf', 'cv-resaved.pdf', 'cv-copy.pdf', 'other.pdf']));
    const [a, b, c, d] = await listQueuedItems(job.id);
    const first = await commitIngestedCandidate(await ingested(a.id, job.id, 'sha-1', RESUME, 'cv.pdf'));
    const resaved = await commitIngestedCandidate(await ingested(b.id, job.id, 'sha-2', RESUME.toUpperCase().replace(/\n/g, '  ').replace(/-/g, '•'), 'cv-resaved.pdf'));
    const copy = await commitIngestedCandidate(await ingested(c.id, job.id, 'sha-1', RESUME, 'cv-copy.pdf'));
    const other = await commitIngestedCandidate(await ingested(d.id, job.id, 'sha-3', RESUME.replace('14', '15'), 'other.pdf'));
    expect(first.kind).toBe('created');
    expect(resaved).toMatchObject({ kind: 'duplicate', candidateId: first.candidateId, reason: 'same-text' });
    expect(copy).toMatchObject({ kind: 'duplicate', candidateId: first.candidateId, reason: 'same-file' });
    expect(other.kind).toBe('created');
    const dups = await listDuplicateItems(job.id);
    const byName = (x: string[], y: string[]) => (x[0] < y[0] ? -1 : 1);
    expect(dups.map((i) => [i.fileName, i.duplicateReason!, i.candidateId!]).sort(byName)).toEqual([
      ['cv-copy.pdf', 'same-file', first.candidateId],
      ['cv-resaved.pdf', 'same-text', first.candidateId]
    ]);
    expect((await listCandidateRows(job.id)).map((r) => r.candidate.fileName)).toEqual(['cv.pdf', 'other.pdf']);
  });

  it('never calls two files with too little text duplicates (scans, empty pages)', async () => {
    const job = await createJob(someJob);
    const batch = await beginBatch(job.id, ['scan1.pdf', 'scan2.pdf']);
    await addBatchFiles(batch, 0, files(['scan1.pdf', 'scan2.pdf']));
    const [a, b] = await listQueuedItems(job.id);
    expect(await textDedupeKey('  ')).toBeNull();
    expect((await commitIngestedCandidate(await ingested(a.id, job.id, 'sha-a', '', 'scan1.pdf'))).kind).toBe('created');
    expect((await commitIngestedCandidate(await ingested(b.id, job.id, 'sha-b', '', 'scan2.pdf'))).kind).toBe('created');
  });
});

describe('warnings', () => {
  it('are kept on the candidate row', async () => {
    const job = await createJob(someJob);
    const batch = await beginBatch(job.id, ['long.pdf']);
    await addBatchFiles(batch, 0, files(['long.pdf']));
    const [item] = await listQueuedItems(job.id);
    const warnings = ['only the first 50 of 400 pages were read'];
    await commitIngestedCandidate({ ...(await ingested(item.id, job.id, 'sha', RESUME, 'long.pdf')), warnings });
    expect((await listCandidateRows(job.id))[0].candidate.warnings).toEqual(warnings);
  });
});
