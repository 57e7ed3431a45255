/**
 * Full fine-tune gradients on WebGPU equal the CPU model's full-parameter gradients (llama.ts `params` grads,
 * checked by finite differences in llama-gradcheck.test.ts): every tensor — embedding (incl. the tied lm head's
 * share), norms, q/k/v/o and the Qwen2 q/k/v biases, gate/up/down, final norm, untied lm head — on tiny random
 * configs with GQA: untied + bias with a padding key mask; tied without bias; and packed segments (positions
 * restarting per example) with gradient checkpointing. dlogits come from the CPU loss, so only the model path is
 * compared. Tolerance per tensor: 1e-4·(1 + max|cpu|) (f32 GPU sums vs float64 reference sums).
 * Also: 4-bit bases are refused for full fine-tuning (f16 storage likewise, by the same check; not run here).
 *
 * Shape legend: B = 2 rows, T = 6, V = 37, C = 16, I = 24, L = 2, NH = 4, NKV = 2, HS = 4.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { upload } from '../../src/engine/buffers';
import type { EngineDevice } from '../../src/engine/device';
import { IGNORE_INDEX } from '../../src/engine/reference/index';
import {
  allocLlamaParams, causalLmLoss, LLAMA_PARAM_NAMES, llamaBackward, llamaForward, type LlamaConfig, type LlamaModel,
  quantizeLlamaBase
} from '../../src/models/index';
import { allocLlamaGradsGpu, downloadLlamaParams, llamaBackwardGpu, llamaForwardGpu, uploadLlamaModel } from '../../src/models/llama-gpu';
import { createNodeEngineDevice, maxAbsDiff } from '../engine/gpu';

const cfg: LlamaConfig = {
  vocabSize: 37, hidden: 16, intermediate: 24, layers: 2, heads: 4, kvHeads: 2, headDim: 4, ropeTheta: 10000,
  rmsEps: 1e-5, tiedEmbeddings: false, attentionBias: true, maxSeqLen: 16
};
const B = 2, T = 6;
const tokens = Int32Array.from([1, 5, 9, 30, 2, 7, 1, 4, 4, 36, 0, 0]);
const targets = Int32Array.from([5, 9, 30, 2, 7, 3, 4, 4, 36, 8, IGNORE_INDEX, IGNORE_INDEX]);
const keyMask = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
// Packed: row 0 holds examples 1 (4 tokens) and 2 (2 tokens); row 1 holds example 3 (5 tokens) and padding.
const segments = Int32Array.from([1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 0]);
const positions = Int32Array.from([0, 1, 2, 3, 0, 1, 0, 1, 2, 3, 4, 0]);
const packedTargets = Int32Array.from([5, 9, 30, IGNORE_INDEX, 7, IGNORE_INDEX, 4, 4, 36, 8, IGNORE_INDEX, IGNORE_INDEX]);

function randomModel(seed: number, extra: Partial<LlamaConfig>): LlamaModel {
  const config = { ...cfg, ...extra };
  const params = allocLlamaParams(config);
  const rand = seededRandom(seed);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.5;
  for (const norm of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) for (let i = 0; i < params[norm].length; i++) params[norm][i] += 1;
  return { config, params };
}

const VARIANTS = [
  { name: 'untied, q/k/v bias, key mask', extra: { tiedEmbeddings: false, attentionBias: true }, packed: false, checkpointing: false },
  { name: 'tied embeddings, no bias', extra: { tiedEmbeddings: true, attentionBias: false }, packed: false, checkpointing: false },
  { name: 'packed segments + gradient checkpointing, tied, bias', extra: { tiedEmbeddings: true, attentionBias: true }, packed: true, checkpointing: true }
];

describe('Llama full fine-tune gradients on WebGPU equal the CPU model', () => {
  let dev: EngineDevice;
  beforeAll(async () => {
    dev = await createNodeEngineDevice();
  });
  afterAll(() => dev?.destroy());

  VARIANTS.forEach((variant, i) => {
    it(`every parameter gradient (${variant.name})`, async () => {
      const model = randomModel(11 + i, variant.extra);
      const opts = variant.packed ? { segments, positions } : { keyMask };
      const tgt = variant.packed ? packedTargets : targets;
      const acts = llamaForward(model, tokens, B, T, opts);
      const { dlogits } = causalLmLoss(acts.logits, tgt, B * T, model.config.vocabSize);
      const cpu = allocLlamaParams(model.config);
      llamaBackward(model, acts, dlogits, { params: cpu });

      const gpu = uploadLlamaModel(dev, model, { precision: 'f32' });
      const grads = allocLlamaGradsGpu(dev, gpu);
      const gpuActs = llamaForwardGpu(dev, gpu, tokens, B, T, { ...opts, gradientCheckpointing: variant.checkpointing });
      llamaBackwardGpu(dev, gpu, gpuActs, upload(dev, dlogits, 'dlogits'), null, null, grads);
      gpuActs.destroy();
      const got = allocLlamaParams(model.config);
      await downloadLlamaParams(dev, grads, got);
      grads.destroy();
      gpu.destroy();

      let worst = 0;
      for (const name of LLAMA_PARAM_NAMES) {
        if (cpu[name].length === 0) continue;
        const maxCpu = cpu[name].reduce((m, x) => Math.max(m, Math.abs(x)), 0);
        const err = maxAbsDiff(got[name], cpu[name]);
        worst = Math.max(worst, err);
        expect(err, `${name}: max |Δ| ${err} (max |cpu| ${maxCpu})`).toBeLessThanOrEqual(1e-4 * (1 + maxCpu));
        expect(maxCpu, `${name} gradient is all zero`).toBeGreaterThan(1e-6);
      }
      console.log(`llama full-FT GPU vs CPU (${variant.name}): max |Δgrad| ${worst.toExponential(2)} over ${cpu.arena.length} params`);
    });
  });

  it('refuses 4-bit (QLoRA) bases for full fine-tuning', () => {
    const dense = randomModel(3, {});
    const q4 = uploadLlamaModel(dev, quantizeLlamaBase(dense, 8), { precision: 'f32' });
    const acts = llamaForwardGpu(dev, q4, tokens, B, T, { keyMask });
    const dlogits = upload(dev, new Float32Array(B * T * cfg.vocabSize), 'dlogits');
    const grads = allocLlamaGradsGpu(dev, q4);
    expect(() => llamaBackwardGpu(dev, q4, acts, dlogits, null, null, grads)).toThrow(/4-bit/);
    acts.destroy();
    grads.destroy();
    q4.destroy();
  });
});
