/**
 * The ingest service (services/ingest.service.ts) over fake-indexeddb, with the ingest worker's own API run in this
 * thread (only the Worker transport is replaced; extraction, parsing and scoring are the real core):
 *   - a file whose record the database refuses (as Chromium refused a 150 MB record) becomes one error row naming
 *     it; the rest of the batch is stored, nothing stays queued, and opening the job again retries nothing;
 *   - a 20 MB TXT is refused with a per-file error before anything large is built, and never blocks the batch;
 *   - what one file becomes stays bounded: a resume at the text limit serialises to a few MB;
 *   - files dropped but not yet stored count as pending (the leave-page warning) until stored;
 *   - a re-saved copy is listed as a same-text duplicate, and ingest warnings reach the candidate row.
 */
import v8 from 'node:v8';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ShortlistDb, createJob, listCandidateRows, listDuplicateItems, listFailedItems, listQueuedItems, setDb } from '../../src/lib/db';
import { parseJob } from '../../src/lib/core/job';
import { shippedRanker, type RankerWeights } from '../../src/lib/core/score';
import { ingestApi } from '../../workers/ingest/api';
import { MAX_RESUME_TEXT_CHARS } from '../../workers/ingest/protocol';
import { bigTxt, resumeText, textPdf } from '../fixtures/hostile-inputs';

/** Files whose ingest result is made unstorable (a value IndexedDB cannot clone), like a record over the size limit. */
const UNSTORABLE = new Set<string>();

vi.mock('../../src/lib/workers/ingest.client', () => ({
  ingestFileInWorker: async (blob: Blob, fileName: string, scoreFor?: { job: unknown }) => {
    const result = await ingestApi['file.ingest']({ bytes: await blob.arrayBuffer(), fileName, scoreFor: scoreFor as never });
    if (result.ok && UNSTORABLE.has(fileName)) (result.value.extracted as unknown as Record<string, unknown>).unclonable = () => 'refused';
    return result;
  },
  scoreInWorker: async (args: Parameters<(typeof ingestApi)['candidates.score']>[0]) => ingestApi['candidates.score'](args),
  ingestPoolSize: () => 1
}));

const { addFilesToJob, resumeIngest } = await import('../../src/lib/services/ingest.service');
const { ingestState } = await import('../../src/lib/state/ingest.svelte');

beforeEach(() => {
  setDb(new ShortlistDb('ingest-service', { indexedDB: new IDBFactory(), IDBKeyRange }));
  UNSTORABLE.clear();
});

const description = 'Senior Accountant. General ledger, month-end close, GAAP, Excel and QuickBooks. 3+ years of experience.';
const newJob = () => createJob({ title: 'Senior Accountant', description, job: parseJob({ title: 'Senior Accountant', description }) });
const txt = (name: string, text: string) => new File([text], name, { type: 'text/plain' });

/** Waits until the job's run is over: nothing queued and the progress idle. */
async function settled(jobId: string): Promise<void> {
  await vi.waitFor(async () => {
    expect(ingestState.of(jobId).phase).toBe('idle');
    expect(await listQueuedItems(jobId)).toEqual([]);
  }, { timeout: 60_000, interval: 50 });
}

