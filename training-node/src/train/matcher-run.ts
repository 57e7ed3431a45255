/**
 * A whole `matcher` run: load a BERT folder + WordPiece tokenizer, read sentence-transformers JSONL
 * (anchor/positive[/negative] or sentence1/sentence2/score), train full-weights or LoRA (query/key/value)
 * with MNRL / cosine / triplet loss, then export a Hugging Face BertModel folder (`model/`, tokenizer and
 * sentence-transformers module files copied in) and, for LoRA, the PEFT adapter (`adapter/`). `--device`
 * picks the CPU objective (matcher.ts) or the WebGPU one (matcher-gpu.ts); both feed the same loop.
 *
 * Non-goals: ONNX export for transformers.js (export/), hard-negative mining. Node APIs (files).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeHfBertDir, writePeftAdapterDir } from '../io/node-files';
import { mergeBertLora } from '../io/peft';
import type { EngineDevice } from '../engine/device';
import { allocBertParams, BERT_PARAM_NAMES, bertParamSizes, type BertConfig, type BertParams } from '../models/bert';
import { allocBertLoraAdapters, BERT_LORA_TARGETS, type BertLoraTarget, type LoraAdapters } from '../models/lora';
import { type TrainConfig, TrainConfigError, totalSteps } from './config';
import type { Objective, TrainableState } from './loop';
import { cachedTokenizer, createMatcherObjective, type EncoderModel } from './matcher';
import { cpuKernelsLabel, nodeCpuOps } from './node-threads';
import type { CpuOps } from '../engine/cpu-fast/ops';
import { createMatcherObjectiveGpu } from './matcher-gpu';
import { loadEncoder, servingMaxLength } from './model-load';
import { resolveTrainingDevice } from './node-gpu';
import { matcherExample, matcherLayout, type MatcherExample, type MatcherLayout } from './records';
import { copyFileAtomic, readJsonlFile, type RunOptions, runSession, type SessionResult, writeSummary } from './session';

/** What a matcher run leaves in memory. */
export interface MatcherRunResult {
  model: EncoderModel; // trained (params updated in place for full fine-tune; lora set otherwise)
  session: SessionResult;
  layout: MatcherLayout;
}

const ST_FILES = ['modules.json', 'config_sentence_transformers.json', 'sentence_bert_config.json', '1_Pooling/config.json'];
const DECAYED = new Set(['wordEmb', 'posEmb', 'typeEmb', 'wq', 'wk', 'wv', 'wo', 'wInter', 'wOut']); // HF Trainer: no decay on biases / LayerNorm

/** [start, end) arena ranges of the BERT weights that get weight decay. */
export function bertDecaySegments(cfg: BertConfig): [number, number][] {
  const sizes = bertParamSizes(cfg);
  const segments: [number, number][] = [];
  let offset = 0;
  for (const name of BERT_PARAM_NAMES) {
    if (DECAYED.has(name)) segments.push([offset, offset + sizes[name]]);
    offset += sizes[name];
  }
  return segments;
}

function readExamples(file: string, cfg: TrainConfig): { examples: MatcherExample[]; layout: MatcherLayout } {
  const rows = readJsonlFile(file);
  const layout = matcherLayout(rows[0], file);
  const examples = rows.map((r) => matcherExample(r, layout, file));
  const need: Record<string, MatcherLayout[]> = { mnrl: ['anchor-positive', 'triplet'], triplet: ['triplet'], cosine: ['scored-pair'] };
  if (!need[cfg.loss].includes(layout)) {
    throw new TrainConfigError(`${file}: --loss ${cfg.loss} needs ${need[cfg.loss].join(' or ')} rows, the file has ${layout} rows`);
  }
  return { examples, layout };
}

/** Run matcher training end to end as configured; writes everything under cfg.out. */
export async function runMatcherTraining(cfg: TrainConfig, opts: RunOptions = {}): Promise<MatcherRunResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dev = await resolveTrainingDevice(cfg, log);
  const cpuOps = dev ? null : nodeCpuOps(cfg.cpuKernels, cfg.threads || undefined);
  try {
    return await trainMatcher(cfg, dev, cpuOps, log, opts);
  } finally {
    dev?.destroy();
    cpuOps?.destroy();
  }
}

