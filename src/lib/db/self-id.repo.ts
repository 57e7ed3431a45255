/**
 * Self-identification repository: the only reader and writer of `selfIdentification`, the employer's imported
 * sex and race/ethnicity data for a job's bias audit. Kept in its own table, apart from resumes, parses and scores;
 * nothing that scores a candidate or talks to a model reads it.
 * Purpose: replace a job's data with a new import, read it for the audit page, delete it in one click, and drop
 * one candidate's row when the candidate is deleted (inside that deletion's transaction).
 * Non-goals: parsing and matching the CSV (core/audit/self-id).
 */
import type { SelfIdRow } from '../core/audit/self-id';
import { getDb, type SelfIdRecord, type ShortlistDb } from './schema';

/** Replaces the job's self-identification data (one transaction; the job must still exist). */
export async function saveSelfId(jobId: string, fileName: string, rows: SelfIdRow[]): Promise<SelfIdRecord> {
  const db = getDb();
  return db.transaction('rw', db.jobs, db.selfIdentification, async () => {
    if (!(await db.jobs.get(jobId))) throw new Error(`saveSelfId: job ${jobId} no longer exists; ${fileName} was not imported`);
    const record: SelfIdRecord = { jobId, fileName, importedAt: Date.now(), rows };
    await db.selfIdentification.put(record);
    return record;
  });
}

/** The job's self-identification data, if imported. */
export async function getSelfId(jobId: string): Promise<SelfIdRecord | undefined> {
  return getDb().selfIdentification.get(jobId);
}

/** Deletes the job's self-identification data. */
export async function deleteSelfId(jobId: string): Promise<void> {
  await getDb().selfIdentification.delete(jobId);
}

/** Drops one candidate's row; call inside a transaction that holds `selfIdentification`. */
export async function dropSelfIdRow(db: ShortlistDb, jobId: string, candidateId: string): Promise<void> {
  const record = await db.selfIdentification.get(jobId);
  if (record?.rows.some((r) => r.candidateId === candidateId)) await db.selfIdentification.put({ ...record, rows: record.rows.filter((r) => r.candidateId !== candidateId) });
}
