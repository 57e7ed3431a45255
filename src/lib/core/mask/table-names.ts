/**
 * People's names in the name column of a table: "Name<TAB>Organisation<TAB>Phone" over "Jane Doe<TAB>Acme<TAB>…",
 * "| Surname | Forenames | Phone |" in Markdown, labels joined by slashes on one line ("Name / Title / Contact:
 * Jane Doe / Head of Data, Acme / jane@…"), and a CSV export: a header row of comma- or semicolon-separated labels
 * ("candidate_id,first_name,last_name,email", "\"Full Name\";\"Email\"") over rows with as many fields.
 * Purpose: cells that the header row says are names, masked in place like a "Name:" value (names.ts), even one-word
 * cells that are skills or everyday words.
 * Non-goals: "Name:" fields on their own (name-sources.ts `fieldMentions`); tables without a name label.
 * Shape legend: offsets of TitledMention are half-open into the text and cover the name words only.
 */
import { COLUMN_LABEL_RE, HONORIFIC_RE, looksLikeName, PART_FIELD, WHOLE_NAME_FIELD, type TitledMention } from './name-sources';

// Labels of a table column that holds people's names: "Name", "Surname", "Referee", "Contact person".
const NAME_COLUMN_RE = new RegExp(String.raw`^(?:${WHOLE_NAME_FIELD}|${PART_FIELD}|referees?|references?|contact\s+person|recommender)$`, 'iu');
// Labels joined by slashes before one colon, one of them a name label, and the values joined the same way.
const SLASHED_FIELDS_RE = /^[ \t•*-]*((?:[\p{L}' ]{2,20}[ \t]*\/[ \t]*){1,4}[\p{L}' ]{2,20}):[ \t]*(\S[^\n]*)$/u;

// A field name of an export's header row: one to four words of letters joined by spaces, "_" or "-".
const CSV_LABEL_RE = /^\p{L}[\p{L}]*(?:[ _-]\p{L}+){0,3}$/u;
// A field of a comma- or semicolon-separated row: quoted ("Doe, Jane" keeps its comma) or bare.
const CSV_FIELD_RE = /[ \t]*(?:"((?:[^"\n]|"")*)"|([^,;"\n]*))[ \t]*(?:[,;]|$)/gy;

const CSV_CONTACT_RE = /^(?:\p{L}+ )?(?:e ?mail|email address|phone|mobile|tel|telephone|cell|id)$/iu;

type Cells = Array<{ value: string; at: number }> & { csv?: boolean };

/** The fields of a comma- or semicolon-separated line (one separator kind throughout), or null. */
function csvCells(line: string): Cells | null {
  const sep = line.includes(';') && !line.includes(',') ? ';' : line.includes(',') && !line.includes(';') ? ',' : null;
  // Mixed separators: quoted fields may hold the other one ("\"Doe, Jane\";\"…\"").
  const quoted = /^[ \t]*"/.test(line);
  if (!sep && !quoted) return null;
  const cells: Cells = [];
  cells.csv = true;
  CSV_FIELD_RE.lastIndex = 0;
  while (CSV_FIELD_RE.lastIndex < line.length) {
    const at = CSV_FIELD_RE.lastIndex;
    const m = CSV_FIELD_RE.exec(line);
    if (!m || m[0].length === 0) return null;
    const raw = m[1] ?? m[2] ?? '';
    const value = raw.trim();
    const inner = m[1] !== undefined ? m[0].indexOf('"') + 1 : m[0].indexOf(raw);
    cells.push({ value, at: at + inner + raw.indexOf(value) });
    if (!/[,;][ \t]*$/.test(m[0])) break;
    if (CSV_FIELD_RE.lastIndex === line.length) cells.push({ value: '', at: line.length });
  }
  return cells.length >= 2 ? cells : null;
}

/**
 * Cells under a name column of a table ("Name<TAB>Organisation<TAB>Phone" over "Jane Doe<TAB>Acme<TAB>…", or
 * "| Surname | Forenames | Phone |" in Markdown), with their offsets: masked in place like a "Name:" value.
 */
export function tableNameCells(text: string): TitledMention[] {
  const out: TitledMention[] = [];
  if (!text.includes('\t') && !text.includes('|') && !text.includes('/') && !text.includes(',') && !text.includes(';')) return out;
  const lines = text.split('\n');
  let offset = 0;
  const starts = lines.map((l) => ((offset += l.length + 1), offset - l.length - 1));
  const cellsOf = (line: string) => {
    const pipe = /^\s*\|.*\|\s*$/.test(line);
    if (!pipe && !line.includes('\t')) return csvCells(line);
    const cells: Cells = [];
    const re = pipe ? /[^|]+/g : /[^\t]+/g;
    for (const m of line.matchAll(re)) {
      const value = m[0].trim();
      cells.push({ value, at: m.index + m[0].indexOf(value) });
    }
    if (pipe && cells[0]?.value === '') cells.shift();
    if (pipe && cells[cells.length - 1]?.value === '') cells.pop();
    return cells;
  };
  for (let i = 0; i < lines.length; i++) {
    // "Name / Title / Contact: Jane Doe / Head of Data, Acme / jane@…": labels and values on one line.
    const slashed = SLASHED_FIELDS_RE.exec(lines[i]);
    if (slashed) {
      const labels = slashed[1].split('/').map((l) => l.trim());
      const values = slashed[2].split(/[ \t]\/[ \t]/);
      const k = labels.findIndex((l) => NAME_COLUMN_RE.test(l));
      const value = values[k]?.trim().replace(HONORIFIC_RE, '');
      if (k >= 0 && labels.length === values.length && value && looksLikeName(value, true)) {
        const start = starts[i] + slashed.index + slashed[0].length - slashed[2].length + slashed[2].indexOf(value, values.slice(0, k).join(' / ').length);
        out.push({ start, end: start + value.length, name: value });
      }
    }
    const header = cellsOf(lines[i]);
    if (!header || header.length < 2) continue;
    const csv = header.csv === true;
    // "first_name", "Last-Name": an export's field names are labels with their words joined.
    const label = (v: string) => (csv ? v.replace(/[_-]+/g, ' ').trim() : v);
    const nameColumns = header.flatMap((c, k) => (NAME_COLUMN_RE.test(label(c.value)) ? [k] : []));
    // A header row is all labels: name labels and other column labels (an export's own field names too: short,
    // letters only, "candidate_id", "Applied For").
    const isLabel = (v: string) => COLUMN_LABEL_RE.test(label(v)) || (csv && CSV_LABEL_RE.test(v));
    if (nameColumns.length === 0 || !header.every((c, k) => nameColumns.includes(k) || isLabel(c.value))) continue;
    // An export row carries the contact fields: a list of words in a sentence ("Candidate, Engineer, Leader") does not.
    if (csv && !header.some((c) => CSV_CONTACT_RE.test(label(c.value)))) continue;
    for (let j = i + 1; j < lines.length; j++) {
      const row = cellsOf(lines[j]);
      if (!row || row.length !== header.length || row.csv !== header.csv) break;
      if (row.every((c) => /^:?-{2,}:?$/.test(c.value))) continue;
      for (const k of nameColumns) {
        const value = row[k].value.replace(HONORIFIC_RE, '');
        if (!value || !(looksLikeName(value, true) || /^\p{Lu}[\p{L}\p{M}'’-]+$/u.test(value))) continue;
        const start = starts[j] + row[k].at + (row[k].value.length - value.length);
        out.push({ start, end: start + value.length, name: value });
      }
    }
  }
  return out;
}
