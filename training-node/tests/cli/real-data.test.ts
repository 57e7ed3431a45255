/**
 * `prepare` and `pairs` on the real sets in ../shared/data (skipped when absent):
 *   - UpdatedResumeDataSet: 962 rows, 166 distinct texts (dedupe must find the rest), 68 rows with "Ã"/"Â"
 *     mojibake (none may survive), zero leakage — checked again here from the written files;
 *   - DataTurks resumes (JSON lines named .json): PII masking leaves no email or phone pattern;
 *   - Kaggle resume PDFs in folder mode through core/ingest (2 per category here; the bench runs all).
 * Expected numbers come from the datasets' documentation, not from this code's output.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasMojibake } from '../../../src/lib/core/text/mojibake';
import { runPairs } from '../../src/cli/commands/pairs';
import { runPrepare } from '../../src/cli/commands/prepare';
import type { CommandReport } from '../../src/data/report';
import type { ChatSftRecord, DocumentAuditRow, ScoredPairRecord, TripletRecord } from '../../src/data/types';
import { EMAIL_PATTERN, hasShared, PHONE_PATTERN, quietContext, readJsonl, readReport, sharedData, tempDir } from '../data/helpers';

const SPLITS = ['train', 'val', 'test'] as const;
const { dir, cleanup } = tempDir('real');
afterAll(cleanup);

/** Asserts from the written audit file that no hash or group appears in two splits. */
function expectNoLeakage(out: string): DocumentAuditRow[] {
  const audit = readJsonl<DocumentAuditRow>(path.join(out, 'training_metadata.jsonl'));
  for (const key of ['hash', 'group'] as const) {
    const splitOf = new Map<string, string>();
    for (const row of audit) {
      const seen = splitOf.get(row[key]);
      if (seen) expect(row.split).toBe(seen);
      else splitOf.set(row[key], row.split);
    }
  }
  return audit;
}

