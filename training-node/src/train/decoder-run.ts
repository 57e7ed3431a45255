/**
 * A whole `sft` or `dpo` run on a Llama-family decoder: load model + tokenizer, optionally quantise the
 * frozen base to 4-bit groups of 32 (QLoRA), create LoRA adapters (the only trainable parameters and the
 * only optimizer state), build the data (SFT sequences, or DPO pairs with reference log-probs computed once
 * with adapters disabled), run the session, then export a PEFT adapter (`adapter/`) and merged weights as a
 * Hugging Face safetensors folder (`merged/`, tokenizer files copied in).
 * `--full-finetune`: every weight of a copy of the base is trainable (f32 on CPU and WebGPU; no --qlora, no
 * --precision f16), AdamW state covers all of them (no weight decay on norms and biases, as HF Trainer), the
 * DPO reference is the untouched base (log-probs taken before training), and the output is `merged/` only.
 *
 * Non-goals: generation/eval harnesses. Node APIs (via session/model-load).
 */
import path from 'node:path';
import { writeMergedModelDir, writePeftAdapterDir } from '../io/node-files';
import type { LlamaModel } from '../models/llama';
import { allocLlamaParams, LLAMA_PARAM_NAMES, type LlamaConfig, llamaParamSizes } from '../models/llama-params';
import { allocLoraAdapters, LORA_TARGETS, loraTargetShape, type LoraAdapters, type LoraTarget } from '../models/lora';
import { quantizeLlamaBase } from '../models/quant';
import { type TrainConfig, TrainConfigError, totalSteps } from './config';
import { buildPreferencePairs, createDpoObjective, type PreferencePair, referenceLogProbs } from './dpo';
import type { Objective, TrainableState } from './loop';
import { loadDecoder } from './model-load';
import { preferenceExample, sftMessages } from './records';
import { copyFileAtomic, readJsonlFile, type RunOptions, runSession, type SessionResult, writeSummary } from './session';
import { describeFitCounts, type FitCounts } from './fit-length';
import { buildSftSequences, createSftObjective, type DecoderGrads, type DecoderMemoryOptions } from './sft';
import { createDpoObjectiveGpu, createSftObjectiveGpu, referenceLogProbsGpu } from './sft-gpu';
import { resolveTrainingDevice } from './node-gpu';
import { cpuKernelsLabel, nodeCpuOps } from './node-threads';
import type { EngineDevice } from '../engine/device';

/** What a decoder run leaves in memory (tests compare it with the files written). */
export interface DecoderRunResult {
  base: LlamaModel; // dense f32 base as loaded
  model: LlamaModel; // the model trained (quantised when --qlora; the trained copy of every weight when --full-finetune)
  lora: LoraAdapters | null; // null for --full-finetune
  session: SessionResult;
  trainExamples: number;
}

const QLORA_GROUP = 32;
const DECAYED = new Set(['embed', 'wq', 'wk', 'wv', 'wo', 'wGate', 'wUp', 'wDown', 'lmHead']);

/** [start, end) ranges of a full fine-tune's params arena that get weight decay: matrices, not norms or biases. */
export function llamaDecaySegments(cfg: LlamaConfig): [number, number][] {
  const sizes = llamaParamSizes(cfg);
  const segments: [number, number][] = [];
  let offset = 0;
  for (const name of LLAMA_PARAM_NAMES) {
    if (DECAYED.has(name) && sizes[name] > 0) segments.push([offset, offset + sizes[name]]);
    offset += sizes[name];
  }
  return segments;
}

/** Parse `--target-modules` names (q,k,v,o,gate,up,down; `_proj` suffixes accepted). */
export function decoderTargets(names: readonly string[]): LoraTarget[] {
  return names.map((raw) => {
    const name = raw.trim().replace(/_proj$/, '');
    if (!(LORA_TARGETS as readonly string[]).includes(name)) throw new TrainConfigError(`--target-modules: unknown "${raw}" (valid: ${LORA_TARGETS.join(', ')})`);
    return name as LoraTarget;
  });
}

/** Run sft or dpo end to end as configured; writes everything under cfg.out. */
export async function runDecoderTraining(cfg: TrainConfig, opts: RunOptions = {}): Promise<DecoderRunResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (cfg.mode === 'matcher') throw new TrainConfigError('runDecoderTraining handles sft and dpo; use runMatcherTraining');
  const loaded = await loadDecoder(cfg.model, cfg.tokenizer);
  const dev = await resolveTrainingDevice(cfg, log);
  const cpuOps = dev ? null : nodeCpuOps(cfg.cpuKernels, cfg.threads || undefined);
  const loadedModel = loaded.model;
  if (cpuOps) loaded.model = { ...loadedModel, cpuOps };
  try {
    const run = await trainDecoder(cfg, loaded, dev, log, opts);
    // The returned models use the default (reference) ops again, like any model loaded from the written files.
    return { ...run, base: loadedModel, model: { ...run.model, cpuOps: undefined } };
  } finally {
    dev?.destroy();
    cpuOps?.destroy();
  }
}

