/**
 * web-llm / MLC-LLM weights for a Llama-family decoder: q4f16_1 / q4f32_1 group quantisation, MLC parameter names,
 * `params_shard_*.bin` + `tensor-cache.json` (also written as `ndarray-cache.json` for web-llm ≤ 0.2.79), and the
 * `mlc-chat-config.json` fields web-llm reads. Facts: PUBLISHING-FORMATS.md B1-B5 (MLC @ 79d603f, TVM @ 5d4dc87).
 *
 * Quantisation (GroupQuantize, NK layout, group 32 along in_features, arithmetic in the model dtype — f16 for
 * q4f16_1, f32 for q4f32_1): scale = max|w| / 7 (max|w| floored at 1e-4, the MLC numpy reference's rule for all-zero
 * groups), q = clamp(round(w / scale + 7), 0, 14) with round = ties to even (LLVM nearbyint, where MLC converts);
 * eight 4-bit codes per uint32, element 0 in the least significant nibble; dequantised as (q − 7)·scale.
 * Records are written with format "raw" (float32 tensors as full float32, which every TVM loader accepts) and sharded
 * with tvmjs's rule: 32 MiB cap, a record of ≥ 16 MiB goes alone into the next shard number.
 * Non-goals: other quantisations (q0f16, q4f16_0/_2, AWQ), Mistral and Gemma layouts, md5sum per shard (optional).
 * Shape legend: W [N, K] = [out, in]; ng = ceil(K/32) groups; q_weight [N, 4·ng] uint32; q_scale [N, ng].
 */
import { floatToHalfBits, halfBitsToFloat } from '../io/half';
import type { LlamaConfig, LlamaParams } from '../models/llama-params';

/** MLC quantisations publish writes. */
export type MlcQuantization = 'q4f16_1' | 'q4f32_1';
export const MLC_QUANTIZATIONS: readonly MlcQuantization[] = ['q4f16_1', 'q4f32_1'];
export const MLC_GROUP = 32;
const SHARD_CAP = 32 * 2 ** 20;

/** One tensor of the cache, with its bytes. */
export interface MlcTensor {
  name: string;
  shape: number[];
  dtype: 'uint32' | 'float16' | 'float32';
  data: Uint8Array;
}

const f16 = (x: number): number => halfBitsToFloat(floatToHalfBits(x));

/** Round half to even (what LLVM's nearbyint does under the default rounding mode). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x), d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Group-quantised weight: codes packed in uint32 [N, 4·ng] and scales [N, ng] as float32 values (already f16-rounded for f16). */
export interface MlcGroupWeight {
  N: number;
  K: number;
  groups: number;
  qWeight: Uint32Array;
  qScale: Float32Array;
}

/** q4 group quantisation of W [N, K] in the model dtype (float16: every intermediate rounded to f16). */
export function mlcGroupQuantize(w: Float32Array, N: number, K: number, modelDtype: 'float16' | 'float32'): MlcGroupWeight {
  if (w.length !== N * K) throw new Error(`mlcGroupQuantize: ${w.length} values for [${N}, ${K}]`);
  const cast = modelDtype === 'float16' ? f16 : Math.fround;
  const groups = Math.ceil(K / MLC_GROUP);
  const qWeight = new Uint32Array(N * groups * 4);
  const qScale = new Float32Array(N * groups);
  for (let n = 0; n < N; n++) {
    for (let g = 0; g < groups; g++) {
      let maxAbs = 0;
      for (let r = 0; r < MLC_GROUP && g * MLC_GROUP + r < K; r++) maxAbs = Math.max(maxAbs, Math.abs(cast(w[n * K + g * MLC_GROUP + r])));
      const scale = cast(Math.max(maxAbs, 1e-4) / 7);
      qScale[n * groups + g] = scale;
      for (let r = 0; r < MLC_GROUP; r++) {
        const k = g * MLC_GROUP + r;
        if (k >= K) break;
        const code = Math.min(14, Math.max(0, roundHalfEven(cast(cast(cast(w[n * K + k]) / scale) + 7))));
        const word = n * groups * 4 + (k >> 3);
        qWeight[word] = (qWeight[word] | (code << (4 * (k & 7)))) >>> 0;
      }
    }
  }
  return { N, K, groups, qWeight, qScale };
}

