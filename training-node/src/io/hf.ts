/**
 * Hugging Face checkpoint folders: config.json → our model configs (llama, qwen2, mistral-style decoders;
 * bert encoders), weights from `model.safetensors` or a sharded `model.safetensors.index.json`, the fast
 * tokenizer (`tokenizer.json` + `tokenizer_config.json`) through @huggingface/tokenizers, and chat templates
 * rendered with @huggingface/jinja exactly as transformers' `apply_chat_template` feeds them.
 *
 * Files come through a `ModelFiles` reader (relative name → bytes | undefined), so the browser can pass
 * fetch/IndexedDB and the CLI passes the file system. Errors name the file and the field.
 * rope_scaling: none/default, linear and llama3 are mapped; yarn, dynamic, longrope are rejected with a clear error.
 * RoPE fields come from transformers 5's `rope_parameters` ({rope_type, rope_theta, factor, ...}) when present, else
 * from the transformers 4 top-level `rope_theta` + `rope_scaling`; per-layer-type `rope_parameters` (a dict of
 * dicts) and a top-level value that disagrees with `rope_parameters` are refused by name, never guessed.
 * Sliding window (parseSlidingWindow): Mistral's `sliding_window` on every layer; Qwen2's only with
 * `use_sliding_window`, on layers >= `max_window_layers` (or as `layer_types` says); Llama ignores it, as HF does.
 * Non-goals: remote hub downloads.
 */
import { Template } from '@huggingface/jinja';
import { Tokenizer } from '@huggingface/tokenizers';
import { type BertConfig, type BertParams, bertParamsFromTensors } from '../models/bert';
import { checkRopeScaling, type RopeScaling } from '../engine/reference/rope';
import type { LlamaConfig, LlamaParams } from '../models/llama-params';
import { llamaParamsFromTensors, type NamedTensor } from './llama-weights';
import { parseSafetensors, readSafetensor, type SafetensorsDtype, type SafetensorsFile, type SafetensorsWriteDtype } from './safetensors';

/** Reads a file of a model folder by relative name; resolves undefined when it does not exist. */
export type ModelFiles = (name: string) => Promise<Uint8Array | undefined>;

type Json = Record<string, unknown>;

async function readJson(files: ModelFiles, name: string): Promise<Json | undefined> {
  const bytes = await files(name);
  if (!bytes) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as Json;
  } catch (err) {
    throw new Error(`${name}: invalid JSON (${(err as Error).message})`);
  }
}

