/**
 * GPU-resident AdamW (train/gpu-optimizer.ts) in the shared training loop:
 * - on three trainable tensors in one padded GPU arena, with weight decay on the first and last only and the
 *   clip active, the loop's metrics and params/m/v equal the CPU loop (reference clipGradNorm + adamwStep)
 *   within f32 tolerance; a decay segment that splits a GPU tensor is refused;
 * - the SFT objective on WebGPU with the device optimizer equals the old host placement (CPU AdamW) within
 *   f32 tolerance, and per step moves exactly 4·P fewer bytes each way (no adapter upload, a 4-byte norm
 *   instead of the P-float gradient download);
 * - kill + resume from a checkpoint reproduces the uninterrupted GPU run bit for bit (metrics and adapters).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { createArena, readF32 } from '../../src/engine/buffers';
import type { EngineDevice } from '../../src/engine/device';
import { allocLlamaParams, allocLoraAdapters, type LlamaConfig, type LlamaModel } from '../../src/models/index';
import type { TokenSequence } from '../../src/train/chat-tokenizer';
import { createGpuAdamW, type OptimizerPlacement } from '../../src/train/gpu-optimizer';
import {
  type CheckpointMeta, type LoopSettings, type Objective, runTrainingLoop, type StepMetrics, type TrainableState
} from '../../src/train/loop';
import { openDawnDevice } from '../../src/train/node-gpu';
import { createSftObjectiveGpu } from '../../src/train/sft-gpu';

const probe = await openDawnDevice();
if (!probe.dev) console.warn(`[skip] no WebGPU adapter (${probe.reason}): GPU optimizer tests are skipped`);
const dev = probe.dev as EngineDevice;
afterAll(() => probe.dev?.destroy());
const start = { step: 0, cursor: { epoch: 0, offset: 0 } };
class SimulatedKill extends Error {}

const relClose = (a: number, b: number): number => Math.abs(a - b) / (1 + Math.abs(a));
function maxDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe.skipIf(!probe.dev)('GPU AdamW in the training loop', () => {
  // Three tensors (lengths not multiples of 64, so the GPU arena has padding between them); decay on a and c.
  const sizes = { a: [37], b: [100], c: [70] };
  const P = 207;
  const decaySegments: [number, number][] = [[0, 37], [137, 207]];
  const init = (): { params: Float32Array; target: Float32Array } => {
    const r = seededRandom(5);
    return { params: Float32Array.from({ length: P }, () => 2 * r() - 1), target: Float32Array.from({ length: P }, () => 2 * r() - 1) };
  };
  /** ∂/∂p of ½·w_i·(p_i − t_i)² with a per-example weight, so micro-batches differ. */
  const weight = (indices: number[], i: number): number => 1 + ((indices[0] + i) % 3);
  const settings = (maxGradNorm: number): LoopSettings => ({
    totalSteps: 4, batchSize: 1, gradAccum: 2, lr: 0.05, warmup: 1, weightDecay: 0.1, maxGradNorm, seed: 3, evalEvery: 0, saveEvery: 0
  });

  const cpuRun = async (maxGradNorm: number) => {
    const { params, target } = init();
    const state: TrainableState = { params, grads: new Float32Array(P), m: new Float32Array(P), v: new Float32Array(P), decaySegments };
    const objective: Objective = {
      trainSize: 5,
      accumulate(indices, lossScale) {
        let loss = 0;
        for (let i = 0; i < P; i++) {
          const d = params[i] - target[i];
          loss += 0.5 * weight(indices, i) * d * d;
          state.grads[i] += lossScale * weight(indices, i) * d;
        }
        return { loss, tokens: 1 };
      }
    };
    const metrics = await runTrainingLoop(objective, state, settings(maxGradNorm), start);
    return { metrics, state };
  };

  const gpuRun = async (maxGradNorm: number) => {
    const { params, target } = init();
    const state: TrainableState = { params, grads: new Float32Array(P), m: new Float32Array(P), v: new Float32Array(P), decaySegments };
    const gp = createArena(dev, 'test-params', sizes), gg = createArena(dev, 'test-grads', sizes);
    const views = { a: params.subarray(0, 37), b: params.subarray(37, 137), c: params.subarray(137, 207) };
    const slots = (['b', 'c', 'a'] as const).map((k) => ({ cpu: views[k], param: gp.tensors[k], grad: gg.tensors[k] })); // any order
    const optimizer = createGpuAdamW(dev, params, slots);
    const offsets = { a: 0, b: 37, c: 137 };
    const objective: Objective = {
      trainSize: 5,
      optimizer,
      beginStep: () => dev.clear({ buffer: gg.buffer, offset: 0, length: gg.bytes / 4 }),
      async accumulate(indices, lossScale) {
        let loss = 0;
        for (const k of ['a', 'b', 'c'] as const) {
          const p = await readF32(dev, gp.tensors[k]), g = await readF32(dev, gg.tensors[k]);
          for (let j = 0; j < p.length; j++) {
            const i = offsets[k] + j, d = p[j] - target[i];
            loss += 0.5 * weight(indices, i) * d * d;
            g[j] += lossScale * weight(indices, i) * d;
          }
          dev.write(gg.tensors[k], g);
        }
        return { loss, tokens: 1 };
      }
    };
    try {
      const metrics = await runTrainingLoop(objective, state, settings(maxGradNorm), start);
      return { metrics, state };
    } finally {
      optimizer.destroy();
      gp.destroy();
      gg.destroy();
    }
  };

  for (const maxGradNorm of [0.5, 0]) {
    it(`equals the CPU loop (per-segment decay, ${maxGradNorm > 0 ? 'clipping on' : 'no clipping'})`, async () => {
      const cpu = await cpuRun(maxGradNorm), gpu = await gpuRun(maxGradNorm);
      if (maxGradNorm > 0) expect(cpu.metrics[0].grad_norm).toBeGreaterThan(2 * maxGradNorm); // the clip really acts
      for (let s = 0; s < cpu.metrics.length; s++) {
        for (const key of ['loss', 'grad_norm', 'lr'] as const) expect(relClose(cpu.metrics[s][key], gpu.metrics[s][key]), `${key} at step ${s + 1}`).toBeLessThan(1e-5);
      }
      // A decay slip on b (lr·wd·|p| ≈ 5e-3 per step) or a missed clip would be far outside these bounds.
      expect(maxDiff(cpu.state.params, gpu.state.params)).toBeLessThan(2e-6);
      expect(maxDiff(cpu.state.m, gpu.state.m)).toBeLessThan(2e-6);
      expect(maxDiff(cpu.state.v, gpu.state.v)).toBeLessThan(2e-6);
      expect(maxDiff(cpu.state.params, init().params)).toBeGreaterThan(0.05); // it trained
    }, 60_000);
  }

  it('refuses a decay segment that splits a GPU tensor', () => {
    const params = new Float32Array(P);
    const gp = createArena(dev, 'test-params', sizes), gg = createArena(dev, 'test-grads', sizes);
    const optimizer = createGpuAdamW(dev, params, [{ cpu: params.subarray(0, 37), param: gp.tensors.a, grad: gg.tensors.a }]);
    try {
      const state = { params, grads: new Float32Array(P), m: new Float32Array(P), v: new Float32Array(P), decaySegments: [[0, 20]] as [number, number][] };
      expect(() => optimizer.load(state)).toThrow(/splits the tensor/);
    } finally {
      optimizer.destroy();
      gp.destroy();
      gg.destroy();
    }
  });
});

