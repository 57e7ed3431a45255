/**
 * PEFT-compatible LoRA adapters for our Llama-family decoders and BERT encoders, and the LoRA merge.
 *
 * Adapter folder = `adapter_config.json` (PEFT LoraConfig fields) + `adapter_model.safetensors` with PEFT's
 * key names: `base_model.model.model.layers.{l}.self_attn.q_proj.lora_A.weight` (R, in) and `.lora_B.weight`
 * (out, R); MLP targets live under `mlp.` (gate_proj, up_proj, down_proj); BERT adapters are
 * `base_model.model.encoder.layer.{l}.attention.self.query.lora_A.weight`. Loading accepts the same layout
 * (and the `.default` adapter-name infix some tools write). Merge: W' = W + scale·B·A for decoders
 * (mergeLoraIntoParams; export-hf.ts writes it) and BERT encoders (mergeBertLora).
 * Non-goals: DoRA, modules_to_save, multiple adapters per file. Pure bytes/strings in and out, no Node APIs.
 */
import { allocLlamaParams, type LlamaConfig, type LlamaParams } from '../models/llama-params';
import { allocBertParams, type BertConfig, type BertParams } from '../models/bert';
import {
  allocBertLoraAdapters, allocLoraAdapters, BERT_LORA_TARGETS, type BertLoraTarget, LORA_TARGETS, type LoraAdapters,
  type LoraConfig, type LoraTarget
} from '../models/lora';
import { parseSafetensors, readSafetensor, serializeSafetensors, type SafetensorsTensor, type SafetensorsWriteDtype } from './safetensors';

/** Where each target lives in the PEFT state dict, per model family. */
const DECODER_PATHS: Record<LoraTarget, string> = {
  q: 'self_attn.q_proj', k: 'self_attn.k_proj', v: 'self_attn.v_proj', o: 'self_attn.o_proj',
  gate: 'mlp.gate_proj', up: 'mlp.up_proj', down: 'mlp.down_proj'
};
const BERT_PATHS: Record<BertLoraTarget, string> = {
  query: 'attention.self.query', key: 'attention.self.key', value: 'attention.self.value'
};

interface PeftFamily<T extends string> {
  taskType: string;
  targets: readonly T[];
  modulePath: Record<T, string>;
  layerPrefix: string; // state-dict prefix before the layer index
}
const DECODER: PeftFamily<LoraTarget> = {
  taskType: 'CAUSAL_LM', targets: LORA_TARGETS, modulePath: DECODER_PATHS, layerPrefix: 'base_model.model.model.layers.'
};
const BERT: PeftFamily<BertLoraTarget> = {
  taskType: 'FEATURE_EXTRACTION', targets: BERT_LORA_TARGETS, modulePath: BERT_PATHS, layerPrefix: 'base_model.model.encoder.layer.'
};

function familyOf(targets: readonly string[]): PeftFamily<string> {
  return targets.every((t) => (BERT_LORA_TARGETS as readonly string[]).includes(t))
    ? (BERT as PeftFamily<string>) : (DECODER as PeftFamily<string>);
}

const moduleName = (path: string): string => path.split('.').pop()!;

/** PEFT state-dict key of one adapter matrix (decoder targets q..down, BERT targets query/key/value). */
export function peftKey(layer: number, target: LoraTarget | BertLoraTarget, which: 'A' | 'B'): string {
  const family = familyOf([target]);
  return `${family.layerPrefix}${layer}.${family.modulePath[target]}.lora_${which}.weight`;
}

/** The `adapter_config.json` object PEFT writes for our adapters. */
export function peftAdapterConfig(lora: LoraConfig<string>, baseModel: string): Record<string, unknown> {
  const family = familyOf(lora.targets);
  return {
    peft_type: 'LORA',
    task_type: family.taskType,
    base_model_name_or_path: baseModel,
    r: lora.rank,
    lora_alpha: lora.alpha,
    lora_dropout: lora.dropout,
    target_modules: lora.targets.map((t) => moduleName(family.modulePath[t])),
    bias: 'none',
    fan_in_fan_out: false,
    init_lora_weights: true,
    use_rslora: lora.useRslora ?? false,
    use_dora: false,
    inference_mode: true,
    modules_to_save: null,
    layers_to_transform: null,
    rank_pattern: {},
    alpha_pattern: {},
    revision: null
  };
}

/** Serialize adapters (decoder or BERT) as PEFT files: the config JSON text and the safetensors bytes. */
export function serializePeftAdapter<T extends LoraTarget | BertLoraTarget>(
  lora: LoraAdapters<T>, baseModel: string, dtype: SafetensorsWriteDtype = 'F32'
): { adapterConfigJson: string; adapterSafetensors: Uint8Array } {
  const tensors: SafetensorsTensor[] = [];
  lora.layers.forEach((layer, l) => {
    for (const target of lora.config.targets) {
      const pair = layer[target]!;
      tensors.push({ name: peftKey(l, target, 'A'), shape: [lora.config.rank, pair.inFeatures], data: pair.A, dtype });
      tensors.push({ name: peftKey(l, target, 'B'), shape: [pair.outFeatures, lora.config.rank], data: pair.B, dtype });
    }
  });
  return {
    adapterConfigJson: JSON.stringify(peftAdapterConfig(lora.config, baseModel), null, 2) + '\n',
    adapterSafetensors: serializeSafetensors(tensors, { format: 'pt' })
  };
}

