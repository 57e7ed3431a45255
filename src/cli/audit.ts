/**
 * `shortlist audit`: the bias audit outside the app, on the same core (src/lib/core/audit). Two ways in:
 *   resumes:   --job <file> <files or dirs...>  reads and scores the resumes like `screen` (candidate id = the file
 *              path as `screen` prints it; the file's base name also matches), runs the counterfactual check, and
 *              reports impact ratios for the top N by score and, with --decisions, for the decisions;
 *   decisions: no resumes, --decisions <csv>     impact ratios of decisions made elsewhere (an ATS export, callbacks).
 * --self-id <csv> gives sex and race/ethnicity per candidate; without it no impact ratio is computed.
 * Non-goals: storage (nothing is kept), model signals, the decision log (it lives in the app's IndexedDB).
 * Output: {"job","candidates","errors","selfId","decisions","impact":[ImpactReport],"counterfactual",
 * "warnings"}; --csv and --html write the report files (the HTML is printable to PDF: no PDF writer is installed).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  auditCsv,
  auditHtml,
  decisionSelection,
  impactRatios,
  matchSelfId,
  parseDecisionsCsv,
  parseSelfIdCsv,
  scoreVariants,
  summarizeCounterfactual,
  topNSelection,
  withCategories,
  type CounterfactualReport,
  type CsvError,
  type DecisionRow,
  type ImpactReport
} from '../lib/core/audit';
import type { Result } from '../lib/core/result';
import { parseJob } from '../lib/core/job';
import { scoreCandidate } from '../lib/core/score';
import type { Command } from './args';
import { collectInputFiles } from './files';
import { loadJobText } from './jobs';
import { ingestCandidateFiles } from './pool';

export type AuditCommand = Extract<Command, { kind: 'audit' }>;

export interface AuditOutput {
  job: string | null;
  candidates: number;
  errors: Array<{ file: string; error: string }>;
  selfId: { file: string; matched: number; unmatched: string[] } | null;
  decisions: { file: string; matched: number; unmatched: string[] } | null;
  impact: ImpactReport[];
  counterfactual: CounterfactualReport | null;
  warnings: string[];
}

type Outcome = { ok: true; value: AuditOutput; title: string } | { ok: false; error: string };

async function readText(file: string): Promise<{ ok: true; text: string } | { ok: false; error: string }> {
  try {
    return { ok: true, text: await readFile(file, 'utf8') };
  } catch (e) {
    return { ok: false, error: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** Reads a keyed CSV, parses it with `parse` and matches its rows to `candidates` (which `seed` may supply first). */
async function readMatched<T extends { candidateId: string }>(
  file: string,
  parse: (text: string, file: string) => Result<T[], CsvError>,
  candidates: () => Candidate[],
  seed?: (rows: T[]) => void
): Promise<{ ok: true; rows: T[]; unmatched: string[] } | { ok: false; error: string }> {
  const text = await readText(file);
  if (!text.ok) return text;
  const parsed = parse(text.text, file);
  if (!parsed.ok) return { ok: false, error: parsed.error.message };
  seed?.(parsed.value);
  const matched = matchSelfId(parsed.value, candidates(), file);
  if (!matched.ok) return { ok: false, error: matched.error.message };
  return { ok: true, ...matched.value };
}

interface Candidate {
  id: string;
  fileName: string;
  score: number | null;
}

