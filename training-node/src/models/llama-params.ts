/**
 * Llama-family decoder configuration and parameter arena (llm.c style: one size table, one flat
 * Float32Array carved into named tensors).
 *
 * Covers Llama 2/3.x, SmolLM2 and Qwen2/2.5 (q/k/v bias): grouped-query attention, RoPE in the
 * Hugging Face rotate-half convention, RMSNorm, SwiGLU MLP, tied or untied embeddings.
 * RoPE scaling: linear and llama3 (Llama 3.1/3.2) via ropeScaling; llamaRopeInvFreq gives the frequencies.
 * Sliding-window attention (Mistral; Qwen2 with use_sliding_window): slidingWindow W on layers >= slidingWindowFromLayer
 * (Qwen2's max_window_layers; 0 for Mistral); llamaLayerWindow gives a layer's window.
 * Non-goals: other rope scaling variants (yarn, dynamic, longrope), MoE. No Node APIs here.
 *
 * Shape legend: V = vocab, C = hidden, I = intermediate (MLP), L = layers, NH = query heads,
 * NKV = key/value heads, HS = head dim, QD = NH*HS, KVD = NKV*HS. Matrices are [out, in] row-major,
 * exactly like a PyTorch Linear weight, so `matmulForward(out, inp, W, ...)` computes inp @ W^T.
 */
import { ropeInvFreq, type RopeScaling } from '../engine/reference/rope';

/** Hyper-parameters of a Llama-family decoder. */
export interface LlamaConfig {
  vocabSize: number; // V
  hidden: number; // C
  intermediate: number; // I
  layers: number; // L
  heads: number; // NH
  kvHeads: number; // NKV
  headDim: number; // HS
  ropeTheta: number;
  ropeScaling?: RopeScaling; // absent = plain RoPE (theta^(-2i/HS))
  rmsEps: number;
  tiedEmbeddings: boolean; // lm_head shares embed
  attentionBias: boolean; // Qwen2: q/k/v projections have a bias
  maxSeqLen: number;
  slidingWindow?: number; // absent = full causal attention; W: token t sees keys t-W < j <= t
  slidingWindowFromLayer?: number; // first layer using slidingWindow (default 0; Qwen2 max_window_layers)
}

/** Names of the parameter tensors, in arena order. */
export const LLAMA_PARAM_NAMES = [
  'embed', // (V, C)
  'attnNorm', // (L, C)
  'wq', // (L, QD, C)
  'bq', // (L, QD)   empty unless attentionBias
  'wk', // (L, KVD, C)
  'bk', // (L, KVD)  empty unless attentionBias
  'wv', // (L, KVD, C)
  'bv', // (L, KVD)  empty unless attentionBias
  'wo', // (L, C, QD)
  'ffnNorm', // (L, C)
  'wGate', // (L, I, C)
  'wUp', // (L, I, C)
  'wDown', // (L, C, I)
  'finalNorm', // (C)
  'lmHead' // (V, C)   empty when tiedEmbeddings
] as const;
export type LlamaParamName = (typeof LLAMA_PARAM_NAMES)[number];

/** Named views into one flat arena; also used for gradients (same layout). */
export type LlamaParams = Record<LlamaParamName, Float32Array> & { arena: Float32Array };

/** Element count of every parameter tensor (llm.c `fill_in_parameter_sizes`). */
export function llamaParamSizes(cfg: LlamaConfig): Record<LlamaParamName, number> {
  const { vocabSize: V, hidden: C, intermediate: I, layers: L } = cfg;
  const QD = cfg.heads * cfg.headDim;
  const KVD = cfg.kvHeads * cfg.headDim;
  const bias = cfg.attentionBias ? 1 : 0;
  return {
    embed: V * C,
    attnNorm: L * C,
    wq: L * QD * C,
    bq: bias * L * QD,
    wk: L * KVD * C,
    bk: bias * L * KVD,
    wv: L * KVD * C,
    bv: bias * L * KVD,
    wo: L * C * QD,
    ffnNorm: L * C,
    wGate: L * I * C,
    wUp: L * I * C,
    wDown: L * C * I,
    finalNorm: C,
    lmHead: cfg.tiedEmbeddings ? 0 : V * C
  };
}

/** Total parameter count (tied lm_head counted once). */
export function llamaParamCount(cfg: LlamaConfig): number {
  const sizes = llamaParamSizes(cfg);
  return LLAMA_PARAM_NAMES.reduce((sum, name) => sum + sizes[name], 0);
}

