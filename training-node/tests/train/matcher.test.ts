/**
 * Matcher training on the CPU path: the three sentence-transformers losses have gradients that match finite
 * differences; MNRL training of a tiny random-init BERT (real MiniLM WordPiece tokenizer from ../shared)
 * raises MRR of the true category on a HELD-OUT split of the Kaggle UpdatedResumeDataSet (deduplicated
 * texts, split by text so no resume is in both) over the untrained encoder, measured on the exported
 * model folder; and the `matcher` CLI trains LoRA with the cosine loss on scored pairs.
 * No resume text is printed; only counts and MRR numbers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { servingMaxLength } from '../../src/train/model-load';
import { fnv1a32, seededRandom } from '../../src/data/random';
import { loadHfBert, loadHfTokenizer } from '../../src/io/hf';
import { nodeModelFiles } from '../../src/io/node-files';
import { makeTrainConfig } from '../../src/train/config';
import { cachedTokenizer, encodeTexts, matcherLoss, meanReciprocalRank } from '../../src/train/matcher';
import { runMatcherTraining } from '../../src/train/matcher-run';
import { readMetrics } from '../../src/train/metrics';
import { centralDifference, expectGradClose } from '../models/finite-diff';
import { sharedPath, tempDir, writeJsonl, writeTinyBertDir } from './fixtures';

const tokDir = sharedPath('models/minilm-l6-tokenizer');
const resumes = sharedPath('data/updated_resume_dataset/UpdatedResumeDataSet.csv');
const quiet = { log: () => {} };

function unitRows(n: number, C: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const x = new Float32Array(n * C);
  for (let i = 0; i < n; i++) {
    let ss = 0;
    for (let c = 0; c < C; c++) ss += (x[i * C + c] = random() - 0.5) ** 2;
    for (let c = 0; c < C; c++) x[i * C + c] /= Math.sqrt(ss);
  }
  return x;
}

describe('matcher losses', () => {
  for (const loss of ['mnrl', 'cosine', 'triplet'] as const) {
    it(`${loss}: gradients w.r.t. every embedding column match finite differences`, () => {
      const n = 3, C = 5;
      const cols = [unitRows(n, C, 1), unitRows(n, C, 2), unitRows(n, C, 3)].slice(0, loss === 'cosine' ? 2 : 3);
      const opts = { scale: 20, margin: loss === 'triplet' ? 1.2 : 5, scores: Float32Array.from([0.9, 0.1, 0.5]) };
      const { grads } = matcherLoss(loss, cols, n, C, opts);
      cols.forEach((col, k) => {
        for (let i = 0; i < col.length; i++) {
          const numeric = centralDifference(col, i, () => matcherLoss(loss, cols, n, C, opts).loss, 1e-3);
          expectGradClose(grads[k][i], numeric, `${loss} col ${k}[${i}]`, 1e-3, 2e-2);
        }
      });
    });
  }

  it('MRR is 1 for a perfect ranking and 1/rank otherwise', () => {
    const q = Float32Array.from([1, 0, 0, 1]);
    const cands = Float32Array.from([1, 0, 0.6, 0.8, 0, 1]);
    expect(meanReciprocalRank(q, cands, [0, 2], 2)).toBe(1);
    expect(meanReciprocalRank(q, cands, [1, 0], 2)).toBeCloseTo((1 / 2 + 1 / 3) / 2, 12);
  });
});

/** Deduplicated (category, text) rows of UpdatedResumeDataSet, split by text hash (2 of every 7 held out). */
function resumeSplit(): { train: { category: string; text: string }[]; test: { category: string; text: string }[]; categories: string[] } {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(resumes.path, 'utf8'), { header: true, skipEmptyLines: true });
  const seen = new Set<string>();
  const rows: { category: string; text: string }[] = [];
  for (const r of parsed.data) {
    const text = (r.Resume ?? '').replace(/\s+/g, ' ').trim();
    if (!text || seen.has(text)) continue;
    seen.add(text);
    rows.push({ category: r.Category.trim(), text: text.slice(0, 600) });
  }
  const categories = [...new Set(rows.map((r) => r.category))].sort();
  const heldOut = (r: { text: string }) => fnv1a32(r.text) % 7 < 2;
  return { train: rows.filter((r) => !heldOut(r)), test: rows.filter(heldOut), categories };
}

