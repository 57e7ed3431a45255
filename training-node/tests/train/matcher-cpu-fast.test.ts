/**
 * Matcher training (BERT encoder, MNRL) on the fast CPU path (engine/cpu-fast, 2 worker threads) against the
 * float64 reference ops: same random encoder (odd widths: hidden 36, 6 heads of 6, intermediate 50), ragged texts
 * (padding keys masked in the bidirectional attention), same loop (forward, loss, backward, clip, AdamW) — per-step
 * losses and gradient norms agree within float32 tolerance for LoRA (query/key/value, adapter dropout; the frozen
 * base is packed once and released by destroy()) and for a full fine-tune (weights change every step, so nothing
 * is frozen). No ../shared needed (in-memory model and a word-list tokenizer).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { allocBertParams, type BertConfig } from '../../src/models/bert';
import { allocBertLoraAdapters } from '../../src/models/lora';
import { runTrainingLoop, type TrainableState } from '../../src/train/loop';
import { createMatcherObjective, type EncoderModel } from '../../src/train/matcher';
import { nodeCpuOps } from '../../src/train/node-threads';

const BERT: BertConfig = { vocabSize: 60, hidden: 36, intermediate: 50, layers: 2, heads: 6, maxPositions: 32, typeVocabSize: 2, layerNormEps: 1e-12 };
const fast = nodeCpuOps('fast', 2);
afterAll(() => fast.destroy());

const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
const tokenize = (text: string) => [1, ...text.split(' ').map((w) => 3 + words.indexOf(w)), 2];
const rand = seededRandom(41);
const phrase = () => Array.from({ length: 3 + Math.floor(rand() * 12) }, () => words[Math.floor(rand() * words.length)]).join(' ');
const examples = Array.from({ length: 12 }, () => ({ texts: [phrase(), phrase()] }));

function randomParams() {
  const params = allocBertParams(BERT);
  const r = seededRandom(42);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (r() * 2 - 1) * 0.2;
  for (const ln of ['embLnW', 'ln1W', 'ln2W'] as const) params[ln].fill(1);
  return params;
}

async function train(lora: boolean, ops: typeof fast | undefined) {
  const params = randomParams();
  const loraCfg = { rank: 4, alpha: 8, dropout: 0.1, targets: ['query', 'key', 'value'] as ('query' | 'key' | 'value')[] };
  const adapters = lora ? allocBertLoraAdapters(BERT, loraCfg, 3) : null;
  if (adapters) for (let i = 0; i < adapters.arena.length; i++) adapters.arena[i] += 0.01 * Math.sin(i); // nonzero B from step 1
  const gradLora = lora ? allocBertLoraAdapters(BERT, loraCfg, 0, true) : null;
  const gradParams = lora ? null : allocBertParams(BERT);
  const model: EncoderModel = { config: BERT, params, lora: adapters, ...(ops ? { cpuOps: ops } : {}) };
  const objective = createMatcherObjective(model, { params: gradParams, lora: gradLora }, tokenize, examples, [],
    { loss: 'mnrl', scale: 20, margin: 5, batchSize: 4 });
  const trained = adapters ?? params;
  const grads = gradLora ?? gradParams!;
  const state: TrainableState = { params: trained.arena, grads: grads.arena, m: new Float32Array(trained.arena.length), v: new Float32Array(trained.arena.length) };
  const metrics = await runTrainingLoop(objective, state, {
    totalSteps: 4, batchSize: 4, gradAccum: 1, lr: 5e-3, warmup: 0, weightDecay: 0, maxGradNorm: 1, seed: 3, evalEvery: 0, saveEvery: 0
  }, { step: 0, cursor: { epoch: 0, offset: 0 } });
  objective.destroy?.();
  return metrics;
}

describe('matcher (BERT, MNRL) on the fast CPU path vs the reference path', () => {
  for (const lora of [true, false]) {
    it(`${lora ? 'LoRA q/k/v with dropout' : 'full fine-tune'}: per-step loss and grad norm agree within f32 tolerance`, async () => {
      const ref = await train(lora, undefined);
      const got = await train(lora, fast);
      expect(got).toHaveLength(4);
      for (let i = 0; i < 4; i++) {
        expect(Math.abs(got[i].loss - ref[i].loss) / ref[i].loss, `step ${i + 1} loss`).toBeLessThan(1e-4);
        expect(Math.abs(got[i].grad_norm - ref[i].grad_norm) / ref[i].grad_norm, `step ${i + 1} grad norm`).toBeLessThan(1e-3);
      }
      expect(ref[3].loss).not.toBe(ref[0].loss); // the weights moved
      expect(got.map((m) => m.grad_norm)).not.toEqual(ref.map((m) => m.grad_norm)); // f32 sums: the fast ops really ran
    });
  }
});
