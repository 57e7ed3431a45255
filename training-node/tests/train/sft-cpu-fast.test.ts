/**
 * LoRA SFT on the fast CPU path (engine/cpu-fast, 2 worker threads) against the float64 reference path: same
 * random Llama (odd widths: hidden 36, head 6, vocab 203; GQA, q/k/v bias, all seven LoRA targets, adapter dropout), same data, same loop
 * (forward, masked loss, backward, clip, AdamW) — per-step losses and gradient norms agree within float32
 * tolerance and the trained adapters stay close; a full fine-tune step's gradients agree too. Also a QLoRA base
 * (4-bit) runs on the fast path. No ../shared needed for those (in-memory model and random tokens); the CLI check
 * (`sft --device cpu --cpu-kernels fast|reference`: same per-step losses, train-summary.json records the ops)
 * needs the llama2.c tok512 tokenizer from ../shared and is skipped without it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { quantize4bit } from '../../src/engine/reference/index';

import { causalLmLoss, llamaBackward, llamaForward, type LlamaModel } from '../../src/models/llama';
import { allocLlamaParams, type LlamaConfig } from '../../src/models/llama-params';
import { allocLoraAdapters, type LoraTarget } from '../../src/models/lora';
import type { TokenSequence } from '../../src/train/chat-tokenizer';
import { runTrainingLoop, type TrainableState } from '../../src/train/loop';
import { nodeCpuOps } from '../../src/train/node-threads';
import { createSftObjective } from '../../src/train/sft';
import { main } from '../../src/cli/main';
import { readMetrics } from '../../src/train/metrics';
import { SFT_ROWS, sharedPath, tempDir, writeJsonl, writeTinyLlamaDir } from './fixtures';

const CFG: LlamaConfig = {
  vocabSize: 203, hidden: 36, intermediate: 72, layers: 2, heads: 6, kvHeads: 2, headDim: 6,
  ropeTheta: 10000, rmsEps: 1e-5, tiedEmbeddings: true, attentionBias: true, maxSeqLen: 64
};
const fast = nodeCpuOps('fast', 2);
afterAll(() => fast.destroy());

function randomModel(): LlamaModel {
  const random = seededRandom(11);
  const params = allocLlamaParams(CFG);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (2 * random() - 1) * 0.2;
  for (const n of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) params[n].fill(1);
  return { config: CFG, params };
}

function sequences(n: number, T: number): TokenSequence[] {
  const random = seededRandom(5);
  return Array.from({ length: n }, (_, s) => {
    const len = T - (s % 3) * 4; // ragged: padding in the batch
    return { ids: Array.from({ length: len }, () => Math.floor(random() * CFG.vocabSize)), mask: Uint8Array.from({ length: len }, (_, t) => (t < 5 ? 0 : 1)) };
  });
}

async function train(model: LlamaModel, steps: number) {
  const targets: LoraTarget[] = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'];
  const loraCfg = { rank: 5, alpha: 10, dropout: 0.1, targets };
  const lora = allocLoraAdapters(CFG, loraCfg, 3);
  for (let i = 0; i < lora.arena.length; i++) lora.arena[i] += 0.01 * Math.sin(i); // nonzero B: the adapter path matters from step 1
  const grads = allocLoraAdapters(CFG, loraCfg, 0, true);
  const objective = createSftObjective(model, lora, grads, sequences(12, 29), [], 3);
  const state: TrainableState = { params: lora.arena, grads: grads.arena, m: new Float32Array(lora.arena.length), v: new Float32Array(lora.arena.length) };
  const metrics = await runTrainingLoop(objective, state, {
    totalSteps: steps, batchSize: 3, gradAccum: 1, lr: 5e-3, warmup: 0, weightDecay: 0, maxGradNorm: 1, seed: 1, evalEvery: 0, saveEvery: 0
  }, { step: 0, cursor: { epoch: 0, offset: 0 } });
  return { metrics, adapters: Float32Array.from(lora.arena) };
}

describe('SFT on the fast CPU path vs the reference path', () => {
  it('LoRA: per-step loss and grad norm agree within f32 tolerance over 6 steps', async () => {
    const ref = await train(randomModel(), 6);
    const got = await train({ ...randomModel(), cpuOps: fast }, 6);
    expect(got.metrics).toHaveLength(6);
    for (let i = 0; i < 6; i++) {
      expect(Math.abs(got.metrics[i].loss - ref.metrics[i].loss) / ref.metrics[i].loss, `step ${i + 1} loss`).toBeLessThan(1e-4);
      expect(Math.abs(got.metrics[i].grad_norm - ref.metrics[i].grad_norm) / ref.metrics[i].grad_norm, `step ${i + 1} grad norm`).toBeLessThan(1e-3);
    }
    expect(ref.metrics[5].loss).toBeLessThan(ref.metrics[0].loss); // it trained
    let maxDiff = 0;
    for (let i = 0; i < ref.adapters.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got.adapters[i] - ref.adapters[i]));
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('full fine-tune gradients and a QLoRA (4-bit base) forward agree with the reference', () => {
    const B = 2, T = 17, BT = B * T;
    const random = seededRandom(9);
    const tokens = Int32Array.from({ length: BT }, () => Math.floor(random() * CFG.vocabSize));
    const targets = Int32Array.from({ length: BT }, (_, i) => (i % T === T - 1 ? -100 : tokens[i + 1]));
    const grad = (model: LlamaModel) => {
      const acts = llamaForward(model, tokens, B, T);
      const { loss, dlogits } = causalLmLoss(acts.logits, targets, BT, CFG.vocabSize);
      const gp = allocLlamaParams(CFG);
      llamaBackward(model, acts, dlogits, { params: gp });
      return { loss, g: gp.arena };
    };
    const ref = grad(randomModel()), got = grad({ ...randomModel(), cpuOps: fast });
    expect(Math.abs(got.loss - ref.loss)).toBeLessThan(1e-5 * ref.loss);
    let scale = 0, diff = 0;
    for (let i = 0; i < ref.g.length; i++) { scale = Math.max(scale, Math.abs(ref.g[i])); diff = Math.max(diff, Math.abs(got.g[i] - ref.g[i])); }
    expect(scale).toBeGreaterThan(0);
    expect(diff / scale).toBeLessThan(1e-4);

    const m = randomModel();
    const C = CFG.hidden, I = CFG.intermediate;
    const quantized = { down: [0, 1].map((l) => quantize4bit(m.params.wDown.subarray(l * C * I, (l + 1) * C * I), C, I, 8)) };
    const qref = llamaForward({ ...m, quantized }, tokens, B, T).logits;
    const qgot = llamaForward({ ...m, quantized, cpuOps: fast }, tokens, B, T).logits;
    let qs = 0, qd = 0;
    for (let i = 0; i < qref.length; i++) { qs = Math.max(qs, Math.abs(qref[i])); qd = Math.max(qd, Math.abs(qgot[i] - qref[i])); }
    expect(qd / qs).toBeLessThan(1e-5);
  });
});

const tok = sharedPath('models/llama2c-aidreams260k/tok512.bin');

describe.skipIf(!tok.present)('sft CLI on the CPU: --cpu-kernels fast vs reference', () => {
  it('same per-step losses within f32 tolerance, and train-summary.json records which ops ran', async () => {
    const dir = tempDir('sft-cpu-kernels');
    writeTinyLlamaDir(path.join(dir, 'base'), 3);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS);
    const run = async (kernels: string) => {
      const out = path.join(dir, kernels);
      const code = await main(['sft', '--model', path.join(dir, 'base'), '--tokenizer', tok.path, '--data', data, '--out', out, '--device', 'cpu',
        '--cpu-kernels', kernels, '--threads', '2', '--lora-dropout', '0.1', '--steps', '5', '--lr', '1e-2', '--batch-size', '2', '--quiet']);
      expect(code).toBe(0);
      const summary = JSON.parse(readFileSync(path.join(out, 'train-summary.json'), 'utf8')) as { device: string; cpuKernels: string };
      return { losses: readMetrics(path.join(out, 'metrics.jsonl')).map((m) => m.loss), summary };
    };
    const fastRun = await run('fast'), refRun = await run('reference');
    expect(fastRun.summary).toMatchObject({ device: 'cpu', cpuKernels: expect.stringMatching(/^fast \(wasm simd( \+ relaxed fma)?, 2 threads\)$/) });
    expect(refRun.summary).toMatchObject({ device: 'cpu', cpuKernels: 'reference' });
    expect(fastRun.losses).toHaveLength(5);
    for (let i = 0; i < 5; i++) expect(Math.abs(fastRun.losses[i] - refRun.losses[i]) / refRun.losses[i], `step ${i + 1}`).toBeLessThan(1e-4);
    expect(await main(['sft', '--model', path.join(dir, 'base'), '--data', data, '--out', path.join(dir, 'bad'), '--cpu-kernels', 'simd', '--quiet'])).not.toBe(0);
  }, 120_000);
});
