/**
 * The candidate pipeline in storage (db/stages.repo.ts on fake-indexeddb): a move stores the stage, note and date
 * and appends to the history in one transaction; rows and details carry the stage; deleting a candidate or its job
 * deletes its stage; a move of a deleted candidate fails and writes nothing.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ShortlistDb, commitIngestedCandidate, createJob, deleteCandidate, deleteJob, enqueueBatch, getCandidateDetail, getStage, listCandidateRows, listDecisionLog, listQueuedItems, saveStage, setDb, type DecisionContext } from '../../src/lib/db';
import { verifyChain } from '../../src/lib/core/decision-log';
import type { Job } from '../../src/lib/core/job';
import type { ExtractedText } from '../../src/lib/core/ingest';

let db: ShortlistDb;
const CONTEXT: DecisionContext = { blind: true, models: {}, appVersion: 'test' };

beforeEach(() => {
  db = new ShortlistDb('stages-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  setDb(db);
});

/** A job with `n` stored candidates; returns the job id and the candidate ids in order. */
async function jobWithCandidates(n: number): Promise<{ jobId: string; ids: string[] }> {
  const job = await createJob({ title: 'Accountant', description: 'Excel', job: { title: 'Accountant', requirements: [] } as unknown as Job });
  await enqueueBatch(job.id, Array.from({ length: n }, (_, i) => ({ blob: new Blob([`f${i}`]), name: `f${i}.pdf` })));
  const ids: string[] = [];
  for (const [i, item] of (await listQueuedItems(job.id)).entries()) {
    const blob = new Blob([`%PDF ${i}`], { type: 'application/pdf' });
    const outcome = await commitIngestedCandidate({
      batchItemId: item.id,
      jobId: job.id,
      sha256: `sha-${i}`,
      file: { blob, name: item.fileName, type: blob.type, size: blob.size },
      extracted: { text: `resume ${i}`, hidden: { chars: 0, byReason: {} }, warnings: [] } as unknown as ExtractedText,
      resume: null,
      parserVersion: 'test',
      name: '',
      status: 'parsed'
    });
    ids.push(outcome.candidateId);
  }
  return { jobId: job.id, ids };
}

describe('stages', () => {
  it('stores each move with its note and date, keeps the history in order, and rows carry the stage', async () => {
    const { jobId, ids } = await jobWithCandidates(2);
    expect((await listCandidateRows(jobId)).map((r) => r.stage)).toEqual([undefined, undefined]);
    await saveStage({ candidateId: ids[0], stage: 'shortlisted', note: 'strong ledger work', at: 1000, context: CONTEXT });
    const latest = await saveStage({ candidateId: ids[0], stage: 'interview', note: 'call on Tuesday', at: 2000, context: CONTEXT });
    expect(latest).toEqual({
      candidateId: ids[0],
      jobId,
      stage: 'interview',
      note: 'call on Tuesday',
      movedAt: 2000,
      history: [
        { stage: 'shortlisted', note: 'strong ledger work', at: 1000 },
        { stage: 'interview', note: 'call on Tuesday', at: 2000 }
      ]
    });
    expect(await getStage(ids[0])).toEqual(latest);
    const rows = await listCandidateRows(jobId);
    expect(rows.map((r) => r.stage?.stage)).toEqual(['interview', undefined]);
    expect((await getCandidateDetail(ids[0]))?.stage?.history).toHaveLength(2);
    // Each move is one decision-log entry (from → to), and the chain verifies.
    const log = await listDecisionLog(jobId);
    expect(log.map((e) => [e.action, e.stage])).toEqual([
      ['stage', { from: 'new', to: 'shortlisted' }],
      ['stage', { from: 'shortlisted', to: 'interview' }]
    ]);
    expect((await verifyChain(log)).ok).toBe(true);
  });

  it('refuses to move a candidate that no longer exists and writes nothing', async () => {
    await expect(saveStage({ candidateId: 'gone', stage: 'offer', note: '', context: CONTEXT })).rejects.toThrow(/does not exist/);
    expect(await db.stages.count()).toBe(0);
  });

  it('deletes the stage with its candidate, and every stage with its job', async () => {
    const { jobId, ids } = await jobWithCandidates(3);
    for (const id of ids) await saveStage({ candidateId: id, stage: 'rejected', note: '', context: CONTEXT });
    await deleteCandidate(ids[0]);
    expect(await db.stages.toCollection().primaryKeys()).toEqual(expect.arrayContaining([ids[1], ids[2]]));
    expect(await getStage(ids[0])).toBeUndefined();
    await deleteJob(jobId);
    expect(await db.stages.count()).toBe(0);
  });
});
