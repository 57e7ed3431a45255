/**
 * BERT encoder (MiniLM, bge-small, e5-small) on the CPU, with sentence-transformers pooling:
 * forward to L2-normalised mean-pooled embeddings, and backward (full fine-tune gradients) for matcher
 * training. llm.c style: a size table, one parameter arena, activations saved for one (B, T).
 *
 * Embeddings: LayerNorm(word[ids] + position[t] + tokenType[tt]). Layer (post-LN): x1 = LN(x + O(attn(Q,K,V)));
 * x' = LN(x1 + W2·gelu(W1·x1)). Attention is bidirectional; keyMask hides padding.
 * LoRA (PEFT query/key/value adapters) is optional; with adapters only they get gradients (frozen base).
 * Activation checkpointing (`gradientCheckpointing`, checkpointing.ts): forward keeps only each layer's input; backward
 * recomputes the layer (same dropout masks) just before its backward — gradients bitwise unchanged.
 * The linear and attention products run on a CpuOps (`opts.ops` / bertBackward's `ops`): the float64 reference by
 * default, or the fast WASM SIMD ops (engine/cpu-fast), which agree within float32 rounding; norms, GELU and pooling
 * are the reference.
 * Non-goals: pooler/CLS heads, relative positions. No Node APIs.
 *
 * Shape legend: B = batch, T = time, BT = B*T, C = hidden, I = intermediate, NH = heads, HS = C/NH,
 * V = vocab, P = max positions, TV = token-type vocab, L = layers. Linear weights [out, in].
 */
import {
  embeddingBackward, embeddingForward, geluBackward, geluForward,
  layernormBackward, layernormForward, meanPoolL2Backward, meanPoolL2Forward,
  residualForward
} from '../engine/reference/index';
import { type CpuOps, REFERENCE_CPU_OPS } from '../engine/cpu-fast/ops';
import { forwardLayers, type LayerCheckpoint } from './checkpointing';
import { countedDropout, linearBackward, linearForward, type LinearSaved, type LoraDropout } from './linear';
import type { BertLoraTarget, LoraAdapters } from './lora';

/** Hyper-parameters of a BERT encoder. */
export interface BertConfig {
  vocabSize: number; // V
  hidden: number; // C
  intermediate: number; // I
  layers: number; // L
  heads: number; // NH
  maxPositions: number; // P
  typeVocabSize: number; // TV
  layerNormEps: number;
}

/** Parameter tensors in arena order. */
export const BERT_PARAM_NAMES = [
  'wordEmb', // (V, C)
  'posEmb', // (P, C)
  'typeEmb', // (TV, C)
  'embLnW', 'embLnB', // (C)
  'wq', 'wk', 'wv', 'wo', // (L, C, C)
  'bq', 'bk', 'bv', 'bo', // (L, C)
  'ln1W', 'ln1B', // (L, C) attention.output.LayerNorm
  'wInter', // (L, I, C)
  'bInter', // (L, I)
  'wOut', // (L, C, I)
  'bOut', // (L, C)
  'ln2W', 'ln2B' // (L, C) output.LayerNorm
] as const;
export type BertParamName = (typeof BERT_PARAM_NAMES)[number];
export type BertParams = Record<BertParamName, Float32Array> & { arena: Float32Array };

/** Element counts of every parameter tensor. */
export function bertParamSizes(cfg: BertConfig): Record<BertParamName, number> {
  const { vocabSize: V, hidden: C, intermediate: I, layers: L } = cfg;
  return {
    wordEmb: V * C, posEmb: cfg.maxPositions * C, typeEmb: cfg.typeVocabSize * C, embLnW: C, embLnB: C,
    wq: L * C * C, wk: L * C * C, wv: L * C * C, wo: L * C * C, bq: L * C, bk: L * C, bv: L * C, bo: L * C,
    ln1W: L * C, ln1B: L * C, wInter: L * I * C, bInter: L * I, wOut: L * C * I, bOut: L * C, ln2W: L * C, ln2B: L * C
  };
}

/** Allocate a zeroed parameter (or gradient) arena with named views. */
export function allocBertParams(cfg: BertConfig): BertParams {
  if (cfg.hidden % cfg.heads !== 0) throw new Error(`BertConfig: hidden ${cfg.hidden} is not divisible by heads ${cfg.heads}`);
  const sizes = bertParamSizes(cfg);
  const total = BERT_PARAM_NAMES.reduce((s, n) => s + sizes[n], 0);
  const arena = new Float32Array(total);
  const views: Partial<Record<BertParamName, Float32Array>> = {};
  let offset = 0;
  for (const name of BERT_PARAM_NAMES) {
    views[name] = arena.subarray(offset, offset + sizes[name]);
    offset += sizes[name];
  }
  return { ...(views as Record<BertParamName, Float32Array>), arena };
}

