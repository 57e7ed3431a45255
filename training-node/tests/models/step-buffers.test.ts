/**
 * Step buffers (models/step-buffers.ts): a decoder forward + backward that takes its arrays from reused
 * StepBuffers must give BITWISE the loss and gradients of one on fresh arrays, step after step, with batch shapes
 * that change between steps, adapter dropout, full-parameter gradients and gradient checkpointing, on the
 * reference ops and the fast ones. The buffers hand out NaN-filled arrays here (unless zeroed on request), so an
 * op that read an array before assigning all of it would show.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { createFastCpuOps, REFERENCE_CPU_OPS } from '../../src/engine/cpu-fast/ops';
import { allocLlamaParams, allocLoraAdapters, causalLmLoss, llamaBackward, llamaForward, LORA_TARGETS, type LlamaConfig } from '../../src/models/index';
import { createStepBuffers, type StepBuffers } from '../../src/models/step-buffers';

const cfg: LlamaConfig = {
  vocabSize: 37, hidden: 16, intermediate: 24, layers: 2, heads: 4, kvHeads: 2, headDim: 4, ropeTheta: 10000,
  rmsEps: 1e-5, tiedEmbeddings: true, attentionBias: true, maxSeqLen: 16
};
const loraCfg = { rank: 3, alpha: 6, dropout: 0.25, targets: [...LORA_TARGETS] };

/** createStepBuffers, but every array handed out is first filled with NaN (zeroed ones: 0). */
function poisoned(): StepBuffers {
  const inner = createStepBuffers();
  return { reset: () => inner.reset(), take: (n, zero) => (zero ? inner.take(n, true) : inner.take(n).fill(NaN)) };
}

describe('step buffers: reused activation arrays give bitwise the fresh-array results', () => {
  const fast = createFastCpuOps({ threads: 1 });
  it.each([['reference', false], ['reference', true], ['fast', false], ['fast', true]] as const)('%s ops, checkpointing %s', (kind, gradientCheckpointing) => {
    const params = allocLlamaParams(cfg);
    const rand = seededRandom(7);
    for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.5;
    const model = { config: cfg, params, cpuOps: kind === 'fast' ? fast : REFERENCE_CPU_OPS };
    const lora = allocLoraAdapters(cfg, loraCfg, 4);
    for (let i = 0; i < lora.arena.length; i++) lora.arena[i] = rand() - 0.5;
    const buffers = poisoned();
    for (const [step, [B, T]] of [[2, 6], [2, 6], [1, 9], [2, 6]].entries()) {
      const tokens = Int32Array.from({ length: B * T }, (_, i) => (i * 7 + step) % cfg.vocabSize);
      const targets = Int32Array.from({ length: B * T }, (_, i) => (i * 5 + 3) % cfg.vocabSize);
      const run = (reuse: StepBuffers | null) => {
        const acts = llamaForward(model, tokens, B, T, { lora, training: true, dropoutSeed: step, gradientCheckpointing, buffers: reuse });
        const { loss, dlogits } = causalLmLoss(acts.logits, targets, B * T, cfg.vocabSize, model.cpuOps);
        const grads = { params: allocLlamaParams(cfg), lora: allocLoraAdapters(cfg, loraCfg, 0, true) };
        llamaBackward(model, acts, dlogits, grads, lora);
        return { loss, lora: grads.lora.arena, params: grads.params.arena };
      };
      const want = run(null), got = run(buffers);
      expect(got.loss, `step ${step}`).toBe(want.loss);
      expect(Number.isFinite(got.loss)).toBe(true);
      expect(got.lora, `step ${step}`).toEqual(want.lora);
      expect(got.params, `step ${step}`).toEqual(want.params);
    }
  });
});
