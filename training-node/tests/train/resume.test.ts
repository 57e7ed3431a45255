/**
 * Resume after a kill reproduces the uninterrupted run bit for bit on the CPU path: run N steps; separately
 * run, stop hard after step k (after metrics for steps past the last checkpoint were already written, as a
 * real kill leaves them), then `--resume` to N. The metrics (loss, lr, grad_norm, eval loss) and the final
 * adapter bytes must be identical. LoRA dropout, gradient accumulation and a multi-epoch data stream are on,
 * so the data cursor and the dropout seeds are exercised too. The kill-and-resume is run twice: as the
 * straight run, and with --gradient-checkpointing on (which must not change a single number either).
 * The same holds on WebGPU, where params and AdamW m/v live on the GPU between checkpoints (gpu-optimizer.ts),
 * and for --full-finetune (every weight trainable, AdamW over the whole arena): metrics and merged/ weights.
 * Also: data order / loop unit properties.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTrainConfig, type TrainConfig } from '../../src/train/config';
import { runDecoderTraining } from '../../src/train/decoder-run';
import { epochOrder, takeIndices } from '../../src/train/loop';
import { readMetrics } from '../../src/train/metrics';
import { openDawnDevice } from '../../src/train/node-gpu';
import { SFT_ROWS, sharedPath, tempDir, writeJsonl, writeTinyLlamaDir } from './fixtures';

const tok = sharedPath('models/llama2c-aidreams260k/tok512.bin');
const quiet = { log: () => {} };

class SimulatedKill extends Error {}
const probe = await openDawnDevice();
probe.dev?.destroy();
if (!probe.dev) console.warn(`[skip] no WebGPU adapter (${probe.reason}): the WebGPU resume test is skipped`);

describe('data stream', () => {
  it('is a seeded permutation per epoch that continues across epochs from a cursor', () => {
    const a = epochOrder(10, 7, 0);
    expect([...a].sort((x, y) => x - y)).toEqual([...Array(10).keys()]);
    expect(epochOrder(10, 7, 0)).toEqual(a);
    expect(epochOrder(10, 7, 1)).not.toEqual(a);
    expect(epochOrder(10, 8, 0)).not.toEqual(a);
    const whole = takeIndices(10, 7, { epoch: 0, offset: 0 }, 25);
    let cursor = { epoch: 0, offset: 0 };
    const pieces: number[] = [];
    for (const n of [3, 9, 13]) {
      const part = takeIndices(10, 7, cursor, n);
      pieces.push(...part.indices);
      cursor = part.cursor;
    }
    expect(pieces).toEqual(whole.indices);
    expect(cursor).toEqual({ epoch: 2, offset: 5 });
  });
});

describe.skipIf(!tok.present)('resume after a kill (CPU)', () => {
  it('continues with exactly the same loss curve and adapter', async () => {
    const dir = tempDir('resume');
    writeTinyLlamaDir(path.join(dir, 'base'), 3);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS);
    const val = writeJsonl(path.join(dir, 'val.jsonl'), SFT_ROWS.slice(1, 3));
    const config = (out: string, resume = false, gradientCheckpointing = false): TrainConfig => makeTrainConfig({ mode: 'sft', model: path.join(dir, 'base'), data, out }, {
      device: 'cpu', tokenizer: tok.path, val, steps: 8, lr: 5e-3, warmup: 2, weightDecay: 0.01, batchSize: 3, gradAccum: 2, loraDropout: 0.1,
      targetModules: ['q', 'v', 'down'], saveEvery: 3, evalEvery: 4, seed: 11, resume, gradientCheckpointing, quiet: true
    });
    const straight = path.join(dir, 'straight');
    await runDecoderTraining(config(straight), quiet);

    for (const checkpointing of [false, true]) {
      const killed = path.join(dir, checkpointing ? 'killed-checkpointing' : 'killed');
      await expect(runDecoderTraining(config(killed, false, checkpointing), {
        ...quiet, afterStep: (step) => { if (step === 5) throw new SimulatedKill('kill at step 5'); }
      })).rejects.toBeInstanceOf(SimulatedKill);
      expect(readMetrics(path.join(killed, 'metrics.jsonl')).map((m) => m.step)).toEqual([1, 2, 3, 4, 5]); // 4, 5 past the checkpoint
      const resumed = await runDecoderTraining(config(killed, true, checkpointing), quiet);
      expect(resumed.session.resumedFromStep).toBe(3);

      const pick = (m: Record<string, unknown>) => ({ step: m.step, loss: m.loss, lr: m.lr, grad_norm: m.grad_norm, eval_loss: m.eval_loss, epoch: m.epoch });
      const a = readMetrics(path.join(straight, 'metrics.jsonl')).map(pick);
      const b = readMetrics(path.join(killed, 'metrics.jsonl')).map(pick);
      expect(a.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(b).toEqual(a);
      expect(a[7].loss as number).toBeLessThan(a[0].loss as number);
      const adapter = (out: string) => readFileSync(path.join(out, 'adapter/adapter_model.safetensors'));
      expect(adapter(killed).equals(adapter(straight))).toBe(true);
    }
  }, 120_000);

  it('refuses to resume a checkpoint written with different flags, naming the field', async () => {
    const dir = tempDir('resume-mismatch');
    writeTinyLlamaDir(path.join(dir, 'base'), 3);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS.slice(0, 2));
    const out = path.join(dir, 'out');
    const base = { device: 'cpu' as const, tokenizer: tok.path, steps: 1, batchSize: 2, quiet: true };
    await runDecoderTraining(makeTrainConfig({ mode: 'sft', model: path.join(dir, 'base'), data, out }, base), quiet);
    await expect(runDecoderTraining(makeTrainConfig({ mode: 'sft', model: path.join(dir, 'base'), data, out }, { ...base, steps: 2, loraR: 4, resume: true }), quiet))
      .rejects.toThrow(/loraR=8, this run has 4/);
  }, 60_000);

  it('refuses to resume from a checkpoint whose trainable values were overwritten, naming state.safetensors', async () => {
    const dir = tempDir('resume-corrupt');
    writeTinyLlamaDir(path.join(dir, 'base'), 3);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS.slice(0, 2));
    const out = path.join(dir, 'out');
    const base = { device: 'cpu' as const, tokenizer: tok.path, steps: 2, batchSize: 2, saveEvery: 1, quiet: true };
    await runDecoderTraining(makeTrainConfig({ mode: 'sft', model: path.join(dir, 'base'), data, out }, base), quiet);
    const tensors = path.join(out, 'checkpoints', 'step-000002', 'state.safetensors');
    const bytes = readFileSync(tensors);
    const dataStart = 8 + Number(bytes.readBigUInt64LE(0));
    for (let i = 0; i < 64; i++) bytes.writeFloatLE(0.25, dataStart + 4 * i); // the first 64 trainable values
    writeFileSync(tensors, bytes);
    await expect(runDecoderTraining(makeTrainConfig({ mode: 'sft', model: path.join(dir, 'base'), data, out }, { ...base, steps: 3, resume: true }), quiet))
      .rejects.toThrow(new RegExp(`^${tensors.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: tensor "params" does not match its checksum`));
  }, 60_000);
});

/** Straight run vs kill after step 3 (checkpoint at 2) + --resume, for --full-finetune sft on `device`. */
async function fullFinetuneResume(device: 'cpu' | 'webgpu'): Promise<void> {
  const dir = tempDir(`resume-full-${device}`);
  writeTinyLlamaDir(path.join(dir, 'base'), 3);
  const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS);
  const val = writeJsonl(path.join(dir, 'val.jsonl'), SFT_ROWS.slice(1, 3));
  const config = (out: string, resume = false): TrainConfig => makeTrainConfig({ mode: 'sft', model: path.join(dir, 'base'), data, out }, {
    device, tokenizer: tok.path, val, steps: 4, lr: 5e-3, warmup: 1, weightDecay: 0.01, batchSize: 3, gradAccum: 2,
    fullFinetune: true, saveEvery: 2, evalEvery: 2, seed: 5, resume, quiet: true
  });
  const straight = path.join(dir, 'straight'), killed = path.join(dir, 'killed');
  const full = await runDecoderTraining(config(straight), quiet);
  expect(full.lora).toBeNull();
  await expect(runDecoderTraining(config(killed), {
    ...quiet, afterStep: (step) => { if (step === 3) throw new SimulatedKill('kill at step 3'); }
  })).rejects.toBeInstanceOf(SimulatedKill);
  expect(readMetrics(path.join(killed, 'metrics.jsonl')).map((m) => m.step)).toEqual([1, 2, 3]); // 3 is past the checkpoint
  const resumed = await runDecoderTraining(config(killed, true), quiet);
  expect(resumed.session.resumedFromStep).toBe(2);
  const pick = (m: Record<string, unknown>) => ({ step: m.step, loss: m.loss, lr: m.lr, grad_norm: m.grad_norm, eval_loss: m.eval_loss, epoch: m.epoch });
  const a = readMetrics(path.join(straight, 'metrics.jsonl')).map(pick);
  expect(a.map((m) => m.step)).toEqual([1, 2, 3, 4]);
  expect(readMetrics(path.join(killed, 'metrics.jsonl')).map(pick)).toEqual(a);
  expect(a[3].loss as number).toBeLessThan(a[0].loss as number);
  const merged = (out: string) => readFileSync(path.join(out, 'merged/model.safetensors'));
  expect(merged(killed).equals(merged(straight))).toBe(true);
  expect(merged(straight).equals(readFileSync(path.join(dir, 'base/model.safetensors')))).toBe(false); // trained
}