describe('a file that cannot be stored', () => {
  it('becomes its own error row; the batch completes and nothing is retried', async () => {
    const job = await newJob();
    UNSTORABLE.add('resume-03.txt');
    const files = [0, 1, 2, 3, 4].map((i) => txt(`resume-0${i + 1}.txt`, resumeText(i)));
    await addFilesToJob(job.id, files);
    await settled(job.id);
    const failed = await listFailedItems(job.id);
    expect(failed.map((f) => f.fileName)).toEqual(['resume-03.txt']);
    expect(failed[0].error).toMatch(/^resume-03\.txt: could not be stored on this device \(DataCloneError/);
    expect(failed[0].blob).toBeNull();
    expect((await listCandidateRows(job.id)).map((r) => r.candidate.fileName).sort()).toEqual(['resume-01.txt', 'resume-02.txt', 'resume-04.txt', 'resume-05.txt']);
    expect(ingestState.of(job.id)).toMatchObject({ total: 5, done: 5, failed: 1 });
    // Opening the job again finds nothing to do.
    await resumeIngest(job.id);
    expect(ingestState.of(job.id).total).toBe(5);
    expect(await listFailedItems(job.id)).toHaveLength(1);
  });
});

describe('a 20 MB TXT', () => {
  it('is refused with an error naming it, and the rest of the batch is stored', async () => {
    const job = await newJob();
    await addFilesToJob(job.id, [txt('resume-01.txt', resumeText(0)), new File([bigTxt(20) as BlobPart], 'huge-resume.txt', { type: 'text/plain' }), txt('resume-02.txt', resumeText(1))]);
    await settled(job.id);
    const [failed] = await listFailedItems(job.id);
    expect(failed.fileName).toBe('huge-resume.txt');
    expect(failed.error).toMatch(/^huge-resume\.txt: [\d,]+ characters of text is more than a resume can have here \(at most 1,000,000/);
    expect(await listCandidateRows(job.id)).toHaveLength(2);
  });

  it('while a resume at the text limit stays a record of a few MB', async () => {
    let text = '';
    for (let i = 0; text.length < MAX_RESUME_TEXT_CHARS - 2000; i++) text += `${resumeText(i)}\n`;
    const result = await ingestApi['file.ingest']({ bytes: new TextEncoder().encode(text).buffer, fileName: 'long.txt', scoreFor: { job: parseJob({ title: 'Senior Accountant', description }) } });
    expect(result.ok).toBe(true);
    const bytes = v8.serialize(result).byteLength;
    // What the page receives and stores for one file: far under Chromium's IndexedDB value limit (~128 MB+).
    expect(bytes).toBeLessThan(16 * 1024 * 1024);
  }, 120_000);
});

describe('pending files, duplicates and warnings', () => {
  it('counts dropped files as pending until stored, lists a re-saved copy, and keeps ingest warnings', async () => {
    const job = await newJob();
    const files = [
      txt('resume-01.txt', resumeText(0)),
      txt('resume-01-resaved.txt', `\ufeff${resumeText(0).replace(/\n/g, '\r\n')}`),
      new File([textPdf(resumeText(2)) as BlobPart], 'cv.txt', { type: 'text/plain' })
    ];
    const adding = addFilesToJob(job.id, files);
    expect(ingestState.pending(job.id)).toBe(3);
    expect(ingestState.pendingTotal).toBe(3);
    await adding;
    expect(ingestState.pending(job.id)).toBe(0);
    await settled(job.id);
    const rows = await listCandidateRows(job.id);
    // The pool reads files concurrently: whichever copy is stored first is the candidate, the other its duplicate.
    const copies = ['resume-01.txt', 'resume-01-resaved.txt'];
    const names = rows.map((r) => r.candidate.fileName).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('cv.txt');
    expect(copies).toContain(names[1]);
    expect(rows.find((r) => r.candidate.fileName === 'cv.txt')?.candidate.warnings).toEqual(['named .txt but the content is PDF; read as PDF']);
    const dups = await listDuplicateItems(job.id);
    expect(dups).toHaveLength(1);
    expect(dups[0]).toMatchObject({ fileName: copies.find((c) => c !== names[1]), duplicateReason: 'same-text', candidateId: rows.find((r) => r.candidate.fileName === names[1])?.candidate.id });
  });
});

describe("a job family's re-fitted ranker", () => {
  it('scores with its own cap on the must part, and one stored before the cap existed stays uncapped', async () => {
    const musts = ['General ledger', 'GAAP', 'Excel', 'QuickBooks', 'SAP', 'Payroll', 'Budgeting', 'Auditing'];
    const job = parseJob({ title: 'Senior Accountant', description: `Requirements:\n${musts.map((m) => `- ${m}`).join('\n')}` });
    const bytes = () => new TextEncoder().encode(resumeText(0)).buffer;
    const mustShare = async (ranker?: RankerWeights) => {
      const r = await ingestApi['file.ingest']({ bytes: bytes(), fileName: 'a.txt', scoreFor: { job, ...(ranker ? { ranker } : {}) } });
      if (!r.ok || !r.value.score) throw new Error('not scored');
      return r.value.score.breakdown.must.weight;
    };
    const m = job.requirements.filter((q) => q.priority === 'must').length;
    expect(m).toBeGreaterThanOrEqual(6);
    const uncapped = (m * shippedRanker.mustDominance) / (m * shippedRanker.mustDominance + 1);
    expect(uncapped).toBeGreaterThan(shippedRanker.mustCap!);
    expect(await mustShare()).toBeCloseTo(shippedRanker.mustCap!, 12);
    const { mustCap: _cap, ...beforeTheCap } = shippedRanker;
    expect(await mustShare(beforeTheCap)).toBeCloseTo(uncapped, 12);
    expect(await mustShare({ ...shippedRanker, mustCap: 0.05 })).toBeCloseTo(0.05, 12);
  });

  it('keeps a ranker stored before the topic signal existed as it was fitted: no weight for the topic part', async () => {
    const job = parseJob({ title: 'Senior Accountant', description: 'Requirements:\n- General ledger\n- Month-end close\n- Accounts payable and reconciliations' });
    const topicWeight = async (ranker?: RankerWeights) => {
      const r = await ingestApi['file.ingest']({ bytes: new TextEncoder().encode(resumeText(0)).buffer, fileName: 'a.txt', scoreFor: { job, ...(ranker ? { ranker } : {}) } });
      if (!r.ok || !r.value.score) throw new Error('not scored');
      return r.value.score.breakdown.topic?.weight ?? 0;
    };
    expect(await topicWeight()).toBeGreaterThan(0);
    const { topic: _t, ...before } = shippedRanker.weights;
    expect(await topicWeight({ ...shippedRanker, weights: before })).toBe(0);
    expect(await topicWeight({ ...shippedRanker, weights: { ...before, topic: 0.3 } })).toBeGreaterThan(await topicWeight());
  });
});
