/**
 * Storage layer tests on fake-indexeddb: schema migration v1 → v2, one-transaction candidate writes,
 * resume-after-kill idempotency (no duplicates, no loss) and cascading candidate/job deletion.
 * Non-goals: UI and workers. Each test gets a fresh in-memory IndexedDB factory.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ShortlistDb,
  clearFinishedItems,
  commitIngestedCandidate,
  createJob,
  deleteCandidate,
  deleteJob,
  enqueueBatch,
  getCandidateDetail,
  listCandidateRows,
  listJobs,
  listQueuedItems,
  markItemFailed,
  setDb,
  setDecision,
  type IngestedCandidate
} from '../../src/lib/db';
import type { Job } from '../../src/lib/core/job';
import type { ExtractedText } from '../../src/lib/core/ingest';

let factory: IDBFactory;
let db: ShortlistDb;

beforeEach(() => {
  factory = new IDBFactory();
  db = new ShortlistDb('shortlist-test', { indexedDB: factory, IDBKeyRange });
  setDb(db);
});

const someJob = { title: 'Accountant', description: 'Needs Excel', job: { title: 'Accountant', requirements: [] } as unknown as Job };

function extracted(text: string, sha256: string): ExtractedText {
  return { fileName: 'x.pdf', kind: 'pdf', text, pageCount: 1, imageOnly: false, hidden: { chars: 0, byReason: {} }, warnings: [], sha256 } as unknown as ExtractedText;
}

function ingested(itemId: string, jobId: string, sha256: string, name = 'a.pdf'): IngestedCandidate {
  const blob = new Blob([`%PDF ${sha256}`], { type: 'application/pdf' });
  return {
    batchItemId: itemId,
    jobId,
    sha256,
    file: { blob, name, type: blob.type, size: blob.size },
    extracted: extracted(`resume text ${sha256}`, sha256),
    resume: null,
    parserVersion: 'test-1',
    name: 'Jane Roe',
    status: 'parsed'
  };
}

async function countAll(): Promise<Record<string, number>> {
  const tables = ['candidates', 'files', 'parses', 'scores', 'decisions'] as const;
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = await db.table(t).count();
  return counts;
}

describe('schema migrations', () => {
  it('upgrades a v1 database: keeps rows and backfills jobs.updatedAt so the new index can sort', async () => {
    const v1 = new ShortlistDb('migrate', { upTo: 1, indexedDB: factory, IDBKeyRange });
    await v1.jobs.add({ id: 'old', title: 'Old', description: '', job: someJob.job, nextOrdinal: 1, createdAt: 5 } as never);
    await v1.jobs.add({ id: 'older', title: 'Older', description: '', job: someJob.job, nextOrdinal: 1, createdAt: 2 } as never);
    expect(v1.verno).toBe(1);
    v1.close();

    const v2 = new ShortlistDb('migrate', { upTo: 2, indexedDB: factory, IDBKeyRange });
    await v2.open();
    expect(v2.verno).toBe(2);
    const byUpdated = await v2.jobs.orderBy('updatedAt').primaryKeys();
    expect(byUpdated).toEqual(['older', 'old']);
    expect((await v2.jobs.get('old'))?.updatedAt).toBe(5);
    // The v2 compound index exists and answers queries.
    expect(await v2.batchItems.where('[jobId+status]').equals(['old', 'queued']).count()).toBe(0);
    v2.close();

    // v3 adds the text-dedupe index; rows from before have no text key and stay.
    const v3 = new ShortlistDb('migrate', { upTo: 3, indexedDB: factory, IDBKeyRange });
    await v3.open();
    expect(v3.verno).toBe(3);
    expect(await v3.jobs.count()).toBe(2);
    expect(await v3.candidates.where('[jobId+textSha256]').equals(['old', 'x']).count()).toBe(0);
    v3.close();
  });
});

describe('candidate writes', () => {
  it('stores candidate, original file, parse and score together and numbers candidates per job', async () => {
    const job = await createJob(someJob);
    const batch = await enqueueBatch(job.id, [
      { blob: new Blob(['one']), name: 'one.pdf' },
      { blob: new Blob(['two']), name: 'two.pdf' }
    ]);
    const items = await listQueuedItems(job.id);
    expect(items.map((i) => i.fileName)).toEqual(['one.pdf', 'two.pdf']);
    expect(items.every((i) => i.batchId === batch.id)).toBe(true);

    const first = await commitIngestedCandidate({
      ...ingested(items[0].id, job.id, 'sha-1'),
      score: { result: { score: 70, breakdown: {}, evidence: [], requirements: [] } as never, blind: true }
    });
    const second = await commitIngestedCandidate(ingested(items[1].id, job.id, 'sha-2'));
    expect(first.kind).toBe('created');
    expect(second.kind === 'created' && second.ordinal).toBe(2);

    const detail = await getCandidateDetail(first.candidateId);
    expect(detail?.file?.blob.size).toBeGreaterThan(0);
    expect(await detail?.file?.blob.text()).toBe('%PDF sha-1');
    expect(detail?.parse?.extracted.text).toBe('resume text sha-1');
    expect(detail?.score?.result.score).toBe(70);
    expect(await listQueuedItems(job.id)).toHaveLength(0);
    expect((await listJobs())[0].candidateCount).toBe(2);
  });

  it('writes nothing at all when one write of the candidate transaction fails', async () => {
    const job = await createJob(someJob);
    await enqueueBatch(job.id, [{ blob: new Blob(['x']), name: 'x.pdf' }]);
    const item = await listQueuedItems(job.id);
    // Break the transaction's last-but-one write with an uncloneable value in the parse record: the
    // candidate, file and job counter written before it must roll back too.
    const bad = { ...ingested(item[0].id, job.id, 'sha-x'), resume: { fn: () => 1 } as never };
    await expect(commitIngestedCandidate(bad)).rejects.toThrow();
    expect(await countAll()).toEqual({ candidates: 0, files: 0, parses: 0, scores: 0, decisions: 0 });
    expect((await db.jobs.get(job.id))?.nextOrdinal).toBe(1);
    expect((await listQueuedItems(job.id)).map((i) => i.fileName)).toEqual(['x.pdf']);
  });
});

describe('resume after a killed tab', () => {
  it('replays the queue without duplicates and without losing queued files', async () => {
    const job = await createJob(someJob);
    await enqueueBatch(job.id, ['a', 'b', 'c'].map((n) => ({ blob: new Blob([n]), name: `${n}.pdf` })));
    const queued = await listQueuedItems(job.id);
    // "Kill" after the first file committed: a new connection sees only b and c still queued.
    await commitIngestedCandidate(ingested(queued[0].id, job.id, 'sha-a'));
    db.close();
    db = new ShortlistDb('shortlist-test', { indexedDB: factory, IDBKeyRange });
    setDb(db);
    const resumed = await listQueuedItems(job.id);
    expect(resumed.map((i) => i.fileName)).toEqual(['b.pdf', 'c.pdf']);
    expect(await resumed[0].blob?.text()).toBe('b');

    // A replay of the committed item (commit raced with the kill) must not create a second candidate.
    const replay = await commitIngestedCandidate(ingested(queued[0].id, job.id, 'sha-a'));
    expect(replay.kind).toBe('duplicate');
    for (const item of resumed) await commitIngestedCandidate(ingested(item.id, job.id, `sha-${item.fileName[0]}`, item.fileName));
    // The same bytes dropped again in a later batch are a duplicate too.
    await enqueueBatch(job.id, [{ blob: new Blob(['a']), name: 'a-copy.pdf' }]);
    const [again] = await listQueuedItems(job.id);
    expect((await commitIngestedCandidate(ingested(again.id, job.id, 'sha-a', 'a-copy.pdf'))).kind).toBe('duplicate');
    const rows = await listCandidateRows(job.id);
    expect(rows.map((r) => r.candidate.fileName).sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf']);
    expect(new Set(rows.map((r) => r.candidate.ordinal))).toEqual(new Set([1, 2, 3]));
    expect(await listQueuedItems(job.id)).toHaveLength(0);
  });

  it('records a failed file and keeps the rest of the batch', async () => {
    const job = await createJob(someJob);
    await enqueueBatch(job.id, [{ blob: new Blob(['png']), name: 'photo.pdf' }, { blob: new Blob(['ok']), name: 'ok.pdf' }]);
    const [bad, good] = await listQueuedItems(job.id);
    await markItemFailed(bad.id, 'photo.pdf: not a PDF (PNG signature)');
    await commitIngestedCandidate(ingested(good.id, job.id, 'sha-ok', 'ok.pdf'));
    const failed = await db.batchItems.where('[jobId+status]').equals([job.id, 'error']).toArray();
    expect(failed.map((f) => f.error)).toEqual(['photo.pdf: not a PDF (PNG signature)']);
    expect(failed[0].blob).toBeNull();
    expect(await listCandidateRows(job.id)).toHaveLength(1);
    await clearFinishedItems(job.id);
    expect(await db.batchItems.count()).toBe(0);
    expect(await db.batches.count()).toBe(0);
  });
});

describe('deletion', () => {
  it('deleting a candidate removes its file and everything derived, leaving other candidates intact', async () => {
    const job = await createJob(someJob);
    await enqueueBatch(job.id, [{ blob: new Blob(['1']), name: '1.pdf' }, { blob: new Blob(['2']), name: '2.pdf' }]);
    const [i1, i2] = await listQueuedItems(job.id);
    const c1 = await commitIngestedCandidate({ ...ingested(i1.id, job.id, 's1'), score: { result: { score: 1 } as never, blind: true } });
    const c2 = await commitIngestedCandidate({ ...ingested(i2.id, job.id, 's2'), score: { result: { score: 2 } as never, blind: true } });
    await setDecision({ candidateId: c1.candidateId, decision: 'selected', note: 'strong Excel' });
    await setDecision({ candidateId: c2.candidateId, decision: 'rejected', note: '' });
    await deleteCandidate(c1.candidateId);
    expect(await countAll()).toEqual({ candidates: 1, files: 1, parses: 1, scores: 1, decisions: 1 });
    expect(await getCandidateDetail(c1.candidateId)).toBeUndefined();
    expect((await getCandidateDetail(c2.candidateId))?.decision?.decision).toBe('rejected');
    // The same file can be screened again after deletion (dedupe does not remember deleted candidates).
    await enqueueBatch(job.id, [{ blob: new Blob(['1']), name: '1.pdf' }]);
    const [again] = await listQueuedItems(job.id);
    expect((await commitIngestedCandidate(ingested(again.id, job.id, 's1'))).kind).toBe('created');
  });

  it('deleting a job removes all its candidates, files, batches and decisions', async () => {
    const keep = await createJob({ ...someJob, title: 'Keep' });
    const drop = await createJob({ ...someJob, title: 'Drop' });
    for (const job of [keep, drop]) {
      await enqueueBatch(job.id, [{ blob: new Blob(['1']), name: '1.pdf' }, { blob: new Blob(['q']), name: 'queued.pdf' }]);
      const [item] = await listQueuedItems(job.id);
      const c = await commitIngestedCandidate(ingested(item.id, job.id, 'same-bytes'));
      await setDecision({ candidateId: c.candidateId, decision: 'selected', note: '' });
    }
    await deleteJob(drop.id);
    expect((await listJobs()).map((j) => j.title)).toEqual(['Keep']);
    expect(await countAll()).toEqual({ candidates: 1, files: 1, parses: 1, scores: 0, decisions: 1 });
    expect(await db.batchItems.where('jobId').equals(drop.id).count()).toBe(0);
    expect(await listQueuedItems(keep.id)).toHaveLength(1);
  });

  it('setDecision refuses an unknown candidate with a message naming it', async () => {
    await expect(setDecision({ candidateId: 'nope', decision: 'selected', note: '' })).rejects.toThrow(/nope/);
  });
});
