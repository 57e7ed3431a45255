/**
 * Trainer benchmark (not a test): tokens/s, step time and peak memory of the real training loop
 * (runTrainingLoop: forward, backward, clipping, AdamW) for LoRA SFT on a Llama-shaped decoder and matcher
 * training on a MiniLM-shaped BERT, on the CPU reference path and on WebGPU (Dawn; SwiftShader when no GPU).
 * Random-init weights and random tokens (speed does not depend on values). Each case runs in its own child
 * process so its peak RSS (process.resourceUsage().maxRSS) is its own; GPU memory is the peak of live
 * GPUBuffer bytes (createBuffer/destroy tracked on the device), parameter memory the size of the frozen base's
 * arena. Mixed precision: when .cache/lavapipe/lvp_icd.json exists (scripts/lavapipe.sh), the SFT case also runs
 * on Mesa lavapipe with the base stored f32 and f16 (`sft-lavapipe-f32`, `sft-lavapipe-f16`), side by side.
 * Activation memory: on the CPU the bytes one training forward saves for backward (savedActivationBytes); on
 * WebGPU the high-water mark of the objective's activation/scratch pool (GpuTensorPool.peakBytes).
 * Optimizer placement on WebGPU (train/gpu-optimizer.ts): `device` (default; params, grads and AdamW m/v stay on
 * the GPU) or `host` (the CPU AdamW: params up and gradients down every step). Each WebGPU row reports the bytes
 * written to / read from the GPU during step 2 (EngineDevice.transfer; uniforms not counted) — a steady-state
 * step with no checkpoint or eval. `--optimizer host,device` runs both placements interleaved per round.
 *
 * sft-cpu-fast is the same SFT case on the fast CPU path (engine/cpu-fast: WebAssembly SIMD GEMM, worker_threads;
 * --threads N, default the CPU count), beside sft-cpu (the float64 reference ops) and the peer in the same run;
 * matcher-cpu-fast is matcher-cpu (LoRA on a MiniLM-shaped BERT) on the fast CPU path.
 * sft-cpu-fast-plain (only when named in --cases) is the fast path without relaxed SIMD (mul + add, no fused multiply-add), its A/B.
 * Usage: npm run bench:train [-- --cases sft-cpu,sft-cpu-fast,sft-webgpu,sft-lavapipe-f32,sft-lavapipe-f16,matcher-cpu,matcher-webgpu --steps 3]
 * matcher-webgpu / matcher-lavapipe (full fine-tune on WebGPU) and optim-webgpu / optim-lavapipe (the optimizer step
 * alone on that arena: the part the placement changes) run only when named in --cases.
 *   --optimizer host,device   WebGPU cases: optimizer placements to run (default device), interleaved per round
 *   --rounds N                repeat every case N times (default 1), rounds interleaved (A/B on a noisy machine)
 *   --gradient-checkpointing  run every case with activation checkpointing on
 *   --checkpointing-compare   run each case (default sft-cpu and sft-lavapipe-f32, or sft-webgpu without
 *                             lavapipe; default --steps 2) without and with checkpointing, print the ratios
 *   --llama bench|0.5b        decoder shape of the SFT cases (0.5b: a Qwen2.5-0.5B-shaped model)
 *   --batch N --seq T         SFT batch and sequence length (default 2 × 128)
 * Shapes (stated in the output): see CASES. The PyTorch + PEFT peer at the same shape (bench/peft_peer.py, through
 * peer.ts) runs in each round when a Python with torch + peft is found, and the ratios are printed; --no-peer skips it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { findPeerPython, peerRatios, runPeer, type PeerResult } from './peer';
import { seededRandom } from '../src/data/random';
import type { EngineDevice } from '../src/engine/device';
import { savedActivationBytes } from '../src/models/activation-bytes';
import { allocBertParams, BERT_PARAM_NAMES, bertForward, type BertConfig } from '../src/models/bert';
import { downloadBertParams, uploadBertParams } from '../src/models/bert-gpu';
import { llamaForward } from '../src/models/llama';
import { allocLlamaParams, type LlamaConfig } from '../src/models/llama-params';
import { allocBertLoraAdapters, allocLoraAdapters } from '../src/models/lora';
import type { TokenSequence } from '../src/train/chat-tokenizer';
import { runTrainingLoop, type Objective, type StepMetrics, type TrainableState } from '../src/train/loop';
import { columnBatches, createMatcherObjective } from '../src/train/matcher';
import { createMatcherObjectiveGpu } from '../src/train/matcher-gpu';
import { bertDecaySegments } from '../src/train/matcher-run';
import { createGpuAdamW, type OptimizerPlacement, type OptimizerSlot } from '../src/train/gpu-optimizer';
import { openDawnDevice } from '../src/train/node-gpu';
import { causalBatch } from '../src/train/batching';
import { createSftObjective } from '../src/train/sft';
import { createSftObjectiveGpu } from '../src/train/sft-gpu';
import { nodeCpuOps } from '../src/train/node-threads';

/** Decoder shapes for the SFT cases (--llama): the default bench shape, and the shape of a 0.5B Qwen2-family model. */
const LLAMA_PRESETS: Record<string, LlamaConfig> = {
  bench: {
    vocabSize: 4096, hidden: 256, intermediate: 704, layers: 4, heads: 8, kvHeads: 4, headDim: 32,
    ropeTheta: 10000, rmsEps: 1e-5, tiedEmbeddings: true, attentionBias: false, maxSeqLen: 128
  },
  '0.5b': {
    vocabSize: 151936, hidden: 896, intermediate: 4864, layers: 24, heads: 14, kvHeads: 2, headDim: 64,
    ropeTheta: 1000000, rmsEps: 1e-6, tiedEmbeddings: true, attentionBias: true, maxSeqLen: 1024
  }
};
const LLAMA_NAME = flag('llama', 'bench');
if (!LLAMA_PRESETS[LLAMA_NAME]) throw new Error(`--llama ${LLAMA_NAME}: expected one of ${Object.keys(LLAMA_PRESETS).join(', ')}`);
const LLAMA: LlamaConfig = LLAMA_PRESETS[LLAMA_NAME];
const SFT_SHAPE = { B: Number(flag('batch', '2')), T: Number(flag('seq', '128')), rank: 8, targets: ['q', 'k', 'v', 'o'] as const };
const MINILM: BertConfig = {
  vocabSize: 30522, hidden: 384, intermediate: 1536, layers: 6, heads: 12, maxPositions: 512, typeVocabSize: 2, layerNormEps: 1e-12
};
const MATCHER_SHAPE = { pairs: 4, T: 64, rank: 8 };
/** Threads of the fast CPU case (--threads; default the machine's CPU count, like PyTorch's intra-op pool). */
const THREADS = flag('threads', '') ? Number(flag('threads', '')) : undefined;

