/**
 * Fill our Llama parameter arena from named tensors, whatever produced them:
 *  - Hugging Face / safetensors names, Linear weights [out, in]: `model.layers.0.self_attn.q_proj.weight`;
 *  - onnxruntime-genai builder ONNX names: `model.layers.0.attn.q_proj.MatMul.weight`, final norm
 *    `model.layers.{L}.final_norm_layernorm.weight`, `lm_head.MatMul.weight` (the ONNX lookup, see
 *    onnx.ts `onnxTensorLookup`, already transposed MatMul weights to [out, in]).
 * Shapes are checked against the config; errors name the source and the tensor.
 * Non-goals: quantised ONNX weights (MatMulNBits), fused qkv projections. No Node APIs.
 */
import { allocLlamaParams, type LlamaConfig, type LlamaParamName, type LlamaParams, hfLlamaTensorName, isPerLayer } from '../models/llama-params';

/** A named tensor as a flat f32 array plus its dims. */
export interface NamedTensor {
  dims: number[];
  data: Float32Array;
}

/** Looks a tensor up by name (undefined when absent). */
export type TensorLookup = (name: string) => NamedTensor | undefined;

const GENAI_NAMES: Partial<Record<LlamaParamName, string>> = {
  wq: 'attn.q_proj.MatMul.weight', wk: 'attn.k_proj.MatMul.weight', wv: 'attn.v_proj.MatMul.weight',
  wo: 'attn.o_proj.MatMul.weight', bq: 'attn.q_proj.Add.bias', bk: 'attn.k_proj.Add.bias', bv: 'attn.v_proj.Add.bias',
  wGate: 'mlp.gate_proj.MatMul.weight', wUp: 'mlp.up_proj.MatMul.weight', wDown: 'mlp.down_proj.MatMul.weight'
};

/** Copy every parameter of `cfg` from `lookup` (Linear layout [out, in]) into a fresh arena. */
export function llamaParamsFromTensors(cfg: LlamaConfig, lookup: TensorLookup, source: string): LlamaParams {
  const params = allocLlamaParams(cfg);
  const names: LlamaParamName[] = ['embed', 'attnNorm', 'wq', 'bq', 'wk', 'bk', 'wv', 'bv', 'wo', 'ffnNorm', 'wGate', 'wUp', 'wDown', 'finalNorm', 'lmHead'];
  for (const name of names) {
    const target = params[name];
    if (target.length === 0) continue;
    const layers = isPerLayer(name) ? cfg.layers : 1;
    const per = target.length / layers;
    for (let l = 0; l < layers; l++) {
      const slot = target.subarray(l * per, (l + 1) * per);
      const found = findTensor(cfg, name, l, lookup);
      if (!found) throw new Error(`${source}: no tensor for ${name} (layer ${l}); expected e.g. "${hfLlamaTensorName(name, l)}"`);
      if (found.tensor.data.length !== per) {
        throw new Error(`${source}: "${found.name}" has ${found.tensor.data.length} values [${found.tensor.dims.join(', ')}], expected ${per}`);
      }
      slot.set(found.tensor.data);
    }
  }
  return params;
}

function findTensor(
  cfg: LlamaConfig, name: LlamaParamName, l: number, lookup: TensorLookup
): { name: string; tensor: NamedTensor } | undefined {
  const hf = hfLlamaTensorName(name, l);
  const direct = lookup(hf);
  if (direct) return { name: hf, tensor: direct };
  const genai =
    name === 'finalNorm' ? `model.layers.${cfg.layers}.final_norm_layernorm.weight`
      : name === 'lmHead' ? 'lm_head.MatMul.weight'
        : GENAI_NAMES[name] ? `model.layers.${l}.${GENAI_NAMES[name]}` : undefined;
  if (!genai) return undefined;
  const tensor = lookup(genai);
  return tensor ? { name: genai, tensor } : undefined;
}