/** Hugging Face tensor name of a BERT parameter (layer slice for per-layer ones), without a `bert.` prefix. */
export function hfBertTensorName(name: BertParamName, layer: number): string {
  const p = `encoder.layer.${layer}.`;
  const table: Record<BertParamName, string> = {
    wordEmb: 'embeddings.word_embeddings.weight', posEmb: 'embeddings.position_embeddings.weight',
    typeEmb: 'embeddings.token_type_embeddings.weight', embLnW: 'embeddings.LayerNorm.weight', embLnB: 'embeddings.LayerNorm.bias',
    wq: `${p}attention.self.query.weight`, bq: `${p}attention.self.query.bias`,
    wk: `${p}attention.self.key.weight`, bk: `${p}attention.self.key.bias`,
    wv: `${p}attention.self.value.weight`, bv: `${p}attention.self.value.bias`,
    wo: `${p}attention.output.dense.weight`, bo: `${p}attention.output.dense.bias`,
    ln1W: `${p}attention.output.LayerNorm.weight`, ln1B: `${p}attention.output.LayerNorm.bias`,
    wInter: `${p}intermediate.dense.weight`, bInter: `${p}intermediate.dense.bias`,
    wOut: `${p}output.dense.weight`, bOut: `${p}output.dense.bias`,
    ln2W: `${p}output.LayerNorm.weight`, ln2B: `${p}output.LayerNorm.bias`
  };
  return table[name];
}

const GLOBAL_PARAMS = new Set<BertParamName>(['wordEmb', 'posEmb', 'typeEmb', 'embLnW', 'embLnB']);

/** Fill a BERT arena from named tensors in Linear layout [out, in] (tries `name` and `bert.name`). */
export function bertParamsFromTensors(
  cfg: BertConfig, lookup: (name: string) => { dims: number[]; data: Float32Array } | undefined, source: string
): BertParams {
  const params = allocBertParams(cfg);
  for (const name of BERT_PARAM_NAMES) {
    const layers = GLOBAL_PARAMS.has(name) ? 1 : cfg.layers;
    const per = params[name].length / layers;
    for (let l = 0; l < layers; l++) {
      const hf = hfBertTensorName(name, l);
      const t = lookup(hf) ?? lookup(`bert.${hf}`);
      if (!t) throw new Error(`${source}: no tensor "${hf}"`);
      if (t.data.length !== per) throw new Error(`${source}: "${hf}" has ${t.data.length} values, expected ${per}`);
      params[name].set(t.data, l * per);
    }
  }
  return params;
}

interface BertLayerActs {
  inp: Float32Array; // (BT, C)
  q: Float32Array; k: Float32Array; v: Float32Array; att: Float32Array; atty: Float32Array;
  res1: Float32Array; x1: Float32Array; mean1: Float32Array; rstd1: Float32Array;
  pre: Float32Array; act: Float32Array; // (BT, I) before / after GELU
  res2: Float32Array; mean2: Float32Array; rstd2: Float32Array;
  lin: Partial<Record<BertLoraTarget, LinearSaved>>;
}

/** Saved activations of one forward; `hidden` (BT, C) token states, `embeddings` (B, C) pooled + L2. */
export interface BertActivations {
  B: number; T: number;
  tokens: Int32Array; tokenTypes: Int32Array; positions: Int32Array; mask: Uint8Array;
  embSum: Float32Array; embMean: Float32Array; embRstd: Float32Array;
  layers: (BertLayerActs | LayerCheckpoint<Float32Array>)[]; // a checkpoint per layer with gradientCheckpointing
  /** Layer l's activations: saved, or recomputed from its checkpoint (identical values and dropout masks). */
  layer(l: number): BertLayerActs;
  hidden: Float32Array;
  embeddings: Float32Array; norm: Float32Array;
}

/** Options of one BERT forward call. */
export interface BertForwardOptions {
  tokenTypes?: Int32Array; // (BT) default 0
  lora?: LoraAdapters<BertLoraTarget> | null;
  training?: boolean; // enables LoRA dropout
  dropoutSeed?: number;
  gradientCheckpointing?: boolean; // keep only layer inputs; backward recomputes each layer
  ops?: CpuOps; // linear and attention products: the float64 reference (default) or the fast WASM SIMD ops
}

