/**
 * A whole `matcher` run: load a BERT folder + WordPiece tokenizer, read sentence-transformers JSONL
 * (anchor/positive[/negative] or sentence1/sentence2/score), train full-weights or LoRA (query/key/value)
 * with MNRL / cosine / triplet loss, then export a Hugging Face BertModel folder (`model/`, tokenizer and
 * sentence-transformers module files copied in) and, for LoRA, the PEFT adapter (`adapter/`).
 *
 * Non-goals: ONNX export for transformers.js (export/), hard-negative mining. Node APIs (files).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { writeHfBertDir, writePeftAdapterDir } from '../io/node-files';
import { allocBertParams, BERT_PARAM_NAMES, bertParamSizes, type BertConfig, type BertParams } from '../models/bert';
import { allocBertLoraAdapters, BERT_LORA_TARGETS, type BertLoraTarget, type LoraAdapters } from '../models/lora';
import { type TrainConfig, TrainConfigError, totalSteps } from './config';
import type { TrainableState } from './loop';
import { cachedTokenizer, createMatcherObjective, type EncoderModel } from './matcher';
import { loadEncoder } from './model-load';
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

/** BERT params with query/key/value adapters folded in (W += scale·B·A). Lives here because io/peft only merges decoders. */
export function mergeBertLora(cfg: BertConfig, params: BertParams, lora: LoraAdapters<BertLoraTarget>): BertParams {
  const merged = allocBertParams(cfg);
  merged.arena.set(params.arena);
  const field: Record<BertLoraTarget, 'wq' | 'wk' | 'wv'> = { query: 'wq', key: 'wk', value: 'wv' };
  const C = cfg.hidden, R = lora.config.rank;
  lora.layers.forEach((layer, l) => {
    for (const t of lora.config.targets) {
      const { A, B } = layer[t]!;
      const W = merged[field[t]].subarray(l * C * C, (l + 1) * C * C);
      for (let o = 0; o < C; o++) for (let c = 0; c < C; c++) {
        let s = 0;
        for (let r = 0; r < R; r++) s += B[o * R + r] * A[r * C + c];
        W[o * C + c] += lora.scale * s;
      }
    }
  });
  return merged;
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
  await resolveTrainingDevice(cfg, log); // matcher: always the CPU path for now (throws for --device webgpu)
  const loaded = await loadEncoder(cfg.model, cfg.tokenizer);
  const { config, params } = loaded;
  const train = readExamples(cfg.data, cfg);
  const val = cfg.val ? readExamples(cfg.val, cfg).examples : [];
  const tokenize = cachedTokenizer((text) => loaded.tokenizer.tokenizer.encode(text).ids, Math.min(cfg.seqLen, config.maxPositions));
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
  const model: EncoderModel = { config, params, lora };
  const objective = createMatcherObjective(model, { params: gradParams, lora: gradLora }, tokenize, train.examples, val,
    { loss: cfg.loss, scale: cfg.scale, margin: cfg.margin, batchSize: cfg.batchSize });
  const steps = totalSteps(cfg, objective.trainSize);
  log(`[training-node] matcher: ${train.examples.length} ${train.layout} rows, loss ${cfg.loss}, ${steps} steps, ${state.params.length} trainable parameters (${cfg.fullFinetune ? 'full fine-tune' : `LoRA r=${cfg.loraR}`})`);
  const session = await runSession(cfg, objective, state, steps, opts);
  const modelDir = path.join(cfg.out, 'model');
  writeHfBertDir(modelDir, config, lora ? mergeBertLora(config, params, lora) : params);
  if (lora) writePeftAdapterDir(path.join(cfg.out, 'adapter'), lora, cfg.model);
  const tokDir = cfg.tokenizer ?? cfg.model;
  for (const file of loaded.tokenizerFiles) copyFileAtomic(file, path.join(modelDir, path.basename(file)));
  for (const rel of ST_FILES) if (existsSync(path.join(tokDir, rel))) copyFileAtomic(path.join(tokDir, rel), path.join(modelDir, rel));
  writeSummary(cfg, session, { device: 'cpu', layout: train.layout, trainRows: train.examples.length, valRows: val.length, trainableParameters: state.params.length }, log);
  return { model, session, layout: train.layout };
}