describe.skipIf(!hasShared)('prepare on UpdatedResumeDataSet.csv', () => {
  const csv = path.join(sharedData, 'updated_resume_dataset/UpdatedResumeDataSet.csv');
  const out = path.join(dir, 'updated');
  let report: CommandReport;
  beforeAll(async () => {
    await runPrepare([csv, '--col-resume', 'Resume', '--col-label', 'Category', '--out', out, '--seed', '11'], quietContext());
    report = readReport(out);
  });

  it('reads 962 rows, finds the 166 distinct texts and removes every exact duplicate', () => {
    expect(report.counts.rowsRead).toBe(962);
    expect(report.counts.distinctRawTexts).toBe(166);
    const keptAfterJunk = 962 - report.counts['dropped.too-short'] - report.counts['dropped.mostly-non-letters'] - report.counts['dropped.repeated-lines'] - report.counts['dropped.boilerplate'];
    expect(report.counts['dropped.exact-duplicate']).toBe(keptAfterJunk - report.counts.distinctTextsAfterJunk);
    expect(report.counts.rowsOut).toBe(report.counts.distinctTextsAfterJunk);
    const hashes = readJsonl<DocumentAuditRow>(path.join(out, 'training_metadata.jsonl')).map((r) => r.hash);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('repairs the 68 mojibake rows: no mojibake sequence survives in any output', () => {
    const rows = Papa.parse<{ Resume: string }>(readFileSync(csv, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.filter((r) => /[ÃÂ]/.test(r.Resume))).toHaveLength(68);
    expect(report.counts.rowsWithMojibakeRepaired).toBeGreaterThanOrEqual(68);
    for (const split of SPLITS) {
      for (const record of readJsonl<ChatSftRecord>(path.join(out, `sft/${split}.jsonl`))) {
        const user = record.messages[1].content;
        expect(hasMojibake(user)).toBe(false);
        expect(user).not.toMatch(/[ÃÂ][\u0080-\u00bf]|â€/);
      }
    }
  });

  it('splits with zero leakage, stratified by category, with well-formed TRL messages', () => {
    expect(report.leakage?.ok).toBe(true);
    const audit = expectNoLeakage(out);
    const byLabel = new Map<string, number[]>();
    for (const row of audit) {
      const counts = byLabel.get(row.label as string) ?? [0, 0, 0];
      counts[SPLITS.indexOf(row.split)]++;
      byLabel.set(row.label as string, counts);
    }
    expect(byLabel.size).toBe(25);
    for (const counts of byLabel.values()) {
      const n = counts[0] + counts[1] + counts[2];
      [0.7, 0.15, 0.15].forEach((ratio, s) => expect(Math.abs(counts[s] - ratio * n)).toBeLessThanOrEqual(1));
    }
    const train = readJsonl<ChatSftRecord>(path.join(out, 'sft/train.jsonl'));
    expect(train.length).toBeGreaterThan(0);
    for (const record of train) {
      expect(record.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
      expect(record.messages[1].content).toMatch(/<resume>[\s\S]+<\/resume>/);
      const answer = JSON.parse(record.messages[2].content) as { status: string; reasoning: string };
      expect(['select', 'reject']).toContain(answer.status);
      expect(record.metadata.synthetic).toBe(false);
      expect(record.metadata.target).toBe('category-match');
    }
  });
});

describe.skipIf(!hasShared)('prepare on the DataTurks resumes (JSON lines)', () => {
  it('masks PII so no email or phone pattern survives, and reports the masks', async () => {
    const file = path.join(sharedData, 'resume_entities_ner/Entity Recognition in Resumes.json');
    const out = path.join(dir, 'dataturks');
    await runPrepare([file, '--col-resume', 'content', '--out', out], quietContext());
    const report = readReport(out);
    expect(report.counts.rowsRead).toBe(161);
    expect(report.leakage?.ok).toBe(true);
    const raw = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { content: string }).content);
    const rawEmails = raw.reduce((n, t) => n + (t.match(new RegExp(EMAIL_PATTERN, 'g')) ?? []).length, 0);
    const rawProfileUrls = raw.reduce((n, t) => n + (t.match(/indeed\.com\/r\//g) ?? []).length, 0);
    expect(rawEmails).toBeGreaterThan(0);
    expect(report.pii?.masksByKind.email ?? 0).toBeGreaterThanOrEqual(rawEmails);
    // Indeed profile links carry the person's name: every one must be masked as a URL.
    expect(report.pii?.masksByKind.url ?? 0).toBeGreaterThanOrEqual(rawProfileUrls);
    const records = SPLITS.flatMap((s) => readJsonl<{ resume: string }>(path.join(out, `clean/${s}.jsonl`)));
    expect(records.length).toBe(report.counts.rowsOut);
    for (const r of records) {
      expect(r.resume).not.toMatch(EMAIL_PATTERN);
      expect(r.resume).not.toMatch(PHONE_PATTERN);
      expect(r.resume).not.toMatch(/indeed\.com\/r\//);
    }
    expectNoLeakage(out);
  });
});

describe.skipIf(!hasShared)('pairs in folder mode over the Kaggle resume PDFs', () => {
  it('extracts PDFs with core/ingest and writes leak-free pairs and triplets', async () => {
    const root = path.join(sharedData, 'kaggle_resume_pdfs/data');
    const out = path.join(dir, 'kaggle');
    const categories = readdirSync(root).filter((c) => !c.includes('.')).sort();
    // The folder has no job descriptions: folder mode refuses it, naming the file it looked for.
    await expect(runPairs(['--data-root', root, '--limit-per-class', '1', '--out', path.join(dir, 'kaggle-no-jd')], quietContext()))
      .rejects.toThrow(/job_descriptions\.json: no job description for ACCOUNTANT, ADVOCATE/);
    const descriptions = Object.fromEntries(categories.map((c) => [c, `We are hiring for a ${c.toLowerCase().replace(/-/g, ' ')} position: experience, skills and results in ${c.toLowerCase()}.`]));
    const jdFile = path.join(dir, 'kaggle-jds.json');
    writeFileSync(jdFile, JSON.stringify(descriptions));
    await runPairs(['--data-root', root, '--job-descriptions', jdFile, '--limit-per-class', '2', '--negative-ratio', '2', '--out', out], quietContext());
    const report = readReport(out);
    expect(report.counts.documentsOrRowsRead).toBe(48);
    expect(report.counts.documentsFailed).toBeLessThanOrEqual(1);
    expect(report.leakage?.ok).toBe(true);
    const audit = expectNoLeakage(out);
    expect(new Set(audit.map((a) => a.label)).size).toBe(24);
    for (const row of audit) expect(row.sourceFile).toMatch(/\.pdf$/);
    const splitOfHash = new Map(audit.map((a) => [a.hash, a.split]));
    for (const split of SPLITS) {
      const pairs = readJsonl<ScoredPairRecord>(path.join(out, `pairs/${split}.jsonl`));
      for (const p of pairs) {
        expect(splitOfHash.get(p.metadata.hash)).toBe(split);
        expect(p.score === 1 ? p.metadata.kind : 'negative').toBe(p.metadata.kind);
        expect(p.sentence1).toBe(descriptions[p.metadata.label!]);
        expect(p.sentence2.length).toBeGreaterThanOrEqual(100); // a passage of the app's chunker, not the whole resume
      }
      const positives = pairs.filter((p) => p.score === 1).length;
      expect(pairs.length - positives).toBeLessThanOrEqual(2 * positives);
      for (const t of readJsonl<TripletRecord>(path.join(out, `triplets/${split}.jsonl`))) {
        expect(splitOfHash.get(t.metadata.positiveHash)).toBe(split);
        expect(splitOfHash.get(t.metadata.negativeHash)).toBe(split);
        expect(t.positive).not.toBe(t.negative);
      }
    }
  });
});

describe.skipIf(!hasShared)('prepare with resume paths (PDFs through core/ingest)', () => {
  it('reads referenced PDFs, reports a missing file by name and goes on', async () => {
    const root = path.join(sharedData, 'kaggle_resume_pdfs/data');
    const categories = readdirSync(root).sort().slice(0, 3);
    const rows = categories.map((c, i) => {
      const pdf = readdirSync(path.join(root, c)).filter((f) => f.endsWith('.pdf')).sort()[0];
      return `${i},${c},${i % 2 === 0 ? 'yes' : 'no'},"${path.join(root, c, pdf)}"`;
    });
    const table = path.join(dir, 'paths.csv');
    writeFileSync(table, `id,category,decision,file\n${rows.join('\n')}\n9,NONE,no,missing/nowhere.pdf\n`);
    const out = path.join(dir, 'paths-out');
    await runPrepare([table, '--col-resume-path', 'file', '--col-label', 'category', '--col-decision', 'decision', '--out', out], quietContext());
    const report = readReport(out);
    expect(report.counts.rowsRead).toBe(4);
    expect(report.counts.resumeFilesFailed).toBe(1);
    expect(report.issues.find((i) => i.code === 'unreadable')?.message).toMatch(/missing\/nowhere\.pdf: cannot read the file \(ENOENT\)/);
    const audit = readJsonl<DocumentAuditRow>(path.join(out, 'training_metadata.jsonl'));
    expect(audit).toHaveLength(3);
    for (const row of audit) expect(row.sourceFile).toMatch(/\.pdf$/);
    const sft = SPLITS.flatMap((s) => readJsonl<ChatSftRecord>(path.join(out, `sft/${s}.jsonl`)));
    expect(sft).toHaveLength(3);
    for (const r of sft) expect(r.metadata.target).toBe('decision');
  });
});