/** Allocate a zeroed arena and point the named views into it (llm.c `malloc_and_point_parameters`). */
export function allocLlamaParams(cfg: LlamaConfig): LlamaParams {
  validateLlamaConfig(cfg);
  const sizes = llamaParamSizes(cfg);
  const arena = new Float32Array(llamaParamCount(cfg));
  const views: Partial<Record<LlamaParamName, Float32Array>> = {};
  let offset = 0;
  for (const name of LLAMA_PARAM_NAMES) {
    views[name] = arena.subarray(offset, offset + sizes[name]);
    offset += sizes[name];
  }
  return { ...(views as Record<LlamaParamName, Float32Array>), arena };
}

/** The classifier matrix (V, C): lm_head, or the embedding when tied. */
export function lmHeadWeight(cfg: LlamaConfig, params: LlamaParams): Float32Array {
  return cfg.tiedEmbeddings ? params.embed : params.lmHead;
}

/** Throw a clear error when a config cannot describe a valid model. */
export function validateLlamaConfig(cfg: LlamaConfig): void {
  const positive: (keyof LlamaConfig)[] = ['vocabSize', 'hidden', 'intermediate', 'layers', 'heads', 'kvHeads', 'headDim'];
  for (const key of positive) {
    const value = cfg[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new Error(`LlamaConfig.${key} must be a positive integer, got ${String(value)}`);
    }
  }
  if (cfg.heads % cfg.kvHeads !== 0) {
    throw new Error(`LlamaConfig: heads (${cfg.heads}) must be a multiple of kvHeads (${cfg.kvHeads})`);
  }
  if (cfg.headDim % 2 !== 0) throw new Error(`LlamaConfig.headDim must be even for RoPE, got ${cfg.headDim}`);
  if (!(cfg.rmsEps > 0)) throw new Error(`LlamaConfig.rmsEps must be > 0, got ${cfg.rmsEps}`);
  if (!(cfg.ropeTheta > 0)) throw new Error(`LlamaConfig.ropeTheta must be > 0, got ${cfg.ropeTheta}`);
  for (const key of ['slidingWindow', 'slidingWindowFromLayer'] as const) {
    const value = cfg[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= (key === 'slidingWindow' ? 1 : 0))) {
      throw new Error(`LlamaConfig.${key} must be ${key === 'slidingWindow' ? 'a positive' : 'a non-negative'} integer, got ${String(value)}`);
    }
  }
}

/** Attention window of layer l: cfg.slidingWindow on layers >= slidingWindowFromLayer, else 0 (full causal). */
export function llamaLayerWindow(cfg: LlamaConfig, l: number): number {
  return cfg.slidingWindow !== undefined && l >= (cfg.slidingWindowFromLayer ?? 0) ? cfg.slidingWindow : 0;
}

/** RoPE inverse frequencies [HS/2] of a config (theta, head dim, optional scaling); compute once per pass. */
export function llamaRopeInvFreq(cfg: LlamaConfig): Float32Array {
  return ropeInvFreq({ theta: cfg.ropeTheta, headDim: cfg.headDim, scaling: cfg.ropeScaling });
}

/** Hugging Face tensor name of (a layer slice of) each parameter, for safetensors import/export. */
export function hfLlamaTensorName(name: LlamaParamName, layer: number): string {
  const p = `model.layers.${layer}.`;
  switch (name) {
    case 'embed': return 'model.embed_tokens.weight';
    case 'attnNorm': return `${p}input_layernorm.weight`;
    case 'wq': return `${p}self_attn.q_proj.weight`;
    case 'bq': return `${p}self_attn.q_proj.bias`;
    case 'wk': return `${p}self_attn.k_proj.weight`;
    case 'bk': return `${p}self_attn.k_proj.bias`;
    case 'wv': return `${p}self_attn.v_proj.weight`;
    case 'bv': return `${p}self_attn.v_proj.bias`;
    case 'wo': return `${p}self_attn.o_proj.weight`;
    case 'ffnNorm': return `${p}post_attention_layernorm.weight`;
    case 'wGate': return `${p}mlp.gate_proj.weight`;
    case 'wUp': return `${p}mlp.up_proj.weight`;
    case 'wDown': return `${p}mlp.down_proj.weight`;
    case 'finalNorm': return 'model.norm.weight';
    case 'lmHead': return 'lm_head.weight';
  }
}

/** Whether a parameter is stacked per layer (leading L axis). */
export function isPerLayer(name: LlamaParamName): boolean {
  return !(name === 'embed' || name === 'finalNorm' || name === 'lmHead');
}
