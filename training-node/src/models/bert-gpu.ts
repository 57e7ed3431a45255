/**
 * BERT encoder on WebGPU for matcher training: forward to L2-normalised mean-pooled embeddings (saving
 * activations) and backward into full fine-tune gradients and/or LoRA query/key/value gradients — the same
 * sequence of calls as bert.ts, dispatched to the engine's WGSL kernels.
 *
 * Memory: parameters (and their gradients, AdamW m/v) in arenas with one 256-byte-aligned tensor per name and
 * layer (`wordEmb`, `L3.wq`, …); a frozen encoder (LoRA training) may store its matrices and embeddings as f16
 * (precision 'f16': half the bytes, f32 accumulation; LayerNorms and biases stay f32); activations are separate buffers for one (B, T) from the params' GpuTensorPool,
 * reused across steps (acts.destroy() returns them).
 * LoRA dropout uses keep masks drawn on the CPU in the same order as bert.ts, so both paths agree exactly.
 * Activation checkpointing (`gradientCheckpointing`, checkpointing.ts): forward returns each layer's buffers to the pool except
 * its input; backward recomputes layer l (same kernels, redrawn keep masks), runs its backward, returns them.
 * Non-goals: pooler/CLS heads. No Node APIs.
 * Shape legend: B, T, BT = B*T, C = hidden, I = intermediate, NH = heads, HS = C/NH, L = layers, R = rank.
 */
import { type Arena, createArena, readF32 } from '../engine/buffers';
import { type EngineDevice, type GpuTensor, type Precision, resolvePrecision } from '../engine/device';
import {
  attentionBackward, attentionForward, embeddingBackward, embeddingForward, geluBackward, geluForward,
  layernormBackward, layernormForward, loraMatmulBackward, loraMatmulForward, matmulBackward, matmulForward,
  meanPoolL2Backward, meanPoolL2Forward, residualForward
} from '../engine/kernels/index';
import { BERT_PARAM_NAMES, type BertConfig, type BertParamName, type BertParams } from './bert';
import { forwardLayersGpu, type GpuLayerScope, type LayerCheckpoint } from './checkpointing';
import { GpuTensorPool } from './gpu-pool';
import { countedDropout, dropoutKeepMask } from './linear';
import type { BertLoraTarget } from './lora';
import { type GpuDropoutSaved, type GpuLora, loraDropoutLinearBackward, loraDropoutLinearForward } from './lora-gpu';

const GLOBAL = new Set<BertParamName>(['wordEmb', 'posEmb', 'typeEmb', 'embLnW', 'embLnB']);
const TARGET_WEIGHTS: Record<BertLoraTarget, [BertParamName, BertParamName]> = {
  query: ['wq', 'bq'], key: ['wk', 'bk'], value: ['wv', 'bv']
};

/** Stored as f16 under precision 'f16': the matrices GEMMs and embedding lookups read as weights. */
const HALF_PARAMS = new Set<BertParamName>(['wordEmb', 'posEmb', 'typeEmb', 'wq', 'wk', 'wv', 'wo', 'wInter', 'wOut']);

/** BERT parameters (or gradients / moments) in one GPU arena; `t('L0.wq')`, `t('wordEmb')`. */
export interface GpuBertParams {
  config: BertConfig;
  precision: Precision; // storage of the matrices; f16 only for a frozen encoder
  arena: Arena;
  t(name: string): GpuTensor;
  pool: GpuTensorPool; // activations and scratch of passes over these params
  destroy(): void;
}

/**
 * Upload CPU params (pass allocBertParams(cfg) for a zero gradient arena). precision 'f16' (needs shader-f16)
 * is for frozen weights only: gradient arenas and fully fine-tuned weights must stay 'f32' (the default).
 */
