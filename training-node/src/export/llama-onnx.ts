/**
 * A Llama-family decoder (Llama, Qwen2 with q/k/v bias, Mistral-style sliding windows; our LlamaConfig + LlamaParams)
 * as the ONNX graph transformers.js drives for text-generation with a KV cache (optimum's decoder contract, A5):
 *   in   input_ids, position_ids int64 [batch_size, sequence_length]; attention_mask int64 [batch_size, total_sequence_length];
 *        past_key_values.{l}.key|value float32 [batch_size, NKV, past_sequence_length, HS] (length 0 on the first step)
 *   out  logits float32 [batch_size, sequence_length, V]; present.{l}.key|value [batch_size, NKV, total_sequence_length, HS]
 * Batch dim named exactly `batch_size` and fixed NKV / HS: transformers.js v4 builds the empty first-step cache from
 * the input metadata, replacing symbolic dims by 0 except batch_size (A5 item 4).
 *
 * Graph = models/llama.ts llamaForward: RMSNorm, q/k/v (+bias), RoPE in the rotate-half convention on position_ids
 * (inv_freq from llamaRopeInvFreq, so linear and llama3 scaling are baked in), grouped-query attention over
 * concat(past, new) with a mask from attention_mask (padding), the query's index (causal: key j visible to query i
 * iff j ≤ past + i) and the layer's sliding window, o_proj + residual, RMSNorm, SwiGLU MLP + residual, final norm,
 * lm_head (the embedding when tied). GQA multiplies q reshaped to [B, NKV, NH/NKV, S, HS] with k/v unsqueezed to
 * [B, NKV, 1, T, HS]: query head h reads kv head ⌊h·NKV/NH⌋, as HF repeat_kv.
 * Non-goals: num_logits_to_keep, merged decoders (use_cache_branch), attention sinks, fused GroupQueryAttention.
 * Shape legend: B batch, S new tokens, T = past + S, C hidden, NH/NKV heads, HS head dim, QD = NH·HS, I intermediate, V vocab.
 */
import { type LlamaConfig, llamaLayerWindow, type LlamaParams, llamaRopeInvFreq } from '../models/llama-params';
import { MASK_BIAS } from './bert-onnx';
import { LinearEmitter, type OnnxWeightFormat } from './onnx-linear';
import { OnnxDataType, OnnxGraph } from './onnx-graph';

/** The text-generation ONNX model (with KV cache I/O) of a decoder as ModelProto bytes (weights inline). */
export function llamaOnnxModel(cfg: LlamaConfig, params: LlamaParams, format: OnnxWeightFormat, metadata: Record<string, string> = {}): Uint8Array {
  return llamaOnnxGraph(cfg, params, format, metadata).encode();
}