/** Dequantise MLC q4 codes and scales back to W' [N, K]. */
export function mlcGroupDequantize(qWeight: Uint32Array, qScale: Float32Array, N: number, K: number): Float32Array {
  const groups = Math.ceil(K / MLC_GROUP);
  const out = new Float32Array(N * K);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const code = (qWeight[n * groups * 4 + (k >> 3)] >>> (4 * (k & 7))) & 0xf;
      out[n * K + k] = (code - 7) * qScale[n * groups + (k >> 5)];
    }
  }
  return out;
}

const bytes = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function floatTensor(name: string, shape: number[], data: Float32Array, modelDtype: 'float16' | 'float32'): MlcTensor {
  return modelDtype === 'float16'
    ? { name, shape, dtype: 'float16', data: bytes(Uint16Array.from(data, (v) => floatToHalfBits(v))) }
    : { name, shape, dtype: 'float32', data: bytes(Float32Array.from(data)) };
}

function quantTensors(name: string, w: Float32Array, N: number, K: number, modelDtype: 'float16' | 'float32'): MlcTensor[] {
  const q = mlcGroupQuantize(w, N, K, modelDtype);
  return [
    { name: `${name}.q_weight`, shape: [N, q.groups * 4], dtype: 'uint32', data: bytes(q.qWeight) },
    floatTensor(`${name}.q_scale`, [N, q.groups], q.qScale, modelDtype)
  ];
}

/** The MLC architecture a LlamaConfig maps to: Qwen2 (attention bias, `c_attn`) or Llama (`qkv_proj`). */
export function mlcModelType(cfg: LlamaConfig): 'llama' | 'qwen2' {
  return cfg.attentionBias ? 'qwen2' : 'llama';
}

/** Parameter names, shapes and dtypes MLC's model definition declares for this config (B5), in dump order. */
export function mlcParamSpecs(cfg: LlamaConfig, quantization: MlcQuantization): { name: string; shape: number[]; dtype: string }[] {
  const dt = quantization === 'q4f16_1' ? 'float16' : 'float32';
  const { hidden: H, intermediate: I, heads: hq, kvHeads: hkv, headDim: d, vocabSize: V } = cfg;
  const ng = (k: number): number => Math.ceil(k / MLC_GROUP);
  const q = (name: string, N: number, K: number) => [
    { name: `${name}.q_weight`, shape: [N, 4 * ng(K)], dtype: 'uint32' }, { name: `${name}.q_scale`, shape: [N, ng(K)], dtype: dt }
  ];
  const attn = mlcModelType(cfg) === 'qwen2' ? 'c_attn' : 'qkv_proj';
  const specs = [...q('model.embed_tokens', V, H)];
  for (let l = 0; l < cfg.layers; l++) {
    const p = `model.layers.${l}`;
    specs.push(...q(`${p}.self_attn.${attn}`, (hq + 2 * hkv) * d, H));
    if (cfg.attentionBias) specs.push({ name: `${p}.self_attn.${attn}.bias`, shape: [(hq + 2 * hkv) * d], dtype: dt });
    specs.push(...q(`${p}.self_attn.o_proj`, H, hq * d), ...q(`${p}.mlp.gate_up_proj`, 2 * I, H), ...q(`${p}.mlp.down_proj`, H, I));
    specs.push({ name: `${p}.input_layernorm.weight`, shape: [H], dtype: dt }, { name: `${p}.post_attention_layernorm.weight`, shape: [H], dtype: dt });
  }
  specs.push({ name: 'model.norm.weight', shape: [H], dtype: dt });
  if (!cfg.tiedEmbeddings) specs.push(...q('lm_head', V, H));
  return specs;
}