/** Run the encoder on tokens (B, T) with attention mask (B, T). */
export function bertForward(
  cfg: BertConfig, params: BertParams, tokens: Int32Array, mask: Uint8Array, B: number, T: number, opts: BertForwardOptions = {}
): BertActivations {
  const tokenTypes = opts.tokenTypes ?? new Int32Array(B * T);
  const lora = opts.lora ?? null;
  const scale = lora?.scale ?? 0;
  const dropout = lora && opts.training && lora.config.dropout > 0 ? countedDropout(lora.config.dropout, opts.dropoutSeed ?? 0) : null;
  const { hidden: C, intermediate: I, heads: NH } = cfg;
  const BT = B * T, HS = C / NH, eps = cfg.layerNormEps;
  const ops = opts.ops ?? REFERENCE_CPU_OPS;
  if (tokens.length !== BT || mask.length !== BT) throw new Error(`bertForward: tokens/mask must have B*T = ${BT} entries`);
  if (T > cfg.maxPositions) throw new Error(`bertForward: sequence length ${T} exceeds max positions ${cfg.maxPositions}`);
  const positions = new Int32Array(BT);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) positions[b * T + t] = t;
  const word = new Float32Array(BT * C), pos = new Float32Array(BT * C), type = new Float32Array(BT * C);
  embeddingForward(word, tokens, params.wordEmb, BT, C);
  embeddingForward(pos, positions, params.posEmb, BT, C);
  embeddingForward(type, tokenTypes, params.typeEmb, BT, C);
  const embSum = new Float32Array(BT * C);
  residualForward(embSum, word, pos, BT * C);
  residualForward(embSum, embSum, type, BT * C);
  const embMean = new Float32Array(BT), embRstd = new Float32Array(BT);
  const x0 = new Float32Array(BT * C);
  layernormForward(x0, embMean, embRstd, embSum, params.embLnW, params.embLnB, BT, C, eps);
  /** One encoder layer on input x (BT, C): its saved activations and its output (BT, C). */
  const layerForward = (l: number, x: Float32Array, dropout: LoraDropout | null): [BertLayerActs, Float32Array] => {
    const sl = (a: Float32Array, n: number): Float32Array => a.subarray(l * n, (l + 1) * n);
    const a: BertLayerActs = {
      inp: x, q: new Float32Array(BT * C), k: new Float32Array(BT * C), v: new Float32Array(BT * C),
      att: new Float32Array(B * NH * T * T), atty: new Float32Array(BT * C),
      res1: new Float32Array(BT * C), x1: new Float32Array(BT * C), mean1: new Float32Array(BT), rstd1: new Float32Array(BT),
      pre: new Float32Array(BT * I), act: new Float32Array(BT * I),
      res2: new Float32Array(BT * C), mean2: new Float32Array(BT), rstd2: new Float32Array(BT), lin: {}
    };
    const ad = lora?.layers[l] ?? {};
    linearForward(a.q, (a.lin.query = {}), x, sl(params.wq, C * C), sl(params.bq, C), ad.query, scale, BT, C, C, dropout, ops);
    linearForward(a.k, (a.lin.key = {}), x, sl(params.wk, C * C), sl(params.bk, C), ad.key, scale, BT, C, C, dropout, ops);
    linearForward(a.v, (a.lin.value = {}), x, sl(params.wv, C * C), sl(params.bv, C), ad.value, scale, BT, C, C, dropout, ops);
    ops.attentionForward(a.atty, a.att, a.q, a.k, a.v, B, T, NH, NH, HS, false, mask, 0);
    const o = new Float32Array(BT * C);
    ops.matmulForward(o, a.atty, sl(params.wo, C * C), sl(params.bo, C), BT, C, C);
    residualForward(a.res1, x, o, BT * C);
    layernormForward(a.x1, a.mean1, a.rstd1, a.res1, sl(params.ln1W, C), sl(params.ln1B, C), BT, C, eps);
    ops.matmulForward(a.pre, a.x1, sl(params.wInter, I * C), sl(params.bInter, I), BT, C, I);
    geluForward(a.act, a.pre, BT * I);
    const f = new Float32Array(BT * C);
    ops.matmulForward(f, a.act, sl(params.wOut, C * I), sl(params.bOut, C), BT, I, C);
    residualForward(a.res2, a.x1, f, BT * C);
    const next = new Float32Array(BT * C);
    layernormForward(next, a.mean2, a.rstd2, a.res2, sl(params.ln2W, C), sl(params.ln2B, C), BT, C, eps);
    return [a, next];
  };
  const { layers, final: x, layer } = forwardLayers(cfg.layers, x0, dropout, opts.gradientCheckpointing ?? false, layerForward);
  const embeddings = new Float32Array(B * C), norm = new Float32Array(B);
  meanPoolL2Forward(embeddings, norm, x, mask, B, T, C);
  return { B, T, tokens, tokenTypes, positions, mask, embSum, embMean, embRstd, layers, layer, hidden: x, embeddings, norm };
}