function num(json: Json, key: string, source: string, fallback?: number): number {
  const value = json[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${source}: field "${key}" must be a number, got ${JSON.stringify(json[key])}`);
  }
  return value;
}

const DECODER_TYPES = new Set(['llama', 'qwen2', 'mistral']);

/** Map a decoder config.json (llama / qwen2 / mistral) to our LlamaConfig. */
export function llamaConfigFromHf(json: Json, source = 'config.json'): LlamaConfig {
  const type = String(json.model_type ?? '');
  if (!DECODER_TYPES.has(type)) {
    throw new Error(`${source}: model_type "${type}" is not a Llama-family decoder (supported: ${[...DECODER_TYPES].join(', ')})`);
  }
  const { ropeTheta, ropeScaling } = parseRope(json, source);
  const hidden = num(json, 'hidden_size', source);
  const layers = num(json, 'num_hidden_layers', source);
  const heads = num(json, 'num_attention_heads', source);
  return {
    vocabSize: num(json, 'vocab_size', source),
    hidden,
    intermediate: num(json, 'intermediate_size', source),
    layers,
    heads,
    kvHeads: num(json, 'num_key_value_heads', source, heads),
    headDim: num(json, 'head_dim', source, hidden / heads),
    ropeTheta,
    rmsEps: num(json, 'rms_norm_eps', source, 1e-6),
    // LlamaConfig / Qwen2Config default tie_word_embeddings to false.
    tiedEmbeddings: json.tie_word_embeddings === true,
    attentionBias: type === 'qwen2' ? true : json.attention_bias === true,
    maxSeqLen: num(json, 'max_position_embeddings', source, 2048),
    ...(ropeScaling ? { ropeScaling } : {}),
    ...parseSlidingWindow(json, type, layers, source)
  };
}

/**
 * config.json sliding-window fields → LlamaConfig.slidingWindow / slidingWindowFromLayer ({} = every layer full
 * causal). Hugging Face semantics: with window W, token t attends keys j with t - W < j <= t (masking_utils
 * sliding_window_overlay: kv_idx > q_idx - sliding_window, and causal). Mistral: `sliding_window` (null = none)
 * on every layer. Qwen2: `sliding_window` is dropped unless `use_sliding_window`, then layers
 * i >= `max_window_layers` (default 28) slide, unless `layer_types` lists them. Llama has no sliding window.
 * Layer patterns other than "full below layer k, sliding from k on" are rejected naming the field.
 */
export function parseSlidingWindow(
  json: Json, type: string, layers: number, source = 'config.json'
): { slidingWindow?: number; slidingWindowFromLayer?: number } {
  if (type === 'llama') return {};
  const raw = json.sliding_window;
  if (type === 'qwen2' && json.use_sliding_window !== true) return {};
  if (raw === undefined || raw === null) {
    if (type === 'qwen2') throw new Error(`${source}: use_sliding_window is true but "sliding_window" is not set`);
    return {};
  }
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1) {
    throw new Error(`${source}: field "sliding_window" must be a positive integer or null, got ${JSON.stringify(raw)}`);
  }
  let fromLayer = type === 'qwen2' ? num(json, 'max_window_layers', source, 28) : 0;
  if (Array.isArray(json.layer_types)) {
    const kinds = json.layer_types.map(String);
    const first = kinds.indexOf('sliding_attention');
    fromLayer = first < 0 ? layers : first;
    const pattern = kinds.length === layers && kinds.every((k, i) => k === (i >= fromLayer ? 'sliding_attention' : 'full_attention'));
    if (!pattern) {
      throw new Error(`${source}: layer_types ${JSON.stringify(kinds)} is not supported (only full_attention layers followed by sliding_attention layers)`);
    }
  }
  if (type === 'mistral' && fromLayer !== 0) {
    throw new Error(`${source}: mistral layer_types with full_attention layers is not supported (Mistral slides on every layer)`);
  }
  if (!Number.isInteger(fromLayer) || fromLayer < 0) throw new Error(`${source}: field "max_window_layers" must be a non-negative integer`);
  return fromLayer > 0 ? { slidingWindow: raw, slidingWindowFromLayer: fromLayer } : { slidingWindow: raw };
}

/**
 * RoPE theta and scaling of a decoder config.json, from transformers 5 `rope_parameters` or the transformers 4
 * top-level `rope_theta` / `rope_scaling` (default theta 10000, as LlamaConfig). Throws naming the field for
 * shapes we cannot read faithfully (per-layer-type parameters, conflicting values, a rope_parameters without theta).
 */
export function parseRope(json: Json, source = 'config.json'): { ropeTheta: number; ropeScaling?: RopeScaling } {
  const params = json.rope_parameters;
  if (params === undefined || params === null) {
    return { ropeTheta: num(json, 'rope_theta', source, 10000), ropeScaling: parseRopeScaling(json.rope_scaling, source) };
  }
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new Error(`${source}: rope_parameters must be an object, got ${JSON.stringify(params)}`);
  }
  const p = params as Json;
  if (Object.values(p).some((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
    throw new Error(`${source}: rope_parameters per layer type (${Object.keys(p).join(', ')}) is not supported (one rope_parameters object for every layer only)`);
  }
  if (typeof p.rope_theta !== 'number' || !Number.isFinite(p.rope_theta)) {
    throw new Error(`${source}: rope_parameters.rope_theta must be a number, got ${JSON.stringify(p.rope_theta)}`);
  }
  if (typeof json.rope_theta === 'number' && json.rope_theta !== p.rope_theta) {
    throw new Error(`${source}: rope_theta ${json.rope_theta} disagrees with rope_parameters.rope_theta ${p.rope_theta}; remove one of them`);
  }
  const ropeScaling = parseRopeScaling({ rope_type: 'default', ...p }, `${source} rope_parameters`);
  if (json.rope_scaling !== undefined && json.rope_scaling !== null
    && JSON.stringify(parseRopeScaling(json.rope_scaling, source)) !== JSON.stringify(ropeScaling)) {
    throw new Error(`${source}: rope_scaling disagrees with rope_parameters; remove one of them`);
  }
  return { ropeTheta: p.rope_theta, ...(ropeScaling ? { ropeScaling } : {}) };
}

/**
 * config.json `rope_scaling` (or a `rope_parameters` object) → RopeScaling (undefined for none / "default"). Type from `rope_type`, else the
 * legacy `type` key, as transformers reads it; other types throw naming the type.
 */
export function parseRopeScaling(value: unknown, source = 'config.json'): RopeScaling | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${source}: rope_scaling must be an object, got ${JSON.stringify(value)}`);
  }
  const json = value as Json;
  const type = String(json.rope_type ?? json.type ?? '');
  const field = `${source} rope_scaling`;
  switch (type) {
    case 'default':
      return undefined;
    case 'linear':
      return checked({ type, factor: num(json, 'factor', field) }, source);
    case 'llama3':
      return checked({
        type, factor: num(json, 'factor', field), lowFreqFactor: num(json, 'low_freq_factor', field),
        highFreqFactor: num(json, 'high_freq_factor', field),
        originalMaxPositions: num(json, 'original_max_position_embeddings', field)
      }, source);
    default:
      throw new Error(`${source}: rope_scaling type "${type}" is not supported (supported: default, linear, llama3)`);
  }
}

