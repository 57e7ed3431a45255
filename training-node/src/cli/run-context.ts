/**
 * What every command shares: the progress callback, reading one or more table inputs into rows (bad rows
 * recorded as issues when skipped), and finishing — write report.json with the other outputs, publish them
 * all at once, print the summary.
 *
 * Non-goals: command-specific logic (commands/*.ts).
 */
import path from 'node:path';
import { DataInputError, type TableFormat } from '../data/read';
import { addIssue, formatReport, type CommandReport } from '../data/report';
import type { ProgressCallback, SourceRow } from '../data/types';
import { numberFlag, stringFlag, UsageError, type Flags } from './args';
import { readTableFile, StagedOutput } from './io';
import { stderrProgress } from './progress';

export interface CommandContext {
  progress: ProgressCallback;
  /** Where the summary goes (stderr by default; tests capture it). */
  log: (line: string) => void;
}

/** Default context: progress and summary on stderr. */
export function defaultContext(flags: Flags): CommandContext {
  return { progress: stderrProgress(flags.quiet === true), log: (line) => process.stderr.write(`${line}\n`) };
}

export const TABLE_FLAGS = {
  format: { type: 'string' as const },
  'max-field-chars': { type: 'string' as const },
  'skip-bad-rows': { type: 'boolean' as const },
  limit: { type: 'string' as const }
};

/** Reads every input table; returns rows in order (limited by --limit) and records inputs in the report. */
export async function readInputs(command: string, inputs: readonly string[], flags: Flags, report: CommandReport, context: CommandContext): Promise<{ rows: SourceRow[]; fields: Map<string, string[]> }> {
  if (inputs.length === 0) throw new UsageError(`${command}: give at least one input file (CSV, TSV, JSONL or JSON). See training-node ${command} --help`);
  const format = stringFlag(flags, 'format') as TableFormat | undefined;
  if (format && !['csv', 'tsv', 'jsonl', 'json'].includes(format)) throw new UsageError(`--format ${format}: use csv, tsv, jsonl or json`);
  const limit = numberFlag(flags, 'limit', Infinity, 1);
  const rows: SourceRow[] = [];
  const fields = new Map<string, string[]>();
  for (const input of inputs) {
    context.progress({ status: 'stage', stage: `read ${path.basename(input)}` });
    const result = await readTableFile(input, {
      format,
      maxFieldChars: numberFlag(flags, 'max-field-chars', 200_000, 1),
      skipBadRows: flags['skip-bad-rows'] === true
    });
    for (const problem of result.skipped) addIssue(report, { file: problem.file, line: problem.line, code: problem.code, message: problem.message });
    report.counts.rowsSkippedBadInput = (report.counts.rowsSkippedBadInput ?? 0) + result.skipped.length;
    report.inputs.push({ file: input, rows: result.rows.length });
    fields.set(input, result.fields);
    rows.push(...result.rows.slice(0, Math.max(0, limit - rows.length)));
  }
  return { rows, fields };
}

/** Adds report.json, publishes all staged outputs atomically, prints the summary; aborts on failure. */
export async function finish(staged: StagedOutput, report: CommandReport, context: CommandContext, started: number): Promise<void> {
  report.seconds = (Date.now() - started) / 1000;
  await staged.write('report.json', JSON.stringify(report, null, 2) + '\n');
  const written = await staged.commit();
  context.log(formatReport(report));
  context.log(`[training-node] ${written.length} files in ${staged.outDir}`);
}

/** Records a per-row problem as an issue (skip mode) or rethrows it. */
export function handleRowProblem(error: unknown, flags: Flags, report: CommandReport): void {
  if (error instanceof DataInputError && flags['skip-bad-rows'] === true) {
    addIssue(report, { file: error.file, line: error.line, code: error.code, message: error.message });
    report.counts.rowsSkippedBadInput = (report.counts.rowsSkippedBadInput ?? 0) + 1;
    return;
  }
  throw error;
}
