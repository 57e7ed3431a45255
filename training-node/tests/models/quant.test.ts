/**
 * QLoRA base: 4-bit group-quantised frozen linears. The quantised model stays close to the dense one on a
 * real checkpoint (aidreams260K: logit cosine > 0.98, error shrinking with the group size), stores ~1/6.4 of
 * the bytes, and LoRA gradients through quantised bases still match finite differences.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { readLlama2cCheckpoint } from '../../src/io/llama2c';
import { allocLlamaParams, causalLmLoss, llamaBackward, llamaForward, type LlamaConfig } from '../../src/models/index';
import { allocLoraAdapters, LORA_TARGETS } from '../../src/models/lora';
import { quantizeLlamaBase, quantizedBytes } from '../../src/models/quant';
import { readShared, sharedModel } from '../io/shared-fixtures';
import { centralDifference, expectGradClose } from './finite-diff';

const fixture = sharedModel('llama2c-aidreams260k');

describe('4-bit QLoRA base', () => {
  it.skipIf(!fixture.present)('keeps a real model close to its dense self, closer with smaller groups', () => {
    const dense = readLlama2cCheckpoint(readShared('llama2c-aidreams260k/aidreams260K.bin'));
    // aidreams260K: C = 64, I = 172 (not a multiple of 32): quantise attention + gate/up; down stays f32.
    const targets = ['q', 'k', 'v', 'o', 'gate', 'up'] as const;
    const tokens = Int32Array.from([1, 429, 491, 433, 295, 429, 444, 445, 265, 262, 263, 342, 430]);
    const T = tokens.length;
    const reference = llamaForward(dense, tokens, 1, T).logits;
    const compare = (group: number): { cosine: number; maxDelta: number } => {
      const q = llamaForward(quantizeLlamaBase(dense, group, [...targets]), tokens, 1, T).logits;
      let dot = 0, na = 0, nb = 0, maxDelta = 0;
      for (let i = 0; i < q.length; i++) {
        dot += reference[i] * q[i];
        na += reference[i] * reference[i];
        nb += q[i] * q[i];
        maxDelta = Math.max(maxDelta, Math.abs(reference[i] - q[i]));
      }
      return { cosine: dot / Math.sqrt(na * nb), maxDelta };
    };
    const g32 = compare(32), g8 = compare(8);
    console.log(`QLoRA base on aidreams260K: logit cosine ${g32.cosine.toFixed(4)} (group 32), ${g8.cosine.toFixed(4)} (group 8)`);
    expect(g32.maxDelta).toBeGreaterThan(0); // it really is quantised
    expect(g32.cosine).toBeGreaterThan(0.98);
    expect(g8.maxDelta).toBeLessThan(g32.maxDelta); // finer scales, smaller error
    const bytes = quantizedBytes(quantizeLlamaBase(dense, 32, [...targets]));
    expect(bytes.quantized / bytes.dense).toBeCloseTo(0.5 / 4 + 1 / 32, 5); // 4 bits + one f32 scale per 32
  });

  it('backpropagates LoRA gradients through quantised bases', () => {
    const cfg: LlamaConfig = {
      vocabSize: 9, hidden: 8, intermediate: 16, layers: 1, heads: 2, kvHeads: 2, headDim: 4, ropeTheta: 10000,
      rmsEps: 1e-5, tiedEmbeddings: true, attentionBias: false, maxSeqLen: 8
    };
    const params = allocLlamaParams(cfg);
    const rand = seededRandom(21);
    for (let i = 0; i < params.arena.length; i++) params.arena[i] = rand() - 0.5;
    const model = quantizeLlamaBase({ config: cfg, params }, 8);
    const lora = allocLoraAdapters(cfg, { rank: 2, alpha: 2, dropout: 0, targets: [...LORA_TARGETS] }, 4);
    for (const pair of Object.values(lora.layers[0])) for (let i = 0; i < pair!.B.length; i++) pair!.B[i] = rand() - 0.5;
    const tokens = Int32Array.from([1, 3, 5, 7]);
    const targets = Int32Array.from([3, 5, 7, 8]);
    const lossOf = (): number => causalLmLoss(llamaForward(model, tokens, 1, 4, { lora }).logits, targets, 4, 9).loss;
    const acts = llamaForward(model, tokens, 1, 4, { lora });
    const grads = allocLoraAdapters(cfg, lora.config, 0, true);
    llamaBackward(model, acts, causalLmLoss(acts.logits, targets, 4, 9).dlogits, { lora: grads }, lora);
    for (const target of LORA_TARGETS) {
      expectGradClose(grads.layers[0][target]!.A[1], centralDifference(lora.layers[0][target]!.A, 1, lossOf), `${target}.A[1]`);
    }
  });
});
