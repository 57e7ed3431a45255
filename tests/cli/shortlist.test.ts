/**
 * The `shortlist` CLI as a real subprocess (bin/shortlist.js → tsx → src/cli/shortlist.ts): help and
 * usage errors, `parse` on a real PDF and on bad files, and `screen` over 20 real resume PDFs plus the
 * generated bad-input corpus with four jobs (JSON, TXT, a one-paragraph TXT with no title line, and PDF job
 * files): output shape, requirements with their sentences, per-requirement verdicts, exit codes and the summary
 * line. Real-data cases skip when ../shared is absent.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BAD_INPUTS, buildPdf, textOp, writeBadInputCorpus } from '../fixtures/bad-inputs';

const repoRoot = path.resolve(__dirname, '../..');
const bin = path.join(repoRoot, 'bin/shortlist.js');
const pdfRoot = path.resolve(repoRoot, '../shared/data/kaggle_resume_pdfs/data');
const hasShared = fs.existsSync(pdfRoot);
if (!hasShared) console.warn(`[skip] CLI tests on real PDFs: ${pdfRoot} not found`);

let tmp = '';
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function shortlist(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Row {
  file: string;
  score: number;
  mustHaves: { met: number; total: number };
  breakdown: Record<string, { label: string; weight: number; value: number; points: number }>;
  requirements: Array<{ id: string; met: string; credit: number; evidence: Array<{ text: string; start: number; end: number }> }>;
  flags: Array<{ kind: string; message: string }>;
  evidence: unknown[];
}
interface JobOut { job: string; title: string; requirements: Array<{ id: string; label: string; priority: string; weight: number; sentence?: string }>; ranking: Row[] }
interface ScreenOutput { jobs: JobOut[]; errors: Array<{ file: string; error: string }>; duplicates: Array<{ file: string; duplicateOf: string; reason: string }> }

describe('help and usage errors', () => {
  it('prints help for the CLI and each command, exit 0', () => {
    for (const args of [['--help'], ['parse', '--help'], ['screen', '--help']]) {
      const r = shortlist(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage/);
    }
  });

  it('rejects an unknown flag or command with exit 2 and the help', () => {
    const flagRun = shortlist(['screen', '--job', 'j.txt', '--fast', 'a.pdf']);
    expect(flagRun.code).toBe(2);
    expect(flagRun.stderr).toMatch(/unknown option "--fast"/);
    expect(flagRun.stderr).toMatch(/Usage: shortlist screen/);
    expect(shortlist(['rank']).code).toBe(2);
  });

  it('fails clearly on a missing file (parse) and a missing job (screen), exit 1', () => {
    const parse = shortlist(['parse', 'nope.pdf']);
    expect(parse.code).toBe(1);
    expect(parse.stderr).toMatch(/nope\.pdf: cannot read \(no such file\)/);
    const screen = shortlist(['screen', '--job', 'no-job.txt', '.']);
    expect(screen.code).toBe(1);
    expect(screen.stderr).toMatch(/no-job\.txt/);
  });

  it('parse reports a bad file with its error code, exit 1', () => {
    writeBadInputCorpus(tmp, ['encrypted.pdf']);
    const r = shortlist(['parse', 'encrypted.pdf']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/encrypted\.pdf: .*password.*\[pdf-encrypted\]/);
  });
});

/** 10 INFORMATION-TECHNOLOGY resumes and the first resume of 10 other categories, copied to `dir`. */
function copyRealResumes(dir: string): { it: string[]; other: string[] } {
  fs.mkdirSync(dir, { recursive: true });
  const pick = (category: string, n: number) =>
    fs.readdirSync(path.join(pdfRoot, category)).filter((f) => f.endsWith('.pdf')).sort().slice(0, n).map((f) => path.join(pdfRoot, category, f));
  const others = fs.readdirSync(pdfRoot).filter((c) => c !== 'INFORMATION-TECHNOLOGY').sort();
  const step = Math.max(1, Math.floor(others.length / 10));
  const otherSources = others.filter((_, i) => i % step === 0).slice(0, 10).flatMap((c) => pick(c, 1));
  const copy = (src: string, prefix: string) => {
    const dest = path.join(dir, `${prefix}-${path.basename(src)}`);
    fs.copyFileSync(src, dest);
    return dest;
  };
  return { it: pick('INFORMATION-TECHNOLOGY', 10).map((s) => copy(s, 'it')), other: otherSources.map((s) => copy(s, 'other')) };
}

