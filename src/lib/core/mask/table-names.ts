/**
 * People's names in the name column of a table: "Name<TAB>Organisation<TAB>Phone" over "Jane Doe<TAB>Acme<TAB>…",
 * "| Surname | Forenames | Phone |" in Markdown, and labels joined by slashes on one line ("Name / Title / Contact:
 * Jane Doe / Head of Data, Acme / jane@…").
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

/**
 * Cells under a name column of a table ("Name<TAB>Organisation<TAB>Phone" over "Jane Doe<TAB>Acme<TAB>…", or
 * "| Surname | Forenames | Phone |" in Markdown), with their offsets: masked in place like a "Name:" value.
 */
export function tableNameCells(text: string): TitledMention[] {
  const out: TitledMention[] = [];
  if (!text.includes('\t') && !text.includes('|') && !text.includes('/')) return out;
  const lines = text.split('\n');
  let offset = 0;
  const starts = lines.map((l) => ((offset += l.length + 1), offset - l.length - 1));
  const cellsOf = (line: string) => {
    const pipe = /^\s*\|.*\|\s*$/.test(line);
    if (!pipe && !line.includes('\t')) return null;
    const cells: Array<{ value: string; at: number }> = [];
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
    const nameColumns = header.flatMap((c, k) => (NAME_COLUMN_RE.test(c.value) ? [k] : []));
    // A header row is all labels: name labels and other column labels.
    if (nameColumns.length === 0 || !header.every((c, k) => nameColumns.includes(k) || COLUMN_LABEL_RE.test(c.value))) continue;
    for (let j = i + 1; j < lines.length; j++) {
      const row = cellsOf(lines[j]);
      if (!row || row.length !== header.length) break;
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
