/**
 * Decision log in IndexedDB (fake-indexeddb): every setDecision appends an entry with score, scorer version, models
 * and blind mode in the same transaction as the decision; the chain verifies after a reload (a new connection),
 * with concurrent appends, and after a candidate or job is deleted (entries anonymised, no candidate id left); an
 * edited stored entry is detected; a failed decision writes no entry; deleting a candidate drops their
 * self-identification row and deleting the job drops the job's self-identification data.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/lib/core/decision-log';
import type { Job } from '../../src/lib/core/job';
import type { ExtractedText } from '../../src/lib/core/ingest';
import {
  ShortlistDb,
  commitIngestedCandidate,
  createJob,
  deleteCandidate,
  deleteJob,
  deleteSelfId,
  enqueueBatch,
  getSelfId,
  listDecisionLog,
  listQueuedItems,
  saveSelfId,
  setDb,
  setDecision
} from '../../src/lib/db';

let factory: IDBFactory;
let db: ShortlistDb;

beforeEach(() => {
  factory = new IDBFactory();
  db = new ShortlistDb('log-test', { indexedDB: factory, IDBKeyRange });
  setDb(db);
});

const CONTEXT = { blind: true, models: { embeddings: 'mini@slot-1' }, appVersion: 'test' };
const someJob = { title: 'Accountant', description: 'Needs Excel', job: { title: 'Accountant', requirements: [] } as unknown as Job };

/** A job with `n` candidates scored 10, 20, …; resolves to the job id and candidate ids. */
async function jobWithCandidates(n: number): Promise<{ jobId: string; ids: string[] }> {
  const job = await createJob(someJob);
  await enqueueBatch(job.id, Array.from({ length: n }, (_, i) => ({ blob: new Blob([String(i)]), name: `${i}.pdf` })));
  const ids: string[] = [];
  for (const [i, item] of (await listQueuedItems(job.id)).entries()) {
    const blob = new Blob([`%PDF ${i}`], { type: 'application/pdf' });
    const c = await commitIngestedCandidate({
      batchItemId: item.id,
      jobId: job.id,
      sha256: `sha-${i}`,
      file: { blob, name: `${i}.pdf`, type: blob.type, size: blob.size },
      extracted: { text: `resume ${i}`, hidden: { chars: 0 } } as unknown as ExtractedText,
      resume: null,
      parserVersion: 'test',
      name: `Person ${i}`,
      status: 'parsed',
      score: { result: { score: 10 * (i + 1), breakdown: {} } as never, blind: true }
    });
    ids.push(c.candidateId);
  }
  return { jobId: job.id, ids };
}

describe('decision log', () => {
  it('logs each decision with score, versions and blind mode, and verifies after a reload', async () => {
    const { jobId, ids } = await jobWithCandidates(2);
    await setDecision({ candidateId: ids[0], decision: 'selected', note: 'strong', context: CONTEXT });
    await setDecision({ candidateId: ids[1], decision: 'rejected', note: '', context: { ...CONTEXT, blind: false, recommendation: 'select' } });
    await setDecision({ candidateId: ids[0], decision: null, note: '', context: CONTEXT });
    const log = await listDecisionLog(jobId);
    expect(log.map((e) => [e.seq, e.action, e.score, e.blind, e.override])).toEqual([
      [1, 'select', 10, true, false],
      [2, 'reject', 20, false, true],
      [3, 'clear', 10, true, false]
    ]);
    expect(log[0]).toMatchObject({ scorerVersion: 'default-scorer/ranker-v1/app-test', models: { embeddings: 'mini@slot-1' }, personal: { candidateId: ids[0], note: 'strong' } });
    db.close();
    const reopened = new ShortlistDb('log-test', { indexedDB: factory, IDBKeyRange });
    setDb(reopened);
    expect(await verifyChain(await listDecisionLog(jobId))).toMatchObject({ ok: true, entries: 3 });
  });

  it('keeps one valid chain under concurrent decisions', async () => {
    const { jobId, ids } = await jobWithCandidates(5);
    await Promise.all(ids.map((id, i) => setDecision({ candidateId: id, decision: i % 2 ? 'rejected' : 'selected', note: `n${i}`, context: CONTEXT })));
    const log = await listDecisionLog(jobId);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(log.map((e) => e.personal?.candidateId))).toEqual(new Set(ids));
    expect(await verifyChain(log)).toMatchObject({ ok: true, entries: 5 });
  });

  it('detects an entry edited in the database', async () => {
    const { jobId, ids } = await jobWithCandidates(3);
    for (const id of ids) await setDecision({ candidateId: id, decision: 'rejected', note: '', context: CONTEXT });
    await db.decisionLog.update([jobId, 2], { action: 'select' });
    expect(await verifyChain(await listDecisionLog(jobId))).toMatchObject({ ok: false, seq: 2 });
  });

  it('writes no entry when the decision fails', async () => {
    await expect(setDecision({ candidateId: 'nope', decision: 'selected', note: '', context: CONTEXT })).rejects.toThrow(/nope/);
    expect(await db.decisionLog.count()).toBe(0);
  });

  it('anonymises a deleted candidate’s entries and the chain still verifies', async () => {
    const { jobId, ids } = await jobWithCandidates(2);
    await setDecision({ candidateId: ids[0], decision: 'selected', note: 'Person 0 was great', context: CONTEXT });
    await setDecision({ candidateId: ids[1], decision: 'rejected', note: 'no', context: CONTEXT });
    await setDecision({ candidateId: ids[0], decision: 'rejected', note: 'changed my mind', context: CONTEXT });
    await deleteCandidate(ids[0]);
    const log = await listDecisionLog(jobId);
    expect(log).toHaveLength(3);
    expect(log.map((e) => e.personal === null)).toEqual([true, false, true]);
    expect(JSON.stringify(log)).not.toContain(ids[0]);
    expect(JSON.stringify(log)).not.toContain('Person 0');
    expect(log[0]).toMatchObject({ action: 'select', score: 10 });
    expect(await verifyChain(log)).toMatchObject({ ok: true, entries: 3 });
  });

  it('keeps the anonymised log of a deleted job', async () => {
    const { jobId, ids } = await jobWithCandidates(2);
    for (const id of ids) await setDecision({ candidateId: id, decision: 'selected', note: 'x', context: CONTEXT });
    await deleteJob(jobId);
    const log = await listDecisionLog(jobId);
    expect(log.every((e) => e.personal === null)).toBe(true);
    expect(await verifyChain(log)).toMatchObject({ ok: true, entries: 2 });
  });
});

describe('self-identification storage', () => {
  it('drops a deleted candidate’s row, deletes in one call, and goes with its job', async () => {
    const { jobId, ids } = await jobWithCandidates(2);
    await saveSelfId(jobId, 'selfid.csv', ids.map((id) => ({ candidateId: id, sex: 'F', race: 'A' })));
    await deleteCandidate(ids[0]);
    expect((await getSelfId(jobId))?.rows.map((r) => r.candidateId)).toEqual([ids[1]]);
    await deleteSelfId(jobId);
    expect(await getSelfId(jobId)).toBeUndefined();
    await saveSelfId(jobId, 'selfid.csv', [{ candidateId: ids[1], sex: null, race: 'B' }]);
    await deleteJob(jobId);
    expect(await db.selfIdentification.count()).toBe(0);
    await expect(saveSelfId(jobId, 'late.csv', [])).rejects.toThrow(/late\.csv was not imported/);
  });
});
