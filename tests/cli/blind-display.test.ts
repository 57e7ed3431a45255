/**
 * `shortlist screen --blind | --no-blind`: one scoring behaviour, two displays. Scores are computed on the
 * masked text either way (as in the app); --no-blind only shows evidence as written and the contact fields.
 * Runs in-process on synthetic .txt resumes (tests/fixtures/synthetic-resumes.ts), so it needs no ../shared.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args';
import { ingestCandidateFile } from '../../src/cli/candidates';
import { screenResumes, type ScreenOutput } from '../../src/cli/screen';
import { syntheticResumes, type SyntheticResume } from '../fixtures/synthetic-resumes';

const JOB = `DevOps Engineer
Requirements:
- 3+ years running CI/CD with Jenkins
- Kafka and Cassandra in production
- Docker, Kubernetes and Terraform
- Ruby, Python or Rust scripting`;

let tmp = '';
let docs: SyntheticResume[] = [];
let blind: ScreenOutput;
let open: ScreenOutput;

async function screen(flag: string): Promise<ScreenOutput> {
  const cmd = parseArgs(['screen', flag, '--workers', '1', '--job', path.join(tmp, 'job.txt'), path.join(tmp, 'resumes')]);
  if (cmd.kind !== 'screen') throw new Error('expected a screen command');
  const r = await screenResumes({ jobs: cmd.jobs, inputs: cmd.inputs, blind: cmd.blind, workers: cmd.workers });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-blind-'));
  fs.mkdirSync(path.join(tmp, 'resumes'));
  fs.writeFileSync(path.join(tmp, 'job.txt'), JOB);
  // Every layout, and names of every origin including names that are skills (Jenkins, Kafka, Ruby …).
  docs = [...syntheticResumes(11, 5, 'tune'), ...syntheticResumes(11, 6, 'check')];
  docs.forEach((d, i) => fs.writeFileSync(path.join(tmp, 'resumes', `r${String(i).padStart(2, '0')}.txt`), d.text));
  blind = await screen('--blind');
  open = await screen('--no-blind');
}, 120_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('screen --blind / --no-blind', () => {
  it('gives every file the same score and the same rank both ways', () => {
    const b = blind.jobs[0].ranking;
    const o = open.jobs[0].ranking;
    expect(b.length).toBe(docs.length);
    expect(o.map((r) => r.file)).toEqual(b.map((r) => r.file));
    expect(o.map((r) => r.score)).toEqual(b.map((r) => r.score));
    expect(o.map((r) => r.breakdown)).toEqual(b.map((r) => r.breakdown));
  });

  it('shows masked evidence and no contact fields in blind mode', () => {
    for (const row of blind.jobs[0].ranking) {
      expect(row.contact).toBeUndefined();
      const doc = docs[Number(path.basename(row.file).slice(1, 3))];
      const names = doc.spans.filter((s) => s.tag === 'name:candidate').map((s) => doc.text.slice(s.start, s.end));
      for (const e of row.evidence) for (const n of names) expect(e.text.includes(n), `${row.file}: evidence shows the name`).toBe(false);
    }
  });

  it('shows evidence as written and the contact fields without --blind', async () => {
    let withName = 0;
    for (const row of open.jobs[0].ranking) {
      // Spans index the text as ingested (normalised), which is what the parser and the scorer read.
      const ingested = await ingestCandidateFile(row.file);
      if (!ingested.ok) throw new Error(ingested.error.error);
      const text = ingested.value.resume.text;
      for (const e of row.evidence) expect(e.text).toBe(text.slice(e.start, e.end));
      expect(row.evidence.some((e) => e.text.includes('['))).toBe(false);
      expect(row.contact).toBeDefined();
      if (row.contact?.name) withName++;
    }
    // The parser finds the name in most headers; what matters is that it is shown, not hidden.
    expect(withName).toBeGreaterThan(docs.length / 2);
  });
});
