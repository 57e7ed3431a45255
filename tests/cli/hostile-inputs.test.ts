/**
 * The hostile-input suite (tests/fixtures/hostile-inputs.ts, generated) through the real `shortlist screen`
 * subprocess: every file is accounted for exactly once (ranked, an error, or a duplicate); each bad file's error
 * names it and is the core's own message for it; scans are refused as image-only; byte-identical and re-saved
 * copies are screened once and listed as duplicates with the reason; hidden text and prompt injection are flagged
 * on the candidate's row. The files over 10 MB are left out here (they test the app's storage limits).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from '../../src/lib/core/ingest';
import { writeHostileCorpus, type HostileFile } from '../fixtures/hostile-inputs';

const repoRoot = path.resolve(__dirname, '../..');
const bin = path.join(repoRoot, 'bin/shortlist.js');

interface Row { file: string; score: number; flags: Array<{ kind: string; message: string }> }
interface Output { jobs: Array<{ ranking: Row[] }>; errors: Array<{ file: string; error: string }>; duplicates: Array<{ file: string; duplicateOf: string; reason: string }> }

let tmp = '';
let corpus: Array<HostileFile & { path: string }> = [];
let output: Output;
let code: number | null;
let stderr = '';

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-hostile-'));
  corpus = writeHostileCorpus(path.join(tmp, 'hostile'), { large: false });
  fs.writeFileSync(path.join(tmp, 'job.txt'), 'Senior Accountant\n\nGeneral ledger, month-end close, GAAP, Excel and QuickBooks. 3+ years of experience.\n');
  const r = spawnSync(process.execPath, [bin, 'screen', '--workers', '1', '--job', 'job.txt', '--out', 'out.json', 'hostile'], { cwd: tmp, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  code = r.status;
  stderr = r.stderr;
  output = JSON.parse(fs.readFileSync(path.join(tmp, 'out.json'), 'utf8'));
}, 240_000);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const rel = (f: { name: string }) => path.join('hostile', f.name);

describe('shortlist screen on the hostile-input suite', () => {
  it('accounts for every file exactly once and finishes the batch (exit 0)', () => {
    expect(code, stderr).toBe(0);
    expect(corpus.length).toBeGreaterThanOrEqual(45);
    const seen = [...output.jobs[0].ranking.map((r) => r.file), ...output.errors.map((e) => e.file), ...output.duplicates.map((d) => d.file)];
    expect(seen.sort()).toEqual(corpus.map(rel).sort());
  });

  it('gives each bad file one error that names it: the core reader’s own message', async () => {
    for (const f of corpus.filter((c) => c.expect.kind === 'error')) {
      const errors = output.errors.filter((e) => e.file === rel(f));
      expect(errors, f.name).toHaveLength(1);
      const direct = await extractText(f.bytes(), rel(f));
      expect(direct.ok, f.name).toBe(false);
      if (!direct.ok) {
        expect(direct.error.code, f.name).toBe((f.expect as { code: string }).code);
        expect(errors[0].error).toBe(direct.error.message);
      }
      expect(errors[0].error).toContain(f.name);
    }
    for (const f of corpus.filter((c) => c.expect.kind === 'image-only')) {
      expect(output.errors.find((e) => e.file === rel(f))?.error).toMatch(/image-only PDF .* needs OCR/);
    }
  });

  it('ranks every readable file once, hostile names included, and flags hidden text and injection', () => {
    const ranking = new Map(output.jobs[0].ranking.map((r) => [r.file, r]));
    // The originals of the duplicate pairs are checked by the next test (either of a pair may be the one ranked).
    const originals = new Set(corpus.flatMap((c) => (c.expect.kind === 'duplicate' ? [c.expect.of] : [])));
    for (const f of corpus.filter((c) => c.expect.kind === 'candidate' && !originals.has(c.name))) {
      const row = ranking.get(rel(f));
      expect(row, f.name).toBeDefined();
      const e = f.expect as { injection?: boolean; hiddenText?: boolean };
      const kinds = row!.flags.map((x) => x.kind);
      expect(kinds.includes('prompt-injection'), `${f.name} injection flag`).toBe(Boolean(e.injection));
      expect(kinds.includes('hidden-text'), `${f.name} hidden-text flag`).toBe(Boolean(e.hiddenText));
    }
  });

  it('screens a byte-identical or re-saved copy once and lists the other under duplicates with the reason', () => {
    const ranked = new Set(output.jobs[0].ranking.map((r) => r.file));
    for (const f of corpus.filter((c) => c.expect.kind === 'duplicate')) {
      const e = f.expect as { of: string; reason: string };
      const pair = [rel(f), path.join('hostile', e.of)];
      // Which of the two comes first depends on the folder order; exactly one is ranked, the other points to it.
      const kept = pair.filter((p) => ranked.has(p));
      expect(kept, f.name).toHaveLength(1);
      const dropped = pair.find((p) => p !== kept[0])!;
      expect(output.duplicates.find((d) => d.file === dropped)).toEqual({ file: dropped, duplicateOf: kept[0], reason: e.reason });
    }
    expect(stderr).toMatch(new RegExp(`${output.duplicates.length} duplicates skipped`));
  });
});
