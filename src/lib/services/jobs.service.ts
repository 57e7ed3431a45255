/**
 * Job actions: create a job from typed/pasted text or an imported PDF/DOCX/TXT, save edited requirements
 * (then re-score), delete a job. Each action persists through the repositories, toasts and emits events.
 * Non-goals: parsing rules (core/job), layout.
 */
import { defaultWeight, parseJob } from '../core/job';
import type { Job, Requirement, RequirementPriority } from '../core/job';
import { createJob, deleteJob, updateJob, type JobRecord } from '../db';
import { emitEvent } from '../events';
import { toasts } from '../state/toasts.svelte';
import { extractTextInWorker } from '../workers/ingest.client';
import { rescoreJob } from './scoring.service';

/** Parses the description into requirements and stores the new job. */
export async function createJobFromText(input: { title: string; description: string }): Promise<JobRecord> {
  const title = input.title.trim();
  if (!title) throw new Error('A job needs a title');
  const job = parseJob({ title, description: input.description });
  const record = await createJob({ title, description: input.description, job });
  toasts.show({ kind: 'success', message: `Job "${title}" created with ${job.requirements.length} requirements` });
  return record;
}

/** Reads a job description file in a worker; resolves to its text or throws a message naming the file. */
export async function importJobDescription(file: File): Promise<string> {
  const result = await extractTextInWorker(file, file.name);
  if (!result.ok) throw new Error(result.error.message);
  if (result.value.text.trim() === '') throw new Error(`${file.name}: no readable text (a scanned document needs OCR)`);
  return result.value.text;
}

/** Saves edited requirements/weights and re-scores the job's candidates. */
export async function saveJobRequirements(jobId: string, job: Job): Promise<void> {
  await updateJob(jobId, { job });
  emitEvent('job.changed', { jobId });
  await rescoreJob(jobId);
  toasts.show({ kind: 'success', message: 'Requirements saved; candidates re-scored' });
}

/** Re-parses the description into fresh requirements (discarding manual edits) and saves them. */
export async function reparseJobDescription(record: JobRecord): Promise<Job> {
  const parsed = parseJob({ title: record.title, description: record.description });
  const job = record.job.mustFirst ? { ...parsed, mustFirst: true } : parsed; // the recruiter's choice stays
  await saveJobRequirements(record.id, job);
  return job;
}

/** Deletes a job with all its candidates and files. */
export async function removeJob(record: JobRecord): Promise<void> {
  await deleteJob(record.id);
  emitEvent('job.deleted', { jobId: record.id });
  toasts.show({ kind: 'info', message: `Deleted "${record.title}" and its candidates` });
}

/**
 * Requirements the recruiter adds by typing ("SAP", "5 years experience"): whatever the job parser
 * recognises in the text (taxonomy skills, years, degrees), else one keyword requirement. Ids already in
 * `existing` are skipped.
 */
export function requirementsFromText(text: string, priority: RequirementPriority, existing: Requirement[]): Requirement[] {
  const typed = text.trim();
  if (!typed) return [];
  const taken = new Set(existing.map((r) => r.id));
  const parsed = parseJob({ title: '', description: typed }).requirements;
  const found: Requirement[] = parsed.length
    ? parsed
    : [{ id: `keyword:${typed.toLowerCase()}`, kind: 'keyword', label: typed, keyword: typed, priority, weight: 0, source: { start: 0, end: 0 } }];
  return found
    .filter((r) => !taken.has(r.id))
    .map((r) => ({ ...r, priority, weight: defaultWeight(r.kind, priority), source: { start: 0, end: 0 } }));
}
