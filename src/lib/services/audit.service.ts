/**
 * Bias-audit actions for one job: import the employer's self-identification CSV (parsed, validated, matched to the
 * job's candidates, stored in its own table), delete it, a template to fill in, the counterfactual check (run in the
 * ingest workers, chunk by chunk, with progress), and the report downloads (CSV; printable HTML the browser saves as
 * PDF). Self-identification data goes nowhere else: not to scoring, not to a model, not into other exports.
 * Non-goals: the computations (core/audit), storage rules (db/self-id.repo), rendering.
 */
import { auditCsv, auditHtml, matchSelfId, parseSelfIdCsv, summarizeCounterfactual, AUDIT_VARIANTS, type CandidateVariantScores, type CounterfactualReport, type ImpactReport } from '../core/audit';
import { safeCsv } from '../core/text/csv';
import { getJob, listParsesForJob, saveSelfId, deleteSelfId, type CandidateRecord, type SelfIdRecord } from '../db';
import { NotFoundError } from '../errors';
import { counterfactualInWorker, ingestPoolSize } from '../workers/ingest.client';
import { downloadText, slug } from './download';

/** Outcome of an import: what was stored and which ids of the file matched nobody. */
export interface SelfIdImport {
  record: SelfIdRecord;
  unmatched: string[];
}

/** Reads, validates and stores a self-identification file for the job; throws an Error naming the file, row and column. */
export async function importSelfId(jobId: string, file: File, candidates: ReadonlyArray<Pick<CandidateRecord, 'id' | 'fileName'>>): Promise<SelfIdImport> {
  const parsed = parseSelfIdCsv(await file.text(), file.name);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const matched = matchSelfId(parsed.value, candidates, file.name);
  if (!matched.ok) throw new Error(matched.error.message);
  if (matched.value.rows.length === 0) throw new Error(`${file.name}: none of its ${parsed.value.length} rows names a candidate of this job (use the candidate_id column of the template, or the file name)`);
  return { record: await saveSelfId(jobId, file.name, matched.value.rows), unmatched: matched.value.unmatched };
}

/** Deletes the job's self-identification data. */
export async function removeSelfId(jobId: string): Promise<void> {
  await deleteSelfId(jobId);
}

/** Downloads a CSV with one row per candidate (id, file name) and empty sex and race_ethnicity columns to fill in. */
export function downloadSelfIdTemplate(jobTitle: string, candidates: ReadonlyArray<Pick<CandidateRecord, 'id' | 'fileName'>>): void {
  const rows = candidates.map((c) => ({ candidate_id: c.id, file: c.fileName, sex: '', race_ethnicity: '' }));
  downloadText(safeCsv(rows, ['candidate_id', 'file', 'sex', 'race_ethnicity']), `self-identification-${slug(jobTitle)}.csv`, 'text/csv;charset=utf-8');
}

const CHUNK = 4;

/** Runs the counterfactual check on every parsed candidate of the job in the ingest workers; `onProgress(done, total)`. */
export async function runCounterfactual(jobId: string, onProgress: (done: number, total: number) => void): Promise<CounterfactualReport> {
  const job = await getJob(jobId);
  if (!job) throw new NotFoundError(`Job ${jobId} no longer exists`);
  const parses = [];
  for (let offset = 0; ; offset += 50) {
    const page = await listParsesForJob(jobId, offset, 50);
    parses.push(...page.filter((p) => p.resume));
    if (page.length < 50) break;
  }
  const referenceDate = Date.now();
  const chunks: Array<typeof parses> = [];
  for (let i = 0; i < parses.length; i += CHUNK) chunks.push(parses.slice(i, i + CHUNK));
  const results: CandidateVariantScores[][] = new Array(chunks.length);
  let done = 0;
  onProgress(0, parses.length);
  // As many chunks in flight as the pool has workers.
  let next = 0;
  const lane = async () => {
    while (next < chunks.length) {
      const i = next++;
      results[i] = await counterfactualInWorker({ job: job.job, resumes: chunks[i].map((p) => p.resume!), referenceDate });
      done += chunks[i].length;
      onProgress(done, parses.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(ingestPoolSize(), chunks.length) }, lane));
  return summarizeCounterfactual(parses.map((p) => p.candidateId), results.flat(), AUDIT_VARIANTS);
}

/** Downloads the impact tables as CSV. */
export function downloadAuditCsv(jobTitle: string, reports: readonly ImpactReport[]): void {
  downloadText(auditCsv(reports), `bias-audit-${slug(jobTitle)}.csv`, 'text/csv;charset=utf-8');
}

/** Downloads the whole audit as a printable HTML page (open it and print to PDF). */
export function downloadAuditHtml(jobTitle: string, reports: readonly ImpactReport[], counterfactual: CounterfactualReport | null, notes: string[]): void {
  downloadText(auditHtml({ title: jobTitle, generatedAt: new Date(), impact: reports, counterfactual, notes }), `bias-audit-${slug(jobTitle)}.html`, 'text/html;charset=utf-8');
}