function checked(scaling: RopeScaling, source: string): RopeScaling {
  try {
    checkRopeScaling(scaling);
  } catch (err) {
    throw new Error(`${source}: ${(err as Error).message}`);
  }
  return scaling;
}

/** Map a BERT config.json to our BertConfig. */
export function bertConfigFromHf(json: Json, source = 'config.json'): BertConfig {
  const type = String(json.model_type ?? '');
  if (type !== 'bert') throw new Error(`${source}: model_type "${type}" is not "bert"`);
  const act = String(json.hidden_act ?? 'gelu');
  if (act !== 'gelu') throw new Error(`${source}: hidden_act "${act}" is not supported (exact erf "gelu" only)`);
  return {
    vocabSize: num(json, 'vocab_size', source),
    hidden: num(json, 'hidden_size', source),
    intermediate: num(json, 'intermediate_size', source),
    layers: num(json, 'num_hidden_layers', source),
    heads: num(json, 'num_attention_heads', source),
    maxPositions: num(json, 'max_position_embeddings', source, 512),
    typeVocabSize: num(json, 'type_vocab_size', source, 2),
    layerNormEps: num(json, 'layer_norm_eps', source, 1e-12)
  };
}

/** Read config.json of a folder. */
export async function readHfConfig(files: ModelFiles): Promise<Json> {
  const json = await readJson(files, 'config.json');
  if (!json) throw new Error('config.json: not found in the model folder');
  return json;
}

/** All tensors of a single or sharded safetensors checkpoint, looked up by name across shards. */
export interface SafetensorsCheckpoint {
  names: string[];
  get(name: string): NamedTensor | undefined;
  /** The stored dtype of a tensor (undefined when absent). */
  dtypeOf(name: string): SafetensorsDtype | undefined;
}

/** Open `model.safetensors.index.json` (sharded) or `model.safetensors` from a folder. */
export async function openSafetensorsCheckpoint(files: ModelFiles): Promise<SafetensorsCheckpoint> {
  const index = await readJson(files, 'model.safetensors.index.json');
  const shards = new Map<string, SafetensorsFile>();
  const owner = new Map<string, string>();
  if (index) {
    const weightMap = index.weight_map as Record<string, string> | undefined;
    if (!weightMap || typeof weightMap !== 'object') throw new Error('model.safetensors.index.json: missing "weight_map"');
    for (const [tensor, shard] of Object.entries(weightMap)) owner.set(tensor, shard);
    for (const shard of new Set(owner.values())) {
      const bytes = await files(shard);
      if (!bytes) throw new Error(`model.safetensors.index.json: shard "${shard}" is listed but not present`);
      shards.set(shard, parseSafetensors(bytes, shard));
    }
  } else {
    const bytes = await files('model.safetensors');
    if (!bytes) throw new Error('model folder has neither model.safetensors nor model.safetensors.index.json');
    const file = parseSafetensors(bytes, 'model.safetensors');
    shards.set('model.safetensors', file);
    for (const name of file.entries.keys()) owner.set(name, 'model.safetensors');
  }
  return {
    names: [...owner.keys()],
    get(name) {
      const shardName = owner.get(name);
      if (!shardName) return undefined;
      const shard = shards.get(shardName)!;
      const entry = shard.entries.get(name);
      if (!entry) throw new Error(`${shardName}: index says it holds "${name}" but it does not`);
      return { dims: entry.shape, data: readSafetensor(shard, name) };
    },
    dtypeOf(name) {
      const shardName = owner.get(name);
      return shardName ? shards.get(shardName)!.entries.get(name)?.dtype : undefined;
    }
  };
}

/** What a decoder folder says about itself beyond the weights: kept so merged exports stay faithful to it. */
export interface DecoderSource {
  config: Json; // the folder's config.json as read (special token ids, architecture names)
  generationConfig?: Json; // generation_config.json when the folder has one
  dtype: SafetensorsWriteDtype; // the floating dtype the weights are stored in (most tensors' dtype)
}

