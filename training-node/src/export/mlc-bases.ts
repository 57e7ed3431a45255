/**
 * Which prebuilt web-llm model library a fine-tune can reuse. A library is compiled for one architecture, every
 * shape (layers, hidden, intermediate, heads, kv heads, head dim), the quantisation, tied embeddings, attention
 * bias, RoPE and RMSNorm constants, and (Qwen2) the vocabulary size (PUBLISHING-FORMATS.md B6-B7); the weights must
 * match all of it or web-llm fails at bind time. The catalog's web-llm entries (models/catalog.json) name the
 * libraries the app self-hosts; BASE_ARCHITECTURES gives each base's config.json facts. A base's own
 * `mlc-chat-config.json` (from the organisation's mirror of the base model), when supplied, is the authority instead,
 * and its conversation template is copied (a fine-tune keeps its base's chat format, B3).
 *
 * Non-goals: compiling libraries, matching context_window_size (a runtime value; publish keeps it ≤ the catalog's).
 * Shape legend: as LlamaConfig (hidden, intermediate, layers, heads, kvHeads, headDim, vocabSize).
 */
import type { LlamaConfig } from '../models/llama-params';
import { type MlcQuantization, mlcModelType } from './mlc';

/** config.json facts of a base model whose library the catalog lists. */
export interface BaseArchitecture {
  modelType: 'llama' | 'qwen2';
  hidden: number;
  intermediate: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocabSize: number;
  tiedEmbeddings: boolean;
  ropeTheta: number;
  rmsEps: number;
  ropeScaling?: { factor: number; lowFreqFactor: number; highFreqFactor: number; originalMaxPositions: number };
}

/**
 * The catalog's web-llm bases, from each model's published config.json (HuggingFaceTB/SmolLM2-360M-Instruct,
 * Qwen/Qwen2.5-0.5B-Instruct — the worked example of PUBLISHING-FORMATS.md B5 —, meta-llama/Llama-3.2-1B-Instruct).
 * Not verifiable offline here: pass the base's mlc-chat-config.json to match against the real file.
 */
export const BASE_ARCHITECTURES: Record<string, BaseArchitecture> = {
  'SmolLM2-360M-Instruct': {
    modelType: 'llama', hidden: 960, intermediate: 2560, layers: 32, heads: 15, kvHeads: 5, headDim: 64, vocabSize: 49152,
    tiedEmbeddings: true, ropeTheta: 100000, rmsEps: 1e-5
  },
  'Qwen2.5-0.5B-Instruct': {
    modelType: 'qwen2', hidden: 896, intermediate: 4864, layers: 24, heads: 14, kvHeads: 2, headDim: 64, vocabSize: 151936,
    tiedEmbeddings: true, ropeTheta: 1000000, rmsEps: 1e-6
  },
  'Llama-3.2-1B-Instruct': {
    modelType: 'llama', hidden: 2048, intermediate: 8192, layers: 16, heads: 32, kvHeads: 8, headDim: 64, vocabSize: 128256,
    tiedEmbeddings: true, ropeTheta: 500000, rmsEps: 1e-5,
    ropeScaling: { factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 8192 }
  }
};

/** The part of a catalog entry publish needs. */
export interface CatalogWebLlmEntry {
  id: string;
  runtime: string;
  dtype: string;
  model_lib?: { file: string; upstream: string; sha256: string | null };
  vram_required_MB: number | null;
  required_features?: string[];
  context_window?: number;
}

/** A library chosen for one quantisation. */
export interface MlcBaseMatch {
  quantization: MlcQuantization;
  catalogId: string;
  base: string;
  modelLib: { file: string; upstream: string; sha256: string | null };
  vramRequiredMB: number | null;
  requiredFeatures: string[];
  contextWindow: number;
}

/** Architecture facts from a base's mlc-chat-config.json (`model_type` + `model_config`). */
export function architectureFromMlcConfig(json: Record<string, unknown>, source = 'mlc-chat-config.json'): BaseArchitecture {
  const mc = json.model_config as Record<string, unknown> | undefined;
  const type = json.model_type;
  if (!mc || (type !== 'llama' && type !== 'qwen2')) throw new Error(`${source}: needs model_type llama or qwen2 and a model_config object`);
  const n = (key: string, fallback?: number): number => {
    const v = mc[key] ?? fallback;
    if (typeof v !== 'number') throw new Error(`${source}: model_config.${key} must be a number`);
    return v;
  };
  const heads = n('num_attention_heads');
  const rs = mc.rope_scaling as Record<string, number> | undefined;
  return {
    modelType: type, hidden: n('hidden_size'), intermediate: n('intermediate_size'), layers: n('num_hidden_layers'), heads,
    kvHeads: n('num_key_value_heads', heads), headDim: n('head_dim', n('hidden_size') / heads), vocabSize: n('vocab_size'),
    tiedEmbeddings: mc.tie_word_embeddings === true, ropeTheta: n(type === 'qwen2' ? 'rope_theta' : 'position_embedding_base', 10000),
    rmsEps: n('rms_norm_eps', 1e-5),
    ...(rs ? { ropeScaling: { factor: rs.factor, lowFreqFactor: rs.low_freq_factor, highFreqFactor: rs.high_freq_factor, originalMaxPositions: rs.original_max_position_embeddings } } : {})
  };
}

