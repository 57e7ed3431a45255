/**
 * The decoder graph across the architectures publish accepts, through onnxruntime-node against the engine's
 * forward (fp32, 1e-4): Qwen2-style (q/k/v bias, tied head, a sliding window from layer 1), Llama 3-style (GQA 8/2,
 * llama3 RoPE scaling), and a left-padded batch with transformers.js's position_ids (cumsum(mask) − 1), whose real
 * rows must equal the engine run with the same key mask and positions; plus the KV-cache step for each.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { llamaOnnxModel } from '../../src/export/llama-onnx';
import { llamaForward } from '../../src/models/llama';
import { allocLlamaParams, type LlamaConfig } from '../../src/models/llama-params';
import { decoderFeeds, maxAbsDiff } from './helpers';

const BASE: LlamaConfig = {
  vocabSize: 96, hidden: 32, intermediate: 48, layers: 2, heads: 4, kvHeads: 2, headDim: 8, ropeTheta: 10000, rmsEps: 1e-6,
  tiedEmbeddings: false, attentionBias: false, maxSeqLen: 256
};
const CASES: [string, LlamaConfig][] = [
  ['qwen2-style: bias, tied, sliding window 3 from layer 1', { ...BASE, attentionBias: true, tiedEmbeddings: true, slidingWindow: 3, slidingWindowFromLayer: 1 }],
  ['llama3-style: GQA 8/2, llama3 rope scaling', { ...BASE, heads: 8, headDim: 4, ropeTheta: 500000, ropeScaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 16 } }]
];

function randomParams(cfg: LlamaConfig, seed: number) {
  const p = allocLlamaParams(cfg);
  const r = seededRandom(seed);
  for (let i = 0; i < p.arena.length; i++) p.arena[i] = (r() * 2 - 1) * 0.4;
  return p;
}

describe('decoder ONNX graph vs the engine (onnxruntime-node, fp32)', () => {
  for (const [name, cfg] of CASES) {
    it(name, async () => {
      const params = randomParams(cfg, 13);
      const tokens = [5, 17, 90, 33, 2, 61, 44, 8];
      const ref = llamaForward({ config: cfg, params }, Int32Array.from(tokens), 1, tokens.length).logits;
      const session = await ort.InferenceSession.create(llamaOnnxModel(cfg, params, 'fp32'));
      const full = (await session.run(decoderFeeds(tokens, 0, cfg.layers, cfg.kvHeads, cfg.headDim))).logits.data as Float32Array;
      expect(maxAbsDiff(full, ref)).toBeLessThan(1e-4);
      const first = await session.run(decoderFeeds(tokens.slice(0, 5), 0, cfg.layers, cfg.kvHeads, cfg.headDim));
      const rest = (await session.run(decoderFeeds(tokens.slice(5), 5, cfg.layers, cfg.kvHeads, cfg.headDim, first))).logits.data as Float32Array;
      expect(maxAbsDiff(rest, full.subarray(5 * cfg.vocabSize))).toBeLessThan(1e-5);
      await session.release();
    });
  }

  it('a left-padded batch: real rows equal the engine with the same key mask and positions', async () => {
    const cfg = CASES[0][1];
    const params = randomParams(cfg, 29);
    const B = 2, T = 6, V = cfg.vocabSize;
    const tokens = [11, 12, 13, 14, 15, 16, 0, 0, 21, 22, 23, 24];
    const mask = [1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1];
    // transformers.js create_position_ids: cumsum(mask) - 1, masked positions set to 1.
    const positions = mask.map((m, i) => (m ? mask.slice(Math.floor(i / T) * T, i + 1).reduce((a, b) => a + b, 0) - 1 : 1));
    const ref = llamaForward({ config: cfg, params }, Int32Array.from(tokens), B, T, { keyMask: Uint8Array.from(mask), positions: Int32Array.from(positions) }).logits;
    const session = await ort.InferenceSession.create(llamaOnnxModel(cfg, params, 'fp32'));
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor('int64', BigInt64Array.from(tokens, (v) => BigInt(v)), [B, T]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from(mask, (v) => BigInt(v)), [B, T]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from(positions, (v) => BigInt(v)), [B, T])
    };
    for (let l = 0; l < cfg.layers; l++) for (const k of ['key', 'value']) feeds[`past_key_values.${l}.${k}`] = new ort.Tensor('float32', new Float32Array(0), [B, cfg.kvHeads, 0, cfg.headDim]);
    const logits = (await session.run(feeds)).logits.data as Float32Array;
    await session.release();
    expect(maxAbsDiff(logits, ref, (i) => mask[Math.floor(i / V)] === 1)).toBeLessThan(1e-4);
  });
});
