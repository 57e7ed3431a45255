/**
 * LoRA adapters (PEFT semantics) for the Llama-family decoder and the BERT encoder: for each targeted linear W[OC,C] of every
 * layer, y = x·W^T + (alpha/R)·(dropout(x)·A^T)·B^T with A[R,C] Kaiming-uniform (a=√5, i.e. U(±1/√C)) and
 * B[OC,R] zeros, so a fresh adapter leaves the model unchanged. Only A and B are trainable.
 *
 * Adapters live in one flat arena (llm.c style) so the optimiser and its state see a single tensor;
 * gradients use the same layout (`allocLoraAdapters(..., zero=true)`).
 * Non-goals: DoRA, per-module ranks, embedding adapters. No Node APIs.
 * Shape legend: L = layers, R = rank, C/OC = in/out features of the targeted linear.
 */
import { seededRandom } from '../data/random';
import type { BertConfig } from './bert';
import type { LlamaConfig } from './llama-params';

/** Decoder linears LoRA can target, named like PEFT's target_modules minus the `_proj`. */
export const LORA_TARGETS = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] as const;
export type LoraTarget = (typeof LORA_TARGETS)[number];
/** BERT linears LoRA can target (PEFT target_modules query/key/value, the sentence-transformers recipe). */
export const BERT_LORA_TARGETS = ['query', 'key', 'value'] as const;
export type BertLoraTarget = (typeof BERT_LORA_TARGETS)[number];

/** Adapter hyper-parameters (PEFT LoraConfig fields). */
export interface LoraConfig<T extends string = LoraTarget> {
  rank: number; // r
  alpha: number; // lora_alpha
  dropout: number; // lora_dropout, on the adapter input only
  targets: T[];
  useRslora?: boolean; // scale = alpha/√r instead of alpha/r
}

/** One adapter pair: A (R, C), B (OC, R). */
export interface LoraPair {
  A: Float32Array;
  B: Float32Array;
  inFeatures: number; // C
  outFeatures: number; // OC
}

/** All adapters: layers[l][target] (only the configured targets), views into `arena`. */
export interface LoraAdapters<T extends string = LoraTarget> {
  config: LoraConfig<T>;
  scale: number;
  layers: Partial<Record<T, LoraPair>>[];
  arena: Float32Array;
}

/** (in, out) features of a target linear for this model. */
export function loraTargetShape(cfg: LlamaConfig, target: LoraTarget): { inFeatures: number; outFeatures: number } {
  const QD = cfg.heads * cfg.headDim;
  const KVD = cfg.kvHeads * cfg.headDim;
  const C = cfg.hidden;
  const I = cfg.intermediate;
  const shapes: Record<LoraTarget, [number, number]> = {
    q: [C, QD], k: [C, KVD], v: [C, KVD], o: [QD, C], gate: [C, I], up: [C, I], down: [I, C]
  };
  const [inFeatures, outFeatures] = shapes[target];
  return { inFeatures, outFeatures };
}

/** Allocate decoder adapters in one arena; A is Kaiming-uniform from `seed` unless `zero` (gradients / m / v). */
export function allocLoraAdapters(cfg: LlamaConfig, lora: LoraConfig, seed = 0, zero = false): LoraAdapters {
  validateLoraConfig(lora, LORA_TARGETS);
  return allocAdapterArena(cfg.layers, lora, (t) => loraTargetShape(cfg, t), seed, zero);
}

/** Allocate BERT adapters (query/key/value: C → C) like allocLoraAdapters. */
export function allocBertLoraAdapters(
  cfg: BertConfig, lora: LoraConfig<BertLoraTarget>, seed = 0, zero = false
): LoraAdapters<BertLoraTarget> {
  validateLoraConfig(lora, BERT_LORA_TARGETS);
  return allocAdapterArena(cfg.layers, lora, () => ({ inFeatures: cfg.hidden, outFeatures: cfg.hidden }), seed, zero);
}

function allocAdapterArena<T extends string>(
  layerCount: number, lora: LoraConfig<T>, shapeOf: (t: T) => { inFeatures: number; outFeatures: number }, seed: number, zero: boolean
): LoraAdapters<T> {
  let total = 0;
  for (let l = 0; l < layerCount; l++) {
    for (const t of lora.targets) {
      const { inFeatures, outFeatures } = shapeOf(t);
      total += lora.rank * (inFeatures + outFeatures);
    }
  }
  const arena = new Float32Array(total);
  const rng = seededRandom(seed);
  const layers: Partial<Record<T, LoraPair>>[] = [];
  let offset = 0;
  for (let l = 0; l < layerCount; l++) {
    const layer: Partial<Record<T, LoraPair>> = {};
    for (const t of lora.targets) {
      const { inFeatures, outFeatures } = shapeOf(t);
      const A = arena.subarray(offset, offset + lora.rank * inFeatures);
      offset += A.length;
      const B = arena.subarray(offset, offset + outFeatures * lora.rank);
      offset += B.length;
      if (!zero) {
        const bound = 1 / Math.sqrt(inFeatures); // kaiming_uniform_(a=√5): gain·√(3/fan_in) = 1/√fan_in
        for (let i = 0; i < A.length; i++) A[i] = (2 * rng() - 1) * bound;
      }
      layer[t] = { A, B, inFeatures, outFeatures };
    }
    layers.push(layer);
  }
  return { config: lora, scale: loraScale(lora), layers, arena };
}

/** alpha/r (or alpha/√r with rsLoRA), the factor on the adapter path. */
export function loraScale(lora: LoraConfig<string>): number {
  return lora.useRslora ? lora.alpha / Math.sqrt(lora.rank) : lora.alpha / lora.rank;
}

/** Throw a clear error for an unusable adapter config (targets must come from `valid`). */
export function validateLoraConfig(lora: LoraConfig<string>, valid: readonly string[] = LORA_TARGETS): void {
  if (!Number.isInteger(lora.rank) || lora.rank <= 0) throw new Error(`LoraConfig.rank must be a positive integer, got ${lora.rank}`);
  if (!(lora.dropout >= 0 && lora.dropout < 1)) throw new Error(`LoraConfig.dropout must be in [0, 1), got ${lora.dropout}`);
  if (lora.targets.length === 0) throw new Error('LoraConfig.targets is empty: name at least one of ' + valid.join(', '));
  for (const t of lora.targets) {
    if (!valid.includes(t)) throw new Error(`LoraConfig.targets: unknown target "${t}" (valid: ${valid.join(', ')})`);
  }
}
