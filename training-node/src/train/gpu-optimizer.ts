/**
 * AdamW with its whole state on the GPU (the loop's DeviceOptimizer, loop.ts): trainable params, their
 * gradients and the m/v moments stay in GPU buffers for the whole run. Per step the global grad norm is
 * reduced on the GPU (engine createGradNormPlan) and ONE float comes back; clipping folds into the AdamW
 * kernel's gradScale, and weight decay applies per decay segment (state.decaySegments, as the CPU loop).
 * Params/m/v cross the bus only in load() (start of a run or resume) and store() (checkpoints, the end).
 *
 * The GPU layout comes from the objective as slots: a CPU view into the master arena (state.params) plus the
 * GPU param tensor and gradient tensor holding the same values. Slots that sit back to back in one GPU arena
 * (256-byte alignment padding between them, which is zero in params, grads, m and v and stays zero under
 * AdamW) with the same decay flag merge into one run: one AdamW dispatch and one norm dispatch per run.
 * Non-goals: fused multi-arena kernels, 8-bit moments, decay segments that split a GPU tensor (rejected).
 * No Node APIs. Shape legend: P = trainable parameter count (CPU arena), n = elements of one slot or run.
 */
import { BINDING_ALIGN, type EngineDevice, type GpuTensor } from '../engine/device';
import { adamwStep, createGradNormPlan, type GradNormPlan } from '../engine/kernels/index';
import { createTensor } from '../engine/buffers';
import type { AdamWUpdate, DeviceOptimizer, TrainableState } from './loop';

/** Where the optimizer keeps state: 'device' (this file, the default) or 'host' (the CPU loop, for A/B checks). */
export type OptimizerPlacement = 'device' | 'host';

/** Options shared by the GPU objectives (sft-gpu.ts, matcher-gpu.ts). */
export interface GpuTrainOptions {
  optimizer?: OptimizerPlacement;
}

/** One trainable tensor: its CPU view (n) into the master arena and its GPU param and gradient tensors (n). */
export interface OptimizerSlot {
  cpu: Float32Array;
  param: GpuTensor;
  grad: GpuTensor;
}

/** A DeviceOptimizer that also owns GPU memory (m, v, norm scratch). */
export interface GpuAdamW extends DeviceOptimizer {
  destroy(): void;
}

/** Contiguous slots of one GPU arena: [param, grad, m, v] tensors over the run, and where each slot lies. */
interface Run {
  param: GpuTensor;
  grad: GpuTensor;
  m: GpuTensor;
  v: GpuTensor;
  decay: boolean;
  pieces: { cpuOffset: number; runOffset: number; length: number }[]; // elements
}

const alignedEnd = (t: GpuTensor): number => Math.ceil((t.offset + t.length * 4) / BINDING_ALIGN) * BINDING_ALIGN;