/** Where bertBackward writes gradients (+=); null params = frozen base (LoRA-only training). */
export interface BertGradients {
  params?: BertParams | null;
  lora?: LoraAdapters<BertLoraTarget> | null;
}

/** Backpropagate d(embeddings) (B, C) in the reverse order of bertForward. */
export function bertBackward(
  cfg: BertConfig, params: BertParams, acts: BertActivations, dembeddings: Float32Array, grads: BertGradients,
  lora: LoraAdapters<BertLoraTarget> | null = null, ops: CpuOps = REFERENCE_CPU_OPS
): void {
  const { hidden: C, intermediate: I, heads: NH } = cfg;
  const { B, T } = acts;
  const BT = B * T, HS = C / NH;
  const gp = grads.params ?? null;
  const scale = lora?.scale ?? 0;
  const scratch = (n: number): Float32Array => new Float32Array(n); // sink for frozen norm params
  let dx = new Float32Array(BT * C);
  meanPoolL2Backward(dx, dembeddings, acts.embeddings, acts.norm, acts.mask, B, T, C);
  for (let l = cfg.layers - 1; l >= 0; l--) {
    const a = acts.layer(l);
    const sl = (t: Float32Array, n: number): Float32Array => t.subarray(l * n, (l + 1) * n);
    const g = (name: BertParamName, n: number): Float32Array | null => (gp ? sl(gp[name], n) : null);
    const ad = lora?.layers[l] ?? {};
    const dad = grads.lora?.layers[l] ?? {};
    const dres2 = new Float32Array(BT * C);
    layernormBackward(dres2, g('ln2W', C) ?? scratch(C), g('ln2B', C) ?? scratch(C), dx, a.res2, sl(params.ln2W, C), a.mean2, a.rstd2, BT, C);
    const dact = new Float32Array(BT * I);
    ops.matmulBackward(dact, g('wOut', C * I), g('bOut', C), dres2, a.act, sl(params.wOut, C * I), BT, I, C);
    const dpre = new Float32Array(BT * I);
    geluBackward(dpre, dact, a.pre, BT * I);
    const dx1 = dres2; // residual: d(x1) = d(res2) + intermediate share
    ops.matmulBackward(dx1, g('wInter', I * C), g('bInter', I), dpre, a.x1, sl(params.wInter, I * C), BT, C, I, true);
    const dres1 = new Float32Array(BT * C);
    layernormBackward(dres1, g('ln1W', C) ?? scratch(C), g('ln1B', C) ?? scratch(C), dx1, a.res1, sl(params.ln1W, C), a.mean1, a.rstd1, BT, C);
    const datty = new Float32Array(BT * C);
    ops.matmulBackward(datty, g('wo', C * C), g('bo', C), dres1, a.atty, sl(params.wo, C * C), BT, C, C);
    const dq = new Float32Array(BT * C), dk = new Float32Array(BT * C), dv = new Float32Array(BT * C);
    ops.attentionBackward(dq, dk, dv, datty, a.q, a.k, a.v, a.att, B, T, NH, NH, HS);
    const dinp = dres1; // residual: d(inp) = d(res1) + q/k/v shares
    linearBackward(dinp, g('wq', C * C), g('bq', C), dad.query, dq, a.inp, a.lin.query ?? {}, sl(params.wq, C * C), ad.query, scale, BT, C, C, true, ops);
    linearBackward(dinp, g('wk', C * C), g('bk', C), dad.key, dk, a.inp, a.lin.key ?? {}, sl(params.wk, C * C), ad.key, scale, BT, C, C, true, ops);
    linearBackward(dinp, g('wv', C * C), g('bv', C), dad.value, dv, a.inp, a.lin.value ?? {}, sl(params.wv, C * C), ad.value, scale, BT, C, C, true, ops);
    dx = dinp;
  }
  if (!gp) return; // embeddings are frozen under LoRA
  const dsum = new Float32Array(BT * C);
  layernormBackward(dsum, gp.embLnW, gp.embLnB, dx, acts.embSum, params.embLnW, acts.embMean, acts.embRstd, BT, C);
  embeddingBackward(gp.wordEmb, dsum, acts.tokens, BT, C);
  embeddingBackward(gp.posEmb, dsum, acts.positions, BT, C);
  embeddingBackward(gp.typeEmb, dsum, acts.tokenTypes, BT, C);
}
