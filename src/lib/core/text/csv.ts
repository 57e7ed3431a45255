/**
 * CSV writing for every export (shortlist, decision log, audit report): papaparse's unparse with spreadsheet
 * formulas neutralised.
 * Purpose: one place that decides which cells a spreadsheet would run, so no export forgets it.
 * Non-goals: reading CSV (callers use papaparse's parse with their own validation).
 */
import Papa from 'papaparse';

/**
 * A cell a spreadsheet would run as a formula: one that starts with = + - @ tab or CR. papaparse's own
 * `escapeFormulae: true` uses /^[=+\-@\t\r].*$/, whose `.` stops at a line break, so a multi-line note starting with
 * "=" would slip through; this pattern looks at the first character only.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** Rows as CSV with the given columns in order; text cells a spreadsheet would evaluate are prefixed with '. */
export function safeCsv<T extends object>(rows: T[], columns: ReadonlyArray<keyof T & string>): string {
  return Papa.unparse(rows as unknown as Array<Record<string, unknown>>, { columns: [...columns], escapeFormulae: FORMULA_START });
}
