/**
 * QLoRA base: quantise the frozen linear layers of a Llama-family model to the engine's symmetric 4-bit
 * groups (reference/matmul.ts `quantize4bit`: group of `group` weights along the input axis, one f32 scale
 * each), so forward/backward dequantise inside the matmul and only LoRA adapters train.
 *
 * Non-goals: NF4 / double quantisation (bitsandbytes), quantising embeddings, norms or lm_head (kept f32,
 * as PEFT's QLoRA recipe does). No Node APIs.
 * Shape legend: L = layers, OC/C = out/in features of a targeted linear, group | C.
 */
import { quantize4bit, type BaseWeight } from '../engine/reference/index';
import type { LlamaModel } from './llama';
import { type LlamaParamName } from './llama-params';
import { LORA_TARGETS, loraTargetShape, type LoraTarget } from './lora';

const PARAM_OF: Record<LoraTarget, LlamaParamName> = {
  q: 'wq', k: 'wk', v: 'wv', o: 'wo', gate: 'wGate', up: 'wUp', down: 'wDown'
};

/** A copy of `model` whose `targets` linears are 4-bit group-quantised (dense params kept for the rest). */
export function quantizeLlamaBase(model: LlamaModel, group = 32, targets: readonly LoraTarget[] = LORA_TARGETS): LlamaModel {
  const cfg = model.config;
  const quantized: Partial<Record<LoraTarget, BaseWeight[]>> = {};
  for (const target of targets) {
    const { inFeatures: C, outFeatures: OC } = loraTargetShape(cfg, target);
    if (C % group !== 0) {
      throw new Error(`quantizeLlamaBase: ${target} has ${C} input features, not a multiple of group ${group}`);
    }
    const all = model.params[PARAM_OF[target]];
    quantized[target] = Array.from({ length: cfg.layers }, (_, l) => quantize4bit(all.subarray(l * OC * C, (l + 1) * OC * C), OC, C, group));
  }
  return { config: cfg, params: model.params, quantized, cpuOps: model.cpuOps };
}

/** Bytes a quantised base occupies (packed nibbles + scales) versus f32, for reporting. */
export function quantizedBytes(model: LlamaModel): { quantized: number; dense: number } {
  let quantized = 0, dense = 0;
  for (const weights of Object.values(model.quantized ?? {})) {
    for (const w of weights ?? []) {
      if (w instanceof Float32Array) continue;
      quantized += w.packed.byteLength + w.scales.byteLength;
      dense += w.OC * w.C * 4;
    }
  }
  return { quantized, dense };
}