export function uploadBertParams(
  dev: EngineDevice, config: BertConfig, params: BertParams, label = 'bert-params', precision: Precision = 'f32'
): GpuBertParams {
  resolvePrecision(precision, dev.hasShaderF16, dev.adapterDescription);
  const table: Record<string, number[]> = {};
  const half = new Set<string>();
  const slices: [string, Float32Array][] = [];
  for (const name of BERT_PARAM_NAMES) {
    const layers = GLOBAL.has(name) ? 1 : config.layers;
    const per = params[name].length / layers;
    for (let l = 0; l < layers; l++) {
      const key = GLOBAL.has(name) ? name : `L${l}.${name}`;
      table[key] = [per];
      if (precision === 'f16' && HALF_PARAMS.has(name)) half.add(key);
      slices.push([key, params[name].subarray(l * per, (l + 1) * per)]);
    }
  }
  const arena = createArena(dev, label, table, half);
  for (const [key, data] of slices) dev.write(arena.tensors[key], data);
  const t = (name: string): GpuTensor => {
    const tensor = arena.tensors[name];
    if (!tensor) throw new Error(`${label}: no GPU tensor "${name}"`);
    return tensor;
  };
  const pool = new GpuTensorPool(dev);
  return { config, precision, arena, t, pool, destroy: () => (pool.destroy(), arena.destroy()) };
}

/** Copy a GPU parameter arena back into CPU params of the same config. */
export async function downloadBertParams(dev: EngineDevice, gpu: GpuBertParams, into: BertParams): Promise<void> {
  for (const name of BERT_PARAM_NAMES) {
    const layers = GLOBAL.has(name) ? 1 : gpu.config.layers;
    const per = into[name].length / layers;
    for (let l = 0; l < layers; l++) into[name].set(await readF32(dev, gpu.t(GLOBAL.has(name) ? name : `L${l}.${name}`)), l * per);
  }
}

interface GpuBertLayerActs {
  inp: GpuTensor; q: GpuTensor; k: GpuTensor; v: GpuTensor; att: GpuTensor; atty: GpuTensor;
  res1: GpuTensor; x1: GpuTensor; mean1: GpuTensor; rstd1: GpuTensor; pre: GpuTensor; act: GpuTensor;
  res2: GpuTensor; mean2: GpuTensor; rstd2: GpuTensor; hidden: Partial<Record<BertLoraTarget, GpuTensor>>;
  dropout: Partial<Record<BertLoraTarget, GpuDropoutSaved>>;
}

/** Saved GPU activations; `embeddings` (B, C) unit vectors. Call destroy() when done. */
export interface GpuBertActivations {
  B: number; T: number;
  tokens: GpuTensor; positions: GpuTensor; tokenTypes: GpuTensor; mask: GpuTensor;
  embSum: GpuTensor; embMean: GpuTensor; embRstd: GpuTensor;
  layers: (GpuBertLayerActs | LayerCheckpoint<GpuTensor>)[]; // a checkpoint per layer with gradientCheckpointing
  /** Layer l's activations, recomputed into pool buffers if checkpointed; release() returns those. */
  layer(l: number): { acts: GpuBertLayerActs; release(): void };
  hidden: GpuTensor; embeddings: GpuTensor; norm: GpuTensor;
  destroy(): void;
}