const IT_JOB = {
  title: 'Information Technology Specialist',
  description: [
    'Support our information technology infrastructure: networks, servers, desktops and the help desk.',
    'Requirements: 3+ years of experience in IT support or systems administration; Windows Server, Active Directory,',
    'networking (TCP/IP, DNS, DHCP, LAN/WAN), troubleshooting hardware and software, SQL.',
    'Nice to have: Linux, VMware, Cisco, ITIL, scripting. Bachelor degree in Computer Science or Information Technology.'
  ].join('\n')
};

describe.skipIf(!hasShared)('screen on real PDFs and the bad-input corpus', () => {
  let output: ScreenOutput;
  let resumes: { it: string[]; other: string[] };
  let badFiles: string[];
  let code: number | null;
  let stderr = '';

  beforeAll(() => {
    resumes = copyRealResumes(path.join(tmp, 'resumes'));
    badFiles = writeBadInputCorpus(path.join(tmp, 'bad'));
    fs.writeFileSync(path.join(tmp, 'it-job.json'), JSON.stringify(IT_JOB));
    fs.writeFileSync(path.join(tmp, 'chef-job.txt'), 'Head Chef\n\nRun a busy kitchen: menu planning, food safety, inventory, leading line cooks. Culinary degree preferred.\n');
    const designerLines = ['Graphic Designer', 'Create brand identities and layouts in Adobe Illustrator and Photoshop.', 'Portfolio required; 2+ years of design experience.'];
    fs.writeFileSync(path.join(tmp, 'designer-job.pdf'), buildPdf([{ content: designerLines.map((l, i) => textOp(72, 720 - i * 16, l)).join('\n') }]));
    // The commonest way a posting is saved: one paragraph, no title line.
    fs.writeFileSync(path.join(tmp, 'paragraph-job.txt'), 'We are looking for an experienced IT Support Specialist to run our help desk and Windows servers. 3+ years of IT support experience and Active Directory are required; ITIL is a plus.\n');
    // A byte-identical copy of a resume is screened once and listed as a duplicate.
    fs.copyFileSync(resumes.it[0], path.join(tmp, 'resumes', 'zz-copy-of-first.pdf'));
    // --workers 2 exercises the thread pool even where the default would parse in-process (2 cores).
    const r = shortlist(['screen', '--workers', '2', '--job', 'it-job.json', '--job', 'chef-job.txt', '--job', 'designer-job.pdf', '--job', 'paragraph-job.txt', '--out', 'out/result.json', 'resumes', 'bad', 'missing.pdf']);
    code = r.code;
    stderr = r.stderr;
    output = JSON.parse(fs.readFileSync(path.join(tmp, 'out/result.json'), 'utf8'));
  }, 240_000);

  it('writes the documented shape for every job, sorted by score; exit 1 because an input path does not exist', () => {
    expect(code).toBe(1);
    expect(stderr).toMatch(/1 input path does not exist/);
    expect(stderr).toMatch(/screened 20 resumes against 4 jobs in [\d.]+ s; \d+ files could not be read.*; 1 duplicate skipped; wrote out\/result\.json/);
    expect(Object.keys(output).sort()).toEqual(['duplicates', 'errors', 'jobs']);
    expect(output.duplicates).toEqual([{ file: path.join('resumes', 'zz-copy-of-first.pdf'), duplicateOf: path.relative(tmp, resumes.it[0]), reason: 'same-file' }]);
    expect(output.jobs.map((j) => j.job)).toEqual(['it-job.json', 'chef-job.txt', 'designer-job.pdf', 'paragraph-job.txt']);
    const all = [...resumes.it, ...resumes.other].map((f) => path.relative(tmp, f)).sort();
    for (const job of output.jobs) {
      expect(Object.keys(job).sort()).toEqual(['job', 'ranking', 'requirements', 'title']);
      expect(job.ranking.map((r) => r.file).sort()).toEqual(all);
      const ids = job.requirements.map((r) => r.id);
      for (const row of job.ranking) {
        expect(Object.keys(row).sort()).toEqual(['breakdown', 'evidence', 'file', 'flags', 'mustHaves', 'requirements', 'score']);
        expect(row.score).toBeGreaterThanOrEqual(0);
        expect(row.score).toBeLessThanOrEqual(100);
        // Every job requirement has a verdict; numbers are rounded for people.
        expect(row.requirements.map((r) => r.id)).toEqual(ids);
        for (const b of Object.values(row.breakdown)) expect(String(b.weight).length).toBeLessThanOrEqual(5);
        expect(row.mustHaves.total).toBe(job.requirements.filter((r) => r.priority === 'must').length);
        expect(Array.isArray(row.evidence)).toBe(true);
      }
      const scores = job.ranking.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('reads a one-paragraph job file: a role for its title, requirements with the sentence they came from', () => {
    const job = output.jobs[3];
    expect(job.title).toBe('IT Support Specialist');
    const byId = new Map(job.requirements.map((r) => [r.id, r]));
    expect(byId.get('years')).toMatchObject({ priority: 'must' });
    expect(byId.get('years')!.sentence).toMatch(/^3\+ years of IT support experience and Active Directory are required$/);
    expect(byId.get('skill:active directory')).toMatchObject({ priority: 'must' });
    expect(byId.get('skill:itil')).toMatchObject({ priority: 'nice', sentence: 'ITIL is a plus.' });
  });

  it('lists every bad file (and the missing path) once under errors, naming the file', () => {
    const expected = [...badFiles.map((f) => path.relative(tmp, f)), 'missing.pdf'].sort();
    expect(output.errors.map((e) => e.file).sort()).toEqual(expected);
    for (const e of output.errors) expect(e.error).toContain(path.basename(e.file));
    expect(BAD_INPUTS.length).toBe(badFiles.length);
  });

  it('ranks IT resumes above the other categories for an IT job (AUC ≥ 0.75)', () => {
    const ranking = output.jobs[0].ranking;
    const isIt = (f: string) => path.basename(f).startsWith('it-');
    const itScores = ranking.filter((r) => isIt(r.file)).map((r) => r.score);
    const otherScores = ranking.filter((r) => !isIt(r.file)).map((r) => r.score);
    let wins = 0;
    for (const a of itScores) for (const b of otherScores) wins += a > b ? 1 : a === b ? 0.5 : 0;
    const auc = wins / (itScores.length * otherScores.length);
    console.log(`IT job: AUC of IT vs other resumes = ${auc.toFixed(3)}`);
    expect(auc).toBeGreaterThanOrEqual(0.75);
  });

  it('prints to stdout without --out, in-process with --workers 1, and parse gives JSON Resume with valid provenance', () => {
    const one = path.relative(tmp, resumes.it[0]);
    const r = shortlist(['screen', '--no-blind', '--workers', '1', '--job', 'it-job.json', one]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ScreenOutput;
    expect(out.jobs[0].ranking.map((x) => x.file)).toEqual([one]);
    expect(out.errors).toEqual([]);
    // --no-blind changes what is shown, never the score.
    const blindRow = output.jobs[0].ranking.find((x) => x.file === one)!;
    expect(out.jobs[0].ranking[0].score).toBe(blindRow.score);
    expect(shortlist(['screen', '--job', 'it-job.json', 'bad']).code).toBe(1); // no resume could be read

    const parsed = shortlist(['parse', one, '--out', 'parsed.json']);
    expect(parsed.code).toBe(0);
    const doc = JSON.parse(fs.readFileSync(path.join(tmp, 'parsed.json'), 'utf8'));
    expect(doc).toMatchObject({ file: one, kind: 'pdf', imageOnly: false, hidden: { chars: 0 } });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    const { resume } = doc;
    for (const key of ['basics', 'work', 'education', 'skills', 'provenance']) expect(resume).toHaveProperty(key);
    expect(resume.provenance.length).toBeGreaterThan(0);
    for (const p of resume.provenance) {
      expect(p.start).toBeGreaterThanOrEqual(0);
      expect(p.end).toBeLessThanOrEqual(resume.text.length);
      expect(p.end).toBeGreaterThan(p.start);
    }
    expect(fs.readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
