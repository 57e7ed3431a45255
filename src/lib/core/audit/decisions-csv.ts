/**
 * Decisions CSV for `shortlist audit`: who was selected, keyed by candidate (file path or id), from the employer's
 * own process (an ATS export, interview invitations, callbacks). Read with keyed-csv.ts; every error names the
 * file, row and column.
 * Non-goals: the app's decisions (the app reads its own decision records).
 * Shape legend: column `decision` (or `selected`, `outcome`, `callback`): selected/select/yes/true/1 is a selection,
 * rejected/reject/no/false/0 is not, an empty cell is undecided (left out of the decision-based ratios).
 */
import { ok, type Result } from '../result';
import { csvFailure, readKeyedCsv, type CsvError } from './keyed-csv';

const SELECTED = new Set(['selected', 'select', 'yes', 'y', 'true', '1', 'hired', 'advanced', 'callback']);
const REJECTED = new Set(['rejected', 'reject', 'no', 'n', 'false', '0', 'not selected']);

export interface DecisionRow {
  candidateId: string;
  decision: 'selected' | 'rejected' | null;
}

/** Parses and validates a decisions CSV. */
export function parseDecisionsCsv(text: string, file: string): Result<DecisionRow[], CsvError> {
  const read = readKeyedCsv(text, file, [{ key: 'decision', headers: ['decision', 'selected', 'outcome', 'callback', 'received_callback'] }], 'decision');
  if (!read.ok) return read;
  const problems: string[] = [];
  const rows = read.value.map((r): DecisionRow => {
    const value = (r.values.decision ?? '').toLowerCase();
    if (value === '') return { candidateId: r.id, decision: null };
    if (SELECTED.has(value)) return { candidateId: r.id, decision: 'selected' };
    if (REJECTED.has(value)) return { candidateId: r.id, decision: 'rejected' };
    problems.push(`${file}, row ${r.row}, column "decision": "${r.values.decision}" is neither selected (selected, yes, 1) nor rejected (rejected, no, 0)`);
    return { candidateId: r.id, decision: null };
  });
  return problems.length ? csvFailure(file, problems) : ok(rows);
}