/** AdamW over `slots`, whose CPU views all lie in `arena` (the state.params the loop will pass). */
export function createGpuAdamW(dev: EngineDevice, arena: Float32Array, slots: readonly OptimizerSlot[]): GpuAdamW {
  for (const s of slots) {
    if (s.cpu.buffer !== arena.buffer) throw new Error('createGpuAdamW: a slot is not a view into the trainable arena');
    if (s.param.length !== s.cpu.length || s.grad.length !== s.cpu.length) throw new Error('createGpuAdamW: slot lengths differ');
    if (s.param.dtype || s.grad.dtype) throw new Error('createGpuAdamW: trainable tensors must be f32');
  }
  const cpuOffset = (s: OptimizerSlot): number => (s.cpu.byteOffset - arena.byteOffset) / 4;
  // m and v: one zeroed buffer per param buffer, mirroring its layout (so a run's offsets carry over).
  const moments = new Map<GPUBuffer, { m: GpuTensor; v: GpuTensor }>();
  for (const s of slots) {
    if (moments.has(s.param.buffer)) continue;
    const words = s.param.buffer.size / 4;
    moments.set(s.param.buffer, { m: createTensor(dev, words, 'adam_m'), v: createTensor(dev, words, 'adam_v') });
  }
  let runs: Run[] = [];
  let norm: GradNormPlan | null = null;

  /** Merge slots into runs by GPU adjacency and decay flag (decided from the loop's decay segments). */
  const planRuns = (decaySegments: [number, number][] | undefined): Run[] => {
    const decayed = new Uint8Array(arena.length);
    for (const [a, b] of decaySegments ?? [[0, arena.length]]) decayed.fill(1, a, b);
    const buffers = [...moments.keys()];
    const order = [...slots].sort((a, b) => buffers.indexOf(a.param.buffer) - buffers.indexOf(b.param.buffer) || a.param.offset - b.param.offset);
    const out: (Run & { buffer: GPUBuffer; gradDelta: number; end: number })[] = [];
    for (const s of order) {
      const start = cpuOffset(s);
      let count = 0;
      for (let i = start; i < start + s.cpu.length; i++) count += decayed[i];
      if (count !== 0 && count !== s.cpu.length) throw new Error(`createGpuAdamW: a decay segment boundary splits the tensor at [${start}, ${start + s.cpu.length})`);
      const decay = count > 0;
      const prev = out[out.length - 1];
      const gradDelta = s.grad.offset - s.param.offset;
      if (prev && prev.buffer === s.param.buffer && prev.decay === decay && prev.end === s.param.offset &&
          prev.grad.buffer === s.grad.buffer && prev.gradDelta === gradDelta) {
        prev.pieces.push({ cpuOffset: start, runOffset: (s.param.offset - prev.param.offset) / 4, length: s.cpu.length });
        prev.end = alignedEnd(s.param);
        continue;
      }
      const mv = moments.get(s.param.buffer)!;
      out.push({
        buffer: s.param.buffer, gradDelta, end: alignedEnd(s.param), decay,
        param: s.param, grad: s.grad, m: { ...mv.m, offset: s.param.offset }, v: { ...mv.v, offset: s.param.offset },
        pieces: [{ cpuOffset: start, runOffset: 0, length: s.cpu.length }]
      });
    }
    // Stretch each run's tensors over its merged extent (the last slot's length, not its padding).
    for (const r of out) {
      const last = r.pieces[r.pieces.length - 1];
      const length = last.runOffset + last.length;
      r.param = { ...r.param, length };
      r.grad = { ...r.grad, length };
      r.m = { ...r.m, length };
      r.v = { ...r.v, length };
    }
    return out;
  };

  return {
    load(state: TrainableState): void {
      if (state.params !== arena) throw new Error('GpuAdamW.load: state.params is not the arena this optimizer was built for');
      runs = planRuns(state.decaySegments);
      norm?.destroy();
      norm = createGradNormPlan(dev, runs.map((r) => r.grad));
      for (const r of runs) {
        for (const p of r.pieces) {
          const at = (t: GpuTensor): GpuTensor => ({ ...t, offset: t.offset + p.runOffset * 4, length: p.length });
          dev.write(at(r.param), state.params.subarray(p.cpuOffset, p.cpuOffset + p.length));
          dev.write(at(r.m), state.m.subarray(p.cpuOffset, p.cpuOffset + p.length));
          dev.write(at(r.v), state.v.subarray(p.cpuOffset, p.cpuOffset + p.length));
        }
      }
    },
    async gradNorm(): Promise<number> {
      if (!norm) throw new Error('GpuAdamW.gradNorm before load()');
      norm.record();
      const ss = new Float32Array(await dev.read(norm.sumSquares))[0];
      return Math.sqrt(ss);
    },
    step(u: AdamWUpdate): void {
      for (const r of runs) {
        adamwStep(dev, r.param, r.grad, r.m, r.v, {
          lr: u.lr, beta1: u.beta1, beta2: u.beta2, eps: u.eps, weightDecay: r.decay ? u.weightDecay : 0, step: u.step, gradScale: u.gradScale
        });
      }
      dev.flush(); // submit now so the update overlaps the CPU's metrics/eval bookkeeping
    },
    async store(state: TrainableState): Promise<void> {
      for (const r of runs) {
        for (const [gpu, cpu] of [[r.param, state.params], [r.m, state.m], [r.v, state.v]] as const) {
          const values = new Float32Array(await dev.read(gpu));
          for (const p of r.pieces) cpu.set(values.subarray(p.runOffset, p.runOffset + p.length), p.cpuOffset);
        }
      }
    },
    destroy(): void {
      norm?.destroy();
      for (const { m, v } of moments.values()) {
        m.buffer.destroy();
        v.buffer.destroy();
      }
    }
  };
}
