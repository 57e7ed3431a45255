/**
 * Job files for `shortlist screen`: .json `{title, description}`, or a document (.txt/.pdf/.docx, read
 * through core/ingest): a title line followed by the posting, or a single paragraph whose role is read from
 * its own words ("We are looking for an Accountant to …"; core/job jobFromText).
 *
 * Non-goals: requirement parsing (core/job does it), editing weights (the app does it).
 */

import path from 'node:path';
import { extractText } from '../lib/core/ingest';
import { jobFromText } from '../lib/core/job';
import { readFileBytes } from './files';

export interface JobText {
  title: string;
  description: string;
}

/** Reads a job file into title + description, or returns a message naming the file and the problem. */
export async function loadJobText(file: string): Promise<{ ok: true; value: JobText } | { ok: false; error: string }> {
  const read = await readFileBytes(file);
  if ('error' in read) return { ok: false, error: read.error };
  if (path.extname(file).toLowerCase() === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder().decode(read.bytes));
    } catch (e) {
      return { ok: false, error: `${file}: not valid JSON (${(e as Error).message})` };
    }
    const { title, description } = (data ?? {}) as Record<string, unknown>;
    if (typeof title !== 'string' || typeof description !== 'string' || !title.trim() || !description.trim()) {
      return { ok: false, error: `${file}: a JSON job needs non-empty string fields "title" and "description"` };
    }
    return { ok: true, value: { title: title.trim(), description } };
  }
  const extracted = await extractText(read.bytes, file);
  if (!extracted.ok) return { ok: false, error: extracted.error.message };
  const job = jobFromText(extracted.value.text);
  if (!job) return { ok: false, error: `${file}: the job file has no text` };
  return { ok: true, value: { title: job.title, description: job.description } };
}