/** Record the encoder forward on tokens (B, T) with attention mask (B, T). */
export function bertForwardGpu(
  dev: EngineDevice, gpu: GpuBertParams, tokens: Int32Array, mask: Uint8Array, B: number, T: number,
  opts: {
    tokenTypes?: Int32Array; lora?: GpuLora<BertLoraTarget> | null; training?: boolean; dropoutSeed?: number;
    gradientCheckpointing?: boolean; // keep only layer inputs; backward recomputes each layer
  } = {}
): GpuBertActivations {
  const cfg = gpu.config;
  const { hidden: C, intermediate: I, heads: NH } = cfg;
  const BT = B * T, HS = C / NH, eps = cfg.layerNormEps;
  if (tokens.length !== BT || mask.length !== BT) throw new Error(`bertForwardGpu: tokens/mask must have B*T = ${BT} entries`);
  if (T > cfg.maxPositions) throw new Error(`bertForwardGpu: sequence length ${T} exceeds max positions ${cfg.maxPositions}`);
  const lora = opts.lora ?? null;
  const dropout = lora && opts.training && lora.config.dropout > 0 ? countedDropout(lora.config.dropout, opts.dropoutSeed ?? 0) : null;
  const owned: GpuTensor[] = [];
  const scope: GpuLayerScope = { owned, dropout }; // per layer when checkpointing (checkpointing.ts)
  const keep = (t: GpuTensor): GpuTensor => (scope.owned.push(t), t);
  const alloc = (n: number, label: string): GpuTensor => keep(gpu.pool.take(n, label));
  const positions = new Int32Array(BT);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) positions[b * T + t] = t;
  const tokensGpu = keep(gpu.pool.upload(tokens, 'tokens'));
  const positionsGpu = keep(gpu.pool.upload(positions, 'positions'));
  const typesGpu = keep(gpu.pool.upload(opts.tokenTypes ?? new Int32Array(BT), 'token-types'));
  const maskGpu = keep(gpu.pool.upload(Uint32Array.from(mask), 'mask'));
  const p = gpu.t;
  const word = alloc(BT * C, 'word'), pos = alloc(BT * C, 'pos'), type = alloc(BT * C, 'type'), wp = alloc(BT * C, 'word+pos');
  embeddingForward(dev, word, tokensGpu, p('wordEmb'), BT, C);
  embeddingForward(dev, pos, positionsGpu, p('posEmb'), BT, C);
  embeddingForward(dev, type, typesGpu, p('typeEmb'), BT, C);
  const embSum = alloc(BT * C, 'emb-sum');
  residualForward(dev, wp, word, pos, BT * C);
  residualForward(dev, embSum, wp, type, BT * C);
  const embMean = alloc(BT, 'emb-mean'), embRstd = alloc(BT, 'emb-rstd');
  const x0 = alloc(BT * C, 'x0');
  layernormForward(dev, x0, embMean, embRstd, embSum, p('embLnW'), p('embLnB'), BT, C, eps);
  const scratch = alloc(BT * C, 'proj');
  /** One encoder layer from x (BT, C) into next (BT, C), its buffers taken through `scope`. */
  const layerForward = (l: number, x: GpuTensor, next: GpuTensor): GpuBertLayerActs => {
    const L = `L${l}.`;
    const dropout = scope.dropout;
    const a: GpuBertLayerActs = {
      inp: x, q: alloc(BT * C, 'q'), k: alloc(BT * C, 'k'), v: alloc(BT * C, 'v'), att: alloc(B * NH * T * T, 'att'),
      atty: alloc(BT * C, 'atty'), res1: alloc(BT * C, 'res1'), x1: alloc(BT * C, 'x1'), mean1: alloc(BT, 'mean1'),
      rstd1: alloc(BT, 'rstd1'), pre: alloc(BT * I, 'pre'), act: alloc(BT * I, 'act'), res2: alloc(BT * C, 'res2'),
      mean2: alloc(BT, 'mean2'), rstd2: alloc(BT, 'rstd2'), hidden: {}, dropout: {}
    };
    for (const target of ['query', 'key', 'value'] as const) {
      const [wName, bName] = TARGET_WEIGHTS[target];
      const out = target === 'query' ? a.q : target === 'key' ? a.k : a.v;
      const pair = lora?.pair(l, target);
      if (pair) {
        const hidden = (a.hidden[target] = alloc(BT * lora!.config.rank, `hidden.${target}`));
        if (dropout) {
          const saved = (a.dropout[target] = { keep: keep(gpu.pool.upload(dropoutKeepMask(dropout, BT * C), 'keep')), dropped: alloc(BT * C, 'dropped') });
          loraDropoutLinearForward(dev, out, hidden, saved, x, p(L + wName), p(L + bName), pair.A, pair.B, BT, C, C, lora!.config.rank, lora!.scale);
        } else loraMatmulForward(dev, out, hidden, x, p(L + wName), p(L + bName), pair.A, pair.B, BT, C, C, lora!.config.rank, lora!.scale);
      } else matmulForward(dev, out, x, p(L + wName), p(L + bName), BT, C, C);
    }
    attentionForward(dev, a.atty, a.att, a.q, a.k, a.v, B, T, NH, NH, HS, false, maskGpu, 0);
    matmulForward(dev, scratch, a.atty, p(L + 'wo'), p(L + 'bo'), BT, C, C);
    residualForward(dev, a.res1, x, scratch, BT * C);
    layernormForward(dev, a.x1, a.mean1, a.rstd1, a.res1, p(L + 'ln1W'), p(L + 'ln1B'), BT, C, eps);
    matmulForward(dev, a.pre, a.x1, p(L + 'wInter'), p(L + 'bInter'), BT, C, I);
    geluForward(dev, a.act, a.pre, BT * I);
    matmulForward(dev, scratch, a.act, p(L + 'wOut'), p(L + 'bOut'), BT, I, C);
    residualForward(dev, a.res2, a.x1, scratch, BT * C);
    layernormForward(dev, next, a.mean2, a.rstd2, a.res2, p(L + 'ln2W'), p(L + 'ln2B'), BT, C, eps);
    return a;
  };
  const { layers, final: x, layer } = forwardLayersGpu(gpu.pool, scope, cfg.layers, x0, BT * C, dropout, opts.gradientCheckpointing ?? false,
    layerForward);
  const embeddings = alloc(B * C, 'embeddings'), norm = alloc(B, 'norm');
  meanPoolL2Forward(dev, embeddings, norm, x, maskGpu, B, T, C);
  return {
    B, T, tokens: tokensGpu, positions: positionsGpu, tokenTypes: typesGpu, mask: maskGpu, embSum, embMean, embRstd,
    layers, layer, hidden: x, embeddings, norm,
    destroy: () => gpu.pool.give(owned.splice(0))
  };
}

