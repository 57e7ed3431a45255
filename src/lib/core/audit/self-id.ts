/**
 * Self-identification CSV: what candidates told the employer about their sex and race/ethnicity, imported for the
 * bias audit only. Parsed with papaparse and validated with errors that name the file, the row (the header is
 * row 1) and the column; matched to the job's candidates by candidate id or file name.
 * Purpose: turn the employer's file into `candidate → {sex, race}` for impact.ts, and nothing else.
 * Non-goals: storage (the db keeps it in its own table, apart from resumes), scoring: this data never reaches a
 * scorer or a model.
 * Shape legend: columns are matched by header, case and spacing ignored: `candidate_id` (or `candidate`, `id`,
 * `file`), `sex` (or `gender`), `race_ethnicity` (or `race`, `ethnicity`, `race/ethnicity`); at least one of sex
 * and race. An empty cell or "unknown", "prefer not to say", "declined"… is unknown (null). Categories are the
 * employer's words, trimmed, grouped without regard to case (the first spelling seen is kept).
 */
import { ok, type Result } from '../result';
import { csvFailure, readKeyedCsv, type CsvError } from './keyed-csv';

export interface SelfIdRow {
  candidateId: string;
  sex: string | null;
  race: string | null;
}

export type { CsvError as SelfIdError };

const COLUMNS = [
  { key: 'sex', headers: ['sex', 'gender'] },
  { key: 'race', headers: ['race_ethnicity', 'race_or_ethnicity', 'race', 'ethnicity'] }
];
const UNKNOWN_VALUES = new Set(['', 'unknown', 'na', 'n/a', 'none', 'not disclosed', 'undisclosed', 'not specified', 'prefer not to say', 'prefer not to answer', 'decline', 'declined', 'decline to state', 'decline to self-identify', 'not provided']);

/** Case- and space-insensitive category, unknown spellings → null. */
function normaliseCategory(raw: string | undefined): string | null {
  const value = (raw ?? '').trim().replace(/\s+/g, ' ');
  return UNKNOWN_VALUES.has(value.toLowerCase()) ? null : value;
}

/** Parses and validates a self-identification CSV; every error names `file`, the row and the column. */
export function parseSelfIdCsv(text: string, file: string): Result<SelfIdRow[], CsvError> {
  const read = readKeyedCsv(text, file, COLUMNS, 'sex or race_ethnicity');
  if (!read.ok) return read;
  return ok(unifySpelling(read.value.map((r) => ({ candidateId: r.id, sex: normaliseCategory(r.values.sex), race: normaliseCategory(r.values.race) }))));
}

/** Groups categories without regard to case: every spelling becomes the first one seen. */
function unifySpelling(rows: SelfIdRow[]): SelfIdRow[] {
  const first = new Map<string, string>();
  const one = (v: string | null) => {
    if (v === null) return null;
    const key = v.toLowerCase();
    if (!first.has(key)) first.set(key, v);
    return first.get(key)!;
  };
  return rows.map((r) => ({ candidateId: r.candidateId, sex: one(r.sex), race: one(r.race) }));
}

/** The outcome of matching rows to a job's candidates. */
export interface CandidateMatch<T extends { candidateId: string }> {
  /** Rows keyed by the app's candidate id. */
  rows: T[];
  /** Ids in the file that match no candidate (not stored). */
  unmatched: string[];
}

/**
 * Matches rows (self-identification, decisions) to candidates by candidate id, else by file name; a file name two
 * candidates share is an error (the row could be either person's).
 */
export function matchSelfId<T extends { candidateId: string }>(rows: readonly T[], candidates: ReadonlyArray<{ id: string; fileName: string }>, file: string): Result<CandidateMatch<T>, CsvError> {
  const byId = new Set(candidates.map((c) => c.id));
  const byFile = new Map<string, string[]>();
  for (const c of candidates) byFile.set(c.fileName, [...(byFile.get(c.fileName) ?? []), c.id]);
  const matched = new Map<string, T>();
  const unmatched: string[] = [];
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const ids = byId.has(row.candidateId) ? [row.candidateId] : (byFile.get(row.candidateId) ?? []);
    if (ids.length > 1) return void problems.push(`${file}, row ${i + 2}: file name "${row.candidateId}" belongs to ${ids.length} candidates; use the candidate id instead`);
    if (ids.length === 0) return void unmatched.push(row.candidateId);
    if (matched.has(ids[0])) return void problems.push(`${file}, row ${i + 2}: "${row.candidateId}" is a candidate another row already describes`);
    matched.set(ids[0], { ...row, candidateId: ids[0] });
  });
  if (problems.length) return csvFailure(file, problems);
  return ok({ rows: [...matched.values()], unmatched });
}
