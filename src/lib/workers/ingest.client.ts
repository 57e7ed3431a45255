/**
 * The page's handle on the ingest workers: a lazily created pool sized to the machine, whose calls
 * transfer file bytes (zero copy). File calls always resolve to a Result naming the file (a crash or hang
 * becomes an error Result); scoring calls reject on a crash (the caller reports it once).
 *
 * Non-goals: persistence and orchestration (services/ingest.service.ts, services/scoring.service.ts).
 */
import { transfer, type Remote } from 'comlink';
import type { Result } from '../core/result';
import type { ExtractedText } from '../core/ingest';
import type { Job } from '../core/job';
import type { RankerWeights } from '../core/score';
import type { CandidateVariantScores } from '../core/audit/counterfactual';
import type { CounterfactualArgs, IngestApi, IngestedFile, ScoreArgs, ScoredResume } from '../../../workers/ingest/protocol';
import { WorkerPool, defaultPoolSize } from './pool';

let pool: WorkerPool<IngestApi> | null = null;

function getPool(): WorkerPool<IngestApi> {
  pool ??= new WorkerPool<IngestApi>({
    name: 'ingest',
    size: defaultPoolSize(4),
    taskTimeoutMs: 120_000,
    create: () => new Worker(new URL('../../../workers/ingest.worker.ts', import.meta.url), { type: 'module', name: 'ingest' })
  });
  return pool;
}

/** Runs one per-file call in the pool (bytes read when a worker is free, then transferred); never rejects. */
function runFileTask<T>(blob: Blob, fileName: string, call: (remote: Remote<IngestApi>, bytes: ArrayBuffer) => Promise<Result<T>>): Promise<Result<T>> {
  return getPool()
    .run(fileName, async (remote) => call(remote, await blob.arrayBuffer()))
    .catch((error: unknown) => ({
      ok: false as const,
      error: { code: 'worker-crashed', file: fileName, message: error instanceof Error ? error.message : String(error) }
    }));
}

/** Extracts, parses and (with `scoreFor`) scores one resume file in a worker. */
export function ingestFileInWorker(blob: Blob, fileName: string, scoreFor?: { job: Job; ranker?: RankerWeights }): Promise<Result<IngestedFile>> {
  return runFileTask(blob, fileName, (remote, bytes) => remote['file.ingest'](transfer({ bytes, fileName, scoreFor }, [bytes])));
}

/** Extracts the visible text of a job description file (PDF/DOCX/TXT) in a worker. */
export function extractTextInWorker(blob: Blob, fileName: string): Promise<Result<ExtractedText>> {
  return runFileTask(blob, fileName, (remote, bytes) => remote['text.extract'](transfer({ bytes, fileName }, [bytes])));
}

/** Scores one chunk of resumes against a job in a worker (each with its shortlist row profile). */
export function scoreInWorker(args: ScoreArgs): Promise<ScoredResume[]> {
  return getPool().run(`scoring ${args.resumes.length} resumes`, (remote) => remote['candidates.score'](args));
}

/** Scores one chunk of resumes under the bias audit's counterfactual variants in a worker. */
export function counterfactualInWorker(args: CounterfactualArgs): Promise<CandidateVariantScores[]> {
  return getPool().run(`counterfactual check of ${args.resumes.length} resumes`, (remote) => remote['audit.counterfactual'](args));
}

/** How many workers the pool uses on this machine. */
export function ingestPoolSize(): number {
  return defaultPoolSize(4);
}
