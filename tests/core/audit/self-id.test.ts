/**
 * Self-identification and decisions CSV import: valid files parse (unknown spellings → null, one spelling per
 * category); every invalid file fails with a message naming the file, the row and the column; rows are matched to
 * candidates by id or file name, and an ambiguous file name is refused.
 */
import { describe, expect, it } from 'vitest';
import { matchSelfId, parseDecisionsCsv, parseSelfIdCsv } from '../../../src/lib/core/audit';

const FILE = 'selfid.csv';

function problemsOf(text: string): string[] {
  const result = parseSelfIdCsv(text, FILE);
  if (result.ok) throw new Error('expected an error');
  expect(result.error.file).toBe(FILE);
  return result.error.problems;
}

describe('parseSelfIdCsv', () => {
  it('reads ids, sex and race; unknown answers become null; categories are grouped without regard to case', () => {
    const result = parseSelfIdCsv('\uFEFFCandidate ID,Sex,Race/Ethnicity\nc1,Female,Black or African American\nc2,  male ,White\nc3,Prefer not to say,\nc4,FEMALE,white\n', FILE);
    expect(result.ok && result.value).toEqual([
      { candidateId: 'c1', sex: 'Female', race: 'Black or African American' },
      { candidateId: 'c2', sex: 'male', race: 'White' },
      { candidateId: 'c3', sex: null, race: null },
      { candidateId: 'c4', sex: 'Female', race: 'White' }
    ]);
  });

  it('accepts a file with only one of the two columns', () => {
    const result = parseSelfIdCsv('file,gender\na.pdf,F\n', FILE);
    expect(result.ok && result.value).toEqual([{ candidateId: 'a.pdf', sex: 'F', race: null }]);
  });

  it('names a missing id column and what the header has', () => {
    expect(problemsOf('name,sex,race\nx,F,A\n')).toEqual([`${FILE}, row 1 (header): no candidate id column (candidate_id, or file); the header has "name", "sex", "race"`]);
  });

  it('names a header without sex or race', () => {
    expect(problemsOf('candidate_id,age\nx,40\n')[0]).toMatch(/^selfid\.csv, row 1 \(header\): no sex or race_ethnicity column/);
  });

  it('names the row and column of an empty id, a duplicate id, a ragged row and an over-long value', () => {
    const problems = problemsOf(['candidate_id,sex,race', 'c1,F,A', ',M,B', 'c1,M,A', 'c3,F', `c4,${'x'.repeat(81)},A`].join('\n'));
    expect(problems).toEqual([
      `${FILE}, row 3, column "candidate_id": empty; every row needs the candidate's id or file name`,
      `${FILE}, row 4, column "candidate_id": "c1" is also on row 2`,
      `${FILE}, row 5: has 2 cells, the header has 3`,
      `${FILE}, row 6, column "sex": longer than 80 characters`
    ]);
  });

  it('refuses an empty file and a header without rows', () => {
    expect(problemsOf('  \n')[0]).toMatch(/selfid\.csv: the file is empty/);
    expect(problemsOf('candidate_id,sex\n')[0]).toBe(`${FILE}: no data rows after the header`);
  });
});

describe('matchSelfId', () => {
  const candidates = [
    { id: 'u1', fileName: 'ann.pdf' },
    { id: 'u2', fileName: 'bob.pdf' },
    { id: 'u3', fileName: 'same.pdf' },
    { id: 'u4', fileName: 'same.pdf' }
  ];

  it('matches by candidate id or file name and lists rows that match nobody', () => {
    const result = matchSelfId(
      [
        { candidateId: 'u1', sex: 'F', race: 'A' },
        { candidateId: 'bob.pdf', sex: 'M', race: null },
        { candidateId: 'ghost', sex: 'F', race: 'B' }
      ],
      candidates,
      FILE
    );
    expect(result.ok && result.value).toEqual({ rows: [{ candidateId: 'u1', sex: 'F', race: 'A' }, { candidateId: 'u2', sex: 'M', race: null }], unmatched: ['ghost'] });
  });

  it('refuses a file name two candidates share, and two rows for one candidate', () => {
    const ambiguous = matchSelfId([{ candidateId: 'same.pdf', sex: 'F', race: 'A' }], candidates, FILE);
    expect(!ambiguous.ok && ambiguous.error.message).toBe(`${FILE}, row 2: file name "same.pdf" belongs to 2 candidates; use the candidate id instead`);
    const twice = matchSelfId([{ candidateId: 'u1', sex: 'F', race: 'A' }, { candidateId: 'ann.pdf', sex: 'F', race: 'A' }], candidates, FILE);
    expect(!twice.ok && twice.error.message).toMatch(/row 3: "ann\.pdf" is a candidate another row already describes/);
  });
});

describe('parseDecisionsCsv', () => {
  it('reads selected / rejected / undecided in several spellings', () => {
    const result = parseDecisionsCsv('file,callback\na,1\nb,0\nc,\nd,Selected\ne,reject\n', 'decisions.csv');
    expect(result.ok && result.value.map((r) => r.decision)).toEqual(['selected', 'rejected', null, 'selected', 'rejected']);
  });

  it('names the row and column of a value it cannot read', () => {
    const result = parseDecisionsCsv('candidate_id,decision\na,maybe\n', 'decisions.csv');
    expect(!result.ok && result.error.message).toBe('decisions.csv, row 2, column "decision": "maybe" is neither selected (selected, yes, 1) nor rejected (rejected, no, 0)');
  });
});
