/**
 * The report every command ends with (printed as a summary on stderr and written as report.json next to
 * the outputs): counts in/out per rule, label balance per split, duplicates removed, PII masks applied and
 * the leakage check. Pure data + a plain-text renderer.
 *
 * Non-goals: writing files (src/cli), styling.
 */
import type { LeakageReport } from './split';
import type { RowIssue, SplitName } from './types';

export const REPORT_SCHEMA = 'shortlist.training-node.report/v1';

export interface CommandReport {
  schema: typeof REPORT_SCHEMA;
  command: string;
  startedAt: string;
  seconds: number;
  inputs: { file: string; rows: number }[];
  /** Ordered counts: rows in, per-rule drops, rows out (names are stable keys). */
  counts: Record<string, number>;
  /** Stated rules with their thresholds (junk rules, dedupe thresholds). */
  rules: Record<string, string>;
  pii?: { masker: string; masksByKind: Record<string, number>; recordsMasked: number };
  split?: {
    ratios: readonly [number, number, number];
    seed: number;
    rows: Record<SplitName, number>;
    groups: Record<SplitName, number>;
    labelBalance: Record<SplitName, Record<string, number>>;
  };
  leakage?: LeakageReport;
  outputs: Record<string, number>;
  issues: RowIssue[];
  issueCount: number;
  notes: string[];
}

const MAX_ISSUES_KEPT = 200;

/** Starts a report for `command`. */
export function newReport(command: string): CommandReport {
  return {
    schema: REPORT_SCHEMA,
    command,
    startedAt: new Date().toISOString(),
    seconds: 0,
    inputs: [],
    counts: {},
    rules: {},
    outputs: {},
    issues: [],
    issueCount: 0,
    notes: []
  };
}

/** Records an issue (the first 200 are kept verbatim; all are counted). */
export function addIssue(report: CommandReport, issue: RowIssue): void {
  report.issueCount++;
  if (report.issues.length < MAX_ISSUES_KEPT) report.issues.push(issue);
}

/** Plain-text summary of a report for the terminal. */
export function formatReport(report: CommandReport): string {
  const lines: string[] = [`== ${report.command} report (${report.seconds.toFixed(1)} s) ==`];
  for (const [key, value] of Object.entries(report.counts)) lines.push(`  ${key.padEnd(34)} ${value}`);
  if (report.pii) {
    const kinds = Object.entries(report.pii.masksByKind).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
    lines.push(`  PII masks (${report.pii.masker}): ${kinds}`);
  }
  if (report.split) {
    const { rows, groups } = report.split;
    lines.push(`  split (seed ${report.split.seed}): train ${rows.train}, val ${rows.val}, test ${rows.test} rows; groups ${groups.train}/${groups.val}/${groups.test}`);
  }
  if (report.leakage) {
    const checked = Object.entries(report.leakage.checked).map(([k, n]) => `${n} ${k}`).join(', ');
    lines.push(report.leakage.ok ? `  leakage check: PASS (${checked}; none in two splits)` : `  leakage check: FAIL (${report.leakage.leaks.length} keys in two splits)`);
  }
  for (const [file, n] of Object.entries(report.outputs)) lines.push(`  wrote ${file}: ${n} records`);
  if (report.issueCount > 0) lines.push(`  issues: ${report.issueCount} (see report.json)`);
  for (const note of report.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}