const CASES = ['sft-cpu', 'sft-cpu-fast', 'sft-cpu-fast-plain', 'sft-webgpu', 'sft-lavapipe-f32', 'sft-lavapipe-f16', 'matcher-cpu', 'matcher-cpu-fast', 'matcher-webgpu', 'matcher-lavapipe', 'optim-webgpu', 'optim-lavapipe'] as const;
type CaseName = (typeof CASES)[number];
const LAVAPIPE_ICD = fileURLToPath(new URL('../../.cache/lavapipe/lvp_icd.json', import.meta.url));
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
/** Base-weight precision and Vulkan driver of each WebGPU case (no icd: VK_ICD_FILENAMES, else SwiftShader). */
const GPU_CASES: Partial<Record<CaseName, { icd?: string; precision: 'auto' | 'f32' | 'f16' }>> = {
  'sft-webgpu': { precision: 'auto' },
  'sft-lavapipe-f32': { icd: LAVAPIPE_ICD, precision: 'f32' },
  'sft-lavapipe-f16': { icd: LAVAPIPE_ICD, precision: 'f16' },
  'matcher-webgpu': { precision: 'f32' }, // full fine-tune: the encoder's weights are trainable, so f32
  'matcher-lavapipe': { icd: LAVAPIPE_ICD, precision: 'f32' },
  'optim-webgpu': { precision: 'f32' },
  'optim-lavapipe': { icd: LAVAPIPE_ICD, precision: 'f32' }
};