/** What differs between a model and a base architecture (empty = the base's library fits). */
export function architectureMismatches(cfg: LlamaConfig, base: BaseArchitecture): string[] {
  const out: string[] = [];
  const type = mlcModelType(cfg);
  if (type !== base.modelType) out.push(`architecture ${type} ≠ ${base.modelType}`);
  const pairs: [string, number, number][] = [
    ['layers', cfg.layers, base.layers], ['hidden', cfg.hidden, base.hidden], ['intermediate', cfg.intermediate, base.intermediate],
    ['heads', cfg.heads, base.heads], ['kv heads', cfg.kvHeads, base.kvHeads], ['head dim', cfg.headDim, base.headDim],
    ['vocabulary', cfg.vocabSize, base.vocabSize]
  ];
  for (const [what, ours, theirs] of pairs) if (ours !== theirs) out.push(`${what} ${ours} ≠ ${theirs}`);
  if (cfg.tiedEmbeddings !== base.tiedEmbeddings) out.push(`tied embeddings ${cfg.tiedEmbeddings} ≠ ${base.tiedEmbeddings}`);
  if (Math.abs(cfg.ropeTheta - base.ropeTheta) > 1e-6 * base.ropeTheta) out.push(`rope_theta ${cfg.ropeTheta} ≠ ${base.ropeTheta}`);
  if (Math.abs(cfg.rmsEps - base.rmsEps) > 1e-12) out.push(`rms_norm_eps ${cfg.rmsEps} ≠ ${base.rmsEps}`);
  const rs = cfg.ropeScaling;
  const same = !rs && !base.ropeScaling
    || (rs?.type === 'llama3' && base.ropeScaling && rs.factor === base.ropeScaling.factor && rs.lowFreqFactor === base.ropeScaling.lowFreqFactor
      && rs.highFreqFactor === base.ropeScaling.highFreqFactor && rs.originalMaxPositions === base.ropeScaling.originalMaxPositions);
  if (!same) out.push(`rope_scaling ${JSON.stringify(rs ?? null)} ≠ ${JSON.stringify(base.ropeScaling ?? null)}`);
  if (cfg.slidingWindow !== undefined) out.push(`sliding window ${cfg.slidingWindow} (the catalog's libraries are full attention)`);
  return out;
}

/** Base name of a catalog web-llm id ("Qwen2.5-0.5B-Instruct-q4f16_1-MLC" → "Qwen2.5-0.5B-Instruct"). */
export function catalogBaseName(id: string): string {
  return id.replace(/-q4f(16|32)_1-MLC$/, '');
}

/**
 * The catalog library to reuse for `quantization`, or the reasons none fits. `baseOverride` (from a base's
 * mlc-chat-config.json) replaces the built-in architecture of the named base.
 */
export function matchMlcBase(
  cfg: LlamaConfig, quantization: MlcQuantization, catalog: CatalogWebLlmEntry[],
  baseOverride?: { name: string; arch: BaseArchitecture }
): { ok: true; match: MlcBaseMatch } | { ok: false; reason: string } {
  const candidates = catalog.filter((m) => m.runtime === 'web-llm' && m.dtype === quantization && m.model_lib);
  if (candidates.length === 0) return { ok: false, reason: `the catalog lists no web-llm library for ${quantization}` };
  const reasons: string[] = [];
  for (const entry of candidates) {
    const name = catalogBaseName(entry.id);
    if (baseOverride && baseOverride.name !== name) continue;
    const arch = baseOverride?.arch ?? BASE_ARCHITECTURES[name];
    if (!arch) {
      reasons.push(`${entry.id}: no architecture facts for base "${name}" (pass its mlc-chat-config.json)`);
      continue;
    }
    const diff = architectureMismatches(cfg, arch);
    if (diff.length === 0) {
      return {
        ok: true,
        match: {
          quantization, catalogId: entry.id, base: name, modelLib: entry.model_lib!, vramRequiredMB: entry.vram_required_MB,
          requiredFeatures: entry.required_features ?? [], contextWindow: entry.context_window ?? 4096
        }
      };
    }
    reasons.push(`${entry.id}: ${diff.join(', ')}`);
  }
  if (baseOverride && reasons.length === 0) return { ok: false, reason: `the catalog has no ${quantization} web-llm library for base "${baseOverride.name}"` };
  return { ok: false, reason: `no prebuilt web-llm library fits this model for ${quantization} — ${reasons.join('; ')}` };
}