/** train-summary.json's record of the compute: WebGPU adapter, or the CPU ops (fast + threads, or reference). */
function deviceSummary(dev: EngineDevice | null, model: LlamaModel): { device: string; cpuKernels?: string } {
  if (dev) return { device: `webgpu (${dev.adapterDescription})` };
  const ops = model.cpuOps;
  return { device: 'cpu', cpuKernels: cpuKernelsLabel(ops) };
}

async function trainDecoder(
  cfg: TrainConfig, loaded: Awaited<ReturnType<typeof loadDecoder>>, dev: EngineDevice | null, log: (line: string) => void, opts: RunOptions
): Promise<DecoderRunResult> {
  const base = loaded.model;
  if (cfg.fullFinetune) return trainDecoderFull(cfg, loaded, dev, log, opts);
  const targets = decoderTargets(cfg.targetModules);
  let model = base;
  if (cfg.qlora) {
    const quantizable = LORA_TARGETS.filter((t) => loraTargetShape(base.config, t).inFeatures % QLORA_GROUP === 0);
    const dense = LORA_TARGETS.filter((t) => !quantizable.includes(t));
    if (dense.length > 0) log(`[training-node] qlora: ${dense.join(', ')} stay f32 (input features not a multiple of ${QLORA_GROUP})`);
    model = quantizeLlamaBase(base, QLORA_GROUP, quantizable);
  }
  const loraConfig = { rank: cfg.loraR, alpha: cfg.loraAlpha, dropout: cfg.loraDropout, targets };
  const lora = allocLoraAdapters(base.config, loraConfig, cfg.seed);
  const grads = allocLoraAdapters(base.config, loraConfig, 0, true);
  const state: TrainableState = {
    params: lora.arena, grads: grads.arena, m: new Float32Array(lora.arena.length), v: new Float32Array(lora.arena.length)
  };
  const { objective, counts } = cfg.mode === 'sft'
    ? buildSft(cfg, model, loaded.tokenizer, lora, grads, dev, log)
    : await buildDpo(cfg, model, loaded.tokenizer, lora, grads, log, dev);
  if (objective.trainSize === 0) throw new TrainConfigError(`${cfg.data}: no usable training examples (see the counts: ${JSON.stringify(counts)})`);
  const steps = totalSteps(cfg, objective.trainSize);
  log(`[training-node] ${cfg.mode}: ${objective.trainSize} training examples, ${steps} steps, ${lora.arena.length} trainable parameters (LoRA r=${cfg.loraR} on ${targets.join(',')}${cfg.qlora ? ', 4-bit base' : ''})`);
  let session: SessionResult;
  try {
    session = await runSession(cfg, objective, state, steps, opts);
  } finally {
    (objective as { destroy?: () => void }).destroy?.();
  }
  writePeftAdapterDir(path.join(cfg.out, 'adapter'), lora, cfg.model);
  const mergedDir = path.join(cfg.out, 'merged');
  writeMergedModelDir(mergedDir, base.config, base.params, lora, loaded.source);
  for (const file of loaded.tokenizerFiles) copyFileAtomic(file, path.join(mergedDir, path.basename(file)));
  writeSummary(cfg, session, { ...deviceSummary(dev, base), precision: dev?.precision ?? 'f32', data: counts, trainableParameters: lora.arena.length, outputs: ['adapter/', 'merged/', 'metrics.jsonl', 'loss-curve.svg', 'loss-curve.png'] }, log);
  return { base, model, lora, session, trainExamples: objective.trainSize };
}

/** --full-finetune: train a copy of every base weight (f32), write merged/ (no adapter). */
async function trainDecoderFull(
  cfg: TrainConfig, loaded: Awaited<ReturnType<typeof loadDecoder>>, dev: EngineDevice | null, log: (line: string) => void, opts: RunOptions
): Promise<DecoderRunResult> {
  const base = loaded.model;
  const params = allocLlamaParams(base.config);
  params.arena.set(base.params.arena);
  const model: LlamaModel = { config: base.config, params, cpuOps: base.cpuOps };
  const grads = allocLlamaParams(base.config);
  const n = params.arena.length;
  const state: TrainableState = { params: params.arena, grads: grads.arena, m: new Float32Array(n), v: new Float32Array(n), decaySegments: llamaDecaySegments(base.config) };
  if (dev && dev.precision !== 'f32') log(`[training-node] full fine-tune: trainable weights stay f32 on the GPU (device precision ${dev.precision} applies to frozen bases only)`);
  const { objective, counts } = cfg.mode === 'sft'
    ? buildSft(cfg, model, loaded.tokenizer, null, grads, dev, log)
    : await buildDpo(cfg, model, loaded.tokenizer, null, grads, log, dev);
  if (objective.trainSize === 0) throw new TrainConfigError(`${cfg.data}: no usable training examples (see the counts: ${JSON.stringify(counts)})`);
  const steps = totalSteps(cfg, objective.trainSize);
  log(`[training-node] ${cfg.mode}: ${objective.trainSize} training examples, ${steps} steps, ${n} trainable parameters (full fine-tune)`);
  let session: SessionResult;
  try {
    session = await runSession(cfg, objective, state, steps, opts);
  } finally {
    (objective as { destroy?: () => void }).destroy?.();
  }
  const mergedDir = path.join(cfg.out, 'merged');
  writeMergedModelDir(mergedDir, model.config, model.params, null, loaded.source);
  for (const file of loaded.tokenizerFiles) copyFileAtomic(file, path.join(mergedDir, path.basename(file)));
  writeSummary(cfg, session, { ...deviceSummary(dev, base), precision: 'f32', data: counts, trainableParameters: n, fullFinetune: true, outputs: ['merged/', 'metrics.jsonl', 'loss-curve.svg', 'loss-curve.png'] }, log);
  return { base, model, lora: null, session, trainExamples: objective.trainSize };
}

