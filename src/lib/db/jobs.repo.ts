/**
 * Jobs repository: the only writer of the `jobs` table, plus whole-job deletion.
 *
 * Purpose: create, list, read, edit and delete jobs; deleting a job removes every candidate, file, parse,
 * score, decision, batch and its self-identification data, in one transaction (the decision log is anonymised).
 * Non-goals: parsing the job description (core/job does it; the caller passes the parsed `Job`).
 */
import type { Job } from '../core/job';
import { getDb, type JobRecord } from './schema';
import { anonymiseEntriesOf } from './decision-log.repo';

/** A job plus how many candidates it has (for the jobs list). */
export interface JobSummary extends JobRecord {
  candidateCount: number;
}

/** Stores a new job and returns its record. */
export async function createJob(input: { title: string; description: string; job: Job }): Promise<JobRecord> {
  const now = Date.now();
  const record: JobRecord = {
    id: crypto.randomUUID(),
    title: input.title.trim(),
    description: input.description,
    job: input.job,
    nextOrdinal: 1,
    createdAt: now,
    updatedAt: now
  };
  await getDb().jobs.add(record);
  return record;
}

/** All jobs, most recently changed first, with their candidate counts. */
export async function listJobs(): Promise<JobSummary[]> {
  const db = getDb();
  return db.transaction('r', db.jobs, db.candidates, async () => {
    const jobs = await db.jobs.orderBy('updatedAt').reverse().toArray();
    return Promise.all(
      jobs.map(async (job) => ({ ...job, candidateCount: await db.candidates.where('jobId').equals(job.id).count() }))
    );
  });
}

/** One job, or undefined when it does not exist (deleted, or a stale link). */
export async function getJob(id: string): Promise<JobRecord | undefined> {
  return getDb().jobs.get(id);
}

/** Saves recruiter edits (title, description, requirements and weights). */
export async function updateJob(id: string, changes: Partial<Pick<JobRecord, 'title' | 'description' | 'job'>>): Promise<void> {
  const updated = await getDb().jobs.update(id, { ...changes, updatedAt: Date.now() });
  if (updated === 0) throw new Error(`updateJob: job ${id} does not exist (it may have been deleted in another tab)`);
}

/**
 * Deletes a job and everything derived from it (self-identification data included), in one transaction; its
 * decision log stays, every entry anonymised.
 */
export async function deleteJob(id: string): Promise<void> {
  const db = getDb();
  await db.transaction('rw', [db.jobs, db.candidates, db.files, db.parses, db.scores, db.decisions, db.stages, db.batches, db.batchItems, db.decisionLog, db.selfIdentification], async () => {
    const candidateIds = (await db.candidates.where('jobId').equals(id).primaryKeys()) as string[];
    await Promise.all([
      db.files.bulkDelete(candidateIds),
      db.parses.bulkDelete(candidateIds),
      db.scores.bulkDelete(candidateIds),
      db.decisions.bulkDelete(candidateIds),
      db.stages.bulkDelete(candidateIds),
      db.candidates.bulkDelete(candidateIds),
      db.batchItems.where('jobId').equals(id).delete(),
      db.batches.where('jobId').equals(id).delete(),
      db.selfIdentification.delete(id),
      anonymiseEntriesOf(db, candidateIds),
      db.jobs.delete(id)
    ]);
  });
}
