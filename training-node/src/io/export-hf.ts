/**
 * Export our models as Hugging Face checkpoints: config.json objects and safetensors bytes under HF tensor
 * names (one tensor per layer), loadable by transformers and by our hf.ts — merged LoRA weights for Llama-family
 * decoders, fully fine-tuned BERT encoders for the matcher.
 * A merged decoder keeps what its source folder said beyond the weights (mergedDecoderFiles): bos/eos/pad token ids,
 * generation_config.json, and the dtype its weights were stored in, so reloading `merged/` behaves like the source.
 *
 * Non-goals: sharding large exports, ONNX/MLC export (export/ does those). Pure bytes out, no Node APIs.
 */
import { BERT_PARAM_NAMES, type BertConfig, type BertParams, hfBertTensorName } from '../models/bert';
import type { RopeScaling } from '../engine/reference/rope';
import { hfLlamaTensorName, isPerLayer, LLAMA_PARAM_NAMES, type LlamaConfig, type LlamaParams } from '../models/llama-params';
import { serializeSafetensors, type SafetensorsTensor, type SafetensorsWriteDtype } from './safetensors';

/**
 * Hugging Face config.json object describing `cfg`: qwen2 when it has attention bias (sliding window as
 * use_sliding_window + max_window_layers), mistral when it slides on every layer without bias, else llama.
 */
export function hfConfigFromLlama(cfg: LlamaConfig): Record<string, unknown> {
  const qwen = cfg.attentionBias;
  const fromLayer = cfg.slidingWindowFromLayer ?? 0;
  if (!qwen && cfg.slidingWindow !== undefined && fromLayer > 0) {
    throw new Error(`hfConfigFromLlama: a sliding window from layer ${fromLayer} has no config.json form without attention bias (qwen2)`);
  }
  const mistral = !qwen && cfg.slidingWindow !== undefined;
  const window = cfg.slidingWindow === undefined ? {}
    : qwen ? { use_sliding_window: true, sliding_window: cfg.slidingWindow, max_window_layers: fromLayer }
      : { sliding_window: cfg.slidingWindow };
  return {
    architectures: [qwen ? 'Qwen2ForCausalLM' : mistral ? 'MistralForCausalLM' : 'LlamaForCausalLM'],
    model_type: qwen ? 'qwen2' : mistral ? 'mistral' : 'llama',
    ...window,
    vocab_size: cfg.vocabSize, hidden_size: cfg.hidden, intermediate_size: cfg.intermediate,
    num_hidden_layers: cfg.layers, num_attention_heads: cfg.heads, num_key_value_heads: cfg.kvHeads,
    head_dim: cfg.headDim, rope_theta: cfg.ropeTheta, rms_norm_eps: cfg.rmsEps,
    tie_word_embeddings: cfg.tiedEmbeddings, max_position_embeddings: cfg.maxSeqLen,
    hidden_act: 'silu', torch_dtype: 'float32',
    ...(cfg.ropeScaling ? { rope_scaling: hfRopeScaling(cfg.ropeScaling) } : {})
  };
}

const TORCH_DTYPE: Record<SafetensorsWriteDtype, string> = { F32: 'float32', F16: 'float16', BF16: 'bfloat16' };
const TOKEN_ID_FIELDS = ['bos_token_id', 'eos_token_id', 'pad_token_id'] as const;

/** What a merged decoder folder keeps from its source (hf.ts DecoderSource, or ids alone for a llama2.c model). */
export interface MergedSource {
  config?: Record<string, unknown>;
  generationConfig?: Record<string, unknown>;
  dtype?: SafetensorsWriteDtype;
  tokenIds?: { bos?: number; eos?: number; pad?: number }; // used where the source config has none (llama2.c)
}

/**
 * config.json, generation_config.json and the weight dtype of a merged decoder: our config mapping plus the
 * source's special token ids and dtype; generation_config.json is the source's, or one holding the token ids.
 */
