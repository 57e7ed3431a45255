/**
 * SFT and DPO on WebGPU (Dawn; SwiftShader in CI) follow the CPU reference path: the same run (LoRA with
 * adapter dropout, gradient accumulation, eval) gives the same loss curve and adapters within f32 tolerance.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTrainConfig, type TrainConfig } from '../../src/train/config';
import { runDecoderTraining } from '../../src/train/decoder-run';
import { openDawnDevice } from '../../src/train/node-gpu';
import { readMetrics } from '../../src/train/metrics';
import { SFT_ROWS, sharedPath, tempDir, writeJsonl, writeTinyLlamaDir } from './fixtures';

const tok = sharedPath('models/llama2c-aidreams260k/tok512.bin');
const probe = await openDawnDevice();
probe.dev?.destroy();
if (!probe.dev) console.warn(`[skip] no WebGPU adapter (${probe.reason}): GPU trainer tests are skipped`);
const quiet = { log: () => {} };

describe.skipIf(!tok.present || !probe.dev)('decoder training on WebGPU equals the CPU path', () => {
  it('SFT with packed rows: same losses, eval losses and adapters within f32 tolerance', async () => {
    const dir = tempDir('sft-gpu');
    writeTinyLlamaDir(path.join(dir, 'base'), 6);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS);
    const val = writeJsonl(path.join(dir, 'val.jsonl'), SFT_ROWS.slice(0, 2));
    const config = (device: 'cpu' | 'webgpu'): TrainConfig => makeTrainConfig({ mode: 'sft', model: path.join(dir, 'base'), data, out: path.join(dir, device) }, {
      device, tokenizer: tok.path, val, steps: 2, lr: 1e-2, batchSize: 2, gradAccum: 2, loraDropout: 0.1, evalEvery: 2, pack: true, seqLen: 80,
      targetModules: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'], quiet: true
    });
    const cpu = await runDecoderTraining(config('cpu'), quiet);
    const gpu = await runDecoderTraining(config('webgpu'), quiet);
    const a = readMetrics(path.join(dir, 'cpu/metrics.jsonl'));
    const b = readMetrics(path.join(dir, 'webgpu/metrics.jsonl'));
    expect(b.map((m) => m.step)).toEqual([1, 2]);
    expect(cpu.trainExamples).toBeLessThan(SFT_ROWS.length); // rows really hold several packed conversations
    for (let i = 0; i < a.length; i++) {
      expect(Math.abs(b[i].loss - a[i].loss)).toBeLessThan(1e-3 * (1 + a[i].loss));
      expect(Math.abs(b[i].grad_norm - a[i].grad_norm)).toBeLessThan(1e-3 * (1 + a[i].grad_norm));
      if (a[i].eval_loss !== undefined) expect(Math.abs(b[i].eval_loss! - a[i].eval_loss!)).toBeLessThan(1e-3 * (1 + a[i].eval_loss!));
    }
    expect(a[1].loss).toBeLessThan(a[0].loss);
    let maxDiff = 0, maxAbs = 0;
    for (let i = 0; i < cpu.lora!.arena.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(cpu.lora!.arena[i] - gpu.lora!.arena[i]));
      maxAbs = Math.max(maxAbs, Math.abs(cpu.lora!.arena[i]));
    }
    expect(maxDiff).toBeLessThan(1e-3 * (1 + maxAbs));
  }, 180_000);

  it('DPO: same losses, eval margins and adapters within f32 tolerance (reference log-probs on the GPU too)', async () => {
    const dir = tempDir('dpo-gpu');
    writeTinyLlamaDir(path.join(dir, 'base'), 7);
    const row = (w: string) => ({ prompt: `Tell me about the ${w}.`, chosen: `Answer: ${w}.`, rejected: `${w} I guess` });
    const data = writeJsonl(path.join(dir, 'train.jsonl'), ['cat', 'dog', 'sun', 'tree'].map(row));
    const val = writeJsonl(path.join(dir, 'val.jsonl'), ['moon', 'boat'].map(row));
    const config = (device: 'cpu' | 'webgpu'): TrainConfig => makeTrainConfig({ mode: 'dpo', model: path.join(dir, 'base'), data, out: path.join(dir, device) }, {
      device, tokenizer: tok.path, val, steps: 1, lr: 5e-3, batchSize: 2, evalEvery: 1, quiet: true
    });
    const cpu = await runDecoderTraining(config('cpu'), quiet);
    const gpu = await runDecoderTraining(config('webgpu'), quiet);
    const a = readMetrics(path.join(dir, 'cpu/metrics.jsonl'));
    const b = readMetrics(path.join(dir, 'webgpu/metrics.jsonl'));
    for (const key of ['loss', 'grad_norm', 'eval_loss', 'eval_margin'] as const) {
      for (let i = 0; i < a.length; i++) {
        if (a[i][key] === undefined) continue;
        expect(Math.abs(b[i][key]! - a[i][key]!)).toBeLessThan(1e-3 * (1 + Math.abs(a[i][key]!)));
      }
    }
    let maxDiff = 0;
    for (let i = 0; i < cpu.lora!.arena.length; i++) maxDiff = Math.max(maxDiff, Math.abs(cpu.lora!.arena[i] - gpu.lora!.arena[i]));
    expect(maxDiff).toBeLessThan(1e-4);
  }, 180_000);
});
