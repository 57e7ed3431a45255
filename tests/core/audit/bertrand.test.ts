/**
 * The bias audit on real callbacks: Bertrand & Mullainathan's field experiment (../shared/data/
 * bertrand_mullainathan_resume_callbacks, OpenIntro `resume`), callback = selected, race and sex as the data gives
 * them. The report must equal a direct count from the file and reproduce the published gap (white-sounding names
 * 9.65% vs Black-sounding names 6.45%; ratio < 0.8, flagged under four-fifths).
 *
 * About this copy: 241 rows have race "brown" and the file has 4,882 rows (the paper: 4,870). Every "brown" row's
 * first name is one of the study's white or Black names (race was assigned by name), so the test also audits with
 * race read from the first name, which gives the published callback counts (235 and 157).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { auditCsvRows, impactRatios, type AuditPerson, type DimensionTable } from '../../../src/lib/core/audit';

const FILE = path.resolve(process.cwd(), '../shared/data/bertrand_mullainathan_resume_callbacks/resume.csv');
const present = existsSync(FILE);
if (!present) console.warn(`[skip] Bertrand & Mullainathan audit: ${FILE} not found (../shared is absent on this machine)`);

interface Row {
  firstname: string;
  race: string;
  gender: string;
  received_callback: string;
}

describe.skipIf(!present)('bias audit on Bertrand & Mullainathan callbacks (../shared)', () => {
  const rows = present ? Papa.parse<Row>(readFileSync(FILE, 'utf8'), { header: true, skipEmptyLines: true }).data : [];
  const people: AuditPerson[] = rows.map((r, i) => ({ id: String(i), selected: r.received_callback === '1', race: r.race, sex: r.gender }));
  const report = impactRatios(people, 'Callbacks');
  const [sex, race, both] = report.tables;
  const row = (t: DimensionTable, c: string) => t.rows.find((r) => r.category === c)!;
  /** Callback rate of rows matching `keep`, counted straight from the file. */
  const direct = (keep: (r: Row) => boolean) => {
    const group = rows.filter(keep);
    return { applicants: group.length, selected: group.filter((r) => r.received_callback === '1').length, rate: group.filter((r) => r.received_callback === '1').length / group.length };
  };

  it('equals a direct count from the file for every race, sex and intersection', () => {
    expect(report.applicants).toBe(rows.length);
    for (const value of new Set(rows.map((r) => r.race))) expect(row(race, value)).toMatchObject(direct((r) => r.race === value));
    for (const value of new Set(rows.map((r) => r.gender))) expect(row(sex, value)).toMatchObject(direct((r) => r.gender === value));
    expect(row(both, 'f × black')).toMatchObject(direct((r) => r.gender === 'f' && r.race === 'black'));
    expect(row(race, 'black').ratio).toBeCloseTo(direct((r) => r.race === 'black').rate / direct((r) => r.race === 'white').rate, 12);
  });

  it('reproduces the published gap: white ≈ 9.65%, Black ≈ 6.45%, ratio < 0.8 and flagged', () => {
    expect(race.reference).toBe('white');
    expect(Math.abs(row(race, 'white').rate - 0.0965)).toBeLessThan(0.001);
    expect(Math.abs(row(race, 'black').rate - 0.0645)).toBeLessThan(0.001);
    expect(row(race, 'black').ratio).toBeLessThan(0.8);
    expect(row(race, 'black').flagged).toBe(true);
    const csv = auditCsvRows([report]).find((r) => r.dimension === 'race' && r.category === 'black')!;
    expect(csv.four_fifths_flag).toBe('yes');
    console.log(`[bertrand] white ${(row(race, 'white').rate * 100).toFixed(2)}% (${row(race, 'white').selected}/${row(race, 'white').applicants}), black ${(row(race, 'black').rate * 100).toFixed(2)}% (${row(race, 'black').selected}/${row(race, 'black').applicants}), ratio ${row(race, 'black').ratio!.toFixed(3)}`);
  });

  it('with race read from the first name, gives the published callback counts 235 and 157', () => {
    const byName = new Map(rows.filter((r) => r.race === 'white' || r.race === 'black').map((r) => [r.firstname, r.race]));
    expect(rows.every((r) => byName.has(r.firstname))).toBe(true);
    const named = impactRatios(rows.map((r, i) => ({ id: String(i), selected: r.received_callback === '1', race: byName.get(r.firstname)!, sex: r.gender })), 'Callbacks').tables[1];
    expect(named.rows.map((r) => r.category).sort()).toEqual(['black', 'white']);
    expect(row(named, 'white').selected).toBe(235);
    expect(row(named, 'black').selected).toBe(157);
    expect(Math.abs(row(named, 'white').rate - 0.0965)).toBeLessThan(0.001);
    expect(Math.abs(row(named, 'black').rate - 0.0645)).toBeLessThan(0.001);
    expect(row(named, 'black').flagged).toBe(true);
    console.log(`[bertrand, race by first name] white ${(row(named, 'white').rate * 100).toFixed(2)}%, black ${(row(named, 'black').rate * 100).toFixed(2)}%, ratio ${row(named, 'black').ratio!.toFixed(3)}`);
  });
});
