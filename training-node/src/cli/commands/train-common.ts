/**
 * Flags shared by `sft`, `dpo` and `matcher` → a typed TrainConfig (no giant main: one flag table, one
 * parser, per-mode defaults), the help text of the shared flags, and the error mapping for trainer errors.
 *
 * Non-goals: the training itself (src/train). Node-only through args.ts (node:util parseArgs).
 */
import { DEFAULT_TRAIN_CONFIG, makeTrainConfig, type TrainConfig, TrainConfigError, type TrainMode } from '../../train/config';
import { TrainDataError } from '../../train/records';
import { type Flags, numberFlag, parseFlags, seedFlag, stringFlag, UsageError } from '../args';

const str = { type: 'string' as const };
const bool = { type: 'boolean' as const };

/** Every trainer flag (named like PEFT/TRL/sentence-transformers options). */
export const TRAIN_FLAGS = {
  model: str, tokenizer: str, data: str, val: str, device: str,
  precision: str, 'cpu-kernels': str, threads: str,
  'lora-r': str, 'lora-alpha': str, 'lora-dropout': str, 'target-modules': str, qlora: bool, 'full-finetune': bool,
  lr: str, 'weight-decay': str, warmup: str, steps: str, epochs: str, 'batch-size': str, 'grad-accum': str,
  'max-grad-norm': str, 'seq-len': str, 'eval-every': str, 'save-every': str, resume: bool, pack: bool,
  'gradient-checkpointing': bool,
  beta: str, loss: str, scale: str, margin: str
};

/** Help text for the flags every trainer shares. */
export const TRAIN_COMMON_HELP = `Data and outputs:
  --data <train.jsonl>      training rows (required)       --val <val.jsonl>   validation rows (eval every N steps)
  --out <folder>            outputs, checkpoints, metrics.jsonl, loss-curve.svg/.png, train-summary.json (required)
  --tokenizer <path>        tokenizer folder or llama2.c tok*.bin (default: beside --model)
  --device auto|cpu|webgpu  default auto: WebGPU (Dawn) when a real GPU adapter exists, else cpu;
                            webgpu forces any adapter (SwiftShader too)
  --precision auto|f32|f16  storage of the frozen base weights on WebGPU (default auto: f16 when the adapter has
                            shader-f16, else f32); LoRA adapters, gradients, AdamW and the loss stay f32
  --cpu-kernels fast|reference  sft/dpo on the CPU: fast (default; WebAssembly SIMD GEMM + worker threads, f32
                            sums) or the float64 reference ops (the oracle; slow); train-summary.json records it
  --threads N               fast CPU path threads including the main one (default 0 = the CPU count)
LoRA:  --lora-r 8  --lora-alpha 16  --lora-dropout 0  --target-modules q,k,v,o[,gate,up,down]
Optimisation: --lr  --weight-decay 0  --warmup 0 (steps)  --steps N | --epochs 1  --batch-size 4  --grad-accum 1
  --max-grad-norm 1 (0 = off)  --seq-len 256  --seed 42
  --gradient-checkpointing  keep only each layer's input in forward and recompute the layer in backward:
                            activation memory O(1 layer + L inputs) instead of O(L layers), ~1 extra forward
                            of compute, identical gradients (may be switched on or off across --resume)
Evaluation and checkpoints: --eval-every 0 (0 = at the end)  --save-every 0 (0 = at the end)  --resume
  (--resume continues from <out>/checkpoints/latest.json with the same loss curve; use the same flags)
  --quiet`;

function intFlag(flags: Flags, name: string, fallback: number, min: number): number {
  const v = numberFlag(flags, name, fallback, min);
  if (!Number.isInteger(v)) throw new UsageError(`--${name} ${v}: expected an integer`);
  return v;
}

function required(flags: Flags, name: string, command: string): string {
  const v = stringFlag(flags, name);
  if (!v) throw new UsageError(`${command}: --${name} is required. See training-node ${command} --help`);
  return v;
}