describe.skipIf(!tokDir.present || !resumes.present)('matcher training (CPU, tiny BERT + MiniLM tokenizer)', () => {
  it('raises held-out MRR of the resume category over the untrained encoder', async () => {
    const dir = tempDir('matcher');
    writeTinyBertDir(path.join(dir, 'base'), 3);
    const { train, test, categories } = resumeSplit();
    expect(train.length + test.length).toBe(166); // the known unique-text count of this dataset
    const trainFile = writeJsonl(path.join(dir, 'train.jsonl'), train.map((r) => ({ anchor: r.category, positive: r.text })));
    const valFile = writeJsonl(path.join(dir, 'val.jsonl'), test.map((r) => ({ anchor: r.category, positive: r.text })));
    const cfg = makeTrainConfig({ mode: 'matcher', model: path.join(dir, 'base'), data: trainFile, out: path.join(dir, 'out') }, {
      device: 'cpu', tokenizer: tokDir.path, val: valFile, fullFinetune: true, loss: 'mnrl', steps: 40, lr: 3e-3, warmup: 4, weightDecay: 0.01,
      batchSize: 16, seqLen: 32, evalEvery: 20, quiet: true
    });
    const hf = await loadHfTokenizer(nodeModelFiles(tokDir.path));
    const tokenize = cachedTokenizer((t) => hf.tokenizer.encode(t).ids, 32);
    const mrrOf = async (modelDir: string): Promise<number> => {
      const { config, params } = await loadHfBert(nodeModelFiles(modelDir));
      const model = { config, params, lora: null };
      const q = encodeTexts(model, tokenize, test.map((r) => r.text));
      const c = encodeTexts(model, tokenize, categories);
      return meanReciprocalRank(q, c, test.map((r) => categories.indexOf(r.category)), config.hidden);
    };
    const before = await mrrOf(path.join(dir, 'base'));
    await runMatcherTraining(cfg, quiet);
    const after = await mrrOf(path.join(cfg.out, 'model'));
    console.log(`[matcher] held-out category MRR over ${categories.length} categories, ${test.length} resumes: untrained ${before.toFixed(3)} -> trained ${after.toFixed(3)}`);
    expect(after).toBeGreaterThan(before + 0.15);
    const metrics = readMetrics(path.join(cfg.out, 'metrics.jsonl'));
    expect(metrics.filter((m) => m.eval_mrr !== undefined)).toHaveLength(2);
    expect(readFileSync(path.join(cfg.out, 'model/tokenizer.json')).length).toBeGreaterThan(1000);
  }, 150_000);

  it('the matcher CLI trains LoRA with the cosine loss on scored pairs and writes model + adapter', async () => {
    const dir = tempDir('matcher-cli');
    writeTinyBertDir(path.join(dir, 'base'), 4);
    const pairs = [
      { sentence1: 'python developer', sentence2: 'writes python code daily', score: 0.9 },
      { sentence1: 'python developer', sentence2: 'bakes bread at night', score: 0.1 },
      { sentence1: 'nurse', sentence2: 'cares for patients in a hospital', score: 1 },
      { sentence1: 'nurse', sentence2: 'repairs car engines', score: 0 }
    ];
    const data = writeJsonl(path.join(dir, 'pairs.jsonl'), pairs);
    const out = path.join(dir, 'out');
    const code = await main(['matcher', '--model', path.join(dir, 'base'), '--tokenizer', tokDir.path, '--data', data, '--val', data, '--out', out,
      '--device', 'cpu', '--loss', 'cosine', '--steps', '12', '--lr', '5e-2', '--batch-size', '4', '--lora-r', '4', '--quiet']);
    expect(code).toBe(0);
    const metrics = readMetrics(path.join(out, 'metrics.jsonl'));
    expect(metrics).toHaveLength(12);
    expect(metrics[11].eval_loss!).toBeLessThan(metrics[0].loss);
    const adapterConfig = JSON.parse(readFileSync(path.join(out, 'adapter/adapter_config.json'), 'utf8')) as Record<string, unknown>;
    expect(adapterConfig.target_modules).toEqual(['query', 'key', 'value']);
    const { params } = await loadHfBert(nodeModelFiles(path.join(out, 'model')));
    const { params: base } = await loadHfBert(nodeModelFiles(path.join(dir, 'base')));
    expect(Array.from(params.wq)).not.toEqual(Array.from(base.wq)); // LoRA merged into query
    expect(Array.from(params.wInter)).toEqual(Array.from(base.wInter)); // untouched by adapters
    // no --seq-len: trained at the length the app embeds at (MiniLM model_max_length 512, capped by the 128 positions)
    const summary = JSON.parse(readFileSync(path.join(out, 'train-summary.json'), 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({ seqLen: 128, servingMaxLength: 128 });
  }, 60_000);

  it('servingMaxLength: the tokenizer model_max_length transformers.js truncates at, capped by the positions', () => {
    expect(servingMaxLength({ model_max_length: 512 }, { maxPositions: 512 })).toBe(512);
    expect(servingMaxLength({ model_max_length: 256 }, { maxPositions: 512 })).toBe(256);
    expect(servingMaxLength({ model_max_length: 1e30 }, { maxPositions: 512 })).toBe(512);
    expect(servingMaxLength({}, { maxPositions: 128 })).toBe(128);
  });

  it('names the file and line of a bad row', async () => {
    const dir = tempDir('matcher-bad');
    writeTinyBertDir(path.join(dir, 'base'), 4);
    const data = writeJsonl(path.join(dir, 'pairs.jsonl'), [{ anchor: 'a', positive: 'b' }, { anchor: 'c', positive: '' }]);
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (errors.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const code = await main(['matcher', '--model', path.join(dir, 'base'), '--tokenizer', tokDir.path, '--data', data, '--out', path.join(dir, 'out'), '--quiet']);
      expect(code).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    expect(errors.join('')).toContain(`${data}:2: "positive" must be a non-empty string`);
  }, 30_000);
});