export function mergedDecoderFiles(cfg: LlamaConfig, source: MergedSource = {}): {
  config: Record<string, unknown>; generationConfig: Record<string, unknown> | null; dtype: SafetensorsWriteDtype;
} {
  const dtype = source.dtype ?? 'F32';
  const ids: Record<string, unknown> = {};
  const fallback = { bos_token_id: source.tokenIds?.bos, eos_token_id: source.tokenIds?.eos, pad_token_id: source.tokenIds?.pad };
  for (const field of TOKEN_ID_FIELDS) {
    const value = source.config?.[field] ?? fallback[field];
    if (value !== undefined && value !== null) ids[field] = value;
  }
  const config = { ...hfConfigFromLlama(cfg), ...ids, torch_dtype: TORCH_DTYPE[dtype] };
  const generationConfig = source.generationConfig ?? (Object.keys(ids).length > 0 ? { ...ids } : null);
  return { config, generationConfig, dtype };
}

/** The config.json `rope_scaling` section for our RopeScaling (the inverse of hf.ts parseRopeScaling). */
function hfRopeScaling(scaling: RopeScaling): Record<string, unknown> {
  if (scaling.type === 'linear') return { rope_type: 'linear', factor: scaling.factor };
  return {
    rope_type: 'llama3', factor: scaling.factor, low_freq_factor: scaling.lowFreqFactor,
    high_freq_factor: scaling.highFreqFactor, original_max_position_embeddings: scaling.originalMaxPositions
  };
}

/** Serialize params under Hugging Face names (one tensor per layer), e.g. merged weights for export. */
export function serializeHfLlama(cfg: LlamaConfig, params: LlamaParams, dtype: SafetensorsWriteDtype = 'F32'): Uint8Array {
  const QD = cfg.heads * cfg.headDim, KVD = cfg.kvHeads * cfg.headDim, C = cfg.hidden, I = cfg.intermediate;
  const shapes: Record<string, number[]> = {
    embed: [cfg.vocabSize, C], attnNorm: [C], wq: [QD, C], bq: [QD], wk: [KVD, C], bk: [KVD], wv: [KVD, C], bv: [KVD],
    wo: [C, QD], ffnNorm: [C], wGate: [I, C], wUp: [I, C], wDown: [C, I], finalNorm: [C], lmHead: [cfg.vocabSize, C]
  };
  const tensors: SafetensorsTensor[] = [];
  for (const name of LLAMA_PARAM_NAMES) {
    const all = params[name];
    if (all.length === 0) continue;
    const layers = isPerLayer(name) ? cfg.layers : 1;
    const per = all.length / layers;
    for (let l = 0; l < layers; l++) {
      tensors.push({ name: hfLlamaTensorName(name, l), shape: shapes[name], data: all.subarray(l * per, (l + 1) * per), dtype });
    }
  }
  return serializeSafetensors(tensors, { format: 'pt' });
}

/** Hugging Face config.json object describing a BERT encoder. */
export function hfConfigFromBert(cfg: BertConfig): Record<string, unknown> {
  return {
    architectures: ['BertModel'], model_type: 'bert',
    vocab_size: cfg.vocabSize, hidden_size: cfg.hidden, intermediate_size: cfg.intermediate,
    num_hidden_layers: cfg.layers, num_attention_heads: cfg.heads, max_position_embeddings: cfg.maxPositions,
    type_vocab_size: cfg.typeVocabSize, layer_norm_eps: cfg.layerNormEps, hidden_act: 'gelu', torch_dtype: 'float32'
  };
}

/** Serialize BERT params under Hugging Face BertModel names. */
export function serializeHfBert(cfg: BertConfig, params: BertParams, dtype: SafetensorsWriteDtype = 'F32'): Uint8Array {
  const { hidden: C, intermediate: I } = cfg;
  const shapes: Record<string, number[]> = {
    wordEmb: [cfg.vocabSize, C], posEmb: [cfg.maxPositions, C], typeEmb: [cfg.typeVocabSize, C],
    wq: [C, C], wk: [C, C], wv: [C, C], wo: [C, C], wInter: [I, C], bInter: [I], wOut: [C, I]
  };
  const global = new Set(['wordEmb', 'posEmb', 'typeEmb', 'embLnW', 'embLnB']);
  const tensors: SafetensorsTensor[] = [];
  for (const name of BERT_PARAM_NAMES) {
    const layers = global.has(name) ? 1 : cfg.layers;
    const per = params[name].length / layers;
    for (let l = 0; l < layers; l++) {
      tensors.push({ name: hfBertTensorName(name, l), shape: shapes[name] ?? [C], data: params[name].subarray(l * per, (l + 1) * per), dtype });
    }
  }
  return serializeSafetensors(tensors, { format: 'pt' });
}
