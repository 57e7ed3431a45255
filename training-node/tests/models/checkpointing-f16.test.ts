/**
 * Activation checkpointing with an f16 frozen base on Mesa lavapipe (shader-f16): the recomputed layers read
 * the same f16 weights through the same kernels, so LoRA gradients with `gradientCheckpointing` must equal a
 * normal forward's BITWISE here too (adapter dropout on, all seven targets). Skips, with the reason, when
 * lavapipe or shader-f16 is missing (see tests/engine/gpu.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { upload } from '../../src/engine/buffers';
import type { EngineDevice } from '../../src/engine/device';
import { allocLlamaParams, allocLoraAdapters, causalLmLoss, llamaForward, LORA_TARGETS, type LlamaConfig } from '../../src/models/index';
import { llamaBackwardGpu, llamaForwardGpu, uploadLlamaModel } from '../../src/models/llama-gpu';
import { downloadLoraAdapters, uploadLoraAdapters } from '../../src/models/lora-gpu';
import { maxAbsDiff, openLavapipeDevice } from '../engine/gpu';

const lavapipe = await openLavapipeDevice();
if (!lavapipe.dev) console.warn(`[skip] checkpointing with an f16 base: ${lavapipe.reason}`);

const cfg: LlamaConfig = {
  vocabSize: 40, hidden: 32, intermediate: 64, layers: 3, heads: 4, kvHeads: 2, headDim: 8, ropeTheta: 10000,
  rmsEps: 1e-5, tiedEmbeddings: true, attentionBias: false, maxSeqLen: 16
};
const B = 2, T = 5;
const tokens = Int32Array.from([1, 7, 9, 30, 2, 5, 4, 4, 36, 11]);
const targets = Int32Array.from([7, 9, 30, 2, 3, 4, 4, 36, 11, 8]);

describe.skipIf(!lavapipe.dev)('gradient checkpointing with an f16 base (lavapipe)', () => {
  const dev = lavapipe.dev as EngineDevice;
  afterAll(() => dev.destroy());

  it('LoRA gradients are bitwise those of a normal forward', async () => {
    const params = allocLlamaParams(cfg);
    const rand = seededRandom(8);
    for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.3;
    for (const n of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) params[n].fill(1);
    const model = { config: cfg, params };
    const loraCfg = { rank: 4, alpha: 8, dropout: 0.2, targets: [...LORA_TARGETS] };
    const lora = allocLoraAdapters(cfg, loraCfg, 3);
    for (const layer of lora.layers) for (const pair of Object.values(layer)) for (let i = 0; i < pair!.B.length; i++) pair!.B[i] = rand() - 0.5;
    const { dlogits } = causalLmLoss(llamaForward(model, tokens, B, T, { lora }).logits, targets, B * T, cfg.vocabSize);
    const gpu = uploadLlamaModel(dev, model, { precision: 'f16' });
    expect(gpu.precision).toBe('f16');
    const gpuLora = uploadLoraAdapters(dev, lora);
    const dlogitsGpu = upload(dev, dlogits, 'dlogits');
    const run = async (gradientCheckpointing: boolean): Promise<Float32Array> => {
      const grads = uploadLoraAdapters(dev, allocLoraAdapters(cfg, loraCfg, 0, true), 'lora-grads');
      const acts = llamaForwardGpu(dev, gpu, tokens, B, T, { lora: gpuLora, training: true, dropoutSeed: 4, gradientCheckpointing });
      llamaBackwardGpu(dev, gpu, acts, dlogitsGpu, gpuLora, grads);
      acts.destroy();
      const out = allocLoraAdapters(cfg, loraCfg, 0, true);
      await downloadLoraAdapters(dev, grads, out);
      grads.arena.destroy();
      return out.arena;
    };
    const full = await run(false), ckpt = await run(true);
    gpu.destroy();
    expect(full.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    expect(maxAbsDiff(ckpt, full)).toBe(0);
  });
});
