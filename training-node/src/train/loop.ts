/**
 * The training loop shared by sft / dpo / matcher (llm.c `main` made a function): per optimizer step,
 * zero grads → gradAccum micro-batches of forward+backward (each scaled 1/gradAccum) → global grad-norm
 * clip → AdamW (decoupled weight decay, per decay segment) at the cosine-with-warmup learning rate →
 * metrics → eval every N steps → checkpoint every M steps. Deterministic: data order is a seeded
 * permutation per epoch and dropout seeds derive from (seed, step, micro-batch), so the whole random state
 * is (seed, step, data cursor) and a resumed run reproduces the uninterrupted loss curve bit for bit.
 * An objective may bring a DeviceOptimizer (GPU objectives do): then params, gradients and m/v live on the
 * device, the loop asks it for the pre-clip grad norm (one scalar back per step) and the clipped AdamW update,
 * and `state` is only synchronised for checkpoints and at the end of the call (load() at its start).
 *
 * Non-goals: models and losses (an `Objective` supplies them), file I/O (a `CheckpointStore` and a
 * `MetricsSink` are passed in). No Node APIs.
 * Shape legend: P = trainable parameter count (one flat arena; m, v and grads share its layout).
 */
import { adamwStep, clipGradNorm, cosineSchedule } from '../engine/reference/index';
import { mix32, seededRandom, shuffled } from '../data/random';

/** The trainable parameters: one arena plus gradient / Adam moment arenas of the same length P. */
export interface TrainableState {
  params: Float32Array; // (P)
  grads: Float32Array; // (P)
  m: Float32Array; // (P)
  v: Float32Array; // (P)
  /** [start, end) ranges that get weight decay (HF Trainer skips biases and norms); default: all. */
  decaySegments?: [number, number][];
}

/** What one micro-batch reports back. */
export interface MicroResult {
  loss: number; // mean loss of the micro-batch (unscaled)
  tokens: number; // tokens processed (for tokens/s)
}

/** Eval results: loss plus optional named metrics (e.g. reward accuracy, MRR). */
export interface EvalResult {
  loss: number;
  metrics?: Record<string, number>;
}

/** One AdamW update as the loop computes it (step is 1-based; gradScale folds the clip coefficient in). */
export interface AdamWUpdate {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number; // applied to state.decaySegments only (all params when absent)
  step: number;
  gradScale: number; // min(1, maxGradNorm / (norm + 1e-6)), or 1 without clipping
}

/**
 * Optimizer state kept on a device next to the objective's gradients (gpu-optimizer.ts). The loop calls
 * load() once before its first step, then per step gradNorm() after the micro-batches and step() with the
 * clipped update; store() before a checkpoint and after the last step. state.grads is not used.
 */
export interface DeviceOptimizer {
  /** Upload state.params, m and v (the fresh or resumed values) and note state.decaySegments. */
  load(state: TrainableState): void | Promise<void>;
  /** Pre-clip global L2 norm of the gradients the step's micro-batches summed on the device. */
  gradNorm(): Promise<number>;
  /** AdamW on the device, weight decay per decay segment. */
  step(update: AdamWUpdate): void;
  /** Download params, m and v into state (checkpoints, the final export). */
  store(state: TrainableState): Promise<void>;
}

/**
 * A training objective over a fixed list of examples. Methods may be async (GPU objectives read back).
 * A device objective keeps its own gradient buffers. Without `optimizer`, beginStep sees the current params
 * (after the previous update) and endStep must leave the step's summed gradients in state.grads. With
 * `optimizer`, params stay on the device between steps: beginStep only zeroes the device gradients, endStep
 * need not download anything, and evaluate() reads the device params (already updated by this step).
 */
export interface Objective {
  trainSize: number;
  /** Called once per optimizer step before its micro-batches (state.grads is already zeroed). */
  beginStep?(state: TrainableState): void | Promise<void>;
  /** Forward + backward on these example indices; ADD lossScale·∂loss/∂params into the gradients. */
  accumulate(indices: number[], lossScale: number, dropoutSeed: number): MicroResult | Promise<MicroResult>;
  /** Called after the micro-batches, before clipping and the update. */
  endStep?(state: TrainableState): void | Promise<void>;
  /** Loss (and metrics) on the validation split, no dropout; absent when there is no validation split. */
  evaluate?(): EvalResult | Promise<EvalResult>;
  /** When present, clipping and AdamW run here instead of on the CPU arenas (see DeviceOptimizer). */
  optimizer?: DeviceOptimizer;
  /** High-water mark of the training forwards' saved activations in bytes (what gradient checkpointing lowers). */
  activationPeakBytes?(): number;
  /**
   * The example order of an epoch (a permutation of [0, trainSize)), replacing the seeded shuffle: e.g. the matcher
   * arranges MNRL batches without duplicate anchors. Must be a function of (epoch, seed, batchSize) only, so
   * --resume reproduces it.
   */
  epochOrder?(epoch: number, seed: number, batchSize: number): number[];
  /** Release what the objective holds (GPU buffers; on the fast CPU ops, the frozen base's packed panels). */
  destroy?(): void;
}