/** Parse PEFT adapter files for a decoder config; errors name the file and the key. */
export function parsePeftAdapter(cfg: LlamaConfig, adapterConfigJson: string, adapterSafetensors: Uint8Array): LoraAdapters {
  const loraCfg = parseAdapterConfig(adapterConfigJson, DECODER);
  return fillAdapters(allocLoraAdapters(cfg, loraCfg, 0, true), adapterSafetensors);
}

/** Parse PEFT adapter files for a BERT config (query/key/value targets). */
export function parseBertPeftAdapter(cfg: BertConfig, adapterConfigJson: string, adapterSafetensors: Uint8Array): LoraAdapters<BertLoraTarget> {
  const loraCfg = parseAdapterConfig(adapterConfigJson, BERT);
  return fillAdapters(allocBertLoraAdapters(cfg, loraCfg, 0, true), adapterSafetensors);
}

function parseAdapterConfig<T extends string>(text: string, family: PeftFamily<T>): LoraConfig<T> {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`adapter_config.json: invalid JSON (${(err as Error).message})`);
  }
  if (json.peft_type !== 'LORA') throw new Error(`adapter_config.json: peft_type ${JSON.stringify(json.peft_type)} is not "LORA"`);
  if (json.use_dora === true) throw new Error('adapter_config.json: DoRA adapters are not supported');
  const modules = json.target_modules;
  const names = typeof modules === 'string' ? [modules] : (modules as string[] | undefined) ?? [];
  const known = family.targets.map((t) => moduleName(family.modulePath[t]));
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new Error(`adapter_config.json: unsupported target_modules ${unknown.join(', ')} (supported: ${known.join(', ')})`);
  return {
    rank: Number(json.r), alpha: Number(json.lora_alpha), dropout: Number(json.lora_dropout ?? 0),
    targets: family.targets.filter((t) => names.includes(moduleName(family.modulePath[t]))),
    useRslora: json.use_rslora === true
  };
}

function fillAdapters<T extends LoraTarget | BertLoraTarget>(adapters: LoraAdapters<T>, bytes: Uint8Array): LoraAdapters<T> {
  const file = parseSafetensors(bytes, 'adapter_model.safetensors');
  adapters.layers.forEach((layer, l) => {
    for (const target of adapters.config.targets) {
      for (const which of ['A', 'B'] as const) {
        const key = peftKey(l, target, which);
        const name = file.entries.has(key) ? key : key.replace(`.lora_${which}.weight`, `.lora_${which}.default.weight`);
        const data = readSafetensor(file, name);
        const slot = layer[target]![which];
        if (data.length !== slot.length) {
          throw new Error(`adapter_model.safetensors: "${name}" has ${data.length} values, expected ${slot.length} for this model`);
        }
        slot.set(data);
      }
    }
  });
  return adapters;
}

/** W[OC,C] += scale · B[OC,R] · A[R,C], in place. */
function addScaledProduct(W: Float32Array, A: Float32Array, B: Float32Array, OC: number, C: number, R: number, scale: number): void {
  for (let o = 0; o < OC; o++) {
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let r = 0; r < R; r++) sum += B[o * R + r] * A[r * C + c];
      W[o * C + c] += scale * sum;
    }
  }
}

/** New params with every adapter folded in: W[OC,C] += scale · B[OC,R] · A[R,C]. The input is untouched. */
export function mergeLoraIntoParams(cfg: LlamaConfig, params: LlamaParams, lora: LoraAdapters): LlamaParams {
  const merged = allocLlamaParams(cfg);
  merged.arena.set(params.arena);
  const field: Record<LoraTarget, 'wq' | 'wk' | 'wv' | 'wo' | 'wGate' | 'wUp' | 'wDown'> = {
    q: 'wq', k: 'wk', v: 'wv', o: 'wo', gate: 'wGate', up: 'wUp', down: 'wDown'
  };
  const R = lora.config.rank;
  lora.layers.forEach((layer, l) => {
    for (const target of lora.config.targets) {
      const { A, B, inFeatures: C, outFeatures: OC } = layer[target]!;
      addScaledProduct(merged[field[target]].subarray(l * OC * C, (l + 1) * OC * C), A, B, OC, C, R, lora.scale);
    }
  });
  return merged;
}

/** New BERT params with query/key/value adapters folded in (W += scale·B·A). The input is untouched. */
export function mergeBertLora(cfg: BertConfig, params: BertParams, lora: LoraAdapters<BertLoraTarget>): BertParams {
  const merged = allocBertParams(cfg);
  merged.arena.set(params.arena);
  const field: Record<BertLoraTarget, 'wq' | 'wk' | 'wv'> = { query: 'wq', key: 'wk', value: 'wv' };
  const C = cfg.hidden;
  lora.layers.forEach((layer, l) => {
    for (const t of lora.config.targets) {
      const { A, B } = layer[t]!;
      addScaledProduct(merged[field[t]].subarray(l * C * C, (l + 1) * C * C), A, B, C, C, lora.config.rank, lora.scale);
    }
  });
  return merged;
}