interface CaseResult {
  case: CaseName;
  gradientCheckpointing: boolean;
  shape: string;
  device: string;
  steps: number;
  tokensPerStep: number;
  stepMs: number[];
  tokensPerSecond: number;
  peakRssMiB: number;
  peakGpuMiB?: number;
  paramGpuMiB?: number; // the frozen base's parameter arena
  precision?: string;
  optimizer?: OptimizerPlacement; // WebGPU cases
  step2Transfer?: { uploadedBytes: number; downloadedBytes: number }; // CPU↔GPU bytes during step 2
  activationMiB: number; // CPU: bytes one training forward saves; WebGPU: activation/scratch pool peak
}

function fill(a: Float32Array, random: () => number, scale: number): void {
  for (let i = 0; i < a.length; i++) a[i] = (2 * random() - 1) * scale;
}

/** Track live GPUBuffer bytes on a device (peak for the report) and the bytes of the model's parameter arena. */
function trackGpuMemory(dev: EngineDevice): { peak: () => number; params: () => number } {
  let live = 0, peak = 0, params = 0;
  const device = dev.device;
  const create = device.createBuffer.bind(device);
  device.createBuffer = (desc: GPUBufferDescriptor): GPUBuffer => {
    const buffer = create(desc);
    live += desc.size;
    peak = Math.max(peak, live);
    if (desc.label === 'llama-params' || desc.label === 'bert-params') params += desc.size;
    const destroy = buffer.destroy.bind(buffer);
    let gone = false;
    buffer.destroy = () => {
      if (!gone) live -= desc.size;
      gone = true;
      destroy();
    };
    return buffer;
  };
  return { peak: () => peak, params: () => params };
}

async function sftCase(name: CaseName, steps: number, gradientCheckpointing: boolean, optimizer: OptimizerPlacement): Promise<CaseResult> {
  const random = seededRandom(1);
  const params = allocLlamaParams(LLAMA);
  fill(params.arena, random, 0.05);
  for (const n of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) params[n].fill(1);
  const cpuOps = name === 'sft-cpu-fast' ? nodeCpuOps('fast', THREADS) : name === 'sft-cpu-fast-plain' ? nodeCpuOps('fast', THREADS, { relaxedSimd: false }) : undefined;
  const model = { config: LLAMA, params, cpuOps };
  const loraCfg = { rank: SFT_SHAPE.rank, alpha: 16, dropout: 0, targets: [...SFT_SHAPE.targets] };
  const lora = allocLoraAdapters(LLAMA, loraCfg, 2);
  const grads = allocLoraAdapters(LLAMA, loraCfg, 0, true);
  const seqs: TokenSequence[] = Array.from({ length: SFT_SHAPE.B * (steps + 1) }, () => ({
    ids: Array.from({ length: SFT_SHAPE.T }, () => Math.floor(random() * LLAMA.vocabSize)),
    mask: Uint8Array.from({ length: SFT_SHAPE.T }, (_, t) => (t < SFT_SHAPE.T / 4 ? 0 : 1))
  }));
  let dev: EngineDevice | null = null;
  let gpuMemory: ReturnType<typeof trackGpuMemory> | null = null;
  let objective: Objective & { activationPeakBytes?: () => number };
  const gpuCase = GPU_CASES[name];
  if (gpuCase) {
    const opened = await openDawnDevice(gpuCase.precision);
    if (!opened.dev) throw new Error(`no WebGPU adapter: ${opened.reason}`);
    dev = opened.dev;
    gpuMemory = trackGpuMemory(dev);
    objective = createSftObjectiveGpu(dev, model, lora, grads, seqs, [], SFT_SHAPE.B, { gradientCheckpointing, optimizer });
  } else objective = createSftObjective(model, lora, grads, seqs, [], SFT_SHAPE.B, { gradientCheckpointing });
  const state: TrainableState = { params: lora.arena, grads: grads.arena, m: new Float32Array(lora.arena.length), v: new Float32Array(lora.arena.length) };
  const { metrics, step2Transfer } = await timedLoop(objective, state, steps, SFT_SHAPE.B, dev);
  const device = dev ? `webgpu: ${dev.adapterDescription}` : cpuOps ? `cpu (fast: wasm simd${cpuOps.relaxedSimd ? ' + relaxed fma' : ''}, ${cpuOps.threads} threads)` : 'cpu (reference ops)';
  cpuOps?.destroy();
  const activationBytes = objective.activationPeakBytes?.() ?? savedActivationBytes(llamaForward(model, causalBatch(seqs.slice(0, SFT_SHAPE.B)).tokens,
    SFT_SHAPE.B, SFT_SHAPE.T, { lora, training: true, dropoutSeed: 1, gradientCheckpointing }));
  (objective as { destroy?: () => void }).destroy?.();
  const precision = dev?.precision ?? 'f32';
  dev?.destroy();
  const result = summarize(name, gradientCheckpointing, activationBytes, `Llama V=${LLAMA.vocabSize} C=${LLAMA.hidden} I=${LLAMA.intermediate} L=${LLAMA.layers} NH=${LLAMA.heads} NKV=${LLAMA.kvHeads}, B=${SFT_SHAPE.B} T=${SFT_SHAPE.T}, LoRA r=${SFT_SHAPE.rank} on q,k,v,o`, device, metrics, gpuMemory?.peak());
  return gpuMemory ? { ...result, precision, optimizer, step2Transfer, paramGpuMiB: mib(gpuMemory.params()) } : { ...result, precision };
}