const cfg: LlamaConfig = {
  vocabSize: 64, hidden: 16, intermediate: 32, layers: 2, heads: 4, kvHeads: 2, headDim: 4, ropeTheta: 10000,
  rmsEps: 1e-5, tiedEmbeddings: true, attentionBias: false, maxSeqLen: 32
};
const loraCfg = { rank: 4, alpha: 8, dropout: 0.1, targets: ['q', 'v', 'down'] as ('q' | 'v' | 'down')[] };

function tinyModel(): LlamaModel {
  const params = allocLlamaParams(cfg);
  const rand = seededRandom(41);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.3;
  for (const n of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) params[n].fill(1);
  return { config: cfg, params };
}

function sequences(): TokenSequence[] {
  const rand = seededRandom(42);
  return Array.from({ length: 5 }, (_, i) => {
    const n = 8 + 2 * i;
    return { ids: Array.from({ length: n }, () => 1 + Math.floor(rand() * (cfg.vocabSize - 1))), mask: Uint8Array.from({ length: n }, (_, t) => (t >= n / 2 ? 1 : 0)) };
  });
}

describe.skipIf(!probe.dev)('SFT on WebGPU with the device optimizer', () => {
  const model = tinyModel();
  const loopSettings = (saveEvery: number): LoopSettings => ({
    totalSteps: 6, batchSize: 2, gradAccum: 2, lr: 1e-2, warmup: 1, weightDecay: 0.01, maxGradNorm: 1, seed: 9, evalEvery: 3, saveEvery
  });
  type Saved = { params: Float32Array; m: Float32Array; v: Float32Array; meta: CheckpointMeta };

  /** One run from `from` (a saved checkpoint or fresh); records metrics, per-step transfer deltas and checkpoints. */
  const run = async (placement: OptimizerPlacement, saveEvery: number, from?: Saved, killAt?: number) => {
    const lora = allocLoraAdapters(cfg, loraCfg, 5);
    const grads = allocLoraAdapters(cfg, loraCfg, 0, true);
    const state: TrainableState = { params: lora.arena, grads: grads.arena, m: new Float32Array(lora.arena.length), v: new Float32Array(lora.arena.length) };
    if (from) {
      state.params.set(from.params);
      state.m.set(from.m);
      state.v.set(from.v);
    }
    const seqs = sequences();
    const objective = createSftObjectiveGpu(dev, model, lora, grads, seqs, seqs.slice(0, 2), 2, { optimizer: placement });
    const saved: Saved[] = [];
    const transfers: { up: number; down: number }[] = [];
    let last = { ...dev.transfer };
    const metrics: StepMetrics[] = [];
    try {
      await runTrainingLoop(objective, state, loopSettings(saveEvery), from ? { step: from.meta.step, cursor: from.meta.cursor } : start, {
        onStep: (m) => metrics.push(m),
        checkpoints: { save: (s, meta) => saved.push({ params: s.params.slice(), m: s.m.slice(), v: s.v.slice(), meta }) },
        afterStep: (step) => {
          transfers.push({ up: dev.transfer.uploadedBytes - last.uploadedBytes, down: dev.transfer.downloadedBytes - last.downloadedBytes });
          last = { ...dev.transfer };
          if (step === killAt) throw new SimulatedKill(`kill at step ${step}`);
        }
      });
    } catch (e) {
      if (!(e instanceof SimulatedKill)) throw e;
    } finally {
      objective.destroy();
    }
    return { metrics, adapters: lora.arena, saved, transfers, P: lora.arena.length };
  };

  it('equals the host optimizer within f32 tolerance and moves 4·P fewer bytes each way per step', async () => {
    const host = await run('host', 0), device = await run('device', 0);
    for (let s = 0; s < host.metrics.length; s++) {
      for (const key of ['loss', 'grad_norm', 'eval_loss'] as const) {
        if (host.metrics[s][key] === undefined) continue;
        expect(relClose(host.metrics[s][key]!, device.metrics[s][key]!), `${key} at step ${s + 1}`).toBeLessThan(1e-4);
      }
    }
    expect(device.metrics[5].loss).toBeLessThan(device.metrics[0].loss);
    expect(maxDiff(host.adapters, device.adapters)).toBeLessThan(1e-4);
    // Step 2: no eval, no checkpoint, not the last step (which downloads params/m/v once for the export).
    const P = device.P;
    expect(host.transfers[1].up - device.transfers[1].up).toBe(4 * P);
    expect(host.transfers[1].down - device.transfers[1].down).toBe(4 * P - 4);
  }, 120_000);

  it('kill + resume from a checkpoint reproduces the uninterrupted run bit for bit', async () => {
    const straight = await run('device', 2);
    const killed = await run('device', 2, undefined, 5);
    expect(killed.metrics.map((m) => m.step)).toEqual([1, 2, 3, 4, 5]);
    const ckpt = killed.saved[killed.saved.length - 1];
    expect(ckpt.meta.step).toBe(4);
    const resumed = await run('device', 2, ckpt);
    const curve = (ms: StepMetrics[]) => ms.map((m) => [m.step, m.loss, m.grad_norm, m.lr, m.eval_loss]);
    expect(curve(resumed.metrics)).toEqual(curve(straight.metrics.slice(4)));
    expect(Buffer.from(resumed.adapters.buffer).equals(Buffer.from(straight.adapters.buffer))).toBe(true);
    const final = straight.saved[straight.saved.length - 1];
    expect(Buffer.from(final.params.buffer).equals(Buffer.from(straight.adapters.buffer))).toBe(true); // the last checkpoint is the final state
  }, 120_000);
});