/** An objective computed synchronously on the CPU (reference models). */
export interface CpuObjective extends Objective {
  accumulate(indices: number[], lossScale: number, dropoutSeed: number): MicroResult;
  evaluate?(): EvalResult;
}

/** Position in the data stream: epoch and offset into that epoch's permutation. */
export interface DataCursor {
  epoch: number;
  offset: number;
}

/** One metrics row, as written to metrics.jsonl. */
export interface StepMetrics {
  step: number; // optimizer steps completed
  epoch: number; // fractional epochs seen
  loss: number;
  lr: number;
  grad_norm: number;
  tokens: number;
  tokens_per_s: number;
  step_ms: number;
  eval_loss?: number;
  [extra: string]: number | undefined;
}

/** Where checkpoints go (checkpoint.ts implements it on the file system). */
export interface CheckpointStore {
  save(state: TrainableState, meta: CheckpointMeta): void;
}

/** The non-tensor part of a checkpoint: everything the random state and schedule depend on. */
export interface CheckpointMeta {
  step: number;
  totalSteps: number;
  cursor: DataCursor;
  seed: number;
}

/** Loop settings (a subset of TrainConfig plus the resolved step count). */
export interface LoopSettings {
  totalSteps: number;
  batchSize: number;
  gradAccum: number;
  lr: number;
  minLr?: number; // default 0 (HF cosine schedule)
  warmup: number;
  weightDecay: number;
  maxGradNorm: number;
  seed: number;
  evalEvery: number;
  saveEvery: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

/** Where the loop reports; all optional. */
export interface LoopHooks {
  onStep?(metrics: StepMetrics): void;
  /** Called after a step's metrics and checkpoint; throwing here stops the run (tests use it to "kill"). */
  afterStep?(step: number): void;
  checkpoints?: CheckpointStore;
  /** The clock for tokens/s (ms); injectable so tests stay deterministic. */
  now?: () => number;
}

/** Resumable progress: where the loop starts (0 / fresh cursor for a new run). */
export interface LoopStart {
  step: number;
  cursor: DataCursor;
}

/** The example order of one epoch: a permutation of [0, n) seeded by (seed, epoch). */
export function epochOrder(n: number, seed: number, epoch: number): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  return shuffled(indices, seededRandom(mix32(seed ^ mix32(epoch + 1))));
}

/** Take `count` example indices from the stream at `cursor`, crossing epochs; returns the advanced cursor. */
export function takeIndices(
  n: number, seed: number, cursor: DataCursor, count: number, orderOf: (epoch: number) => number[] = (e) => epochOrder(n, seed, e)
): { indices: number[]; cursor: DataCursor } {
  if (n <= 0) throw new Error('takeIndices: the training set is empty');
  const indices: number[] = [];
  let { epoch, offset } = cursor;
  let order = orderOf(epoch);
  while (indices.length < count) {
    if (offset >= n) {
      epoch++;
      offset = 0;
      order = orderOf(epoch);
    }
    indices.push(order[offset++]);
  }
  return { indices, cursor: { epoch, offset } };
}

/** The dropout seed of micro-batch `micro` of optimizer step `step` (0-based). */
export function dropoutSeedFor(seed: number, step: number, micro: number, gradAccum: number): number {
  return mix32(seed ^ mix32(step * gradAccum + micro + 1));
}