/** Build the text-generation ONNX graph of a decoder (encode it with encode() or encodeFiles()). */
export function llamaOnnxGraph(cfg: LlamaConfig, params: LlamaParams, format: OnnxWeightFormat, metadata: Record<string, string> = {}): OnnxGraph {
  const { hidden: C, intermediate: I, heads: NH, kvHeads: NKV, headDim: HS, layers: L, vocabSize: V } = cfg;
  const QD = NH * HS, KVD = NKV * HS, rep = NH / NKV;
  const g = new OnnxGraph('llama_text_generation');
  const lin = new LinearEmitter(g, format);
  const ids = g.input('input_ids', OnnxDataType.INT64, ['batch_size', 'sequence_length']);
  const mask = g.input('attention_mask', OnnxDataType.INT64, ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', OnnxDataType.INT64, ['batch_size', 'sequence_length']);
  const past: [string, string][] = [];
  for (let l = 0; l < L; l++) {
    const cache = (kind: string): string => g.input(`past_key_values.${l}.${kind}`, OnnxDataType.FLOAT, ['batch_size', NKV, 'past_sequence_length', HS]);
    past.push([cache('key'), cache('value')]);
  }

  let x = lin.embedding(ids, 'model.embed_tokens', params.embed, V, C);

  // RoPE tables [B, 1, S, HS]: angle = position · inv_freq, duplicated over both halves (rotate-half layout).
  const pos = g.op('Unsqueeze', [g.op('Cast', [positionIds], { to: { i: OnnxDataType.FLOAT } }, { name: 'positions_float' }), g.constI64([-1])], {}, { name: 'positions_col' });
  const freqs = g.op('Mul', [pos, g.f32('rotary.inv_freq', [HS / 2], llamaRopeInvFreq(cfg))], {}, { name: 'rope_freqs' });
  const angles = g.op('Concat', [freqs, freqs], { axis: { i: -1 } }, { name: 'rope_angles' });
  const cos = g.op('Unsqueeze', [g.op('Cos', [angles], {}, { name: 'rope_cos_raw' }), g.constI64([1])], {}, { name: 'rope_cos' });
  const sin = g.op('Unsqueeze', [g.op('Sin', [angles], {}, { name: 'rope_sin_raw' }), g.constI64([1])], {}, { name: 'rope_sin' });
  const halves = g.constI64([HS / 2, HS / 2]);
  const rope = (t: string, name: string): string => {
    const [a, b] = g.opN('Split', [t, halves], { axis: { i: -1 } }, { outputCount: 2, name: `${name}_halves` });
    const rotated = g.op('Concat', [g.op('Neg', [b], {}, { name: `${name}_neg` }), a], { axis: { i: -1 } }, { name: `${name}_rotated` });
    return g.op('Add', [g.op('Mul', [t, cos], {}, { name: `${name}_cos` }), g.op('Mul', [rotated, sin], {}, { name: `${name}_sin` })], {}, { name: `${name}_rope` });
  };

  // Attention bias [B, 1, 1, S, T] per window size: 0 where visible, MASK_BIAS elsewhere.
  const total = g.op('Gather', [g.op('Shape', [mask], {}, { name: 'mask_shape' }), g.constI64([1], [])], { axis: { i: 0 } }, { name: 'total_len' });
  const seq = g.op('Gather', [g.op('Shape', [ids], {}, { name: 'ids_shape' }), g.constI64([1], [])], { axis: { i: 0 } }, { name: 'seq_len' });
  const pastLen = g.op('Sub', [total, seq], {}, { name: 'past_len' });
  const qIdx = g.op('Unsqueeze', [g.op('Range', [pastLen, total, g.constI64([1], [])], {}, { name: 'query_index_1d' }), g.constI64([1])], {}, { name: 'query_index' }); // [S, 1]
  const kIdx = g.op('Unsqueeze', [g.op('Range', [g.constI64([0], []), total, g.constI64([1], [])], {}, { name: 'key_index_1d' }), g.constI64([0])], {}, { name: 'key_index' }); // [1, T]
  const padding = g.op('Unsqueeze', [g.op('Cast', [mask], { to: { i: OnnxDataType.BOOL } }, { name: 'mask_bool' }), g.constI64([1, 2, 3])], {}, { name: 'key_visible' }); // [B,1,1,1,T]
  const visible = g.op('And', [g.op('LessOrEqual', [kIdx, qIdx], {}, { name: 'causal' }), padding], {}, { name: 'visible' });
  const biases = new Map<number, string>();
  const biasFor = (window: number): string => {
    let bias = biases.get(window);
    if (bias) return bias;
    let allowed = visible;
    if (window > 0) {
      const distance = g.op('Sub', [qIdx, kIdx], {}, { name: `distance_w${window}` });
      allowed = g.op('And', [visible, g.op('Less', [distance, g.constI64([window], [])], {}, { name: `in_window_${window}` })], {}, { name: `visible_w${window}` });
    }
    bias = g.op('Where', [allowed, g.constF32([0], []), g.constF32([MASK_BIAS], [])], {}, { name: `attention_bias_w${window}` });
    biases.set(window, bias);
    return bias;
  };

  const rmsnorm = (t: string, w: Float32Array, name: string): string => {
    const meanSq = g.op('ReduceMean', [g.op('Mul', [t, t], {}, { name: `${name}_sq` })], { axes: { ints: [-1] }, keepdims: { i: 1 } }, { name: `${name}_mean` });
    const rms = g.op('Sqrt', [g.op('Add', [meanSq, g.constF32([cfg.rmsEps], [])], {}, { name: `${name}_eps` })], {}, { name: `${name}_rms` });
    return g.op('Mul', [g.op('Div', [t, rms], {}, { name: `${name}_normed` }), g.f32(`${name}.weight`, [C], w)], {}, { name });
  };
  const scale = g.constF32([1 / Math.sqrt(HS)], []);
  const qHeads = g.constI64([0, 0, NH, HS]);
  const kvHeads = g.constI64([0, 0, NKV, HS]);
  const qGroups = g.constI64([0, NKV, rep, -1, HS]);
  const ungroup = g.constI64([0, NH, -1, HS]);
  const merge = g.constI64([0, 0, QD]);
  const axis2 = g.constI64([2]);

  for (let l = 0; l < L; l++) {
    const p = `model.layers.${l}`;
    const sl = (a: Float32Array, n: number): Float32Array => a.subarray(l * n, (l + 1) * n);
    const bias = (a: Float32Array, n: number): Float32Array | null => (cfg.attentionBias ? sl(a, n) : null);
    const h = rmsnorm(x, sl(params.attnNorm, C), `${p}.input_layernorm`);
    const heads = (t: string, shape: string, name: string): string =>
      g.op('Transpose', [g.op('Reshape', [t, shape], {}, { name: `${p}/${name}_split` })], { perm: { ints: [0, 2, 1, 3] } }, { name: `${p}/${name}_heads` });
    const q = rope(heads(lin.linear(h, `${p}.self_attn.q_proj`, { w: sl(params.wq, QD * C), N: QD, K: C, bias: bias(params.bq, QD) }), qHeads, 'q'), `${p}/q`);
    const k = rope(heads(lin.linear(h, `${p}.self_attn.k_proj`, { w: sl(params.wk, KVD * C), N: KVD, K: C, bias: bias(params.bk, KVD) }), kvHeads, 'k'), `${p}/k`);
    const v = heads(lin.linear(h, `${p}.self_attn.v_proj`, { w: sl(params.wv, KVD * C), N: KVD, K: C, bias: bias(params.bv, KVD) }), kvHeads, 'v');
    const presentK = g.op('Concat', [past[l][0], k], { axis: { i: 2 } }, { outputs: [`present.${l}.key`] });
    const presentV = g.op('Concat', [past[l][1], v], { axis: { i: 2 } }, { outputs: [`present.${l}.value`] });
    const kT = g.op('Unsqueeze', [g.op('Transpose', [presentK], { perm: { ints: [0, 1, 3, 2] } }, { name: `${p}/k_t` }), axis2], {}, { name: `${p}/k_groups` });
    const scores = g.op('MatMul', [g.op('Reshape', [q, qGroups], {}, { name: `${p}/q_groups` }), kT], {}, { name: `${p}/scores` });
    const masked = g.op('Add', [g.op('Mul', [scores, scale], {}, { name: `${p}/scaled` }), biasFor(llamaLayerWindow(cfg, l))], {}, { name: `${p}/masked` });
    const probs = g.op('Softmax', [masked], { axis: { i: -1 } }, { name: `${p}/softmax` });
    const ctx = g.op('MatMul', [probs, g.op('Unsqueeze', [presentV, axis2], {}, { name: `${p}/v_groups` })], {}, { name: `${p}/context` });
    const merged = g.op('Reshape', [g.op('Transpose', [g.op('Reshape', [ctx, ungroup], {}, { name: `${p}/context_heads` })], { perm: { ints: [0, 2, 1, 3] } }, { name: `${p}/context_t` }), merge], {}, { name: `${p}/context_merged` });
    const o = lin.linear(merged, `${p}.self_attn.o_proj`, { w: sl(params.wo, C * QD), N: C, K: QD });
    x = g.op('Add', [x, o], {}, { name: `${p}/residual_attn` });
    const h2 = rmsnorm(x, sl(params.ffnNorm, C), `${p}.post_attention_layernorm`);
    const gate = lin.linear(h2, `${p}.mlp.gate_proj`, { w: sl(params.wGate, I * C), N: I, K: C });
    const up = lin.linear(h2, `${p}.mlp.up_proj`, { w: sl(params.wUp, I * C), N: I, K: C });
    const act = g.op('Mul', [g.op('Mul', [gate, g.op('Sigmoid', [gate], {}, { name: `${p}/gate_sigmoid` })], {}, { name: `${p}/gate_silu` }), up], {}, { name: `${p}/swiglu` });
    const down = lin.linear(act, `${p}.mlp.down_proj`, { w: sl(params.wDown, C * I), N: C, K: I });
    x = g.op('Add', [x, down], {}, { name: `${p}/residual_mlp` });
  }
  const final = rmsnorm(x, params.finalNorm, 'model.norm');
  let logits: string;
  if (cfg.tiedEmbeddings && format === 'fp32') {
    // Tied head in f32: read the embedding initializer transposed instead of storing V·C floats twice.
    logits = g.op('MatMul', [final, g.op('Transpose', ['model.embed_tokens.weight'], { perm: { ints: [1, 0] } }, { name: 'lm_head_tied' })], {}, { name: 'lm_head/MatMul' });
  } else {
    logits = lin.linear(final, 'lm_head', { w: cfg.tiedEmbeddings ? params.embed : params.lmHead, N: V, K: C });
  }
  g.output('logits', OnnxDataType.FLOAT, ['batch_size', 'sequence_length', V], logits);
  for (let l = 0; l < L; l++) {
    for (const kind of ['key', 'value']) g.output(`present.${l}.${kind}`, OnnxDataType.FLOAT, ['batch_size', NKV, 'total_sequence_length', HS], `present.${l}.${kind}`);
  }
  g.docString = `Llama-family text generation with KV cache (${format}), written by training-node publish`;
  g.metadata = { format, ...metadata };
  return g;
}