const memoryOptions = (cfg: TrainConfig): DecoderMemoryOptions => ({ gradientCheckpointing: cfg.gradientCheckpointing });

function buildSft(
  cfg: TrainConfig, model: LlamaModel, tokenizer: Parameters<typeof buildSftSequences>[1], lora: LoraAdapters | null, grads: DecoderGrads,
  dev: EngineDevice | null, log: (line: string) => void
) {
  const conversations = (file: string) => readJsonlFile(file).map((row) => sftMessages(row, file));
  const train = buildSftSequences(conversations(cfg.data), tokenizer, cfg.seqLen, cfg.pack);
  const val = cfg.val ? buildSftSequences(conversations(cfg.val), tokenizer, cfg.seqLen, false) : null;
  log(`[training-node] ${describeFitCounts(`sft ${path.basename(cfg.data)}`, train.fit, cfg.seqLen)}`);
  if (val && cfg.val) log(`[training-node] ${describeFitCounts(`sft ${path.basename(cfg.val)}`, val.fit, cfg.seqLen)}`);
  const counts = {
    trainSequences: train.sequences.length, trainTruncated: train.truncated, trainDroppedNoTargets: train.droppedNoTargets,
    valSequences: val?.sequences.length ?? 0, packed: cfg.pack, trainFit: train.fit, ...(val ? { valFit: val.fit } : {})
  };
  const objective: Objective = dev
    ? createSftObjectiveGpu(dev, model, lora, grads, train.sequences, val?.sequences ?? [], cfg.batchSize, memoryOptions(cfg))
    : createSftObjective(model, lora, grads, train.sequences, val?.sequences ?? [], cfg.batchSize, memoryOptions(cfg));
  return { objective, counts };
}

async function buildDpo(
  cfg: TrainConfig, model: LlamaModel, tokenizer: Parameters<typeof buildPreferencePairs>[1], lora: LoraAdapters | null, grads: DecoderGrads,
  log: (line: string) => void, dev: EngineDevice | null
) {
  const pairsOf = (file: string) => {
    const built = buildPreferencePairs(readJsonlFile(file).map((row) => preferenceExample(row, file)), tokenizer, cfg.seqLen);
    log(`[training-node] ${describeFitCounts(`dpo ${path.basename(file)}`, built.fit, cfg.seqLen)}`);
    return built;
  };
  const train = pairsOf(cfg.data);
  const val: { pairs: PreferencePair[]; dropped: number; fit?: FitCounts } = cfg.val ? pairsOf(cfg.val) : { pairs: [], dropped: 0 };
  log(`[training-node] dpo: reference log-probs (${lora ? 'adapters disabled' : 'the base before training'}) for ${train.pairs.length + val.pairs.length} pairs, once`);
  // Full fine-tune: `model` is still the base here (training starts later), so this is the frozen reference.
  const refOf = (pairs: PreferencePair[]) => (dev ? referenceLogProbsGpu(dev, model, pairs, cfg.batchSize) : referenceLogProbs(model, pairs, cfg.batchSize));
  const ref = await refOf(train.pairs);
  const valRef = val.pairs.length > 0 ? await refOf(val.pairs) : null;
  const objective: Objective = dev
    ? createDpoObjectiveGpu(dev, model, lora, grads, cfg.beta, train.pairs, ref, val.pairs, valRef, cfg.batchSize, memoryOptions(cfg))
    : createDpoObjective(model, lora, grads, cfg.beta, train.pairs, ref, val.pairs, valRef, cfg.batchSize, memoryOptions(cfg));
  return { objective, counts: { trainPairs: train.pairs.length, trainDropped: train.dropped, valPairs: val.pairs.length, valDropped: val.dropped, trainFit: train.fit, ...(val.fit ? { valFit: val.fit } : {}) } };
}