/** Run optimizer steps from `start` to settings.totalSteps; returns every step's metrics of this call. */
export async function runTrainingLoop(
  objective: Objective, state: TrainableState, settings: LoopSettings, start: LoopStart, hooks: LoopHooks = {}
): Promise<StepMetrics[]> {
  const now = hooks.now ?? (() => Date.now());
  const segments = state.decaySegments ?? [[0, state.params.length]];
  const decayed = new Uint8Array(state.params.length);
  for (const [a, b] of segments) decayed.fill(1, a, b);
  const runs = decayRuns(decayed);
  const beta1 = settings.beta1 ?? 0.9, beta2 = settings.beta2 ?? 0.999, eps = settings.eps ?? 1e-8;
  const history: StepMetrics[] = [];
  let cursor = start.cursor;
  const device = objective.optimizer;
  if (device && start.step < settings.totalSteps) await device.load(state);
  const orders = new Map<number, number[]>(); // the objective's epoch orders, computed once per epoch
  const orderOf = objective.epochOrder
    ? (epoch: number): number[] => {
      if (!orders.has(epoch)) {
        orders.clear();
        orders.set(epoch, objective.epochOrder!(epoch, settings.seed, settings.batchSize));
      }
      return orders.get(epoch)!;
    }
    : undefined;
  for (let step = start.step; step < settings.totalSteps; step++) {
    const started = now();
    const lr = cosineSchedule(step, settings.warmup, settings.totalSteps, settings.lr, settings.minLr ?? 0);
    if (!device) state.grads.fill(0);
    await objective.beginStep?.(state);
    let lossSum = 0, tokens = 0;
    for (let micro = 0; micro < settings.gradAccum; micro++) {
      const taken = takeIndices(objective.trainSize, settings.seed, cursor, settings.batchSize, orderOf);
      cursor = taken.cursor;
      const r = await objective.accumulate(taken.indices, 1 / settings.gradAccum, dropoutSeedFor(settings.seed, step, micro, settings.gradAccum));
      if (!Number.isFinite(r.loss)) throw new Error(`training diverged: loss is ${r.loss} at step ${step + 1} (lower --lr or set --max-grad-norm)`);
      lossSum += r.loss;
      tokens += r.tokens;
    }
    await objective.endStep?.(state);
    let gradNorm: number;
    if (device) {
      gradNorm = await device.gradNorm();
      const coef = settings.maxGradNorm > 0 ? settings.maxGradNorm / (gradNorm + 1e-6) : Infinity; // as clipGradNorm
      device.step({ lr, beta1, beta2, eps, weightDecay: settings.weightDecay, step: step + 1, gradScale: coef < 1 ? coef : 1 });
    } else {
      gradNorm = settings.maxGradNorm > 0 ? clipGradNorm([state.grads], settings.maxGradNorm) : clipGradNorm([state.grads], Infinity);
      for (const [a, b, wd] of runs) {
        adamwStep(state.params.subarray(a, b), state.grads.subarray(a, b), state.m.subarray(a, b), state.v.subarray(a, b),
          lr, beta1, beta2, eps, wd ? settings.weightDecay : 0, step + 1);
      }
    }
    const ms = Math.max(now() - started, 1e-3);
    const metrics: StepMetrics = {
      step: step + 1, epoch: cursor.epoch + cursor.offset / objective.trainSize, loss: lossSum / settings.gradAccum, lr,
      grad_norm: gradNorm, tokens, tokens_per_s: (tokens * 1000) / ms, step_ms: ms
    };
    const last = step + 1 === settings.totalSteps;
    if (objective.evaluate && ((settings.evalEvery > 0 && (step + 1) % settings.evalEvery === 0) || last)) {
      const ev = await objective.evaluate();
      metrics.eval_loss = ev.loss;
      for (const [k, value] of Object.entries(ev.metrics ?? {})) metrics[`eval_${k}`] = value;
    }
    history.push(metrics);
    hooks.onStep?.(metrics);
    if ((hooks.checkpoints && ((settings.saveEvery > 0 && (step + 1) % settings.saveEvery === 0) || last)) || (device && last)) {
      await device?.store(state);
      hooks.checkpoints?.save(state, { step: step + 1, totalSteps: settings.totalSteps, cursor, seed: settings.seed });
    }
    hooks.afterStep?.(step + 1);
  }
  return history;
}

/** Maximal runs [start, end, decays] of equal decay flags, so AdamW runs on few subarrays. */
function decayRuns(flags: Uint8Array): [number, number, number][] {
  const runs: [number, number, number][] = [];
  let start = 0;
  for (let i = 1; i <= flags.length; i++) {
    if (i === flags.length || flags[i] !== flags[start]) {
      if (i > start) runs.push([start, i, flags[start]]);
      start = i;
    }
  }
  return runs;
}
