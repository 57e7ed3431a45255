/**
 * Per-family rankers on fake-indexeddb: a database of version 3 upgrades to 4 keeping its data; apply stacks
 * the ranker in use so revert puts back exactly the one before (down to the shipped ranker, then refuses);
 * the last-fit count moves on apply and on discard; the decisions of a family's jobs come with their stored
 * scores and file hashes. Also the re-fit worker's in-thread API (times the fit, passes refusals through) and
 * the stored re-fit threshold (bounded, default 100).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  RANKER_SHIPPED,
  ShortlistDb,
  applyFamilyRanker,
  commitIngestedCandidate,
  createJob,
  getFamilyRanker,
  listDecidedScores,
  markFamilyFitted,
  rankerInUse,
  rankerLabel,
  revertFamilyRanker,
  setDb,
  setDecision
} from '../../src/lib/db';
import { shippedRanker, type RankerWeights, type ScoreResult } from '../../src/lib/core/score';
import type { Job } from '../../src/lib/core/job';
import type { ExtractedText } from '../../src/lib/core/ingest';
import { refitApi } from '../../workers/refit/api';
import { clampRefitAfter, parseStoredSettings } from '../../src/lib/state/settings.svelte';

let factory: IDBFactory;

beforeEach(() => {
  factory = new IDBFactory();
  setDb(new ShortlistDb('rankers-test', { indexedDB: factory, IDBKeyRange }));
});

const ranker = (role: number): RankerWeights => ({ mustDominance: 0, weights: { role, lexical: 1 - role, nice: 0 }, defaultExtraWeight: 0.3 });
const fitted = (role: number, decisions = 40) => ({ ranker: ranker(role), fittedAt: 1, decisions, before: { auc: 0.6, pairs: 10 }, after: { auc: 0.8, pairs: 10 } });

describe('rankers table', () => {
  it('upgrades a version-3 database to version 4 without losing jobs', async () => {
    const v3 = new ShortlistDb('upgrade', { upTo: 3, indexedDB: factory, IDBKeyRange });
    await v3.jobs.add({ id: 'j1', title: 'Accountant', description: '', job: {} as Job, nextOrdinal: 1, createdAt: 1, updatedAt: 1 });
    v3.close();
    const v4 = new ShortlistDb('upgrade', { indexedDB: factory, IDBKeyRange });
    expect(await v4.jobs.get('j1')).toMatchObject({ title: 'Accountant' });
    expect(await v4.rankers.count()).toBe(0);
    expect(v4.verno).toBe(4);
    v4.close();
  });

  it('applies on top of the ranker in use and reverts to exactly the one before, down to the shipped one', async () => {
    expect(await rankerInUse('account')).toEqual({ ranker: null, label: RANKER_SHIPPED });
    await applyFamilyRanker('account', fitted(0.5));
    await applyFamilyRanker('account', fitted(0.7, 60));
    expect(await rankerInUse('account')).toEqual({ ranker: ranker(0.7), label: 'account#2' });
    expect((await getFamilyRanker('account'))?.decisionsAtLastFit).toBe(60);
    const back = await revertFamilyRanker('account');
    expect(back.current?.ranker).toEqual(ranker(0.5));
    expect(rankerLabel('account', back.current)).toBe('account#1');
    expect((await revertFamilyRanker('account')).current).toBeNull();
    expect(await rankerInUse('account')).toEqual({ ranker: null, label: RANKER_SHIPPED });
    await expect(revertFamilyRanker('account')).rejects.toThrow(/nothing to revert/);
    // Versions keep counting after a revert: a new apply never reuses a label scores already carried.
    expect((await applyFamilyRanker('account', fitted(0.6))).current?.version).toBe(3);
    // Other families are untouched.
    expect(await getFamilyRanker('teach')).toBeUndefined();
  });

  it('remembers a discarded fit without changing the ranker in use', async () => {
    await markFamilyFitted('account', 120);
    const record = await getFamilyRanker('account');
    expect(record).toMatchObject({ current: null, decisionsAtLastFit: 120 });
  });

  it("lists a family's decisions with the stored scores and file hashes", async () => {
    const jobs = await Promise.all(['Accountant', 'Senior Accountant', 'Teacher'].map((title) => createJob({ title, description: '', job: { title, requirements: [] } as unknown as Job })));
    for (const [i, job] of jobs.entries()) {
      const blob = new Blob([`%PDF ${i}`], { type: 'application/pdf' });
      const out = await commitIngestedCandidate({
        batchItemId: `item-${i}`,
        jobId: job.id,
        sha256: `sha-${i}`,
        file: { blob, name: `r${i}.pdf`, type: blob.type, size: blob.size },
        extracted: { text: 'x', sha256: `sha-${i}` } as unknown as ExtractedText,
        resume: null,
        parserVersion: 't',
        name: '',
        status: 'parsed',
        score: { result: { score: 50 + i } as ScoreResult, blind: true, ranker: RANKER_SHIPPED }
      });
      await setDecision({ candidateId: out.candidateId, decision: i === 1 ? 'rejected' : 'selected', note: '', context: { blind: true, models: {}, appVersion: 'test' } });
    }
    const listed = await listDecidedScores([jobs[0].id, jobs[1].id]);
    expect(listed.map((d) => [d.sha256, d.decision, d.score?.result.score, d.score?.ranker]).sort()).toEqual([
      ['sha-0', 'selected', 50, RANKER_SHIPPED],
      ['sha-1', 'rejected', 51, RANKER_SHIPPED]
    ]);
  });
});

describe('refit worker API', () => {
  it('returns the fit with its time, and passes a refusal through as a Result', async () => {
    const samples = Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, jobId: 'j', selected: i % 3 === 0, parts: { role: i % 3 === 0 ? 0.8 : 0.2, lexical: (i % 7) / 7, nice: 0.5 }, mustCount: 0 }));
    const done = await refitApi['ranker.refit']({ samples, current: shippedRanker, shipped: shippedRanker });
    expect(done.ok).toBe(true);
    if (done.ok) expect(done.value.ms).toBeGreaterThanOrEqual(0);
    const refused = await refitApi['ranker.refit']({ samples: samples.slice(0, 12), current: shippedRanker, shipped: shippedRanker });
    expect(refused.ok).toBe(false);
  });
});

describe('re-fit threshold setting', () => {
  it('defaults to 100 and stays within bounds', () => {
    expect(parseStoredSettings(null).refitAfter).toBe(100);
    expect(parseStoredSettings('{"refitAfter":250}').refitAfter).toBe(250);
    expect(parseStoredSettings('{"refitAfter":3}').refitAfter).toBe(20);
    expect(parseStoredSettings('{"refitAfter":"many"}').refitAfter).toBe(100);
    expect(clampRefitAfter(1e9)).toBe(10_000);
  });
});
