/**
 * The trainer's typed configuration: one `TrainConfig` for sft / dpo / matcher, filled from named CLI flags
 * (cli/commands/train-common.ts) or built directly by tests and benches, with defaults that match what
 * PEFT / TRL / sentence-transformers users expect, and one validator that names the bad field.
 *
 * Non-goals: flag parsing (CLI layer), per-mode logic (sft.ts, dpo.ts, matcher.ts). No Node APIs.
 * Units: lr per optimizer step; `steps` counts optimizer steps (each = gradAccum micro-batches of batchSize).
 */

export type TrainMode = 'sft' | 'dpo' | 'matcher';
export type MatcherLossName = 'mnrl' | 'cosine' | 'triplet';
export type DeviceChoice = 'auto' | 'cpu' | 'webgpu';
/** Storage precision of the frozen base on WebGPU: auto = f16 when the adapter has shader-f16. */
export type PrecisionFlag = 'auto' | 'f32' | 'f16';
/** CPU ops of a decoder run on the CPU: the fast WASM SIMD path (engine/cpu-fast) or the float64 reference. */
export type CpuKernelsFlag = 'fast' | 'reference';

/** Everything one training run needs; see DEFAULT_TRAIN_CONFIG for defaults. */
export interface TrainConfig {
  mode: TrainMode;
  model: string; // HF folder or llama2.c .bin (decoders); HF BERT folder (matcher)
  tokenizer?: string; // defaults to the model folder / tok512.bin beside a .bin
  data: string; // train JSONL
  val?: string; // validation JSONL
  out: string; // output folder
  device: DeviceChoice;
  precision: PrecisionFlag; // frozen base weights on WebGPU (the CPU path is f32)
  cpuKernels: CpuKernelsFlag; // decoders on the CPU: fast (WASM SIMD + threads) or the float64 reference
  threads: number; // fast CPU path threads incl. the main one; 0 = the machine's CPU count
  // LoRA / QLoRA
  loraR: number;
  loraAlpha: number;
  loraDropout: number;
  targetModules: string[];
  qlora: boolean; // 4-bit group-32 frozen base (decoders)
  fullFinetune: boolean; // train every weight (f32) instead of adapters: matcher encoder, sft/dpo decoder
  // optimiser and schedule
  lr: number;
  weightDecay: number;
  warmup: number; // optimizer steps of linear warmup
  steps?: number; // optimizer steps (wins over epochs)
  epochs: number;
  batchSize: number; // examples per micro-batch
  gradAccum: number; // micro-batches per optimizer step
  maxGradNorm: number; // 0 disables clipping
  seqLen: number; // max tokens per sequence (truncation / packing length)
  seqLenFromModel?: boolean; // matcher: ignore seqLen and train at the length the app embeds at (model-load.ts servingMaxLength)
  seed: number;
  evalEvery: number; // 0 = only at the end
  saveEvery: number; // 0 = only at the end
  resume: boolean;
  pack: boolean; // sft: bin-pack examples into seqLen rows
  gradientCheckpointing: boolean; // keep only layer inputs in forward, recompute each layer in backward
  // DPO
  beta: number;
  // matcher
  loss: MatcherLossName;
  scale: number; // MNRL similarity scale
  margin: number; // triplet margin (Euclidean distance, sentence-transformers default 5)
  quiet: boolean;
}

/** Defaults (PEFT LoraConfig r=8/alpha=16, TRL lr 2e-4 for LoRA, ST scale 20 / triplet margin 5). */
export const DEFAULT_TRAIN_CONFIG: Omit<TrainConfig, 'mode' | 'model' | 'data' | 'out'> = {
  device: 'auto',
  precision: 'auto',
  cpuKernels: 'fast',
  threads: 0,
  loraR: 8,
  loraAlpha: 16,
  loraDropout: 0,
  targetModules: ['q', 'k', 'v', 'o'],
  qlora: false,
  fullFinetune: false,
  lr: 2e-4,
  weightDecay: 0,
  warmup: 0,
  epochs: 1,
  batchSize: 4,
  gradAccum: 1,
  maxGradNorm: 1,
  seqLen: 256,
  seed: 42,
  evalEvery: 0,
  saveEvery: 0,
  resume: false,
  pack: false,
  gradientCheckpointing: false,
  beta: 0.1,
  loss: 'mnrl',
  scale: 20,
  margin: 5,
  quiet: false
};

/** Thrown for a configuration that cannot run; the message names the field and the fix. */
export class TrainConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainConfigError';
  }
}

/** A full config from the required fields plus overrides. */
export function makeTrainConfig(
  required: Pick<TrainConfig, 'mode' | 'model' | 'data' | 'out'>, overrides: Partial<TrainConfig> = {}
): TrainConfig {
  const cfg: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, ...overrides, ...required };
  validateTrainConfig(cfg);
  return cfg;
}

