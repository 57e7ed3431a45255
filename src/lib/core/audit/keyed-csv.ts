/**
 * Reading an employer's CSV keyed by candidate (self-identification, decisions): papaparse, header columns found by
 * name (case, spaces, slashes and dashes ignored), and validation whose every message names the file, the row (the
 * header is row 1) and the column.
 * Purpose: one reader for the audit's inputs, so they fail the same clear way.
 * Non-goals: what the values mean (self-id.ts, decisions-csv.ts).
 */
import Papa from 'papaparse';
import { err, ok, type AppError, type Result } from '../result';

export interface CsvError extends AppError {
  /** Every problem found (the message shows the first few). */
  problems: string[];
}

/** One value column: its name in results and the header spellings accepted. */
export interface CsvColumn {
  key: string;
  headers: string[];
}

export interface KeyedRow {
  id: string;
  /** Row number as a spreadsheet shows it (header = 1). */
  row: number;
  /** Trimmed cell per column key; absent when the file has no such column. */
  values: Record<string, string | undefined>;
}

export const ID_HEADERS = ['candidate_id', 'candidateid', 'candidate', 'id', 'file', 'file_name', 'filename'];
export const MAX_CSV_ROWS = 100_000;
const MAX_VALUE_CHARS = 80;
const MAX_PROBLEMS_SHOWN = 5;

const headerKey = (h: string) => h.trim().toLowerCase().replace(/[\s/\-]+/g, '_');

/** An error Result listing problems (the first few in the message). */
export function csvFailure(file: string, problems: string[]): Result<never, CsvError> {
  const more = problems.length > MAX_PROBLEMS_SHOWN ? `\n… and ${problems.length - MAX_PROBLEMS_SHOWN} more` : '';
  return err({ code: 'csv/invalid', file, problems, message: problems.slice(0, MAX_PROBLEMS_SHOWN).join('\n') + more });
}

/**
 * Parses `text` into rows keyed by the candidate id column; `columns` are the value columns, of which at least
 * `required` (default 1) must be present. Duplicate ids, empty ids, ragged rows and over-long values are errors.
 */
export function readKeyedCsv(text: string, file: string, columns: CsvColumn[], what: string): Result<KeyedRow[], CsvError> {
  const body = text.replace(/^\uFEFF/, '');
  const expected = ['candidate_id', ...columns.map((c) => c.headers[0])].join(', ');
  if (body.trim() === '') return csvFailure(file, [`${file}: the file is empty; expected a header row with ${expected}`]);
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy' });
  const [header = [], ...records] = parsed.data;
  const keys = header.map(headerKey);
  const find = (names: string[]) => names.map((n) => keys.indexOf(n)).find((i) => i >= 0) ?? -1;
  const idCol = find(ID_HEADERS);
  const cols = columns.map((c) => ({ key: c.key, index: find(c.headers) }));
  const found = header.map((h) => `"${h}"`).join(', ');
  if (idCol < 0) return csvFailure(file, [`${file}, row 1 (header): no candidate id column (candidate_id, or file); the header has ${found}`]);
  if (cols.every((c) => c.index < 0)) return csvFailure(file, [`${file}, row 1 (header): no ${what} column (${columns.map((c) => c.headers[0]).join(' or ')}); the header has ${found}`]);
  if (records.length > MAX_CSV_ROWS) return csvFailure(file, [`${file}: ${records.length} rows; at most ${MAX_CSV_ROWS} can be read`]);

  const problems: string[] = [];
  for (const e of parsed.errors) if (e.code !== 'UndetectableDelimiter') problems.push(`${file}, row ${(e.row ?? 0) + 1}: ${e.message}`);
  const seen = new Map<string, number>();
  const rows: KeyedRow[] = [];
  const column = (i: number) => `column "${header[i]}"`;
  records.forEach((cells, r) => {
    const row = r + 2;
    if (cells.length !== header.length) return void problems.push(`${file}, row ${row}: has ${cells.length} cell${cells.length === 1 ? '' : 's'}, the header has ${header.length}`);
    const id = cells[idCol].trim();
    if (id === '') return void problems.push(`${file}, row ${row}, ${column(idCol)}: empty; every row needs the candidate's id or file name`);
    const earlier = seen.get(id);
    if (earlier !== undefined) return void problems.push(`${file}, row ${row}, ${column(idCol)}: "${id}" is also on row ${earlier}`);
    seen.set(id, row);
    const values: KeyedRow['values'] = {};
    for (const c of cols) {
      if (c.index < 0) continue;
      const value = cells[c.index].trim();
      if (value.length > MAX_VALUE_CHARS) problems.push(`${file}, row ${row}, ${column(c.index)}: longer than ${MAX_VALUE_CHARS} characters`);
      values[c.key] = value;
    }
    rows.push({ id, row, values });
  });
  if (problems.length) return csvFailure(file, problems);
  if (rows.length === 0) return csvFailure(file, [`${file}: no data rows after the header`]);
  return ok(rows);
}
