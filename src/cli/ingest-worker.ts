/**
 * Worker-thread entry of the CLI's parse pool: receives `{ id, file }`, replies `{ id, outcome }` with
 * the result of ingestCandidateFile. Unexpected exceptions become failures so the pool never stalls.
 *
 * Non-goals: scoring, file output.
 */

import { parentPort } from 'node:worker_threads';
import { ingestCandidateFile, type CandidateOutcome, type IngestMode } from './candidates';

export interface PoolRequest {
  id: number;
  file: string;
  mode: IngestMode;
}

export interface PoolReply {
  id: number;
  outcome: CandidateOutcome;
}

parentPort?.on('message', async (request: PoolRequest) => {
  let outcome: CandidateOutcome;
  try {
    outcome = await ingestCandidateFile(request.file, request.mode);
  } catch (e) {
    outcome = {
      ok: false,
      error: { file: request.file, code: 'internal-error', error: `${request.file}: ${(e as Error).message}`, timings: { readMs: 0, extractMs: 0, parseMs: 0 } }
    };
  }
  parentPort?.postMessage({ id: request.id, outcome } satisfies PoolReply);
});