/** Throw TrainConfigError on the first field that is out of range. */
export function validateTrainConfig(cfg: TrainConfig): void {
  const positiveInt: (keyof TrainConfig)[] = ['loraR', 'batchSize', 'gradAccum', 'seqLen'];
  for (const key of positiveInt) {
    const v = cfg[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new TrainConfigError(`${key} must be a positive integer, got ${String(v)}`);
  }
  const nonNegInt: (keyof TrainConfig)[] = ['warmup', 'evalEvery', 'saveEvery'];
  for (const key of nonNegInt) {
    const v = cfg[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new TrainConfigError(`${key} must be a non-negative integer, got ${String(v)}`);
  }
  if (cfg.steps !== undefined && (!Number.isInteger(cfg.steps) || cfg.steps <= 0)) throw new TrainConfigError(`steps must be a positive integer, got ${cfg.steps}`);
  if (!(cfg.epochs > 0)) throw new TrainConfigError(`epochs must be > 0, got ${cfg.epochs}`);
  if (!(cfg.lr > 0)) throw new TrainConfigError(`lr must be > 0, got ${cfg.lr}`);
  if (!(cfg.weightDecay >= 0)) throw new TrainConfigError(`weight-decay must be >= 0, got ${cfg.weightDecay}`);
  if (!(cfg.maxGradNorm >= 0)) throw new TrainConfigError(`max-grad-norm must be >= 0 (0 disables clipping), got ${cfg.maxGradNorm}`);
  if (!(cfg.loraDropout >= 0 && cfg.loraDropout < 1)) throw new TrainConfigError(`lora-dropout must be in [0, 1), got ${cfg.loraDropout}`);
  if (!(cfg.loraAlpha > 0)) throw new TrainConfigError(`lora-alpha must be > 0, got ${cfg.loraAlpha}`);
  if (!(cfg.beta > 0)) throw new TrainConfigError(`beta must be > 0, got ${cfg.beta}`);
  if (!(cfg.scale > 0)) throw new TrainConfigError(`scale must be > 0, got ${cfg.scale}`);
  if (!(cfg.margin >= 0)) throw new TrainConfigError(`margin must be >= 0, got ${cfg.margin}`);
  if (!['mnrl', 'cosine', 'triplet'].includes(cfg.loss)) throw new TrainConfigError(`loss must be mnrl, cosine or triplet, got ${cfg.loss}`);
  if (!['auto', 'cpu', 'webgpu'].includes(cfg.device)) throw new TrainConfigError(`device must be auto, cpu or webgpu, got ${cfg.device}`);
  if (!['fast', 'reference'].includes(cfg.cpuKernels)) throw new TrainConfigError(`cpu-kernels must be fast or reference, got ${cfg.cpuKernels}`);
  if (!Number.isInteger(cfg.threads) || cfg.threads < 0 || cfg.threads > 256) throw new TrainConfigError(`threads must be an integer in 0..256 (0 = CPU count), got ${cfg.threads}`);
  if (!['auto', 'f32', 'f16'].includes(cfg.precision)) throw new TrainConfigError(`precision must be auto, f32 or f16, got ${cfg.precision}`);
  if (cfg.precision === 'f16' && cfg.device === 'cpu') throw new TrainConfigError('precision f16 needs WebGPU with shader-f16; --device cpu runs f32 (use --precision auto or f32)');
  if (cfg.fullFinetune && cfg.qlora) throw new TrainConfigError('full-finetune trains every weight in f32; it cannot use a 4-bit --qlora base (drop one of the two)');
  if (cfg.fullFinetune && cfg.precision === 'f16') throw new TrainConfigError('full-finetune keeps trainable weights in f32; --precision f16 applies to frozen bases only (use auto or f32)');
  if (cfg.targetModules.length === 0) throw new TrainConfigError('target-modules is empty');
  if (!cfg.model) throw new TrainConfigError('model is required (--model <hf folder | llama2.c .bin>)');
  if (!cfg.data) throw new TrainConfigError('data is required (--data <train.jsonl>)');
  if (!cfg.out) throw new TrainConfigError('out is required (--out <folder>)');
}

/** Optimizer steps for this run: --steps, else ceil(epochs · examples / (batch · accum)). */
export function totalSteps(cfg: TrainConfig, trainExamples: number): number {
  if (cfg.steps !== undefined) return cfg.steps;
  return Math.max(1, Math.ceil((cfg.epochs * trainExamples) / (cfg.batchSize * cfg.gradAccum)));
}

/**
 * The fields a resumed run must share with the run that wrote the checkpoint (else the curve differs).
 * gradientCheckpointing is not one: it trades memory for compute and leaves every gradient bitwise the same.
 */
export function resumeFingerprint(cfg: TrainConfig): Record<string, unknown> {
  return {
    mode: cfg.mode, model: cfg.model, data: cfg.data, loraR: cfg.loraR, loraAlpha: cfg.loraAlpha, loraDropout: cfg.loraDropout,
    targetModules: cfg.targetModules, qlora: cfg.qlora, fullFinetune: cfg.fullFinetune, lr: cfg.lr, weightDecay: cfg.weightDecay,
    warmup: cfg.warmup, batchSize: cfg.batchSize, gradAccum: cfg.gradAccum, maxGradNorm: cfg.maxGradNorm, seqLen: cfg.seqLen,
    seed: cfg.seed, pack: cfg.pack, beta: cfg.beta, loss: cfg.loss, scale: cfg.scale, margin: cfg.margin,
    ...(cfg.seqLenFromModel ? { seqLenFromModel: true } : {}) // only when set: older checkpoints stay resumable
  };
}
