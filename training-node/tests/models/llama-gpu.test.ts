/**
 * The WebGPU Llama path equals the CPU model (whose backward is checked by finite differences): logits and
 * every LoRA A/B gradient, on tiny random configs with GQA, Qwen2 q/k/v bias, right padding with a key mask,
 * ignored targets, dense and 4-bit (QLoRA) bases, and adapter dropout (same seeded masks on both paths). Loss/dlogits come from the CPU cross-entropy so only the
 * model path is compared. Tolerance: 1e-4·(1 + max|cpu|) (f32 GPU sums vs float64 reference sums).
 * Then a whole LoRA training loop on the GPU (cross-entropy and AdamW kernels too) must fit a tiny batch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { createTensor, readF32, upload } from '../../src/engine/buffers';
import { adamwStep, crossEntropyBackward, crossEntropyForward } from '../../src/engine/kernels/index';
import type { EngineDevice } from '../../src/engine/device';
import { countTargets, IGNORE_INDEX } from '../../src/engine/reference/index';
import {
  allocLlamaParams, allocLoraAdapters, causalLmLoss, llamaBackward, llamaForward, LORA_TARGETS, quantizeLlamaBase,
  type LlamaConfig, type LlamaModel
} from '../../src/models/index';
import { llamaBackwardGpu, llamaForwardGpu, uploadLlamaModel } from '../../src/models/llama-gpu';
import { downloadLoraAdapters, uploadLoraAdapters } from '../../src/models/lora-gpu';
import { createNodeEngineDevice, maxAbsDiff } from '../engine/gpu';

const cfg: LlamaConfig = {
  vocabSize: 37, hidden: 16, intermediate: 24, layers: 2, heads: 4, kvHeads: 2, headDim: 4, ropeTheta: 10000,
  rmsEps: 1e-5, tiedEmbeddings: false, attentionBias: true, maxSeqLen: 16
};
const B = 2, T = 6;
const tokens = Int32Array.from([1, 5, 9, 30, 2, 7, 1, 4, 4, 36, 0, 0]);
const keyMask = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
const targets = Int32Array.from([5, 9, 30, 2, 7, 3, 4, 4, 36, 8, IGNORE_INDEX, IGNORE_INDEX]);

function randomModel(seed: number, tied = false): LlamaModel {
  const config = { ...cfg, tiedEmbeddings: tied };
  const params = allocLlamaParams(config);
  const rand = seededRandom(seed);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.5;
  for (const norm of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) for (let i = 0; i < params[norm].length; i++) params[norm][i] += 1;
  return { config, params };
}

function tolerance(cpu: Float32Array): number {
  let m = 0;
  for (const x of cpu) m = Math.max(m, Math.abs(x));
  return 1e-4 * (1 + m);
}

describe('Llama on WebGPU equals the CPU model', () => {
  let dev: EngineDevice;
  beforeAll(async () => {
    dev = await createNodeEngineDevice();
  });
  afterAll(() => dev?.destroy());

  for (const variant of ['dense', 'qlora', 'dropout'] as const) {
    it(`logits and LoRA gradients (${variant})`, async () => {
      const dense = randomModel(variant === 'dense' ? 1 : 2, variant === 'qlora');
      const model = variant === 'qlora' ? quantizeLlamaBase(dense, 8) : dense;
      const loraCfg = { rank: 3, alpha: 6, dropout: variant === 'dropout' ? 0.25 : 0, targets: [...LORA_TARGETS] };
      const train = { training: true, dropoutSeed: 17 };
      const lora = allocLoraAdapters(model.config, loraCfg, 4);
      const rand = seededRandom(5);
      for (const layer of lora.layers) for (const pair of Object.values(layer)) for (let i = 0; i < pair!.B.length; i++) pair!.B[i] = rand() - 0.5;
      // CPU reference
      const acts = llamaForward(model, tokens, B, T, { keyMask, lora, ...train });
      const { dlogits } = causalLmLoss(acts.logits, targets, B * T, cfg.vocabSize);
      const cpuGrads = allocLoraAdapters(model.config, loraCfg, 0, true);
      llamaBackward(model, acts, dlogits, { lora: cpuGrads }, lora);
      // GPU
      const gpu = uploadLlamaModel(dev, model);
      const gpuLora = uploadLoraAdapters(dev, lora);
      const gpuGrads = uploadLoraAdapters(dev, allocLoraAdapters(model.config, loraCfg, 0, true), 'lora-grads');
      const dlogitsGpu = upload(dev, dlogits, 'dlogits');
      // Two identical steps: the second runs on recycled pool buffers, and gradients accumulate (+=).
      let logits: Float32Array = new Float32Array(0);
      for (let pass = 0; pass < 2; pass++) {
        const gpuActs = llamaForwardGpu(dev, gpu, tokens, B, T, { keyMask, lora: gpuLora, ...train });
        logits = await readF32(dev, gpuActs.logits);
        llamaBackwardGpu(dev, gpu, gpuActs, dlogitsGpu, gpuLora, gpuGrads);
        gpuActs.destroy();
      }
      const grads = allocLoraAdapters(model.config, loraCfg, 0, true);
      await downloadLoraAdapters(dev, gpuGrads, grads);
      grads.arena.forEach((g, i) => (grads.arena[i] = g / 2));
      gpu.destroy();
      const logitErr = maxAbsDiff(logits, acts.logits);
      const gradErr = maxAbsDiff(grads.arena, cpuGrads.arena);
      console.log(`llama GPU vs CPU (${variant}): max |Δlogit| ${logitErr.toExponential(2)}, max |Δgrad| ${gradErr.toExponential(2)}`);
      expect(logitErr).toBeLessThanOrEqual(tolerance(acts.logits));
      expect(gradErr).toBeLessThanOrEqual(tolerance(cpuGrads.arena));
      expect(cpuGrads.arena.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    });
  }

  it('trains LoRA adapters end to end on the GPU (loss falls on a memorised batch)', async () => {
    const model = randomModel(7);
    const loraCfg = { rank: 4, alpha: 8, dropout: 0, targets: [...LORA_TARGETS] };
    const gpu = uploadLlamaModel(dev, model);
    const adapters = uploadLoraAdapters(dev, allocLoraAdapters(model.config, loraCfg, 8));
    const zeros = () => uploadLoraAdapters(dev, allocLoraAdapters(model.config, loraCfg, 0, true), 'zeros');
    const grads = zeros(), m = zeros(), v = zeros();
    const whole = (a: typeof grads) => ({ buffer: a.arena.buffer, offset: 0, length: a.arena.bytes / 4 });
    const BT = B * T, V = cfg.vocabSize;
    const targetsGpu = upload(dev, targets, 'targets');
    const losses = createTensor(dev, BT, 'losses'), probs = createTensor(dev, BT * V, 'probs'), dlogits = createTensor(dev, BT * V, 'dlogits');
    const n = countTargets(targets, BT);
    const history: number[] = [];
    for (let step = 1; step <= 20; step++) {
      const acts = llamaForwardGpu(dev, gpu, tokens, B, T, { keyMask, lora: adapters });
      crossEntropyForward(dev, losses, probs, acts.logits, targetsGpu, BT, V);
      crossEntropyBackward(dev, dlogits, 1 / n, probs, targetsGpu, BT, V);
      dev.clear(whole(grads));
      llamaBackwardGpu(dev, gpu, acts, dlogits, adapters, grads);
      adamwStep(dev, whole(adapters), whole(grads), whole(m), whole(v), { lr: 2e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, step });
      if (step === 1 || step % 10 === 0) history.push((await readF32(dev, losses)).reduce((a, b) => a + b, 0) / n);
      acts.destroy();
    }
    console.log(`GPU LoRA training loss: ${history.map((l) => l.toFixed(3)).join(' → ')}`);
    expect(history[history.length - 1]).toBeLessThan(0.5 * history[0]);
    gpu.destroy();
  });
});