/** Bytes as MiB with one decimal. */
function mib(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

async function matcherCase(name: CaseName, steps: number, gradientCheckpointing: boolean): Promise<CaseResult> {
  const cpuOps = name === 'matcher-cpu-fast' ? nodeCpuOps('fast', THREADS) : undefined;
  const random = seededRandom(3);
  const params = allocBertParams(MINILM);
  fill(params.arena, random, 0.02);
  for (const n of ['embLnW', 'ln1W', 'ln2W'] as const) params[n].fill(1);
  const loraCfg = { rank: MATCHER_SHAPE.rank, alpha: 16, dropout: 0, targets: ['query', 'key', 'value'] as ('query' | 'key' | 'value')[] };
  const lora = allocBertLoraAdapters(MINILM, loraCfg, 4);
  const grads = allocBertLoraAdapters(MINILM, loraCfg, 0, true);
  const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
  const text = () => Array.from({ length: MATCHER_SHAPE.T - 2 }, () => words[Math.floor(random() * words.length)]).join(' ');
  const examples = Array.from({ length: MATCHER_SHAPE.pairs * (steps + 1) }, () => ({ texts: [text(), text()] }));
  const vocab = new Map(words.map((w, i) => [w, 1000 + i]));
  const tokenize = (t: string) => [101, ...t.split(' ').map((w) => vocab.get(w)!), 102]; // [CLS] … [SEP], T tokens
  const objective = createMatcherObjective({ config: MINILM, params, lora, cpuOps }, { params: null, lora: grads }, tokenize, examples, [],
    { loss: 'mnrl', scale: 20, margin: 5, batchSize: MATCHER_SHAPE.pairs, gradientCheckpointing });
  const state: TrainableState = { params: lora.arena, grads: grads.arena, m: new Float32Array(lora.arena.length), v: new Float32Array(lora.arena.length) };
  const { metrics } = await timedLoop(objective, state, steps, MATCHER_SHAPE.pairs, null);
  objective.destroy?.();
  const device = cpuOps ? `cpu (fast: wasm simd${cpuOps.relaxedSimd ? ' + relaxed fma' : ''}, ${cpuOps.threads} threads)` : 'cpu (reference ops)';
  cpuOps?.destroy();
  const activationBytes = columnBatches(examples.slice(0, MATCHER_SHAPE.pairs), 'mnrl', tokenize).reduce((sum, b) => sum + // every column lives until backward
    savedActivationBytes(bertForward(MINILM, params, b.tokens, b.mask, b.B, b.T, { lora, training: true, dropoutSeed: 1, gradientCheckpointing })), 0);
  return summarize(name, gradientCheckpointing, activationBytes, `BERT (MiniLM-L6 shape) V=${MINILM.vocabSize} C=${MINILM.hidden} I=${MINILM.intermediate} L=${MINILM.layers} NH=${MINILM.heads}, ${MATCHER_SHAPE.pairs} anchor/positive pairs × T=${MATCHER_SHAPE.T}, MNRL, LoRA r=${MATCHER_SHAPE.rank} on query,key,value`, device, metrics);
}

/** Matcher on WebGPU, full fine-tune of the MiniLM-shaped encoder (MNRL), same data shape as matcher-cpu. */
async function matcherGpuCase(name: CaseName, steps: number, gradientCheckpointing: boolean, optimizer: OptimizerPlacement): Promise<CaseResult> {
  const random = seededRandom(3);
  const params = allocBertParams(MINILM);
  fill(params.arena, random, 0.02);
  for (const n of ['embLnW', 'ln1W', 'ln2W'] as const) params[n].fill(1);
  const grads = allocBertParams(MINILM);
  const words = Array.from({ length: 200 }, (_, i) => `w${i}`);
  const text = () => Array.from({ length: MATCHER_SHAPE.T - 2 }, () => words[Math.floor(random() * words.length)]).join(' ');
  const examples = Array.from({ length: MATCHER_SHAPE.pairs * (steps + 1) }, () => ({ texts: [text(), text()] }));
  const vocab = new Map(words.map((w, i) => [w, 1000 + i]));
  const tokenize = (t: string) => [101, ...t.split(' ').map((w) => vocab.get(w)!), 102];
  const opened = await openDawnDevice('f32');
  if (!opened.dev) throw new Error(`no WebGPU adapter: ${opened.reason}`);
  const dev = opened.dev;
  const gpuMemory = trackGpuMemory(dev);
  const objective = createMatcherObjectiveGpu(dev, { config: MINILM, params, lora: null }, { params: grads, lora: null }, tokenize, examples, [],
    { loss: 'mnrl', scale: 20, margin: 5, batchSize: MATCHER_SHAPE.pairs, gradientCheckpointing }, { optimizer });
  const state: TrainableState = {
    params: params.arena, grads: grads.arena, m: new Float32Array(params.arena.length), v: new Float32Array(params.arena.length), decaySegments: bertDecaySegments(MINILM)
  };
  const { metrics, step2Transfer } = await timedLoop(objective, state, steps, MATCHER_SHAPE.pairs, dev);
  const activationBytes = objective.activationPeakBytes();
  const device = `webgpu: ${dev.adapterDescription}`;
  objective.destroy();
  dev.destroy();
  const result = summarize(name, gradientCheckpointing, activationBytes, `BERT (MiniLM-L6 shape) V=${MINILM.vocabSize} C=${MINILM.hidden} I=${MINILM.intermediate} L=${MINILM.layers} NH=${MINILM.heads}, ${MATCHER_SHAPE.pairs} anchor/positive pairs × T=${MATCHER_SHAPE.T}, MNRL, full fine-tune (${params.arena.length} params, weight decay 0.01)`, device, metrics, gpuMemory.peak());
  return { ...result, precision: 'f32', optimizer, step2Transfer, paramGpuMiB: mib(gpuMemory.params()) };
}

/**
 * The optimizer step alone (what the placement changes), on the MiniLM full fine-tune arena: the loop with a
 * no-op micro-batch over fixed random GPU gradients. host: params up, gradients down, CPU clip + AdamW;
 * device: GPU grad norm (one float back) + AdamW. Weight decay per segment as the matcher.
 */
async function optimizerCase(name: CaseName, steps: number, optimizer: OptimizerPlacement): Promise<CaseResult> {
  const random = seededRandom(7);
  const params = allocBertParams(MINILM), grads = allocBertParams(MINILM);
  fill(params.arena, random, 0.02);
  fill(grads.arena, random, 1e-3);
  const opened = await openDawnDevice('f32');
  if (!opened.dev) throw new Error(`no WebGPU adapter: ${opened.reason}`);
  const dev = opened.dev;
  const gpuMemory = trackGpuMemory(dev);
  const gpu = uploadBertParams(dev, MINILM, params, 'bert-params'), gpuGrads = uploadBertParams(dev, MINILM, grads, 'bert-grads');
  const slots: OptimizerSlot[] = BERT_PARAM_NAMES.flatMap((n) => {
    if (gpu.arena.tensors[n]) return [{ cpu: params[n], param: gpu.t(n), grad: gpuGrads.t(n) }];
    const per = params[n].length / MINILM.layers;
    return Array.from({ length: MINILM.layers }, (_, l) => ({ cpu: params[n].subarray(l * per, (l + 1) * per), param: gpu.t(`L${l}.${n}`), grad: gpuGrads.t(`L${l}.${n}`) }));
  });
  const device = optimizer === 'device' ? createGpuAdamW(dev, params.arena, slots) : null;
  const objective: Objective = {
    trainSize: 1,
    optimizer: device ?? undefined,
    beginStep: device ? undefined : () => { for (const s of slots) dev.write(s.param, s.cpu); },
    accumulate: () => ({ loss: 0, tokens: 1 }),
    endStep: device ? undefined : () => downloadBertParams(dev, gpuGrads, grads)
  };
  const state: TrainableState = {
    params: params.arena, grads: grads.arena, m: new Float32Array(params.arena.length), v: new Float32Array(params.arena.length), decaySegments: bertDecaySegments(MINILM)
  };
  const { metrics, step2Transfer } = await timedLoop(objective, state, steps, 1, dev);
  const adapter = `webgpu: ${dev.adapterDescription}`;
  device?.destroy();
  gpu.destroy();
  gpuGrads.destroy();
  dev.destroy();
  const result = summarize(name, false, 0, `optimizer step only: MiniLM-L6 full fine-tune arena (${params.arena.length} params, ${slots.length} tensors), AdamW + clip, weight decay 0.01 per segment`, adapter, metrics, gpuMemory.peak());
  return { ...result, precision: 'f32', optimizer, step2Transfer, paramGpuMiB: mib(gpuMemory.params()) };
}

/** The loop with bench settings; on WebGPU also the CPU↔GPU bytes moved during step 2 (steady state). */
async function timedLoop(
  objective: Objective, state: TrainableState, steps: number, batchSize: number, dev: EngineDevice | null
): Promise<{ metrics: StepMetrics[]; step2Transfer?: { uploadedBytes: number; downloadedBytes: number } }> {
  let before = dev ? { ...dev.transfer } : null;
  let step2Transfer: { uploadedBytes: number; downloadedBytes: number } | undefined;
  const metrics = await runTrainingLoop(objective, state, {
    totalSteps: steps, batchSize, gradAccum: 1, lr: 1e-4, warmup: 0, weightDecay: state.decaySegments ? 0.01 : 0, maxGradNorm: 1, seed: 1, evalEvery: 0, saveEvery: 0
  }, { step: 0, cursor: { epoch: 0, offset: 0 } }, {
    onStep: (m) => process.stderr.write(`  step ${m.step}/${steps}: ${m.step_ms.toFixed(0)} ms, ${m.tokens} tokens\n`),
    afterStep: (step) => {
      if (!dev || !before) return;
      if (step === 2) step2Transfer = { uploadedBytes: dev.transfer.uploadedBytes - before.uploadedBytes, downloadedBytes: dev.transfer.downloadedBytes - before.downloadedBytes };
      before = { ...dev.transfer };
    }
  });
  return { metrics, step2Transfer };
}

function summarize(
  name: CaseName, gradientCheckpointing: boolean, activationBytes: number, shape: string, device: string, metrics: StepMetrics[], peakGpuBytes?: number
): CaseResult {
  const stepMs = metrics.map((m) => m.step_ms);
  const timed = stepMs.length > 1 ? stepMs.slice(1) : stepMs; // step 1 includes pipeline compilation / JIT warm-up
  const tokensPerStep = metrics[0].tokens;
  const meanMs = timed.reduce((s, x) => s + x, 0) / timed.length;
  return {
    case: name, gradientCheckpointing, shape, device, steps: metrics.length, tokensPerStep, stepMs: stepMs.map((x) => Math.round(x)),
    tokensPerSecond: Math.round((tokensPerStep * 1000) / meanMs),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    activationMiB: mib(activationBytes),
    ...(peakGpuBytes !== undefined ? { peakGpuMiB: mib(peakGpuBytes) } : {})
  };
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function runChildCase(name: CaseName, steps: number, gradientCheckpointing: boolean, optimizer: OptimizerPlacement): Promise<void> {
  const result = name === 'matcher-cpu' || name === 'matcher-cpu-fast' ? await matcherCase(name, steps, gradientCheckpointing)
    : name.startsWith('optim-') ? await optimizerCase(name, steps, optimizer)
    : name.startsWith('matcher-') ? await matcherGpuCase(name, steps, gradientCheckpointing, optimizer)
    : await sftCase(name, steps, gradientCheckpointing, optimizer);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runAll(): void {
  const compare = process.argv.includes('--checkpointing-compare');
  const defaults = compare
    ? ['sft-cpu', existsSync(LAVAPIPE_ICD) ? 'sft-lavapipe-f32' : 'sft-webgpu']
    : CASES.filter((c) => !c.startsWith('matcher-w') && c !== 'matcher-lavapipe' && c !== 'sft-cpu-fast-plain' && !c.startsWith('optim-') && (GPU_CASES[c]?.icd !== LAVAPIPE_ICD || existsSync(LAVAPIPE_ICD))); // matcher-webgpu / -lavapipe on request (slow)
  const cases = flag('cases', defaults.join(',')).split(',') as CaseName[];
  const steps = flag('steps', compare ? '2' : '3');
  const modes = compare ? [false, true] : [process.argv.includes('--gradient-checkpointing')];
  const placements = flag('optimizer', 'device').split(',') as OptimizerPlacement[];
  const rounds = Number(flag('rounds', '1'));
  const self = fileURLToPath(import.meta.url);
  const rows: CaseResult[] = [];
  const peers: PeerResult[] = [];
  const wantPeer = !process.argv.includes('--no-peer') && cases.some((c) => c.startsWith('sft-'));
  const python = wantPeer ? findPeerPython() : { reason: '--no-peer or no SFT case' };
  const runRound = (round: number) => { for (const name of cases) for (const ckpt of modes) for (const optimizer of GPU_CASES[name] ? placements : ['device' as const]) {
    process.stderr.write(`[bench:train] ${name}${ckpt ? ' (gradient checkpointing)' : ''}${GPU_CASES[name] ? ` optimizer=${optimizer}` : ''}${rounds > 1 ? ` round ${round + 1}/${rounds}` : ''}\n`);
    // Each case picks its Vulkan driver (the loader reads VK_ICD_FILENAMES once per process).
    const icd = GPU_CASES[name]?.icd ?? process.env.VK_ICD_FILENAMES ?? SWIFTSHADER_ICD;
    const shape = ['--llama', LLAMA_NAME, '--batch', String(SFT_SHAPE.B), '--seq', String(SFT_SHAPE.T)];
    const args = ['--import', 'tsx', self, '--child', name, '--steps', steps, '--optimizer', optimizer, ...shape, ...(ckpt ? ['--gradient-checkpointing'] : []), ...(THREADS ? ['--threads', String(THREADS)] : [])];
    const child = spawnSync(process.execPath, args, {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { XDG_RUNTIME_DIR: '/tmp', ...process.env, VK_ICD_FILENAMES: icd }
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      process.stderr.write(`[bench:train] ${name} failed (exit ${child.status})\n`);
      continue;
    }
    const r = JSON.parse(line) as CaseResult;
    rows.push(r);
    const opt = r.optimizer ? `/${r.optimizer}` : '';
    const moved = r.step2Transfer ? `  step-2 bytes up ${r.step2Transfer.uploadedBytes} down ${r.step2Transfer.downloadedBytes}` : '';
    process.stdout.write(`${(r.case + opt + (ckpt ? '+ckpt' : '')).padEnd(28)} ${String(r.tokensPerSecond).padStart(7)} tok/s  step ${r.stepMs.join('/')} ms${moved}` +
      `  acts ${r.activationMiB} MiB  RSS ${r.peakRssMiB} MiB` +
      `${r.peakGpuMiB !== undefined ? `  GPU peak ${r.peakGpuMiB} MiB, params ${r.paramGpuMiB} MiB (${r.precision})` : ''}  [${r.device}] ${r.shape}\n`);
  } };
  for (let round = 0; round < rounds; round++) {
    if ('python' in python) {
      process.stderr.write(`[bench:train] PyTorch + PEFT peer (${python.python})${rounds > 1 ? ` round ${round + 1}/${rounds}` : ''}\n`);
      const got = runPeer(python.python, { llama: LLAMA_NAME, batch: SFT_SHAPE.B, seq: SFT_SHAPE.T, steps: Number(steps), dtypes: ['float32'] });
      if ('reason' in got) process.stderr.write(`[bench:train] peer failed: ${got.reason}\n`);
      else peers.push(...got);
    }
    runRound(round);
  }
  if (compare) printCheckpointingRatios(rows);
  if ('reason' in python) process.stdout.write(`peer (PyTorch + PEFT): skipped — ${python.reason}\n`);
  else for (const line of peerRatios(rows, peers)) process.stdout.write(`ratio ${line}\n`);
  process.stdout.write(`${JSON.stringify({ machine: `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg()[0].toFixed(1)}, node ${process.version}`, results: rows, peers })}\n`);
}

/** Checkpointing on ÷ off per case, from rows measured in this run. */
function printCheckpointingRatios(rows: CaseResult[]): void {
  const mean = (r: CaseResult): number => {
    const timed = r.stepMs.length > 1 ? r.stepMs.slice(1) : r.stepMs; // as summarize: step 1 is warm-up when there are more
    return timed.reduce((s, x) => s + x, 0) / timed.length;
  };
  for (const off of rows.filter((r) => !r.gradientCheckpointing)) {
    const on = rows.find((r) => r.gradientCheckpointing && r.case === off.case);
    if (!on) continue;
    const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : 'n/a');
    process.stdout.write(`${off.case}: checkpointing on/off — step time ×${ratio(mean(on), mean(off))}` +
      ` (${Math.round(mean(off))} → ${Math.round(mean(on))} ms), activation memory ×${ratio(on.activationMiB, off.activationMiB)}` +
      ` (${off.activationMiB} → ${on.activationMiB} MiB), peak RSS ${off.peakRssMiB} → ${on.peakRssMiB} MiB` +
      `${off.peakGpuMiB !== undefined ? `, peak GPU ${off.peakGpuMiB} → ${on.peakGpuMiB} MiB (×${ratio(on.peakGpuMiB!, off.peakGpuMiB)})` : ''}\n`);
  }
}

const HELP = `npm run bench:train [-- options]   (a benchmark, not a test: it runs the cases below and prints tok/s)
  --cases a,b,...            ${CASES.join(', ')}
  --steps N                  training steps per case (default 3; the first is warm-up when there are more)
  --optimizer host,device    WebGPU cases: optimizer placements (default device), interleaved per round
  --rounds N                 repeat every case N times, rounds interleaved
  --gradient-checkpointing   every case with activation checkpointing on
  --checkpointing-compare    each case without and with checkpointing, with ratios
  --llama bench|0.5b         decoder shape of the SFT cases
  --threads N                sft-cpu-fast: threads incl. the main one (default the CPU count)
  --batch N --seq T          SFT batch and sequence length (default 2 x 128)
  --no-peer                  skip the PyTorch + PEFT peer (run by default in each round when a Python with
                             torch, transformers and peft is found: $SHORTLIST_PYTHON, .cache/py, python3)`;
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const child = flag('child', '');
if (child) await runChildCase(child as CaseName, Number(flag('steps', '3')), process.argv.includes('--gradient-checkpointing'), flag('optimizer', 'device') as OptimizerPlacement);
else runAll();
