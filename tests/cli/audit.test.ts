/**
 * `shortlist audit` as a real subprocess: on six generated TXT resumes with a job, a decisions CSV and a
 * self-identification CSV keyed by file name, the JSON report's ratios equal a hand computation, the counterfactual
 * check runs on every resume, and the CSV/HTML files are written; a bad CSV exits 1 naming the file, row and column;
 * usage errors exit 2. On the Bertrand & Mullainathan callbacks (../shared; skipped when absent) the CLI's rates
 * equal a direct count and the Black/white ratio is flagged.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '../..');
const bin = path.join(repoRoot, 'bin/shortlist.js');
const BERTRAND = path.resolve(repoRoot, '../shared/data/bertrand_mullainathan_resume_callbacks/resume.csv');
if (!fs.existsSync(BERTRAND)) console.warn(`[skip] shortlist audit on Bertrand callbacks: ${BERTRAND} not found`);

let tmp = '';
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-audit-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function shortlist(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};

const PEOPLE: Array<[string, string, string, string, string]> = [
  // file, name, sex, race, decision
  ['a.txt', 'Dana Whitfield', 'F', 'X', 'selected'],
  ['b.txt', 'Lakisha Washington', 'F', 'Y', 'rejected'],
  ['c.txt', 'Jamal Robinson', 'M', 'Y', 'selected'],
  ['d.txt', 'Greg Baker', 'M', 'X', 'selected'],
  ['e.txt', 'Mei Zhang', 'F', 'X', 'rejected'],
  ['f.txt', 'Arjun Chatterjee', '', 'Y', 'rejected']
];

describe('shortlist audit', () => {
  it('reports impact ratios equal to a hand computation, with the counterfactual check and report files', () => {
    PEOPLE.forEach(([file, name], i) =>
      write(`resumes/${file}`, `${name}\nAccountant | Age: ${30 + i}\n\nSUMMARY\nShe keeps the ledger.\n\nEXPERIENCE\nAccountant, Contoso  Jan 2018 – Dec 2023\n- Excel, GAAP, reconciliation${i % 2 ? ', QuickBooks' : ''}\n`)
    );
    const job = write('job.txt', 'Accountant\nRequirements:\n- Excel and GAAP\n- QuickBooks\n');
    const selfId = write('selfid.csv', 'file,sex,race_ethnicity\n' + PEOPLE.map(([f, , s, r]) => `${f},${s},${r}`).join('\n'));
    const decisions = write('decisions.csv', 'file,decision\n' + PEOPLE.map(([f, , , , d]) => `${f},${d}`).join('\n'));
    const r = shortlist(['audit', '--job', job, '--self-id', selfId, '--decisions', decisions, '--csv', 'out.csv', '--html', 'out.html', 'resumes']);
    expect(r.stderr).toMatch(/audited 6 candidates/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.candidates).toBe(6);
    const [byDecision, top] = out.impact;
    expect(byDecision.basis).toBe('Decisions');
    expect(top.basis).toBe('Top 3 by score');
    const rows = (dim: string) => Object.fromEntries(byDecision.tables.find((t: { dimension: string }) => t.dimension === dim).rows.map((c: { category: string }) => [c.category, c]));
    // Sex: F 1/3, M 2/2 (unknown: f.txt, rejected). Race: X 2/3, Y 1/3.
    expect(rows('sex').F).toMatchObject({ applicants: 3, selected: 1, flagged: true });
    expect(rows('sex').F.ratio).toBeCloseTo(1 / 3 / 1, 12);
    expect(rows('sex').M).toMatchObject({ applicants: 2, selected: 2, ratio: 1 });
    expect(byDecision.tables[0].unknown).toEqual({ applicants: 1, selected: 0, rate: 0 });
    expect(rows('race').Y.ratio).toBeCloseTo(1 / 3 / (2 / 3), 12);
    expect(rows('intersection')['F × X'].ratio).toBeCloseTo(0.5, 12);
    expect(out.counterfactual.candidates).toBe(6);
    expect(out.counterfactual.rows.find((x: { dimension: string }) => x.dimension === 'name').tested).toBe(6);
    expect(out.counterfactual.maxScoreChange).toBe(0);
    const csv = Papa.parse<Record<string, string>>(fs.readFileSync(path.join(tmp, 'out.csv'), 'utf8'), { header: true }).data;
    expect(csv.find((c) => c.basis === 'Decisions' && c.dimension === 'sex' && c.category === 'F')).toMatchObject({ impact_ratio: '0.3333', four_fifths_flag: 'yes' });
    const html = fs.readFileSync(path.join(tmp, 'out.html'), 'utf8');
    expect(html).toContain('<h2>Counterfactual check</h2>');
    expect(html).not.toMatch(/<script/i);
  }, 180_000);

  it('exits 1 naming the file, row and column of a bad CSV', () => {
    const decisions = write('bad-decisions.csv', 'candidate_id,decision\nx,selected\ny,perhaps\n');
    const r = shortlist(['audit', '--decisions', decisions]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${decisions}, row 3, column "decision": "perhaps"`);
  });

  it('exits 2 on bad usage', () => {
    expect(shortlist(['audit']).code).toBe(2);
    expect(shortlist(['audit', 'resumes']).stderr).toMatch(/needs --job/);
    expect(shortlist(['audit', '--help']).stdout).toMatch(/Local Law 144/);
  });

  it.skipIf(!fs.existsSync(BERTRAND))('reproduces the Bertrand & Mullainathan callback gap from decisions and self-id CSVs', () => {
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(BERTRAND, 'utf8'), { header: true, skipEmptyLines: true }).data;
    const decisions = write('bm-decisions.csv', 'candidate_id,callback\n' + rows.map((x, i) => `r${i},${x.received_callback}`).join('\n'));
    const selfId = write('bm-selfid.csv', 'candidate_id,sex,race\n' + rows.map((x, i) => `r${i},${x.gender},${x.race}`).join('\n'));
    const r = shortlist(['audit', '--decisions', decisions, '--self-id', selfId]);
    expect(r.code).toBe(0);
    const race = JSON.parse(r.stdout).impact[0].tables.find((t: { dimension: string }) => t.dimension === 'race');
    const rate = (value: string) => rows.filter((x) => x.race === value && x.received_callback === '1').length / rows.filter((x) => x.race === value).length;
    const row = (value: string) => race.rows.find((c: { category: string }) => c.category === value);
    expect(row('white').rate).toBe(rate('white'));
    expect(row('black').rate).toBe(rate('black'));
    expect(Math.abs(row('white').rate - 0.0965)).toBeLessThan(0.001);
    expect(Math.abs(row('black').rate - 0.0645)).toBeLessThan(0.001);
    expect(row('black').ratio).toBeLessThan(0.8);
    expect(row('black').flagged).toBe(true);
  });
});
