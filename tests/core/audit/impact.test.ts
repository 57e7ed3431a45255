/**
 * Impact ratios on a hand-computed fixture: 20 people, two sexes, two races, one of unknown sex and one of unknown
 * race. Every expected rate and ratio below is written as the fraction computed by hand from the list, so the test
 * fails if the code counts, divides, excludes unknowns or picks the reference category differently.
 */
import { describe, expect, it } from 'vitest';
import { decisionSelection, impactRatios, topNSelection, withCategories, type AuditPerson, type DimensionTable } from '../../../src/lib/core/audit';

/** [sex, race, applicants, selected] groups, expanded into people. */
const GROUPS: Array<[string | null, string | null, number, number]> = [
  ['Female', 'A', 6, 3],
  ['Female', 'B', 4, 1],
  ['Male', 'A', 5, 3],
  ['Male', 'B', 3, 0],
  [null, 'A', 1, 1],
  ['Female', null, 1, 0]
];

function people(): AuditPerson[] {
  let n = 0;
  return GROUPS.flatMap(([sex, race, applicants, selected]) => Array.from({ length: applicants }, (_, i) => ({ id: `p${n++}`, sex, race, selected: i < selected })));
}

const row = (t: DimensionTable, category: string) => t.rows.find((r) => r.category === category)!;

describe('impactRatios (hand-computed fixture)', () => {
  const report = impactRatios(people(), 'Recruiter decisions', { minCategorySize: 5 });
  const [sex, race, both] = report.tables;

  it('counts applicants and selections', () => {
    expect(report.applicants).toBe(20);
    expect(report.selected).toBe(8);
  });

  it('by sex: Female 4/11 against Male 3/8; the unknown person is counted apart', () => {
    expect(sex.reference).toBe('Male');
    expect(row(sex, 'Female')).toMatchObject({ applicants: 11, selected: 4, flagged: false });
    expect(row(sex, 'Female').rate).toBeCloseTo(4 / 11, 12);
    expect(row(sex, 'Female').ratio).toBeCloseTo(4 / 11 / (3 / 8), 12);
    expect(row(sex, 'Male').ratio).toBe(1);
    expect(sex.unknown).toEqual({ applicants: 1, selected: 1, rate: 1 });
    expect(sex.rows.map((r) => r.category)).not.toContain('unknown');
  });

  it('by race: B at 1/7 against A at 7/12 is flagged under four-fifths', () => {
    expect(race.reference).toBe('A');
    expect(row(race, 'A')).toMatchObject({ applicants: 12, selected: 7, ratio: 1, flagged: false });
    expect(row(race, 'B').ratio).toBeCloseTo(1 / 7 / (7 / 12), 12);
    expect(row(race, 'B').flagged).toBe(true);
    expect(race.unknown).toEqual({ applicants: 1, selected: 0, rate: 0 });
  });

  it('intersectional: four categories against Male × A (3/5); either part unknown makes it unknown', () => {
    expect(both.reference).toBe('Male × A');
    expect(row(both, 'Female × A').ratio).toBeCloseTo(0.5 / 0.6, 12);
    expect(row(both, 'Female × A').flagged).toBe(false);
    expect(row(both, 'Female × B').ratio).toBeCloseTo(0.25 / 0.6, 12);
    expect(row(both, 'Female × B').flagged).toBe(true);
    expect(row(both, 'Male × B')).toMatchObject({ applicants: 3, selected: 0, rate: 0, ratio: 0, flagged: true });
    expect(both.unknown).toEqual({ applicants: 2, selected: 1, rate: 0.5 });
  });

  it('warns about small categories and unknowns', () => {
    expect(row(both, 'Male × B').smallSample).toBe(true);
    expect(row(race, 'A').smallSample).toBe(false);
    expect(report.warnings.join('\n')).toMatch(/Small sample \(sex × race\/ethnicity\): .*Male × B \(3\)/);
    expect(report.warnings.join('\n')).toMatch(/1 of 20 with unknown sex/);
  });

  it('gives no ratio when nobody is selected', () => {
    const none = impactRatios(people().map((p) => ({ ...p, selected: false })), 'Top 0');
    expect(none.tables[0].reference).toBeNull();
    expect(none.tables[0].rows.every((r) => r.ratio === null && !r.flagged)).toBe(true);
    expect(none.warnings[0]).toMatch(/nobody is selected/);
  });
});

describe('selections', () => {
  it('decisions: undecided candidates are not applicants', () => {
    expect(decisionSelection([{ id: 'a', decision: 'selected' }, { id: 'b', decision: null }, { id: 'c', decision: 'rejected' }])).toEqual([
      { id: 'a', selected: true },
      { id: 'c', selected: false }
    ]);
  });

  it('top N by score: highest first, ties in the given order, unscored left out', () => {
    const rows = [
      { id: 'a', score: 50 },
      { id: 'b', score: 80 },
      { id: 'c', score: null },
      { id: 'd', score: 80 },
      { id: 'e', score: 79.99 }
    ];
    const picked = (n: number) => topNSelection(rows, n).filter((r) => r.selected).map((r) => r.id);
    expect(picked(1)).toEqual(['b']);
    expect(picked(2)).toEqual(['b', 'd']);
    expect(picked(3)).toEqual(['b', 'd', 'e']);
    expect(topNSelection(rows, 2)).toHaveLength(4);
    expect(() => topNSelection(rows, -1)).toThrow(/whole number/);
  });

  it('joins categories; people without self-identification are unknown', () => {
    const joined = withCategories([{ id: 'a', selected: true }, { id: 'b', selected: false }], new Map([['a', { sex: 'Female', race: null }]]));
    expect(joined).toEqual([
      { id: 'a', selected: true, sex: 'Female', race: null },
      { id: 'b', selected: false, sex: null, race: null }
    ]);
  });
});
