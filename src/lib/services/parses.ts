/**
 * Reads the stored parses of some of a job's candidates, in chunks that yield to the main thread, for the
 * exports that need more than the candidate rows hold (the shortlist's location column, the feedback file).
 * Non-goals: caching; the candidate screens read one parse at a time (state/candidate.svelte.ts).
 * Shape legend: the result maps candidate id → ParseRecord; ids without a stored parse are absent.
 */
import { listParsesForJob, type ParseRecord } from '../db';
import { yieldToMain } from './scheduling';

/** Parses read per IndexedDB call. */
const PARSE_CHUNK = 50;

/** The parses of the `wanted` candidates of a job. */
export async function parsesOf(jobId: string, wanted: ReadonlySet<string>): Promise<Map<string, ParseRecord>> {
  const parses = new Map<string, ParseRecord>();
  for (let offset = 0; wanted.size > parses.size; offset += PARSE_CHUNK) {
    const chunk = await listParsesForJob(jobId, offset, PARSE_CHUNK);
    for (const p of chunk) if (wanted.has(p.candidateId)) parses.set(p.candidateId, p);
    if (chunk.length < PARSE_CHUNK) break;
    await yieldToMain();
  }
  return parses;
}
