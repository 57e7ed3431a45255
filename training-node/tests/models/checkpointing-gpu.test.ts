/**
 * Activation checkpointing on the WebGPU models (Dawn; SwiftShader in CI): the recomputed layer runs the same
 * kernels on the same inputs with the same redrawn keep masks, so logits and every gradient must equal those
 * of a normal forward BITWISE (tolerance 0) — Llama LoRA (all targets, dropout, GQA, bias, padding mask) and
 * BERT full fine-tune and LoRA with dropout. The GpuTensorPool's byte counters must show the saving exactly:
 * after forward, live bytes fall by L layers of activations; over forward + backward the peak falls by
 * L − 1 layers less the recompute's (BT, C) output buffer (backward scratch is the same in both modes). The
 * per-layer sizes are written out from the layer shapes, not read from the code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { readF32, upload } from '../../src/engine/buffers';
import type { EngineDevice } from '../../src/engine/device';
import { IGNORE_INDEX } from '../../src/engine/reference/index';
import {
  allocBertLoraAdapters, allocBertParams, allocLlamaParams, allocLoraAdapters, BERT_LORA_TARGETS, type BertConfig, causalLmLoss,
  llamaForward, LORA_TARGETS, type LlamaConfig
} from '../../src/models/index';
import { bertBackwardGpu, bertForwardGpu, downloadBertParams, uploadBertParams } from '../../src/models/bert-gpu';
import { llamaBackwardGpu, llamaForwardGpu, uploadLlamaModel } from '../../src/models/llama-gpu';
import { downloadLoraAdapters, uploadLoraAdapters } from '../../src/models/lora-gpu';
import { createNodeEngineDevice, maxAbsDiff } from '../engine/gpu';

const llamaCfg: LlamaConfig = {
  vocabSize: 37, hidden: 16, intermediate: 24, layers: 3, heads: 4, kvHeads: 2, headDim: 4, ropeTheta: 10000,
  rmsEps: 1e-5, tiedEmbeddings: false, attentionBias: true, maxSeqLen: 16
};
const B = 2, T = 6, BT = B * T;
const tokens = Int32Array.from([1, 5, 9, 30, 2, 7, 1, 4, 4, 36, 0, 0]);
const keyMask = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
const targets = Int32Array.from([5, 9, 30, 2, 7, 3, 4, 4, 36, 8, IGNORE_INDEX, IGNORE_INDEX]);

function fillRandom(a: Float32Array, seed: number, scale: number): void {
  const rand = seededRandom(seed);
  for (let i = 0; i < a.length; i++) a[i] = (rand() * 2 - 1) * scale;
}

describe('gradient checkpointing on WebGPU', () => {
  let dev: EngineDevice;
  beforeAll(async () => {
    dev = await createNodeEngineDevice();
  });
  afterAll(() => dev?.destroy());

  it('Llama LoRA: bitwise-equal logits and gradients, and L layers fewer saved bytes', async () => {
    const params = allocLlamaParams(llamaCfg);
    fillRandom(params.arena, 3, 0.5);
    for (const norm of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) for (let i = 0; i < params[norm].length; i++) params[norm][i] += 1;
    const model = { config: llamaCfg, params };
    const loraCfg = { rank: 3, alpha: 6, dropout: 0.25, targets: [...LORA_TARGETS] };
    const lora = allocLoraAdapters(llamaCfg, loraCfg, 4);
    for (const layer of lora.layers) for (const pair of Object.values(layer)) fillRandom(pair!.B, 5, 0.5);
    const { dlogits } = causalLmLoss(llamaForward(model, tokens, B, T, { keyMask, lora }).logits, targets, BT, llamaCfg.vocabSize);
    const dlogitsGpu = upload(dev, dlogits, 'dlogits');
    const gpuLora = uploadLoraAdapters(dev, lora);
    const run = async (gradientCheckpointing: boolean) => {
      const gpu = uploadLlamaModel(dev, model); // a fresh pool per mode, so allocatedBytes is this mode's own
      const gpuGrads = uploadLoraAdapters(dev, allocLoraAdapters(llamaCfg, loraCfg, 0, true), 'lora-grads');
      const before = gpu.pool.liveBytes;
      gpu.pool.resetPeak();
      const acts = llamaForwardGpu(dev, gpu, tokens, B, T, { keyMask, lora: gpuLora, training: true, dropoutSeed: 17, gradientCheckpointing });
      const saved = gpu.pool.liveBytes - before;
      const logits = await readF32(dev, acts.logits);
      llamaBackwardGpu(dev, gpu, acts, dlogitsGpu, gpuLora, gpuGrads);
      acts.destroy();
      const grads = allocLoraAdapters(llamaCfg, loraCfg, 0, true);
      await downloadLoraAdapters(dev, gpuGrads, grads);
      const result = { logits, grads: grads.arena, saved, peak: gpu.pool.peakBytes - before, allocated: gpu.pool.allocatedBytes, live: gpu.pool.liveBytes };
      gpuGrads.arena.destroy();
      gpu.destroy();
      return result;
    };
    const full = await run(false), ckpt = await run(true);
    console.log(`llama GPU checkpointing: saved ${full.saved} → ${ckpt.saved} B, peak ${full.peak} → ${ckpt.peak} B, pool ${full.allocated} → ${ckpt.allocated} B; max |Δgrad| ${maxAbsDiff(ckpt.grads, full.grads)}`);
    expect(maxAbsDiff(ckpt.logits, full.logits)).toBe(0);
    expect(maxAbsDiff(ckpt.grads, full.grads)).toBe(0);
    expect(full.grads.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    expect(ckpt.live).toBe(0); // every recomputed buffer went back to the pool
    const { hidden: C, intermediate: I, heads: NH, kvHeads: NKV, headDim: HS, layers: L, vocabSize: V } = llamaCfg;
    const QD = NH * HS, KVD = NKV * HS, R = loraCfg.rank;
    const adapterIn = C + C + C + QD + C + C + I; // q k v o gate up down
    // ln1 rstd1 q k v att atty mid ln2 rstd2 gate up h; per adapter hidden (BT, R), keep and dropped (BT, in).
    const perLayer = BT * C + BT + BT * QD + 2 * BT * KVD + B * NH * T * T + BT * QD + BT * C + BT * C + BT + 3 * BT * I +
      7 * BT * R + 2 * BT * adapterIn;
    expect(full.saved - ckpt.saved).toBe(4 * L * perLayer);
    // Checkpointed forward keeps: tokens, positions, mask, the `proj` scratch, x0..xL, lnf, rstdf, logits.
    expect(ckpt.saved).toBe(4 * (3 * BT + BT * C + (L + 1) * BT * C + BT * C + BT + BT * V));
    expect(full.peak - ckpt.peak).toBe(4 * ((L - 1) * perLayer - BT * C));
    expect(ckpt.allocated).toBeLessThan(full.allocated);
  });

  const bertCfg: BertConfig = { vocabSize: 50, hidden: 16, intermediate: 32, layers: 3, heads: 4, maxPositions: 12, typeVocabSize: 2, layerNormEps: 1e-12 };
  const bB = 3, bT = 5, bBT = bB * bT;
  const bTokens = Int32Array.from([2, 11, 17, 3, 0, 2, 40, 3, 0, 0, 2, 5, 6, 7, 3]);
  const bMask = Uint8Array.from([1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
  const tokenTypes = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1]);
  const dembeddings = Float32Array.from({ length: bB * bertCfg.hidden }, (_, i) => Math.cos(i * 0.7));
  const { hidden: C, intermediate: I, heads: NH, layers: L } = bertCfg;
  // q k v att atty res1 x1 mean1 rstd1 pre act res2 mean2 rstd2
  const bertPerLayer = 3 * bBT * C + bB * NH * bT * bT + bBT * C + 2 * bBT * C + 2 * bBT + 2 * bBT * I + bBT * C + 2 * bBT;

  for (const variant of ['full fine-tune', 'LoRA with dropout'] as const) {
    it(`BERT ${variant}: bitwise-equal gradients and L layers fewer saved bytes`, async () => {
      const params = allocBertParams(bertCfg);
      fillRandom(params.arena, 13, 0.5);
      for (const ln of ['embLnW', 'ln1W', 'ln2W'] as const) for (let i = 0; i < params[ln].length; i++) params[ln][i] += 1;
      const loraCfg = { rank: 2, alpha: 4, dropout: 0.2, targets: [...BERT_LORA_TARGETS] };
      const lora = variant === 'full fine-tune' ? null : allocBertLoraAdapters(bertCfg, loraCfg, 1);
      for (const layer of lora?.layers ?? []) for (const pair of Object.values(layer)) fillRandom(pair!.B, 2, 0.5);
      const gpuLora = lora ? uploadLoraAdapters(dev, lora) : null;
      const demb = upload(dev, dembeddings);
      const run = async (gradientCheckpointing: boolean) => {
        const gpu = uploadBertParams(dev, bertCfg, params);
        const paramGrads = lora ? null : uploadBertParams(dev, bertCfg, allocBertParams(bertCfg), 'bert-grads');
        const loraGrads = lora ? uploadLoraAdapters(dev, allocBertLoraAdapters(bertCfg, loraCfg, 0, true), 'lora-grads') : null;
        gpu.pool.resetPeak();
        const acts = bertForwardGpu(dev, gpu, bTokens, bMask, bB, bT, { tokenTypes, lora: gpuLora, training: true, dropoutSeed: 3, gradientCheckpointing });
        const saved = gpu.pool.liveBytes;
        bertBackwardGpu(dev, gpu, acts, demb, { params: paramGrads, lora: loraGrads }, gpuLora);
        acts.destroy();
        let grads: Float32Array;
        if (paramGrads) {
          const cpu = allocBertParams(bertCfg);
          await downloadBertParams(dev, paramGrads, cpu);
          grads = cpu.arena;
          paramGrads.destroy();
        } else {
          const cpu = allocBertLoraAdapters(bertCfg, loraCfg, 0, true);
          await downloadLoraAdapters(dev, loraGrads!, cpu);
          grads = cpu.arena;
          loraGrads!.arena.destroy();
        }
        const result = { grads, saved, peak: gpu.pool.peakBytes };
        gpu.destroy();
        return result;
      };
      const full = await run(false), ckpt = await run(true);
      console.log(`bert GPU checkpointing (${variant}): saved ${full.saved} → ${ckpt.saved} B, peak ${full.peak} → ${ckpt.peak} B; max |Δgrad| ${maxAbsDiff(ckpt.grads, full.grads)}`);
      expect(maxAbsDiff(ckpt.grads, full.grads)).toBe(0);
      expect(full.grads.some((g) => Math.abs(g) > 1e-4)).toBe(true);
      const perLayer = bertPerLayer + (lora ? 3 * (bBT * loraCfg.rank + 2 * bBT * C) : 0);
      expect(full.saved - ckpt.saved).toBe(4 * L * perLayer);
      expect(ckpt.peak).toBeLessThan(full.peak);
    });
  }
});