describe.skipIf(!tok.present)('resume after a kill with --full-finetune (CPU)', () => {
  it('continues with exactly the same loss curve and merged weights', () => fullFinetuneResume('cpu'), 120_000);
});

describe.skipIf(!tok.present || !probe.dev)('resume after a kill with --full-finetune (WebGPU, weights and AdamW state on the GPU)', () => {
  it('continues with exactly the same loss curve and merged weights', () => fullFinetuneResume('webgpu'), 120_000);
});

describe.skipIf(!tok.present || !probe.dev)('resume after a kill (WebGPU, optimizer state on the GPU)', () => {
  it('continues with exactly the same loss curve and adapter', async () => {
    const dir = tempDir('resume-gpu');
    writeTinyLlamaDir(path.join(dir, 'base'), 3);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS);
    const val = writeJsonl(path.join(dir, 'val.jsonl'), SFT_ROWS.slice(1, 3));
    const config = (out: string, resume = false): TrainConfig => makeTrainConfig({ mode: 'sft', model: path.join(dir, 'base'), data, out }, {
      device: 'webgpu', tokenizer: tok.path, val, steps: 6, lr: 5e-3, warmup: 2, weightDecay: 0.01, batchSize: 3, gradAccum: 2, loraDropout: 0.1,
      targetModules: ['q', 'v', 'down'], saveEvery: 2, evalEvery: 3, seed: 11, resume, quiet: true
    });
    const straight = path.join(dir, 'straight'), killed = path.join(dir, 'killed');
    await runDecoderTraining(config(straight), quiet);
    await expect(runDecoderTraining(config(killed), {
      ...quiet, afterStep: (step) => { if (step === 5) throw new SimulatedKill('kill at step 5'); }
    })).rejects.toBeInstanceOf(SimulatedKill);
    const resumed = await runDecoderTraining(config(killed, true), quiet);
    expect(resumed.session.resumedFromStep).toBe(4);
    const pick = (m: Record<string, unknown>) => ({ step: m.step, loss: m.loss, lr: m.lr, grad_norm: m.grad_norm, eval_loss: m.eval_loss, epoch: m.epoch });
    const a = readMetrics(path.join(straight, 'metrics.jsonl')).map(pick);
    expect(a.map((m) => m.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(readMetrics(path.join(killed, 'metrics.jsonl')).map(pick)).toEqual(a);
    expect(a[5].loss as number).toBeLessThan(a[0].loss as number);
    const adapter = (out: string) => readFileSync(path.join(out, 'adapter/adapter_model.safetensors'));
    expect(adapter(killed).equals(adapter(straight))).toBe(true);
  }, 120_000);
});
