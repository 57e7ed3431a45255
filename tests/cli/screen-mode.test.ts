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
import { strToU8 } from 'fflate';
import { buildDocx } from '../fixtures/bad-inputs';
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

  it('scores with "Present" resolved to the document date, as the shown parse resolves it', async () => {
    const core = '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dcterms:modified xsi:type="dcterms:W3CDTF">2018-06-01T00:00:00Z</dcterms:modified></cp:coreProperties>';
    const file = path.join(tmp, 'dated.docx');
    const lines = ['Morgan Quill', 'morgan.quill@example.org', 'EXPERIENCE', 'Data Analyst, Acme Corp', 'January 2014 – Present', 'Built SQL reports.', 'SKILLS', 'SQL, Excel'];
    fs.writeFileSync(file, buildDocx(lines, { 'docProps/core.xml': strToU8(core) }));
    const full = await ingestCandidateFile(file);
    const screen = await ingestCandidateFile(file, 'screen');
    if (!full.ok || !screen.ok) throw new Error('dated.docx: not ingested');
    expect(full.value.resume.referenceMonth).toBe('2018-06');
    expect(screen.value.resume.referenceMonth).toBe('2018-06');
    const years = full.value.resume.totalYearsExperience!;
    expect(years).toBeGreaterThan(4);
    expect(years).toBeLessThan(5);
    // The text the scorer sees is the masked re-parse: it must count the same years, not up to today.
    expect(prepareBlindResume(full.value.resume).resume.totalYearsExperience).toBe(years);
    const received = structuredClone({ resume: screen.value.resume, blind: screen.value.blind! });
    adoptBlindResume(received.resume, received.blind);
    expect(prepareBlindResume(received.resume).resume).toBe(received.blind.resume);
    expect(received.blind.resume.totalYearsExperience).toBe(years);
    expect(scoreCandidate(JOB, received.resume)).toEqual(scoreCandidate(JOB, full.value.resume));
  });
});
