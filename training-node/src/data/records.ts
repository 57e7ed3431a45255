/**
 * Column mapping: turns source rows into `RawRecord`s using a ColumnMap (from `--col-*` flags or a JSON
 * config), checking up front that every mapped column exists, and parsing decisions and skill scores.
 *
 * Non-goals: cleaning (clean.ts), reading files (src/cli), resume files referenced by path (the CLI
 * resolves `resumePath` through core/ingest and fills `resume` before cleaning).
 */
import { DataInputError, getField } from './read';
import type { ColumnMap, Decision, RawRecord, SkillScores, SourceRow } from './types';

/** Flag name for each ColumnMap key (used in error messages and --help). */
export const COLUMN_FLAGS: Readonly<Record<keyof ColumnMap, string>> = {
  id: '--col-id',
  candidate: '--col-candidate',
  role: '--col-role',
  jobDescription: '--col-jd',
  resume: '--col-resume',
  resumePath: '--col-resume-path',
  transcript: '--col-transcript',
  label: '--col-label',
  decision: '--col-decision',
  reasoning: '--col-reasoning',
  scores: '--col-scores',
  relevance: '--col-score'
};

const SELECT_WORDS = /^(1|y|yes|true|select(ed)?|hire(d)?|accept(ed)?|pass(ed)?|advance(d)?|shortlist(ed)?|callback|offer(ed)?|interview)$/i;
const REJECT_WORDS = /^(0|n|no|false|reject(ed)?|decline(d)?|fail(ed)?|no[ _-]?hire|not[ _-]?selected|no[ _-]?callback)$/i;

/** Maps a decision cell ("yes", "1", "Hired", "rejected" …) to select/reject, or undefined when unknown. */
export function parseDecision(value: unknown): Decision | undefined {
  const text = String(value ?? '').trim();
  if (SELECT_WORDS.test(text)) return 'select';
  if (REJECT_WORDS.test(text)) return 'reject';
  return undefined;
}

/** Checks that every mapped column exists in the source (prefix columns need at least one match). */
export function checkColumns(columns: ColumnMap, fields: readonly string[], fileName: string): void {
  if (!columns.resume && !columns.resumePath) {
    throw new DataInputError(fileName, undefined, 'missing-column', 'map the resume with --col-resume <column> (text) or --col-resume-path <column> (PDF/DOCX/TXT path)');
  }
  for (const [key, column] of Object.entries(columns) as [keyof ColumnMap, string | undefined][]) {
    if (!column) continue;
    const top = column.split('.')[0];
    const present = fields.includes(column) || fields.includes(top) || (key === 'scores' && fields.some((f) => f.startsWith(column)));
    if (!present) {
      throw new DataInputError(fileName, 1, 'missing-column',
        `column "${column}" (${COLUMN_FLAGS[key]}) is not in the file; its columns are: ${fields.slice(0, 30).map((f) => JSON.stringify(f)).join(', ')}`);
    }
  }
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return s.trim() === '' ? undefined : s;
}

/** Parses scores from a JSON-object cell or from prefixed columns; values must be numbers in 0..5. */
export function parseScores(row: SourceRow, column: string): SkillScores | undefined {
  let raw: Record<string, unknown> = {};
  const cell = getField(row.fields, column);
  if (cell !== undefined && cell !== '') {
    const value = typeof cell === 'string' ? safeJson(cell) : cell;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DataInputError(row.file, row.line, 'bad-scores', `column "${column}" must hold a JSON object like {"python": 4}`);
    }
    raw = value as Record<string, unknown>;
  } else {
    for (const [key, value] of Object.entries(row.fields)) {
      if (key.startsWith(column) && key.length > column.length && String(value ?? '').trim() !== '') raw[key.slice(column.length)] = value;
    }
  }
  const scores: SkillScores = {};
  for (const [skill, value] of Object.entries(raw)) {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 5) {
      throw new DataInputError(row.file, row.line, 'bad-scores', `score for "${skill}" is ${JSON.stringify(value)}; scores are numbers from 0 to 5`);
    }
    scores[skill] = n;
  }
  return Object.keys(scores).length > 0 ? scores : undefined;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Maps one source row to a RawRecord (resume text may still be empty when only a path is given). */
export function toRawRecord(row: SourceRow, columns: ColumnMap): RawRecord {
  const get = (key: keyof ColumnMap): string | undefined => (columns[key] ? text(getField(row.fields, columns[key] as string)) : undefined);
  const decisionCell = get('decision');
  const decision = decisionCell === undefined ? undefined : parseDecision(decisionCell);
  if (decisionCell !== undefined && decision === undefined) {
    throw new DataInputError(row.file, row.line, 'bad-decision',
      `decision ${JSON.stringify(decisionCell)} is neither a select word (yes, 1, hired, selected …) nor a reject word (no, 0, rejected …)`);
  }
  const resumePath = get('resumePath');
  return {
    source: { file: row.file, line: row.line, ...(resumePath ? { resumeFile: resumePath } : {}) },
    id: get('id') ?? `${basename(row.file)}:${row.line}`,
    candidate: get('candidate'),
    role: get('role'),
    jobDescription: get('jobDescription'),
    resume: get('resume') ?? '',
    transcript: get('transcript'),
    label: get('label') ?? decision,
    decision,
    reasoning: get('reasoning'),
    scores: columns.scores ? parseScores(row, columns.scores) : undefined,
    relevance: columns.relevance ? parseRelevance(row, get('relevance')) : undefined,
    synthetic: row.fields.synthetic === true || String(row.fields.synthetic ?? '').toLowerCase() === 'true'
  };
}

/** A matcher relevance cell: a number in 0..1 (percentages 0..100 are rejected to avoid silent rescaling). */
function parseRelevance(row: SourceRow, cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined;
  const value = Number(cell);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new DataInputError(row.file, row.line, 'bad-score', `score ${JSON.stringify(cell)} is not a number from 0 to 1`);
  }
  return value;
}

function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
