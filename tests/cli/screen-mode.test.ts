/**
 * ingestCandidateFile mode 'screen': the original is parsed only for its contact fields and the blind resume is
 * prepared in the ingesting thread, then adopted where scoring runs. It must score exactly as the full parse does
 * and show the same contact fields, also after the blind resume crossed a thread (structured clone).
 * Runs on synthetic .txt resumes (tests/fixtures/synthetic-resumes.ts), so it needs no ../shared.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCandidateFile } from '../../src/cli/candidates';
import { parseJob } from '../../src/lib/core/job';
import { adoptBlindResume, prepareBlindResume, scoreCandidate } from '../../src/lib/core/score';
import { syntheticResumes } from '../fixtures/synthetic-resumes';

const JOB = parseJob({
  title: 'DevOps Engineer',
  description: 'Requirements:\n- 3+ years running CI/CD with Jenkins\n- Kafka and Cassandra in production\n- Docker, Kubernetes and Terraform\n- Ruby, Python or Rust scripting'
});

let tmp = '';
let files: string[] = [];

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-screen-mode-'));
  files = syntheticResumes(11, 4, 'check').map((d, i) => {
    const file = path.join(tmp, `r${i}.txt`);
    fs.writeFileSync(file, d.text);
    return file;
  });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("ingestCandidateFile mode 'screen'", () => {
  it('shows the contact fields of the full parse and scores the same, after a structured clone too', async () => {
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const full = await ingestCandidateFile(file);
      const screen = await ingestCandidateFile(file, 'screen');
      if (!full.ok || !screen.ok) throw new Error(`${file}: not ingested`);
      const [a, b] = [full.value.resume.basics, screen.value.resume.basics];
      expect(screen.value.resume.text).toBe(full.value.resume.text);
      expect([b.name, b.email, b.phone, b.location]).toEqual([a.name, a.email, a.phone, a.location]);
      expect(screen.value.blind).toBeDefined();
      // What the main thread receives from a pool thread: a clone, without the mask's offset map.
      const received = structuredClone({ resume: screen.value.resume, blind: screen.value.blind! });
      adoptBlindResume(received.resume, received.blind);
      expect(prepareBlindResume(received.resume).resume).toBe(received.blind.resume); // adopted, not recomputed
      expect(scoreCandidate(JOB, received.resume)).toEqual(scoreCandidate(JOB, full.value.resume));
    }
  });

  it('ignores a blind resume prepared under another month', async () => {
    const screen = await ingestCandidateFile(files[0], 'screen');
    if (!screen.ok) throw new Error('not ingested');
    const received = structuredClone({ resume: screen.value.resume, blind: screen.value.blind! });
    adoptBlindResume(received.resume, { ...received.blind, key: 'now:1999-0' });
    expect(prepareBlindResume(received.resume).resume).not.toBe(received.blind.resume);
  });
});