async function trainMatcher(
  cfg: TrainConfig, dev: EngineDevice | null, cpuOps: CpuOps | null, log: (line: string) => void, opts: RunOptions
): Promise<MatcherRunResult> {
  const loaded = await loadEncoder(cfg.model, cfg.tokenizer);
  const { config, params } = loaded;
  const train = readExamples(cfg.data, cfg);
  const val = cfg.val ? readExamples(cfg.val, cfg).examples : [];
  const serving = servingMaxLength(loaded.tokenizer.config, config);
  const seqLen = cfg.seqLenFromModel ? serving : Math.min(cfg.seqLen, config.maxPositions);
  if (seqLen !== serving) log(`[training-node] matcher: training at ${seqLen} tokens but the app embeds up to ${serving} (tokenizer_config.json model_max_length / max_position_embeddings): train/serve skew; omit --seq-len to match`);
  const tokenize = cachedTokenizer((text) => loaded.tokenizer.tokenizer.encode(text).ids, seqLen);
  let lora: LoraAdapters<BertLoraTarget> | null = null;
  let state: TrainableState;
  let gradParams: BertParams | null = null, gradLora: LoraAdapters<BertLoraTarget> | null = null;
  if (cfg.fullFinetune) {
    gradParams = allocBertParams(config);
    state = { params: params.arena, grads: gradParams.arena, m: new Float32Array(params.arena.length), v: new Float32Array(params.arena.length), decaySegments: bertDecaySegments(config) };
  } else {
    const targets = cfg.targetModules.map((t) => (t === 'q' ? 'query' : t === 'k' ? 'key' : t === 'v' ? 'value' : t)) as BertLoraTarget[];
    const bad = targets.filter((t) => !(BERT_LORA_TARGETS as readonly string[]).includes(t));
    if (bad.length > 0) throw new TrainConfigError(`--target-modules ${bad.join(',')}: BERT LoRA targets are query,key,value (or q,k,v)`);
    const loraConfig = { rank: cfg.loraR, alpha: cfg.loraAlpha, dropout: cfg.loraDropout, targets };
    lora = allocBertLoraAdapters(config, loraConfig, cfg.seed);
    gradLora = allocBertLoraAdapters(config, loraConfig, 0, true);
    state = { params: lora.arena, grads: gradLora.arena, m: new Float32Array(lora.arena.length), v: new Float32Array(lora.arena.length) };
  }
  const model: EncoderModel = { config, params, lora, ...(cpuOps ? { cpuOps } : {}) };
  const settings = { loss: cfg.loss, scale: cfg.scale, margin: cfg.margin, batchSize: cfg.batchSize, gradientCheckpointing: cfg.gradientCheckpointing };
  const grads = { params: gradParams, lora: gradLora };
  const objective: Objective & { destroy?: () => void } = dev
    ? createMatcherObjectiveGpu(dev, model, grads, tokenize, train.examples, val, settings)
    : createMatcherObjective(model, grads, tokenize, train.examples, val, settings);
  const steps = totalSteps(cfg, objective.trainSize);
  log(`[training-node] matcher: ${train.examples.length} ${train.layout} rows, ${seqLen} tokens max, loss ${cfg.loss}, ${steps} steps, ${state.params.length} trainable parameters (${cfg.fullFinetune ? 'full fine-tune' : `LoRA r=${cfg.loraR}`})`);
  let session: SessionResult;
  try {
    session = await runSession(cfg, objective, state, steps, opts);
  } finally {
    objective.destroy?.();
  }
  const modelDir = path.join(cfg.out, 'model');
  writeHfBertDir(modelDir, config, lora ? mergeBertLora(config, params, lora) : params);
  if (lora) writePeftAdapterDir(path.join(cfg.out, 'adapter'), lora, cfg.model);
  const tokDir = cfg.tokenizer ?? cfg.model;
  for (const file of loaded.tokenizerFiles) copyFileAtomic(file, path.join(modelDir, path.basename(file)));
  for (const rel of ST_FILES) if (existsSync(path.join(tokDir, rel))) copyFileAtomic(path.join(tokDir, rel), path.join(modelDir, rel));
  const precision = dev && !cfg.fullFinetune ? dev.precision : 'f32'; // a fully fine-tuned encoder stays f32 (matcher-gpu.ts)
  const compute = dev ? { device: `webgpu (${dev.adapterDescription})` } : { device: 'cpu', cpuKernels: cpuKernelsLabel(cpuOps) };
  writeSummary(cfg, session, { ...compute, precision, layout: train.layout, trainRows: train.examples.length, valRows: val.length, trainableParameters: state.params.length, seqLen, servingMaxLength: serving }, log);
  return { model: { config, params, lora }, session, layout: train.layout }; // the reference ops again, like a model loaded from the files
}