/** Runs the audit; a CSV or job that cannot be read fails the run with a message naming the file, row and column. */
export async function runAudit(cmd: AuditCommand, now: Date = new Date()): Promise<Outcome> {
  const warnings: string[] = [];
  const errors: AuditOutput['errors'] = [];
  let candidates: Candidate[] = [];
  let counterfactual: CounterfactualReport | null = null;
  let title = 'decisions';

  if (cmd.inputs.length) {
    const loaded = await loadJobText(cmd.job!);
    if (!loaded.ok) return { ok: false, error: `job ${loaded.error}` };
    const job = parseJob(loaded.value);
    title = job.title;
    const collected = await collectInputFiles(cmd.inputs);
    errors.push(...collected.errors);
    const outcomes = await ingestCandidateFiles(collected.files, { workers: cmd.workers ?? undefined });
    const parsed = outcomes.flatMap((o) => (o.ok ? [o.value] : (errors.push({ file: o.error.file, error: o.error.error }), [])));
    candidates = parsed.map((c) => ({ id: c.file, fileName: path.basename(c.file), score: scoreCandidate(job, c.resume).score }));
    if (cmd.counterfactual) {
      const results = parsed.map((c) => scoreVariants(job, c.resume, { referenceDate: now }));
      counterfactual = summarizeCounterfactual(parsed.map((c) => c.file), results);
    }
  }

  let decisions: DecisionRow[] = [];
  let decisionsOut: AuditOutput['decisions'] = null;
  if (cmd.decisions) {
    // Without resumes, the decisions file lists the candidates.
    const seed = cmd.inputs.length ? undefined : (rows: DecisionRow[]) => void (candidates = rows.map((d) => ({ id: d.candidateId, fileName: d.candidateId, score: null })));
    const matched = await readMatched(cmd.decisions, parseDecisionsCsv, () => candidates, seed);
    if (!matched.ok) return matched;
    decisions = matched.rows;
    decisionsOut = { file: cmd.decisions, matched: decisions.length, unmatched: matched.unmatched };
    if (matched.unmatched.length) warnings.push(`${cmd.decisions}: ${matched.unmatched.length} rows match no screened resume`);
  }

  const impact: ImpactReport[] = [];
  let selfIdOut: AuditOutput['selfId'] = null;
  if (cmd.selfId) {
    const matched = await readMatched(cmd.selfId, parseSelfIdCsv, () => candidates);
    if (!matched.ok) return matched;
    selfIdOut = { file: cmd.selfId, matched: matched.rows.length, unmatched: matched.unmatched };
    if (matched.unmatched.length) warnings.push(`${cmd.selfId}: ${matched.unmatched.length} rows match no candidate`);
    const categories = new Map(matched.rows.map((r) => [r.candidateId, r]));
    const options = { ...(cmd.minCategory ? { minCategorySize: cmd.minCategory } : {}) };
    if (cmd.decisions) {
      const byId = new Map(decisions.map((d) => [d.candidateId, d.decision]));
      impact.push(impactRatios(withCategories(decisionSelection(candidates.map((c) => ({ id: c.id, decision: byId.get(c.id) ?? null }))), categories), 'Decisions', options));
    }
    if (cmd.inputs.length) {
      const n = cmd.top ?? (decisions.filter((d) => d.decision === 'selected').length || Math.min(10, candidates.length));
      const ranked = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      impact.push(impactRatios(withCategories(topNSelection(ranked, n), categories), `Top ${n} by score`, options));
    }
  } else {
    warnings.push('No --self-id file: impact ratios need self-identified sex and race/ethnicity, so none were computed.');
  }

  return {
    ok: true,
    title,
    value: { job: cmd.job, candidates: candidates.length, errors, selfId: selfIdOut, decisions: decisionsOut, impact, counterfactual, warnings: [...warnings, ...impact.flatMap((r) => r.warnings.map((w) => `${r.basis}: ${w}`))] }
  };
}

/** The report files `--csv` and `--html` ask for. */
export function auditFiles(out: AuditOutput, title: string, now: Date = new Date()): { csv: string; html: string } {
  const notes = out.selfId ? [`Self-identification: ${out.selfId.file}, ${out.selfId.matched} candidates.`] : ['No self-identification data: impact ratios not computed.'];
  return { csv: auditCsv(out.impact), html: auditHtml({ title, generatedAt: now, impact: out.impact, counterfactual: out.counterfactual, notes }) };
}
