/**
 * `training-node eval` end to end on the real engine: `sample` → `prepare` (recommendations and skill scores) →
 * `sft` from the real llama2.c aidreams260k checkpoint (../shared) for a few steps → `eval` of base vs tuned on the
 * held-out rows → eval.json matches its schema and the metrics recomputed from its own outcomes, eval.html is
 * offline (Chart.js inlined, no remote URL), and `publish` puts summary.json in the model card. The matcher side:
 * `pairs` → `matcher` on a tiny BERT with the MiniLM tokenizer → `eval` against BM25 → `publish` picks it up.
 * Tiny models write garbage JSON: the test checks the numbers are honest (consistent, in range), not good.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPairs } from '../../src/cli/commands/pairs';
import { runPrepare } from '../../src/cli/commands/prepare';
import { runSample } from '../../src/cli/commands/sample';
import { main } from '../../src/cli/main';
import { checkEvalReport, type EvalReport } from '../../src/eval/report';
import { publishRun } from '../../src/export/publish';
import { quietContext } from '../data/helpers';
import { sharedPath, tempDir, writeJsonl, writeTinyBertDir } from '../train/fixtures';

const aidreams = sharedPath('models/llama2c-aidreams260k');
const minilm = sharedPath('models/minilm-l6-tokenizer');
const ckpt = aidreams.present ? path.join(aidreams.path, ['aidreams260K.bin'].find((f) => existsSync(path.join(aidreams.path, f))) ?? '') : '';

function silenced<T>(body: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  return body().finally(() => {
    process.stdout.write = write;
    process.stderr.write = err;
  });
}

const dir = tempDir('eval');
const sample = path.join(dir, 'sample');

beforeAll(async () => {
  await runSample(['--out', sample], quietContext());
}, 60_000);

describe.skipIf(!aidreams.present)('eval of an sft run (llama2.c aidreams260k, CPU)', () => {
  it('writes eval.json / eval.html / summary.json with honest numbers, and publish shows them', async () => {
    const at = (...p: string[]) => path.join(sample, ...p);
    const decisions = path.join(dir, 'prep-decisions');
    const skills = path.join(dir, 'prep-skills');
    await runPrepare([at('hiring_records.csv'), '--col-resume', 'resume', '--col-role', 'role', '--col-jd', 'job_description', '--col-decision', 'decision', '--col-reasoning', 'reasoning', '--col-candidate', 'candidate_id', '--out', decisions], quietContext());
    await runPrepare([at('skill_scores.jsonl'), '--col-resume', 'resume', '--col-role', 'role', '--col-jd', 'job_description', '--col-scores', 'scores', '--col-candidate', 'candidate_id', '--out', skills], quietContext());
    const lines = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean);
    const heldOut = path.join(dir, 'held-out.jsonl');
    writeFileSync(heldOut, [...lines(path.join(decisions, 'sft/test.jsonl')).slice(0, 2), ...lines(path.join(skills, 'sft/test.jsonl')).slice(0, 2)].join('\n') + '\n');
    const run = path.join(dir, 'sft-run');
    const trainCode = await silenced(() => main(['sft', '--model', ckpt, '--data', path.join(decisions, 'sft/train.jsonl'), '--out', run, '--device', 'cpu',
      '--steps', '1', '--batch-size', '1', '--seq-len', '768', '--lora-r', '4', '--quiet']));
    expect(trainCode).toBe(0);

    const code = await silenced(() => main(['eval', run, '--data', heldOut, '--max-new-tokens', '12', '--context', '768', '--quiet']));
    expect(code).toBe(0);
    const report = checkEvalReport(JSON.parse(readFileSync(path.join(run, 'eval/eval.json'), 'utf8')) as EvalReport);
    expect(report.kind).toBe('decoder');
    expect(report.models.base).toBe(ckpt);
    for (const who of ['base', 'tuned'] as const) {
      const m = report.decoder![who];
      expect(m).toMatchObject({ rows: 4, decisionRows: 2, skillRows: 2 });
      // 12 new tokens cannot hold a whole answer: every row is cut off or not JSON, and the metrics say so
      expect(m.schemaValidRate).toBe(0);
      expect(m.decisionAccuracy).toBe(0);
      expect(Object.values(m.errors).reduce((a, b) => a + b, 0)).toBe(4);
      expect(m.skillFields).toBeGreaterThan(0);
      expect(m.skillInRangeRate).toBe(0);
      expect(m.skillMae).toBeNull();
      expect(m.latency.decision.rows).toBe(2);
      expect(m.latency.decision.msMean).toBeGreaterThan(0);
      expect(m.latency.decision.tokensPerSecond).toBeGreaterThan(0);
      expect(m.calibration.bins).toHaveLength(10);
    }
    const html = readFileSync(path.join(run, 'eval/eval.html'), 'utf8');
    expect(html).toContain('new Chart(');
    expect(html).toContain('Chart.js v4'); // the UMD banner: inlined, not fetched
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
    const summary = JSON.parse(readFileSync(path.join(run, 'eval/summary.json'), 'utf8'));
    expect(summary.metrics.tuned.schema_valid).toBe(0);

    const published = await publishRun({ run, out: path.join(dir, 'pub-sft'), formats: ['fp32'], mlc: 'none', log: () => {} });
    const card = published.manifest.model_card!;
    // RUN/eval/summary.json, found by publish without a flag; the card names what it measured, not the file.
    expect(card.eval!.source).toBe(summary.source);
    expect(card.eval!.source).toMatch(/^training-node eval on .+ \(\d+ rows\)$/);
    expect(card.eval!.metrics['tuned.schema_valid']).toBe(0);
    expect(card.eval!.metrics['base.json_valid']).toBe(report.decoder!.base.jsonValidRate);
  }, 600_000);

  it('names the file and line of a bad held-out row', async () => {
    const run = path.join(dir, 'sft-run');
    const bad = writeJsonl(path.join(dir, 'bad.jsonl'), [{ messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: '{"verdict": 1}' }] }]);
    const errors: string[] = [];
    const err = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((c: string) => (errors.push(String(c)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['eval', run, '--data', bad, '--quiet'])).toBe(1);
      expect(await main(['eval', run, '--data', path.join(dir, 'missing.jsonl'), '--quiet'])).toBe(1);
    } finally {
      process.stderr.write = err;
    }
    expect(errors.join('')).toContain(`${bad}:1: the assistant answer is neither the app's recommendation`);
    expect(errors.join('')).toContain(`--data ${path.join(dir, 'missing.jsonl')}: not found`);
  }, 120_000);
});

describe.skipIf(!minilm.present)('eval of a matcher run (tiny BERT, MiniLM tokenizer) against BM25', () => {
  it('ranks held-out passages with base, tuned and BM25 in one run, and publish shows it', async () => {
    const pairs = path.join(dir, 'pairs');
    await runPairs(['--data-root', path.join(sample, 'folder'), '--negative-ratio', '1', '--out', pairs], quietContext());
    const base = path.join(dir, 'bert-base');
    writeTinyBertDir(base, 5);
    const run = path.join(dir, 'matcher-run');
    const trainCode = await silenced(() => main(['matcher', '--model', base, '--tokenizer', minilm.path, '--data', path.join(pairs, 'pairs/train.jsonl'),
      '--loss', 'cosine', '--out', run, '--device', 'cpu', '--steps', '3', '--batch-size', '4', '--quiet']));
    expect(trainCode).toBe(0);
    const heldOut = path.join(pairs, 'pairs/test.jsonl');
    const code = await silenced(() => main(['eval', run, '--data', heldOut, '--quiet']));
    expect(code).toBe(0);
    const report = checkEvalReport(JSON.parse(readFileSync(path.join(run, 'eval/eval.json'), 'utf8')) as EvalReport);
    const m = report.matcher!;
    expect(m.queries).toBeGreaterThan(1);
    for (const r of [m.base, m.tuned, m.bm25]) {
      expect(r.queries).toBe(m.queries);
      for (const v of [r.top1, r.mrr, r.precisionAt10]) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(1);
      expect(r.mrr!).toBeGreaterThanOrEqual(r.top1!); // MRR counts a top-1 hit as 1
    }
    expect(m.tuned.msPerText).toBeGreaterThan(0);
    expect(report.settings.tunedMaxLength).toBe(128); // the app's length: MiniLM's 512, capped by the tiny model's positions
    console.log(`[eval] matcher held-out: BM25 top1 ${m.bm25.top1} MRR ${m.bm25.mrr?.toFixed(3)} | base MRR ${m.base.mrr?.toFixed(3)} | tuned MRR ${m.tuned.mrr?.toFixed(3)}`);
    const published = await publishRun({ run, out: path.join(dir, 'pub-matcher'), formats: ['fp32'], log: () => {} });
    expect(published.manifest.model_card!.eval!.metrics['bm25.mrr']).toBe(m.bm25.mrr);
  }, 600_000);
});
