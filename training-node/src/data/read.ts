/**
 * Reading tabular sources: CSV (papaparse), JSON Lines and JSON (an array of objects, or an object with
 * one array field) from text already loaded by the CLI. Every row keeps its 1-based starting line, and
 * every problem becomes a `DataInputError` naming the file and line.
 *
 * Non-goals: file system access (src/cli), column meaning (records.ts), encodings other than UTF-8 (the
 * CLI decodes bytes with core/ingest's text decoder first).
 */
import Papa from 'papaparse';
import type { SourceRow } from './types';

export type TableFormat = 'csv' | 'tsv' | 'jsonl' | 'json';

/** A bad input: which file, which line (when known), what is wrong and how to fix it. */
export class DataInputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly code: string,
    detail: string
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${detail}`);
    this.name = 'DataInputError';
  }
}

export interface ReadOptions {
  /** Largest field in characters (default 200,000 ≈ 60 pages); larger is an error naming file and line. */
  maxFieldChars?: number;
  /** Skip malformed rows (recorded in `skipped`) instead of failing the whole file. */
  skipBadRows?: boolean;
}

export interface ReadResult {
  rows: SourceRow[];
  fields: string[];
  skipped: DataInputError[];
}

export const DEFAULT_MAX_FIELD_CHARS = 200_000;

/** Picks the format from the file name (.csv, .tsv, .jsonl/.ndjson, .json). */
export function formatFromFileName(fileName: string): TableFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.tsv')) return 'tsv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  throw new DataInputError(fileName, undefined, 'unknown-format', 'unknown table format; use .csv, .tsv, .jsonl or .json (or pass --format)');
}

/** 1-based line number of a character offset, from a precomputed sorted list of newline offsets. */
function lineAt(newlines: readonly number[], offset: number): number {
  let lo = 0;
  let hi = newlines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (newlines[mid] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

function newlineOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) offsets.push(i);
  return offsets;
}

/** Parses a table; throws DataInputError for empty files, structural errors and (unless skipped) bad rows. */
export function parseTable(text: string, fileName: string, format: TableFormat, options: ReadOptions = {}): ReadResult {
  const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (content.trim() === '') throw new DataInputError(fileName, undefined, 'empty-file', 'the file is empty');
  const maxFieldChars = options.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
  const result = format === 'csv' || format === 'tsv' ? parseDelimited(content, fileName, format, options) : parseJson(content, fileName, format, options);
  const rows: SourceRow[] = [];
  for (const row of result.rows) {
    const huge = Object.entries(row.fields).find(([, v]) => typeof v === 'string' && v.length > maxFieldChars);
    if (huge) {
      const problem = new DataInputError(fileName, row.line, 'field-too-large',
        `field "${huge[0]}" has ${(huge[1] as string).length.toLocaleString('en')} characters, over the limit of ${maxFieldChars.toLocaleString('en')} (raise --max-field-chars if this is real)`);
      if (!options.skipBadRows) throw problem;
      result.skipped.push(problem);
      continue;
    }
    rows.push(row);
  }
  if (rows.length === 0 && result.skipped.length === 0) throw new DataInputError(fileName, undefined, 'no-rows', 'the file has a header but no data rows');
  return { rows, fields: result.fields, skipped: result.skipped };
}

function parseDelimited(text: string, fileName: string, format: 'csv' | 'tsv', options: ReadOptions): ReadResult {
  const newlines = newlineOffsets(text);
  const rows: SourceRow[] = [];
  const skipped: DataInputError[] = [];
  let fields: string[] = [];
  // Rows start after the header line (headers with quoted line breaks are not supported for line numbers).
  let rowStart = text.indexOf('\n') + 1;
  let fatal: DataInputError | undefined;
  Papa.parse<Record<string, unknown>>(text, {
    header: true,
    delimiter: format === 'tsv' ? '\t' : '',
    skipEmptyLines: 'greedy',
    step: (step, parser) => {
      if (fields.length === 0) {
        fields = step.meta.fields ?? [];
        const renamed = (step.meta as { renamedHeaders?: Record<string, string> }).renamedHeaders ?? {};
        const duplicated = Object.values(renamed)[0];
        if (duplicated !== undefined) {
          fatal = new DataInputError(fileName, 1, 'duplicate-column', `column "${duplicated}" appears twice in the header`);
          parser.abort();
          return;
        }
      }
      // The row's first line: skip the newline(s) that ended the previous row.
      let start = rowStart;
      while (start < text.length && (text[start] === '\n' || text[start] === '\r')) start++;
      const line = lineAt(newlines, start);
      rowStart = step.meta.cursor;
      const problem = step.errors[0];
      if (problem) {
        const structural = problem.type === 'Quotes';
        const error = new DataInputError(fileName, line, structural ? 'malformed-quotes' : 'wrong-field-count',
          structural
            ? `${problem.message.toLowerCase()} (a quoted field is never closed or a quote sits inside an unquoted field)`
            : `${problem.message.toLowerCase()}; the header has ${fields.length} columns`);
        if (structural || !options.skipBadRows) {
          fatal = error;
          parser.abort();
          return;
        }
        skipped.push(error);
        return;
      }
      rows.push({ file: fileName, line, fields: step.data });
    }
  });
  if (fatal) throw fatal;
  return { rows, fields, skipped };
}

function parseJson(text: string, fileName: string, format: 'jsonl' | 'json', options: ReadOptions): ReadResult {
  const rows: SourceRow[] = [];
  const skipped: DataInputError[] = [];
  if (format === 'jsonl') {
    const lines = text.split('\n');
    lines.forEach((raw, index) => {
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (e) {
        const error = new DataInputError(fileName, index + 1, 'malformed-json', `not valid JSON (${(e as Error).message})`);
        if (!options.skipBadRows) throw error;
        skipped.push(error);
        return;
      }
      if (!isPlainObject(value)) {
        const error = new DataInputError(fileName, index + 1, 'not-an-object', 'each line must be a JSON object');
        if (!options.skipBadRows) throw error;
        skipped.push(error);
        return;
      }
      rows.push({ file: fileName, line: index + 1, fields: value });
    });
  } else {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      // JSON Lines saved as .json (common: DataTurks exports): every non-empty line is an object.
      if (looksLikeJsonLines(text)) return parseJson(text, fileName, 'jsonl', options);
      const message = (e as Error).message;
      const position = /position (\d+)/.exec(message);
      const line = position ? lineAt(newlineOffsets(text), Number(position[1])) : undefined;
      throw new DataInputError(fileName, line, 'malformed-json', `not valid JSON (${message})`);
    }
    const array = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value).find(Array.isArray) : undefined;
    if (!array) throw new DataInputError(fileName, 1, 'not-a-table', 'expected an array of objects (or an object holding one)');
    array.forEach((item, index) => {
      if (!isPlainObject(item)) {
        const error = new DataInputError(fileName, undefined, 'not-an-object', `element ${index} is not a JSON object`);
        if (!options.skipBadRows) throw error;
        skipped.push(error);
        return;
      }
      rows.push({ file: fileName, line: index + 1, fields: item });
    });
  }
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r.fields)))];
  return { rows, fields, skipped };
}

function looksLikeJsonLines(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length < 2) return false;
  try {
    return isPlainObject(JSON.parse(lines[0])) && lines.every((l) => l.trimStart().startsWith('{'));
  } catch {
    return false;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a dotted path (`a.b.c`) from a row's fields. */
export function getField(fields: Record<string, unknown>, path: string): unknown {
  if (path in fields) return fields[path];
  let current: unknown = fields;
  for (const part of path.split('.')) {
    if (!isPlainObject(current)) return undefined;
    current = current[part];
  }
  return current;
}
