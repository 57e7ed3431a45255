/**
 * QLoRA base: 4-bit group-quantised frozen linears. The quantised model stays close to the dense one on a
 * real checkpoint (aidreams260K: same greedy argmax on most positions, bounded logit error), stores ~1/6.4 of
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
  it.skipIf(!fixture.present)('keeps a real model close to its dense self', () => {
    const dense = readLlama2cCheckpoint(readShared('llama2c-aidreams260k/aidreams260K.bin'));
    // aidreams260K: C = 64, I = 172 (not a multiple of 32): quantise attention + gate/up; down stays f32.
    const q = quantizeLlamaBase(dense, 32, ['q', 'k', 'v', 'o', 'gate', 'up']);
    const tokens = Int32Array.from([1, 429, 491, 433, 295, 429, 444, 445, 265, 262, 263, 342, 430]);
    const T = tokens.length, V = dense.config.vocabSize;
    const a = llamaForward(dense, tokens, 1, T).logits;
    const b = llamaForward(q, tokens, 1, T).logits;
    let agree = 0, maxDelta = 0, maxAbs = 0;
    for (let t = 0; t < T; t++) {
      let ia = 0, ib = 0;
      for (let i = 1; i < V; i++) {
        if (a[t * V + i] > a[t * V + ia]) ia = i;
        if (b[t * V + i] > b[t * V + ib]) ib = i;
      }
      if (ia === ib) agree++;
    }
    for (let i = 0; i < a.length; i++) {
      maxDelta = Math.max(maxDelta, Math.abs(a[i] - b[i]));
      maxAbs = Math.max(maxAbs, Math.abs(a[i]));
    }
    expect(maxDelta).toBeGreaterThan(0); // it really is quantised
    expect(maxDelta / maxAbs).toBeLessThan(0.25);
    expect(agree / T).toBeGreaterThanOrEqual(0.6);
    const bytes = quantizedBytes(q);
    expect(bytes.quantized / bytes.dense).toBeCloseTo(0.5 / 4 + 1 / 32, 5);
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
