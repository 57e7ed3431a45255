/**
 * `sample` then every data command on its output, as the README tells a new user to do: each command
 * succeeds, every training record's metadata says synthetic, leakage checks pass, DPO rows have the TRL
 * shape and the feedback import yields recruiter-chosen preferences.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImportFeedback } from '../../src/cli/commands/import-feedback';
import { runPairs } from '../../src/cli/commands/pairs';
import { runPrefs } from '../../src/cli/commands/prefs';
import { runPrepare } from '../../src/cli/commands/prepare';
import { runSample } from '../../src/cli/commands/sample';
import type { ChatSftRecord, PreferenceRecord, ScoredPairRecord } from '../../src/data/types';
import { listFiles, quietContext, readJsonl, readReport, tempDir } from '../data/helpers';

const { dir, cleanup } = tempDir('sample');
afterAll(cleanup);
const sample = path.join(dir, 'sample');
const at = (...parts: string[]) => path.join(sample, ...parts);

/** Every JSONL record under an output folder. */
function allRecords<T>(out: string): T[] {
  return listFiles(out).filter((f) => f.endsWith('.jsonl')).flatMap((f) => readJsonl<T>(path.join(out, f)));
}

describe('sample → prepare / pairs / prefs / import-feedback', () => {
  beforeAll(async () => {
    await runSample(['--out', sample], quietContext());
  });

  it('prepare (decisions) marks every record synthetic and keeps candidates in one split', async () => {
    const out = at('out', 'prepare');
    await runPrepare([at('hiring_records.csv'), '--col-resume', 'resume', '--col-role', 'role', '--col-jd', 'job_description', '--col-decision', 'decision', '--col-reasoning', 'reasoning', '--col-candidate', 'candidate_id', '--out', out], quietContext());
    const report = readReport(out);
    expect(report.leakage?.ok).toBe(true);
    expect(report.pii?.masksByKind.email).toBeGreaterThanOrEqual(24);
    const records = allRecords<{ metadata?: { synthetic: boolean }; synthetic?: boolean }>(out);
    expect(records.length).toBeGreaterThan(24);
    for (const r of records) expect(r.metadata?.synthetic ?? r.synthetic).toBe(true);
    const sft = readJsonl<ChatSftRecord>(path.join(out, 'sft/train.jsonl'));
    for (const r of sft) expect(r.metadata.target).toBe('decision');
  });

  it('prepare (skill scores) writes the app skill-score object as the target', async () => {
    const out = at('out', 'skills');
    await runPrepare([at('skill_scores.jsonl'), '--col-resume', 'resume', '--col-role', 'role', '--col-jd', 'job_description', '--col-scores', 'scores', '--col-candidate', 'candidate_id', '--out', out], quietContext());
    const sft = readJsonl<ChatSftRecord>(path.join(out, 'sft/train.jsonl'));
    const answer = JSON.parse(sft[0].messages[2].content) as { scores: Record<string, { score: number }> };
    const ids = Object.keys(answer.scores);
    expect(ids).toHaveLength(4);
    for (const s of Object.values(answer.scores)) expect(Number.isInteger(s.score) && s.score >= 0 && s.score <= 5).toBe(true);
    for (const id of ids) expect(sft[0].messages[1].content).toContain(`id=${id}`);
  });

  it('pairs from labelled rows and from the synthetic folder', async () => {
    const labelled = at('out', 'pairs-labelled');
    await runPairs([at('labelled_pairs.jsonl'), '--out', labelled], quietContext());
    const rows = allRecords<ScoredPairRecord>(path.join(labelled, 'pairs'));
    expect(rows).toHaveLength(72);
    for (const r of rows) expect(r.metadata.synthetic).toBe(true);
    const folder = at('out', 'pairs-folder');
    await runPairs(['--data-root', at('folder'), '--negative-ratio', '2', '--out', folder], quietContext());
    const report = readReport(folder);
    expect(report.leakage?.ok).toBe(true);
    const pairs = allRecords<ScoredPairRecord>(path.join(folder, 'pairs'));
    const positives = pairs.filter((p) => p.score === 1);
    expect(new Set(positives.map((p) => p.metadata.hash)).size).toBe(24); // every resume gives passages (up to 4 each)
    expect(pairs.filter((p) => p.score === 0)).toHaveLength(2 * positives.length);
    for (const p of pairs) {
      expect(p.metadata.synthetic).toBe(true);
      expect(p.sentence1).toMatch(/^SYNTHETIC job description/);
    }
  });

  it('prefs writes TRL conversational DPO rows', async () => {
    const out = at('out', 'prefs');
    await runPrefs([at('corrections.jsonl'), '--col-role', 'role', '--col-jd', 'job_description', '--col-candidate', 'candidate_id', '--out', out], quietContext());
    const rows = allRecords<PreferenceRecord>(path.join(out, 'dpo'));
    expect(rows).toHaveLength(24);
    for (const r of rows) {
      expect((r.prompt as { role: string }[]).map((m) => m.role)).toEqual(['system', 'user']);
      expect((r.chosen as { role: string }[])[0].role).toBe('assistant');
      expect(r.chosen).not.toEqual(r.rejected);
      expect(r.metadata.synthetic).toBe(true);
    }
  });

  it('import-feedback turns overrides into SFT and DPO rows', async () => {
    const out = at('out', 'feedback');
    await runImportFeedback([at('feedback_export.json'), '--out', out], quietContext());
    const report = readReport(out);
    expect(report.counts.items).toBe(12);
    expect(report.leakage?.ok).toBe(true);
    const dpo = allRecords<PreferenceRecord>(path.join(out, 'dpo'));
    expect(dpo.length).toBe(report.counts.preferencePairs);
    expect(dpo.length).toBeGreaterThan(0);
    for (const r of dpo) expect(r.metadata.target).toBe('correction');
    const sft = allRecords<ChatSftRecord>(path.join(out, 'sft'));
    expect(sft.length).toBeGreaterThanOrEqual(12);
    for (const r of sft) {
      expect(r.metadata.synthetic).toBe(true);
      expect(r.messages[1].content).not.toMatch(/@example\.com/);
    }
  });
});
