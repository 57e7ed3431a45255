/**
 * The WebGPU BERT path equals the CPU encoder (whose backward is checked by finite differences): pooled
 * embeddings, every full fine-tune gradient, and LoRA query/key/value gradients over a frozen base (with
 * adapter dropout: identical seeded masks on both paths), on a
 * padded batch with token types. Tolerance: 1e-4·(1 + max|cpu|) (f32 GPU sums vs float64 reference sums).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { readF32, upload } from '../../src/engine/buffers';
import type { EngineDevice } from '../../src/engine/device';
import { allocBertParams, bertBackward, bertForward, type BertConfig, type BertParams } from '../../src/models/bert';
import { bertBackwardGpu, bertForwardGpu, downloadBertParams, uploadBertParams } from '../../src/models/bert-gpu';
import { allocBertLoraAdapters, BERT_LORA_TARGETS } from '../../src/models/lora';
import { downloadLoraAdapters, uploadLoraAdapters } from '../../src/models/lora-gpu';
import { createNodeEngineDevice, maxAbsDiff } from '../engine/gpu';

const cfg: BertConfig = { vocabSize: 50, hidden: 16, intermediate: 32, layers: 2, heads: 4, maxPositions: 12, typeVocabSize: 2, layerNormEps: 1e-12 };
const B = 3, T = 5;
const tokens = Int32Array.from([2, 11, 17, 3, 0, 2, 40, 3, 0, 0, 2, 5, 6, 7, 3]);
const mask = Uint8Array.from([1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
const tokenTypes = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1]);
const dembeddings = Float32Array.from({ length: B * cfg.hidden }, (_, i) => Math.cos(i * 0.7));

function randomParams(): BertParams {
  const params = allocBertParams(cfg);
  const rand = seededRandom(13);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.5;
  for (const ln of ['embLnW', 'ln1W', 'ln2W'] as const) for (let i = 0; i < params[ln].length; i++) params[ln][i] += 1;
  return params;
}

function tolerance(cpu: Float32Array): number {
  let m = 0;
  for (const x of cpu) m = Math.max(m, Math.abs(x));
  return 1e-4 * (1 + m);
}

describe('BERT on WebGPU equals the CPU encoder', () => {
  let dev: EngineDevice;
  beforeAll(async () => {
    dev = await createNodeEngineDevice();
  });
  afterAll(() => dev?.destroy());

  it('embeddings and full fine-tune gradients', async () => {
    const params = randomParams();
    const acts = bertForward(cfg, params, tokens, mask, B, T, { tokenTypes });
    const cpuGrads = allocBertParams(cfg);
    bertBackward(cfg, params, acts, dembeddings, { params: cpuGrads });
    const gpu = uploadBertParams(dev, cfg, params);
    const gpuGrads = uploadBertParams(dev, cfg, allocBertParams(cfg), 'bert-grads');
    let embeddings: Float32Array = new Float32Array(0);
    const demb = upload(dev, dembeddings);
    for (let pass = 0; pass < 2; pass++) { // the second pass runs on recycled pool buffers; grads accumulate
      const gpuActs = bertForwardGpu(dev, gpu, tokens, mask, B, T, { tokenTypes });
      embeddings = await readF32(dev, gpuActs.embeddings);
      bertBackwardGpu(dev, gpu, gpuActs, demb, { params: gpuGrads });
      gpuActs.destroy();
    }
    const grads = allocBertParams(cfg);
    await downloadBertParams(dev, gpuGrads, grads);
    grads.arena.forEach((g, i) => (grads.arena[i] = g / 2));
    gpu.destroy();
    gpuGrads.destroy();
    const embErr = maxAbsDiff(embeddings, acts.embeddings);
    const gradErr = maxAbsDiff(grads.arena, cpuGrads.arena);
    console.log(`bert GPU vs CPU: max |Δembedding| ${embErr.toExponential(2)}, max |Δgrad| ${gradErr.toExponential(2)} (full fine-tune)`);
    expect(embErr).toBeLessThanOrEqual(tolerance(acts.embeddings));
    expect(gradErr).toBeLessThanOrEqual(tolerance(cpuGrads.arena));
  });

  it('LoRA query/key/value gradients over a frozen base, with adapter dropout', async () => {
    const params = randomParams();
    const loraCfg = { rank: 2, alpha: 4, dropout: 0.2, targets: [...BERT_LORA_TARGETS] };
    const train = { training: true, dropoutSeed: 3 };
    const lora = allocBertLoraAdapters(cfg, loraCfg, 1);
    const rand = seededRandom(2);
    for (const layer of lora.layers) for (const pair of Object.values(layer)) for (let i = 0; i < pair!.B.length; i++) pair!.B[i] = rand() - 0.5;
    const acts = bertForward(cfg, params, tokens, mask, B, T, { tokenTypes, lora, ...train });
    const cpuGrads = allocBertLoraAdapters(cfg, loraCfg, 0, true);
    bertBackward(cfg, params, acts, dembeddings, { lora: cpuGrads }, lora);
    const gpu = uploadBertParams(dev, cfg, params);
    const gpuLora = uploadLoraAdapters(dev, lora);
    const gpuGrads = uploadLoraAdapters(dev, allocBertLoraAdapters(cfg, loraCfg, 0, true), 'lora-grads');
    const gpuActs = bertForwardGpu(dev, gpu, tokens, mask, B, T, { tokenTypes, lora: gpuLora, ...train });
    const embeddings = await readF32(dev, gpuActs.embeddings);
    bertBackwardGpu(dev, gpu, gpuActs, upload(dev, dembeddings), { lora: gpuGrads }, gpuLora);
    const grads = allocBertLoraAdapters(cfg, loraCfg, 0, true);
    await downloadLoraAdapters(dev, gpuGrads, grads);
    gpuActs.destroy();
    gpu.destroy();
    gpuGrads.arena.destroy();
    const gradErr = maxAbsDiff(grads.arena, cpuGrads.arena);
    console.log(`bert GPU vs CPU: max |Δgrad| ${gradErr.toExponential(2)} (LoRA)`);
    expect(maxAbsDiff(embeddings, acts.embeddings)).toBeLessThanOrEqual(tolerance(acts.embeddings));
    expect(gradErr).toBeLessThanOrEqual(tolerance(cpuGrads.arena));
    expect(cpuGrads.arena.some((g) => Math.abs(g) > 1e-4)).toBe(true);
  });
});
