/**
 * The eval decoder's KV cache (eval/kv-decode.ts) gives the same next-token logits as the engine's full forward
 * (models/llama.ts llamaForward) at every position: GQA with a bias (Qwen2-like), a sliding window, and the real
 * llama2.c aidreams260k checkpoint from ../shared.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { kvDecoder } from '../../src/eval/kv-decode';
import { readLlama2cCheckpoint } from '../../src/io/llama2c';
import { llamaForward, type LlamaModel } from '../../src/models/llama';
import { allocLlamaParams, type LlamaConfig } from '../../src/models/llama-params';
import { sharedPath } from '../train/fixtures';

function maxDiffAtEveryPosition(model: LlamaModel, tokens: number[]): number {
  const V = model.config.vocabSize;
  const full = llamaForward(model, Int32Array.from(tokens), 1, tokens.length).logits;
  const dec = kvDecoder(model, tokens.length);
  let worst = 0;
  tokens.forEach((t, i) => {
    const logits = dec.step(t);
    for (let v = 0; v < V; v++) worst = Math.max(worst, Math.abs(logits[v] - full[i * V + v]));
  });
  return worst;
}

function randomModel(cfg: LlamaConfig, seed: number): LlamaModel {
  const params = allocLlamaParams(cfg);
  const r = seededRandom(seed);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (r() - 0.5) * 0.8;
  return { config: cfg, params };
}

describe('kvDecoder', () => {
  it('matches llamaForward: GQA, attention bias, tied embeddings, rope theta 1e6', () => {
    const cfg: LlamaConfig = { vocabSize: 23, hidden: 16, intermediate: 24, layers: 2, heads: 4, kvHeads: 2, headDim: 4, ropeTheta: 1e6, rmsEps: 1e-6, tiedEmbeddings: true, attentionBias: true, maxSeqLen: 64 };
    const tokens = Array.from({ length: 19 }, (_, i) => (i * 7) % 23);
    expect(maxDiffAtEveryPosition(randomModel(cfg, 1), tokens)).toBeLessThan(1e-5);
  });

  it('matches llamaForward with a sliding window from layer 1', () => {
    const cfg: LlamaConfig = { vocabSize: 17, hidden: 8, intermediate: 12, layers: 2, heads: 2, kvHeads: 1, headDim: 4, ropeTheta: 1e4, rmsEps: 1e-5, tiedEmbeddings: false, attentionBias: false, maxSeqLen: 64, slidingWindow: 4, slidingWindowFromLayer: 1 };
    const tokens = Array.from({ length: 12 }, (_, i) => (i * 5 + 3) % 17);
    expect(maxDiffAtEveryPosition(randomModel(cfg, 2), tokens)).toBeLessThan(1e-5);
  });

  const llama2c = sharedPath('models/llama2c-aidreams260k/aidreams260K.bin');
  it.skipIf(!llama2c.present)('matches llamaForward on the real aidreams260k checkpoint', () => {
    const model = readLlama2cCheckpoint(new Uint8Array(readFileSync(llama2c.path)), path.basename(llama2c.path));
    const tokens = [1, ...Array.from({ length: 40 }, (_, i) => 3 + ((i * 37) % 500))];
    expect(maxDiffAtEveryPosition(model, tokens)).toBeLessThan(1e-4);
    expect(() => kvDecoder(model, 1).step(1) && kvDecoder(model, 0).step(1)).toThrow(/cache holds 0 tokens/);
  });
});