/** Parse argv into a TrainConfig for `mode`; returns null when --help was printed. */
export function parseTrainConfig(mode: TrainMode, argv: readonly string[], help: string, modeDefaults: Partial<TrainConfig> = {}): TrainConfig | null {
  const { flags, positionals } = parseFlags(mode, argv, TRAIN_FLAGS);
  if (flags.help) {
    process.stdout.write(`${help}\n\n${TRAIN_COMMON_HELP}\n`);
    return null;
  }
  if (positionals.length > 0) throw new UsageError(`${mode}: unexpected argument ${JSON.stringify(positionals[0])}; inputs are named flags (--data, --val). See training-node ${mode} --help`);
  const d = { ...DEFAULT_TRAIN_CONFIG, ...modeDefaults };
  const steps = stringFlag(flags, 'steps');
  const device = (stringFlag(flags, 'device') ?? d.device) as TrainConfig['device'];
  const precision = (stringFlag(flags, 'precision') ?? d.precision) as TrainConfig['precision'];
  const loss = (stringFlag(flags, 'loss') ?? d.loss) as TrainConfig['loss'];
  try {
    return makeTrainConfig({ mode, model: required(flags, 'model', mode), data: required(flags, 'data', mode), out: required(flags, 'out', mode) }, {
      ...modeDefaults,
      tokenizer: stringFlag(flags, 'tokenizer'),
      val: stringFlag(flags, 'val'),
      device,
      precision,
      cpuKernels: (stringFlag(flags, 'cpu-kernels') ?? d.cpuKernels) as TrainConfig['cpuKernels'],
      threads: intFlag(flags, 'threads', d.threads, 0),
      loraR: intFlag(flags, 'lora-r', d.loraR, 1),
      loraAlpha: numberFlag(flags, 'lora-alpha', d.loraAlpha, 0),
      loraDropout: numberFlag(flags, 'lora-dropout', d.loraDropout, 0, 0.99),
      targetModules: (stringFlag(flags, 'target-modules') ?? d.targetModules.join(',')).split(',').map((s) => s.trim()).filter(Boolean),
      qlora: flags.qlora === true,
      fullFinetune: flags['full-finetune'] === true,
      lr: numberFlag(flags, 'lr', d.lr, 0),
      weightDecay: numberFlag(flags, 'weight-decay', d.weightDecay, 0),
      warmup: intFlag(flags, 'warmup', d.warmup, 0),
      steps: steps === undefined ? undefined : intFlag(flags, 'steps', 1, 1),
      epochs: numberFlag(flags, 'epochs', d.epochs, 0),
      batchSize: intFlag(flags, 'batch-size', d.batchSize, 1),
      gradAccum: intFlag(flags, 'grad-accum', d.gradAccum, 1),
      maxGradNorm: numberFlag(flags, 'max-grad-norm', d.maxGradNorm, 0),
      seqLen: intFlag(flags, 'seq-len', d.seqLen, 2),
      seed: seedFlag(flags, d.seed),
      evalEvery: intFlag(flags, 'eval-every', d.evalEvery, 0),
      saveEvery: intFlag(flags, 'save-every', d.saveEvery, 0),
      resume: flags.resume === true,
      pack: flags.pack === true,
      gradientCheckpointing: flags['gradient-checkpointing'] === true,
      beta: numberFlag(flags, 'beta', d.beta, 0),
      loss,
      scale: numberFlag(flags, 'scale', d.scale, 0),
      margin: numberFlag(flags, 'margin', d.margin, 0),
      quiet: flags.quiet === true
    });
  } catch (e) {
    if (e instanceof TrainConfigError) throw new UsageError(`${mode}: ${e.message}. See training-node ${mode} --help`);
    throw e;
  }
}

/** Run a trainer body, printing trainer data/config errors as one clear line (exit 1). */
export async function runTrainer(mode: TrainMode, body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (e) {
    if (e instanceof TrainDataError || e instanceof TrainConfigError) {
      process.stderr.write(`training-node ${mode}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
