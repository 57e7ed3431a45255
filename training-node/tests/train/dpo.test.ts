/**
 * DPO on the CPU path: the analytic gradient of the sigmoid DPO loss (through the model) matches finite
 * differences; reference log-probs equal the base model's (adapters disabled); and training on a synthetic
 * preference with a learnable pattern (chosen answers always use the format "Answer: <word>.") raises the
 * chosen−rejected log-prob margin on HELD-OUT pairs whose words never appear in training.
 */
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadHfLlama } from '../../src/io/hf';
import { readLlama2cTokenizer } from '../../src/io/llama2c-tokenizer';
import { nodeModelFiles } from '../../src/io/node-files';
import { allocLoraAdapters } from '../../src/models/lora';
import { seededRandom } from '../../src/data/random';
import { llama2cChatTokenizer } from '../../src/train/chat-tokenizer';
import { makeTrainConfig } from '../../src/train/config';
import { runDecoderTraining } from '../../src/train/decoder-run';
import { buildPreferencePairs, createDpoObjective, evaluatePreferences, referenceLogProbs, sequenceLogProbs } from '../../src/train/dpo';
import { readMetrics } from '../../src/train/metrics';
import { centralDifference, expectGradClose } from '../models/finite-diff';
import { sharedPath, tempDir, TINY_LLAMA, writeJsonl, writeTinyLlamaDir } from './fixtures';

const tok = sharedPath('models/llama2c-aidreams260k/tok512.bin');
const quiet = { log: () => {} };

const prefRow = (word: string) => ({
  prompt: [{ role: 'user', content: `Tell me about the ${word}.` }],
  chosen: [{ role: 'assistant', content: `Answer: ${word}.` }],
  rejected: [{ role: 'assistant', content: `${word} is a thing I guess` }]
});
const TRAIN_WORDS = ['cat', 'dog', 'sun', 'tree', 'ball', 'bird', 'fish', 'cake'];
const HELD_OUT_WORDS = ['moon', 'boat', 'frog', 'star'];

describe.skipIf(!tok.present)('dpo (CPU)', () => {
  const tokenizer = () => llama2cChatTokenizer(readLlama2cTokenizer(new Uint8Array(readFileSync(tok.path)), 512));

  it('masks only the completion, and its loss gradient matches finite differences', async () => {
    const dir = tempDir('dpo-grad');
    writeTinyLlamaDir(dir, 5);
    const model = await loadHfLlama(nodeModelFiles(dir));
    const { pairs } = buildPreferencePairs(TRAIN_WORDS.slice(0, 2).map(prefRow) as never, tokenizer(), 64);
    const prompt = tokenizer().encodeChat([{ role: 'user', content: 'Tell me about the cat.' }]);
    expect(Array.from(pairs[0].chosen.mask.subarray(0, prompt.ids.length + 1)).every((m) => m === 0)).toBe(true);
    const loraCfg = { rank: 2, alpha: 4, dropout: 0, targets: ['q' as const, 'down' as const] };
    const lora = allocLoraAdapters(TINY_LLAMA, loraCfg, 1);
    const random = seededRandom(9);
    for (let i = 0; i < lora.arena.length; i++) lora.arena[i] = (random() - 0.5) * 0.5;
    const ref = referenceLogProbs(model, pairs, 4);
    expect(Array.from(ref.chosen)).toEqual(Array.from(sequenceLogProbs(model, null, pairs.map((p) => p.chosen), 4)));
    const grads = allocLoraAdapters(TINY_LLAMA, loraCfg, 0, true);
    const objective = createDpoObjective(model, lora, grads, 0.5, pairs, ref, [], null, 4);
    objective.accumulate([0, 1], 1, 0);
    const analytic = grads.arena.slice();
    const scratch = allocLoraAdapters(TINY_LLAMA, loraCfg, 0, true);
    const lossOnly = createDpoObjective(model, lora, scratch, 0.5, pairs, ref, [], null, 4);
    for (const i of [0, 7, 100, lora.arena.length - 1, lora.arena.length - 20]) {
      const numeric = centralDifference(lora.arena, i, () => lossOnly.accumulate([0, 1], 1, 0).loss, 1e-2);
      expectGradClose(analytic[i], numeric, `dpo dLoRA[${i}]`);
    }
  }, 60_000);

  it('raises the chosen−rejected margin on held-out pairs', async () => {
    const dir = tempDir('dpo');
    writeTinyLlamaDir(path.join(dir, 'base'), 4);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), TRAIN_WORDS.map(prefRow));
    const val = writeJsonl(path.join(dir, 'val.jsonl'), HELD_OUT_WORDS.map(prefRow));
    const cfg = makeTrainConfig({ mode: 'dpo', model: path.join(dir, 'base'), data, out: path.join(dir, 'out') }, {
      device: 'cpu', tokenizer: tok.path, val, steps: 24, lr: 5e-3, beta: 0.1, batchSize: 4, evalEvery: 12, targetModules: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'], quiet: true
    });
    const run = await runDecoderTraining(cfg, quiet);
    const { pairs } = buildPreferencePairs(HELD_OUT_WORDS.map(prefRow) as never, tokenizer(), cfg.seqLen);
    const ref = referenceLogProbs(run.model, pairs, 4);
    const before = evaluatePreferences(run.model, null, pairs, ref, cfg.beta, 4);
    const after = evaluatePreferences(run.model, run.lora, pairs, ref, cfg.beta, 4);
    console.log(`[dpo] held-out margin log p(chosen) - log p(rejected): ${before.margin.toFixed(2)} -> ${after.margin.toFixed(2)}; reward accuracy ${after.accuracy}`);
    expect(after.margin).toBeGreaterThan(before.margin + 5);
    expect(after.accuracy).toBe(1);
    expect(after.loss).toBeLessThan(Math.log(2)); // below the untrained −log σ(0)
    const metrics = readMetrics(path.join(cfg.out, 'metrics.jsonl'));
    expect(metrics[metrics.length - 1].eval_margin).toBeCloseTo(after.margin, 4);
  }, 120_000);
});