/** Quantise a decoder's weights into MLC tensors (names, shapes and order of mlcParamSpecs). */
export function mlcTensors(cfg: LlamaConfig, params: LlamaParams, quantization: MlcQuantization): MlcTensor[] {
  const dt = quantization === 'q4f16_1' ? 'float16' : 'float32';
  const { hidden: H, intermediate: I, heads: hq, kvHeads: hkv, headDim: d, vocabSize: V } = cfg;
  const QD = hq * d, KVD = hkv * d;
  const sl = (a: Float32Array, n: number, l: number): Float32Array => a.subarray(l * n, (l + 1) * n);
  const rows = (...parts: Float32Array[]): Float32Array => {
    const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) out.set(p, (at += p.length) - p.length);
    return out;
  };
  const attn = mlcModelType(cfg) === 'qwen2' ? 'c_attn' : 'qkv_proj';
  const out = quantTensors('model.embed_tokens', params.embed, V, H, dt);
  for (let l = 0; l < cfg.layers; l++) {
    const p = `model.layers.${l}`;
    // Groups run along K inside a row, so quantising the stacked rows equals quantising q, k, v separately (B4).
    out.push(...quantTensors(`${p}.self_attn.${attn}`, rows(sl(params.wq, QD * H, l), sl(params.wk, KVD * H, l), sl(params.wv, KVD * H, l)), QD + 2 * KVD, H, dt));
    if (cfg.attentionBias) out.push(floatTensor(`${p}.self_attn.${attn}.bias`, [QD + 2 * KVD], rows(sl(params.bq, QD, l), sl(params.bk, KVD, l), sl(params.bv, KVD, l)), dt));
    out.push(...quantTensors(`${p}.self_attn.o_proj`, sl(params.wo, H * QD, l), H, QD, dt));
    out.push(...quantTensors(`${p}.mlp.gate_up_proj`, rows(sl(params.wGate, I * H, l), sl(params.wUp, I * H, l)), 2 * I, H, dt));
    out.push(...quantTensors(`${p}.mlp.down_proj`, sl(params.wDown, H * I, l), H, I, dt));
    out.push(floatTensor(`${p}.input_layernorm.weight`, [H], sl(params.attnNorm, H, l), dt));
    out.push(floatTensor(`${p}.post_attention_layernorm.weight`, [H], sl(params.ffnNorm, H, l), dt));
  }
  out.push(floatTensor('model.norm.weight', [H], params.finalNorm, dt));
  if (!cfg.tiedEmbeddings) out.push(...quantTensors('lm_head', params.lmHead, V, H, dt));
  return out;
}

/** A record of tensor-cache.json. */
export interface TensorCacheRecord {
  name: string;
  shape: number[];
  dtype: string;
  format: 'raw' | 'f32-to-bf16';
  nbytes: number;
  byteOffset: number;
}

/** A shard entry of tensor-cache.json. */
export interface TensorCacheShard {
  dataPath: string;
  format: 'raw-shard';
  nbytes: number;
  records: TensorCacheRecord[];
}

/** tensor-cache.json content plus the shard files it names. */
export interface TensorCache {
  json: { metadata: { ParamSize: number; ParamBytes: number; BitsPerParam: number }; records: TensorCacheShard[] };
  shards: { path: string; data: Uint8Array }[];
}