/** The floating dtype most of a checkpoint's tensors are stored in (F32 when they are integers only). */
export function checkpointDtype(checkpoint: SafetensorsCheckpoint): SafetensorsWriteDtype {
  const counts = new Map<SafetensorsWriteDtype, number>();
  for (const name of checkpoint.names) {
    const d = checkpoint.dtypeOf(name);
    if (d === 'F32' || d === 'F16' || d === 'BF16') counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'F32';
}

/** Load a Llama-family HF folder (config.json + safetensors) into our config and params. */
export async function loadHfLlama(files: ModelFiles): Promise<{ config: LlamaConfig; params: LlamaParams; source: DecoderSource }> {
  const json = await readHfConfig(files);
  let config = llamaConfigFromHf(json);
  const checkpoint = await openSafetensorsCheckpoint(files);
  if (!config.tiedEmbeddings && json.tie_word_embeddings === undefined && !checkpoint.names.includes('lm_head.weight')) {
    config = { ...config, tiedEmbeddings: true }; // config silent and no lm_head saved: the head is the embedding
  }
  const params = llamaParamsFromTensors(config, (name) => checkpoint.get(name), 'safetensors checkpoint');
  const generationConfig = await readJson(files, 'generation_config.json');
  return { config, params, source: { config: json, ...(generationConfig ? { generationConfig } : {}), dtype: checkpointDtype(checkpoint) } };
}

/** Load a BERT HF folder (config.json + safetensors; `bert.`-prefixed names accepted). */
export async function loadHfBert(files: ModelFiles): Promise<{ config: BertConfig; params: BertParams }> {
  const config = bertConfigFromHf(await readHfConfig(files));
  const checkpoint = await openSafetensorsCheckpoint(files);
  return { config, params: bertParamsFromTensors(config, (name) => checkpoint.get(name), 'safetensors checkpoint') };
}

/** A loaded fast tokenizer plus the tokenizer_config.json it came with (chat template, special tokens). */
export interface HfTokenizer {
  tokenizer: Tokenizer;
  config: Json;
}

/** Load tokenizer.json (+ tokenizer_config.json when present) with @huggingface/tokenizers. */
export async function loadHfTokenizer(files: ModelFiles): Promise<HfTokenizer> {
  const tokenizerJson = await readJson(files, 'tokenizer.json');
  if (!tokenizerJson) throw new Error('tokenizer.json: not found in the model folder');
  const config = (await readJson(files, 'tokenizer_config.json')) ?? {};
  return { tokenizer: new Tokenizer(tokenizerJson, config), config };
}

/** A chat message in the TRL / OpenAI shape. */
export interface ChatMessage {
  role: string;
  content: string;
}

/** The text of a special token entry of tokenizer_config.json (a string or an AddedToken object). */
export function specialTokenText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as Json).content === 'string') return (value as Json).content as string;
  return '';
}

/** Render the folder's chat template (tokenizer_config.json `chat_template`, or an explicit one). */
export function applyChatTemplate(
  tok: HfTokenizer, messages: ChatMessage[], opts: { addGenerationPrompt?: boolean; template?: string } = {}
): string {
  let template = opts.template ?? tok.config.chat_template;
  if (Array.isArray(template)) {
    template = (template as { name: string; template: string }[]).find((t) => t.name === 'default')?.template;
  }
  if (typeof template !== 'string') throw new Error('tokenizer_config.json: no "chat_template" (pass one explicitly)');
  return new Template(template).render({
    messages,
    add_generation_prompt: opts.addGenerationPrompt ?? false,
    bos_token: specialTokenText(tok.config.bos_token),
    eos_token: specialTokenText(tok.config.eos_token),
    pad_token: specialTokenText(tok.config.pad_token),
    unk_token: specialTokenText(tok.config.unk_token)
  }); // @huggingface/jinja provides raise_exception itself
}

/** Token ids of a rendered conversation plus a mask (1 = assistant-generated token, the SFT loss targets). */
export interface TokenizedChat {
  ids: number[];
  assistantMask: Uint8Array;
}

/**
 * Render and tokenize a conversation, marking the tokens each assistant turn contributes (its content and
 * the template's end-of-turn text, e.g. `</s>` or `<|im_end|>`), like TRL's assistant-only loss.
 * Turn boundaries come from re-rendering prefixes: the assistant span of turn i is what
 * render(messages[..i]) adds over render(messages[..i-1], add_generation_prompt). Throws if the template
 * is not prefix-stable at token level (the span would not line up).
 */
export function tokenizeChat(tok: HfTokenizer, messages: ChatMessage[], opts: { template?: string } = {}): TokenizedChat {
  const encode = (text: string): number[] => tok.tokenizer.encode(text, { add_special_tokens: false }).ids;
  const full = encode(applyChatTemplate(tok, messages, opts));
  const mask = new Uint8Array(full.length);
  messages.forEach((message, i) => {
    if (message.role !== 'assistant') return;
    const before = encode(applyChatTemplate(tok, messages.slice(0, i), { ...opts, addGenerationPrompt: true }));
    const through = encode(applyChatTemplate(tok, messages.slice(0, i + 1), opts));
    const stable = (prefix: number[]): boolean => prefix.every((id, k) => full[k] === id);
    if (!stable(before) || !stable(through)) {
      throw new Error(`chat template: tokenization of turn ${i} is not a prefix of the whole conversation; cannot mask assistant tokens`);
    }
    mask.fill(1, before.length, through.length);
  });
  return { ids: full, assistantMask: mask };
}
