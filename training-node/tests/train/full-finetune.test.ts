/**
 * `--full-finetune` for decoders (sft, dpo), through the CLI flag parser and runDecoderTraining:
 * - SFT on WebGPU (Dawn; SwiftShader in CI) equals the CPU run (losses, grad norms and every trained weight within
 *   f32 tolerance), lowers the loss, and writes merged/ only (no adapter/); merged/ reloads with the Hugging Face
 *   loader into exactly the trained weights, and its logits differ from the base's and score the training data better.
 *   The model has tied embeddings and Qwen2 q/k/v biases, so those paths are trained and exported too.
 * - DPO on WebGPU equals the CPU run, and the reference is the frozen base: at step 1 the policy equals it, so
 *   the loss is exactly ln 2 on both devices; after one update it falls below ln 2.
 * - In the loop directly: the GPU AdamW over the whole params arena (per-segment decay, no decay on norms and
 *   biases) equals the host placement (CPU AdamW, params up / grads down every step), with gradient checkpointing.
 * - --full-finetune with --qlora or --precision f16 is refused with a clear message.
 * Shape legend: tiny Llama (V 512, C 32, L 2, GQA 4/2), B = 4 sequences per step.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from '../../src/cli/commands/train-common';
import { UsageError } from '../../src/cli/args';
import type { ChatMessage } from '../../src/io/hf';
import { seededRandom } from '../../src/data/random';
import { llamaForward, type LlamaModel } from '../../src/models/llama';
import { allocLlamaParams } from '../../src/models/llama-params';
import type { TokenSequence } from '../../src/train/chat-tokenizer';
import type { OptimizerPlacement } from '../../src/train/gpu-optimizer';
import { runTrainingLoop, type StepMetrics, type TrainableState } from '../../src/train/loop';
import { createSftObjectiveGpu } from '../../src/train/sft-gpu';
import { llamaDecaySegments, runDecoderTraining } from '../../src/train/decoder-run';
import { readMetrics } from '../../src/train/metrics';
import { loadDecoder } from '../../src/train/model-load';
import { openDawnDevice } from '../../src/train/node-gpu';
import { buildSftSequences, meanCausalLoss } from '../../src/train/sft';
import { SFT_ROWS, sharedPath, tempDir, TINY_LLAMA, writeJsonl, writeTinyLlamaDir } from './fixtures';

const tok = sharedPath('models/llama2c-aidreams260k/tok512.bin');
const probe = await openDawnDevice();
probe.dev?.destroy();
if (!probe.dev) console.warn(`[skip] no WebGPU adapter (${probe.reason}): GPU full fine-tune tests are skipped`);
const quiet = { log: () => {} };
const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);
const maxAbs = (a: Float32Array): number => a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

describe('flags', () => {
  it('--full-finetune parses for sft and dpo, and refuses --qlora and --precision f16', () => {
    const base = ['--model', 'm', '--data', 'd.jsonl', '--out', 'o', '--full-finetune'];
    expect(parseTrainConfig('sft', base, 'help')!.fullFinetune).toBe(true);
    expect(parseTrainConfig('dpo', base, 'help')!.fullFinetune).toBe(true);
    expect(() => parseTrainConfig('sft', [...base, '--qlora'], 'help')).toThrow(/full-finetune.*qlora/);
    expect(() => parseTrainConfig('sft', [...base, '--precision', 'f16'], 'help')).toThrow(UsageError);
  });
});

describe.skipIf(!tok.present || !probe.dev)('decoder full fine-tune on WebGPU equals the CPU path', () => {
  const config = { ...TINY_LLAMA, tiedEmbeddings: true, attentionBias: true };

  it('SFT: same curve and weights as the CPU, loss falls, merged/ reloads into the trained model', async () => {
    const dir = tempDir('full-sft');
    writeTinyLlamaDir(path.join(dir, 'base'), 3, config);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS.slice(0, 4));
    const run = (device: string) => runDecoderTraining(parseTrainConfig('sft', [
      '--model', path.join(dir, 'base'), '--tokenizer', tok.path, '--data', data, '--out', path.join(dir, device), '--device', device,
      '--full-finetune', '--steps', '4', '--lr', '1e-2', '--batch-size', '4', '--seq-len', '64', '--weight-decay', '0.01', '--quiet'
    ], 'help')!, quiet);
    const cpu = await run('cpu');
    const gpu = await run('webgpu');
    expect(gpu.lora).toBeNull();
    const a = readMetrics(path.join(dir, 'cpu/metrics.jsonl'));
    const b = readMetrics(path.join(dir, 'webgpu/metrics.jsonl'));
    expect(b.map((m) => m.step)).toEqual([1, 2, 3, 4]);
    for (let i = 0; i < a.length; i++) {
      expect(Math.abs(b[i].loss - a[i].loss)).toBeLessThan(1e-4 * (1 + a[i].loss));
      expect(Math.abs(b[i].grad_norm - a[i].grad_norm)).toBeLessThan(1e-4 * (1 + a[i].grad_norm));
    }
    expect(b[3].loss).toBeLessThan(0.8 * b[0].loss);
    const weightErr = maxAbsDiff(gpu.model.params.arena, cpu.model.params.arena);
    console.log(`full-FT SFT GPU vs CPU: losses ${b.map((m) => m.loss.toFixed(4)).join(' → ')}, max |Δweight| ${weightErr.toExponential(2)}`);
    expect(weightErr).toBeLessThan(1e-4 * (1 + maxAbs(cpu.model.params.arena)));
    expect(maxAbsDiff(gpu.model.params.arena, gpu.base.params.arena)).toBeGreaterThan(1e-3); // trained, base untouched

    expect(existsSync(path.join(dir, 'webgpu/adapter'))).toBe(false);
    const merged = await loadDecoder(path.join(dir, 'webgpu/merged'), path.join(dir, 'webgpu/merged/tok512.bin')); // tokenizer copied in
    expect(merged.model.config).toMatchObject({ tiedEmbeddings: true, attentionBias: true });
    expect(maxAbsDiff(merged.model.params.arena, gpu.model.params.arena)).toBe(0);
    const seqs = buildSftSequences(SFT_ROWS.slice(0, 4).map((r) => r.messages as ChatMessage[]), merged.tokenizer, 64, false).sequences;
    const tokens = Int32Array.from(seqs[0].ids);
    const logits = (m: typeof merged.model) => llamaForward(m, tokens, 1, tokens.length).logits;
    expect(maxAbsDiff(logits(merged.model), logits(gpu.model))).toBe(0);
    expect(maxAbsDiff(logits(merged.model), logits(gpu.base))).toBeGreaterThan(1e-2);
    expect(meanCausalLoss(merged.model, null, seqs, 4)).toBeLessThan(meanCausalLoss(gpu.base, null, seqs, 4));
  }, 180_000);

  it('DPO: same losses and weights as the CPU; the reference is the frozen base (step-1 loss = ln 2)', async () => {
    const dir = tempDir('full-dpo');
    writeTinyLlamaDir(path.join(dir, 'base'), 5, config);
    const row = (w: string) => ({ prompt: `Tell me about the ${w}.`, chosen: `Answer: ${w}.`, rejected: `${w} I guess` });
    const data = writeJsonl(path.join(dir, 'train.jsonl'), ['cat', 'dog', 'sun', 'tree'].map(row));
    const run = (device: string) => runDecoderTraining(parseTrainConfig('dpo', [
      '--model', path.join(dir, 'base'), '--tokenizer', tok.path, '--data', data, '--out', path.join(dir, device), '--device', device,
      '--full-finetune', '--steps', '2', '--lr', '1e-3', '--batch-size', '4', '--quiet'
    ], 'help')!, quiet);
    const cpu = await run('cpu');
    const gpu = await run('webgpu');
    const a = readMetrics(path.join(dir, 'cpu/metrics.jsonl'));
    const b = readMetrics(path.join(dir, 'webgpu/metrics.jsonl'));
    for (const m of [a, b]) {
      expect(Math.abs(m[0].loss - Math.LN2)).toBeLessThan(1e-5);
      expect(m[1].loss).toBeLessThan(Math.LN2 - 1e-3);
    }
    for (let i = 0; i < a.length; i++) expect(Math.abs(b[i].loss - a[i].loss)).toBeLessThan(1e-4);
    const weightErr = maxAbsDiff(gpu.model.params.arena, cpu.model.params.arena);
    console.log(`full-FT DPO GPU vs CPU: losses ${b.map((m) => m.loss.toFixed(5)).join(' → ')}, max |Δweight| ${weightErr.toExponential(2)}`);
    expect(weightErr).toBeLessThan(1e-4 * (1 + maxAbs(cpu.model.params.arena)));
    expect(existsSync(path.join(dir, 'webgpu/merged/model.safetensors'))).toBe(true);
  }, 180_000);

  it('loop: the GPU AdamW over every weight equals the host placement (weight decay segments, checkpointing)', async () => {
    const small = { ...config, vocabSize: 64 };
    const rand = seededRandom(8);
    const base = allocLlamaParams(small);
    for (let i = 0; i < base.arena.length; i++) base.arena[i] = (rand() * 2 - 1) * 0.3;
    for (const n of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) base[n].fill(1);
    const seqs: TokenSequence[] = Array.from({ length: 4 }, (_, i) => {
      const n = 8 + 2 * i;
      return { ids: Array.from({ length: n }, () => 1 + Math.floor(rand() * 63)), mask: Uint8Array.from({ length: n }, (_, t) => (t >= n / 2 ? 1 : 0)) };
    });
    const { dev } = await openDawnDevice();
    const run = async (optimizer: OptimizerPlacement) => {
      const params = allocLlamaParams(small);
      params.arena.set(base.arena);
      const model: LlamaModel = { config: small, params };
      const grads = allocLlamaParams(small);
      const n = params.arena.length;
      const state: TrainableState = { params: params.arena, grads: grads.arena, m: new Float32Array(n), v: new Float32Array(n), decaySegments: llamaDecaySegments(small) };
      const objective = createSftObjectiveGpu(dev!, model, null, grads, seqs, [], 2, { optimizer, gradientCheckpointing: true });
      const metrics: StepMetrics[] = [];
      try {
        await runTrainingLoop(objective, state, {
          totalSteps: 3, batchSize: 2, gradAccum: 2, lr: 1e-2, warmup: 1, weightDecay: 0.1, maxGradNorm: 1, seed: 4, evalEvery: 0, saveEvery: 0
        }, { step: 0, cursor: { epoch: 0, offset: 0 } }, { onStep: (m) => metrics.push(m) });
      } finally {
        objective.destroy();
      }
      return { metrics, params: params.arena };
    };
    try {
      const host = await run('host'), device = await run('device');
      for (let s = 0; s < 3; s++) {
        expect(Math.abs(host.metrics[s].loss - device.metrics[s].loss)).toBeLessThan(1e-4 * (1 + host.metrics[s].loss));
        expect(Math.abs(host.metrics[s].grad_norm - device.metrics[s].grad_norm)).toBeLessThan(1e-4 * (1 + host.metrics[s].grad_norm));
      }
      const err = maxAbsDiff(host.params, device.params);
      console.log(`full-FT host vs device AdamW: max |Δweight| ${err.toExponential(2)} after 3 steps`);
      expect(err).toBeLessThan(1e-4);
      expect(maxAbsDiff(device.params, base.arena)).toBeGreaterThan(1e-3);
    } finally {
      dev?.destroy();
    }
  }, 120_000);
});
