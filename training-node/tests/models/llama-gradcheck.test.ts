/**
 * The whole Llama model's backward (CPU) against central finite differences of the causal-LM loss, on tiny
 * random configs: LoRA A/B on all seven targets (with and without adapter dropout, whose mask is seeded and
 * so identical across the perturbed forwards), and base params for full fine-tuning (GQA, Qwen2 q/k/v bias,
 * tied and untied embeddings, right padding with a key mask and ignored targets).
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { IGNORE_INDEX } from '../../src/engine/reference/index';
import {
  allocLlamaParams, causalLmLoss, llamaBackward, llamaForward, type LlamaConfig, type LlamaModel, type LlamaParamName
} from '../../src/models/index';
import { allocLoraAdapters, LORA_TARGETS, type LoraAdapters, type LoraConfig } from '../../src/models/lora';
import { centralDifference, expectGradClose } from './finite-diff';

function tinyConfig(overrides: Partial<LlamaConfig> = {}): LlamaConfig {
  return {
    vocabSize: 11, hidden: 8, intermediate: 12, layers: 2, heads: 2, kvHeads: 1, headDim: 4,
    ropeTheta: 10000, rmsEps: 1e-5, tiedEmbeddings: false, attentionBias: true, maxSeqLen: 16, ...overrides
  };
}

function randomModel(cfg: LlamaConfig, seed: number): LlamaModel {
  const params = allocLlamaParams(cfg);
  const rand = seededRandom(seed);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.5;
  for (const norm of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) for (let i = 0; i < params[norm].length; i++) params[norm][i] += 1;
  return { config: cfg, params };
}

const B = 2, T = 5;
const tokens = Int32Array.from([1, 4, 7, 2, 9, 3, 3, 10, 0, 0]);
const keyMask = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]); // second row right-padded
const targets = Int32Array.from([4, 7, 2, 9, 5, 3, 10, IGNORE_INDEX, IGNORE_INDEX, IGNORE_INDEX]);

function loss(model: LlamaModel, lora: LoraAdapters | null): number {
  const acts = llamaForward(model, tokens, B, T, { keyMask, lora, training: true, dropoutSeed: 5 });
  return causalLmLoss(acts.logits, targets, B * T, model.config.vocabSize).loss;
}

function pickIndices(n: number, count: number, seed: number): number[] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, () => Math.floor(rand() * n));
}

describe('Llama backward vs finite differences', () => {
  for (const dropout of [0, 0.2]) {
    it(`LoRA A/B gradients on all targets (dropout ${dropout})`, () => {
      const model = randomModel(tinyConfig(), 1);
      const loraCfg: LoraConfig = { rank: 2, alpha: 4, dropout, targets: [...LORA_TARGETS] };
      const lora = allocLoraAdapters(model.config, loraCfg, 3);
      const rand = seededRandom(9);
      for (const layer of lora.layers) for (const pair of Object.values(layer)) for (let i = 0; i < pair!.B.length; i++) pair!.B[i] = (rand() * 2 - 1) * 0.5;
      const grads = allocLoraAdapters(model.config, loraCfg, 0, true);
      const acts = llamaForward(model, tokens, B, T, { keyMask, lora, training: true, dropoutSeed: 5 });
      const { dlogits } = causalLmLoss(acts.logits, targets, B * T, model.config.vocabSize);
      llamaBackward(model, acts, dlogits, { lora: grads }, lora);
      let checked = 0;
      for (let l = 0; l < model.config.layers; l++) {
        for (const target of LORA_TARGETS) {
          for (const which of ['A', 'B'] as const) {
            const param = lora.layers[l][target]![which];
            const grad = grads.layers[l][target]![which];
            for (const i of pickIndices(param.length, 2, l * 31 + checked)) {
              expectGradClose(grad[i], centralDifference(param, i, () => loss(model, lora)), `layer ${l} ${target}.${which}[${i}]`);
              checked++;
            }
          }
        }
      }
      expect(checked).toBe(2 * 7 * 2 * 2);
      expect(grads.arena.some((g) => Math.abs(g) > 1e-4)).toBe(true);
    });
  }

  for (const tied of [false, true]) {
    it(`base parameter gradients (full fine-tune, ${tied ? 'tied' : 'untied'} embeddings)`, () => {
      const model = randomModel(tinyConfig({ tiedEmbeddings: tied }), 2);
      const grads = allocLlamaParams(model.config);
      const acts = llamaForward(model, tokens, B, T, { keyMask });
      const { dlogits } = causalLmLoss(acts.logits, targets, B * T, model.config.vocabSize);
      llamaBackward(model, acts, dlogits, { params: grads });
      const names: LlamaParamName[] = ['embed', 'attnNorm', 'wq', 'bq', 'wk', 'bk', 'wv', 'bv', 'wo', 'ffnNorm', 'wGate', 'wUp', 'wDown', 'finalNorm'];
      if (!tied) names.push('lmHead');
      for (const name of names) {
        // embed rows of tokens that occur, so the gradient is non-trivial
        const indices = name === 'embed' ? [tokens[1] * 8 + 3, tokens[2] * 8 + 5] : pickIndices(model.params[name].length, 3, name.length);
        for (const i of indices) expectGradClose(grads[name][i], centralDifference(model.params[name], i, () => loss(model, null)), `${name}[${i}]`);
      }
    });
  }
});