/** Where bertBackwardGpu writes (+=): a full fine-tune gradient arena and/or LoRA gradients. */
export interface GpuBertGradients {
  params?: GpuBertParams | null;
  lora?: GpuLora<BertLoraTarget> | null;
}

/** Backpropagate d(embeddings) (B, C) through a saved GPU forward, in reverse order. */
export function bertBackwardGpu(
  dev: EngineDevice, gpu: GpuBertParams, acts: GpuBertActivations, dembeddings: GpuTensor, grads: GpuBertGradients,
  lora: GpuLora<BertLoraTarget> | null = null
): void {
  const cfg = gpu.config;
  const { hidden: C, intermediate: I, heads: NH } = cfg;
  const { B, T } = acts;
  const BT = B * T, HS = C / NH;
  const owned: GpuTensor[] = [];
  const alloc = (n: number, label: string, zero = false): GpuTensor => {
    const t = gpu.pool.take(n, label, zero);
    owned.push(t);
    return t;
  };
  const p = gpu.t;
  const gp = grads.params ?? null;
  // Frozen LayerNorm params: their gradients go to sinks (two, as one dispatch writes dweight and dbias).
  const sinkW = alloc(C, 'frozen-sink-w'), sinkB = alloc(C, 'frozen-sink-b');
  const g = (name: string, sink: GpuTensor | null): GpuTensor | null => (gp ? gp.t(name) : sink);
  const dx = alloc(BT * C, 'dx'), dres = alloc(BT * C, 'dres'), dact = alloc(BT * I, 'dact'), dpre = alloc(BT * I, 'dpre');
  const datty = alloc(BT * C, 'datty'), dq = alloc(BT * C, 'dq'), dk = alloc(BT * C, 'dk'), dv = alloc(BT * C, 'dv');
  const dattpre = alloc(B * NH * T * T, 'datt-pre');
  const dhidden = lora ? alloc(BT * lora.config.rank, 'dhidden') : null;
  const dropScratch: [GpuTensor, GpuTensor] = [alloc(BT * C, 'ddropped'), alloc(BT * C, 'ddropped-masked')];
  meanPoolL2Backward(dev, dx, dembeddings, acts.embeddings, acts.norm, acts.mask, B, T, C);
  for (let l = cfg.layers - 1; l >= 0; l--) {
    const { acts: a, release } = acts.layer(l);
    const L = `L${l}.`;
    dev.clear(dres);
    layernormBackward(dev, dres, g(L + 'ln2W', sinkW)!, g(L + 'ln2B', sinkB)!, dx, a.res2, p(L + 'ln2W'), a.mean2, a.rstd2, BT, C);
    matmulBackward(dev, dact, g(L + 'wOut', null), g(L + 'bOut', null), dres, a.act, p(L + 'wOut'), BT, I, C);
    geluBackward(dev, dpre, dact, a.pre, BT * I);
    matmulBackward(dev, dres, g(L + 'wInter', null), g(L + 'bInter', null), dpre, a.x1, p(L + 'wInter'), BT, C, I, true);
    dev.clear(dx); // dres now holds d(x1); reuse dx for d(res1)
    layernormBackward(dev, dx, g(L + 'ln1W', sinkW)!, g(L + 'ln1B', sinkB)!, dres, a.res1, p(L + 'ln1W'), a.mean1, a.rstd1, BT, C);
    matmulBackward(dev, datty, g(L + 'wo', null), g(L + 'bo', null), dx, a.atty, p(L + 'wo'), BT, C, C);
    attentionBackward(dev, dq, dk, dv, dattpre, datty, a.q, a.k, a.v, a.att, B, T, NH, NH, HS);
    for (const [target, dout] of [['query', dq], ['key', dk], ['value', dv]] as const) {
      const [wName, bName] = TARGET_WEIGHTS[target];
      const pair = lora?.pair(l, target);
      const gpair = grads.lora?.pair(l, target);
      if (pair && gpair) {
        if (gp) matmulBackward(dev, null, gp.t(L + wName), gp.t(L + bName), dout, a.inp, p(L + wName), BT, C, C);
        const saved = a.dropout[target];
        if (saved) {
          loraDropoutLinearBackward(dev, dx, gpair.A, gpair.B, dhidden!, dropScratch, dout, a.inp, saved, a.hidden[target]!, p(L + wName),
            pair.A, pair.B, BT, C, C, lora!.config.rank, lora!.scale, true);
        } else {
          loraMatmulBackward(dev, dx, gpair.A, gpair.B, dhidden!, dout, a.inp, a.hidden[target]!, p(L + wName), pair.A, pair.B,
            BT, C, C, lora!.config.rank, lora!.scale, true);
        }
      } else {
        matmulBackward(dev, dx, g(L + wName, null), g(L + bName, null), dout, a.inp, p(L + wName), BT, C, C, true);
      }
    }
    release();
  }
  if (gp) {
    const dsum = alloc(BT * C, 'dsum', true); // layernormBackward accumulates into dinp
    layernormBackward(dev, dsum, gp.t('embLnW'), gp.t('embLnB'), dx, acts.embSum, p('embLnW'), acts.embMean, acts.embRstd, BT, C);
    embeddingBackward(dev, gp.t('wordEmb'), dsum, acts.tokens, BT, C);
    embeddingBackward(dev, gp.t('posEmb'), dsum, acts.positions, BT, C);
    embeddingBackward(dev, gp.t('typeEmb'), dsum, acts.tokenTypes, BT, C);
  }
  gpu.pool.give(owned);
}