/** Lay tensors out in shards with tvmjs's TensorCacheShardingManager rule (records in the given order). */
export function shardTensors(tensors: MlcTensor[], cap = SHARD_CAP): TensorCache {
  type Shard = { parts: MlcTensor[]; records: TensorCacheRecord[]; size: number };
  const written: Shard[] = []; // in the order shards are written, which numbers them
  const fresh = (): Shard => ({ parts: [], records: [], size: 0 });
  const add = (s: Shard, t: MlcTensor) => {
    s.records.push({ name: t.name, shape: t.shape, dtype: t.dtype, format: 'raw', nbytes: t.data.byteLength, byteOffset: s.size });
    s.parts.push(t);
    s.size += t.data.byteLength;
  };
  let pending = fresh();
  for (const t of tensors) {
    const len = t.data.byteLength;
    if (pending.size + len >= cap) {
      if (2 * len >= cap) {
        const alone = fresh(); // a large record goes alone into the next shard; the pending one stays open
        add(alone, t);
        written.push(alone);
        continue;
      }
      if (pending.parts.length > 0) written.push(pending);
      pending = fresh();
    }
    add(pending, t);
  }
  if (pending.parts.length > 0) written.push(pending);
  const ordered = written;
  let paramSize = 0, paramBytes = 0;
  for (const t of tensors) {
    const numel = t.shape.reduce((a, b) => a * b, 1);
    // ParamSize counts logical parameters (8 per uint32 of packed codes); bytes are what is stored.
    paramSize += t.dtype === 'uint32' ? numel * 8 : numel;
    paramBytes += t.data.byteLength;
  }
  const records: TensorCacheShard[] = [];
  const files: { path: string; data: Uint8Array }[] = [];
  ordered.forEach((s, i) => {
    const path = `params_shard_${i}.bin`;
    const data = new Uint8Array(s.size);
    s.parts.forEach((p, k) => data.set(p.data, s.records[k].byteOffset));
    records.push({ dataPath: path, format: 'raw-shard', nbytes: s.size, records: s.records });
    files.push({ path, data });
  });
  return { json: { metadata: { ParamSize: paramSize, ParamBytes: paramBytes, BitsPerParam: paramSize ? (8 * paramBytes) / paramSize : 0 }, records }, shards: files };
}

/** Read back every tensor of a tensor cache (the web loader's bounds rules; bf16 records widened to f32). */
export function readTensorCache(json: TensorCache['json'], shardBytes: (path: string) => Uint8Array): Map<string, { record: TensorCacheRecord; data: Uint8Array }> {
  const out = new Map<string, { record: TensorCacheRecord; data: Uint8Array }>();
  for (const shard of json.records) {
    const data = shardBytes(shard.dataPath);
    if (data.byteLength !== shard.nbytes) throw new Error(`tensor-cache.json: ${shard.dataPath} has ${data.byteLength} bytes, the cache says ${shard.nbytes}`);
    for (const r of shard.records) {
      if (r.byteOffset < 0 || r.byteOffset + r.nbytes > shard.nbytes) throw new Error(`tensor-cache.json: record ${r.name} [${r.byteOffset}, +${r.nbytes}) is outside ${shard.dataPath}`);
      if (out.has(r.name)) throw new Error(`tensor-cache.json: record ${r.name} appears twice`);
      let bytesOut = data.slice(r.byteOffset, r.byteOffset + r.nbytes);
      if (r.format === 'f32-to-bf16' && r.dtype === 'float32') {
        const bf = new Uint16Array(bytesOut.buffer);
        bytesOut = new Uint8Array(Uint32Array.from(bf, (b) => b << 16).buffer);
      }
      out.set(r.name, { record: r, data: bytesOut });
    }
  }
  return out;
}

/**
 * tokenizer_info of mlc-chat-config.json, detected from tokenizer.json as MLC's tokenizers.cc does (B3): byte_level
 * with a ByteLevel decoder, else byte_fallback; prepend_space_in_encode with a Prepend "▁" normaliser;
 * strip_space_in_decode with a Strip(" ", 1, 0) decoder.
 */
export function mlcTokenizerInfo(tokenizerJson: Record<string, unknown>): { token_postproc_method: string; prepend_space_in_encode: boolean; strip_space_in_decode: boolean } {
  const flat = (node: unknown, key: 'decoders' | 'normalizers'): Record<string, unknown>[] => {
    if (!node || typeof node !== 'object') return [];
    const n = node as Record<string, unknown>;
    return n.type === 'Sequence' && Array.isArray(n[key]) ? (n[key] as unknown[]).flatMap((c) => flat(c, key)) : [n];
  };
  const decoders = flat(tokenizerJson.decoder, 'decoders');
  const normalizers = flat(tokenizerJson.normalizer, 'normalizers');
  return {
    token_postproc_method: decoders.some((d) => d.type === 'ByteLevel') ? 'byte_level' : 'byte_fallback',
    prepend_space_in_encode: normalizers.some((n) => n.type === 'Prepend' && n.prepend === '\u2581'),
    strip_space_in_decode: decoders.some((d) => d.type === 'Strip' && d.content === ' ' && d.start === 1 && d.stop === 0)
  };
}
