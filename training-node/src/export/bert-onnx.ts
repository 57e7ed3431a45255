/**
 * A BERT encoder (our BertConfig + BertParams, e.g. a trained matcher) as the ONNX graph transformers.js loads for
 * `feature-extraction`: inputs input_ids / attention_mask / token_type_ids int64 [batch_size, sequence_length],
 * output last_hidden_state float32 [batch_size, sequence_length, hidden] (optimum's BertOnnxConfig, A4); pooling and
 * L2 normalisation stay in JavaScript (`{pooling: 'mean', normalize: true}`), exactly as the app calls it.
 *
 * Graph = models/bert.ts bertForward: LayerNorm(word[ids] + position[0..S) + type[tt]); per layer q,k,v → scaled dot
 * product with additive key mask → o → +x → LayerNorm → W1 → erf-GELU → W2 → +x1 → LayerNorm.
 * Non-goals: pooler/CLS heads, LoRA (publish merges adapters first), fused attention contrib ops.
 * Shape legend: B = batch_size, S = sequence_length, C = hidden, NH = heads, HS = C/NH, I = intermediate, L = layers.
 */
import { type BertConfig, type BertParams } from '../models/bert';
import { LinearEmitter, type OnnxWeightFormat } from './onnx-linear';
import { OnnxDataType, OnnxGraph } from './onnx-graph';

/** Additive attention bias of masked keys (exp underflows to exactly 0 next to any visible key). */
export const MASK_BIAS = -1e9;

/** The feature-extraction ONNX model of a BERT encoder as ModelProto bytes (weights inline). */
export function bertOnnxModel(cfg: BertConfig, params: BertParams, format: OnnxWeightFormat, metadata: Record<string, string> = {}): Uint8Array {
  return bertOnnxGraph(cfg, params, format, metadata).encode();
}

/** Build the feature-extraction ONNX graph of a BERT encoder (encode it with encode() or encodeFiles()). */
export function bertOnnxGraph(cfg: BertConfig, params: BertParams, format: OnnxWeightFormat, metadata: Record<string, string> = {}): OnnxGraph {
  const { hidden: C, intermediate: I, heads: NH, layers: L } = cfg;
  const HS = C / NH;
  const g = new OnnxGraph('bert_feature_extraction');
  const lin = new LinearEmitter(g, format);
  const dims = ['batch_size', 'sequence_length'];
  const ids = g.input('input_ids', OnnxDataType.INT64, dims);
  const mask = g.input('attention_mask', OnnxDataType.INT64, dims);
  const types = g.input('token_type_ids', OnnxDataType.INT64, dims);

  // Embeddings: word (quantised in q8), position 0..S-1 and token type (kept float32: small tables).
  const S = g.op('Gather', [g.op('Shape', [ids], {}, { name: 'ids_shape' }), g.constI64([1], [])], { axis: { i: 0 } }, { name: 'seq_len' });
  const positions = g.op('Range', [g.constI64([0], []), S, g.constI64([1], [])], {}, { name: 'positions' });
  const word = lin.embedding(ids, 'embeddings.word_embeddings', params.wordEmb, cfg.vocabSize, C);
  const pos = lin.embedding(positions, 'embeddings.position_embeddings', params.posEmb, cfg.maxPositions, C, false);
  const type = lin.embedding(types, 'embeddings.token_type_embeddings', params.typeEmb, cfg.typeVocabSize, C, false);
  const sum = g.op('Add', [g.op('Add', [word, pos], {}, { name: 'emb_word_pos' }), type], {}, { name: 'emb_sum' });
  const layerNorm = (x: string, w: Float32Array, b: Float32Array, name: string): string =>
    g.op('LayerNormalization', [x, g.f32(`${name}.weight`, [C], w), g.f32(`${name}.bias`, [C], b)], { axis: { i: -1 }, epsilon: { f: cfg.layerNormEps } }, { name });
  let x = layerNorm(sum, params.embLnW, params.embLnB, 'embeddings.LayerNorm');

  // Key mask [B, 1, 1, S]: 0 for real tokens, MASK_BIAS for padding.
  const maskF = g.op('Cast', [mask], { to: { i: OnnxDataType.FLOAT } }, { name: 'mask_float' });
  const inverted = g.op('Sub', [g.constF32([1], []), maskF], {}, { name: 'mask_inverted' });
  const bias = g.op('Unsqueeze', [g.op('Mul', [inverted, g.constF32([MASK_BIAS], [])], {}, { name: 'mask_bias' }), g.constI64([1, 2])], {}, { name: 'mask_bias_4d' });
  const scale = g.constF32([1 / Math.sqrt(HS)], []);
  const headShape = g.constI64([0, 0, NH, HS]);
  const mergeShape = g.constI64([0, 0, C]);
  const sqrtHalf = g.constF32([Math.SQRT1_2], []);

  for (let l = 0; l < L; l++) {
    const p = `encoder.layer.${l}`;
    const sl = (a: Float32Array, n: number): Float32Array => a.subarray(l * n, (l + 1) * n);
    const proj = (name: string, w: Float32Array, b: Float32Array): string => lin.linear(x, `${p}.attention.self.${name}`, { w: sl(w, C * C), N: C, K: C, bias: sl(b, C) });
    const heads = (t: string, perm: number[], name: string): string =>
      g.op('Transpose', [g.op('Reshape', [t, headShape], {}, { name: `${p}/${name}_split` })], { perm: { ints: perm } }, { name: `${p}/${name}_heads` });
    const q = heads(proj('query', params.wq, params.bq), [0, 2, 1, 3], 'q'); // [B, NH, S, HS]
    const kT = heads(proj('key', params.wk, params.bk), [0, 2, 3, 1], 'k'); // [B, NH, HS, S]
    const v = heads(proj('value', params.wv, params.bv), [0, 2, 1, 3], 'v');
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, kT], {}, { name: `${p}/scores` }), scale], {}, { name: `${p}/scaled` }), bias], {}, { name: `${p}/masked` });
    const probs = g.op('Softmax', [scores], { axis: { i: -1 } }, { name: `${p}/softmax` });
    const ctx = g.op('Reshape', [g.op('Transpose', [g.op('MatMul', [probs, v], {}, { name: `${p}/context` })], { perm: { ints: [0, 2, 1, 3] } }, { name: `${p}/context_t` }), mergeShape], {}, { name: `${p}/context_merged` });
    const o = lin.linear(ctx, `${p}.attention.output.dense`, { w: sl(params.wo, C * C), N: C, K: C, bias: sl(params.bo, C) });
    const x1 = layerNorm(g.op('Add', [x, o], {}, { name: `${p}/residual1` }), sl(params.ln1W, C), sl(params.ln1B, C), `${p}.attention.output.LayerNorm`);
    const pre = lin.linear(x1, `${p}.intermediate.dense`, { w: sl(params.wInter, I * C), N: I, K: C, bias: sl(params.bInter, I) });
    // Exact GELU: 0.5·x·(1 + erf(x/√2)).
    const erf = g.op('Erf', [g.op('Mul', [pre, sqrtHalf], {}, { name: `${p}/gelu_scale` })], {}, { name: `${p}/gelu_erf` });
    const gelu = g.op('Mul', [g.op('Mul', [pre, g.op('Add', [erf, g.constF32([1], [])], {}, { name: `${p}/gelu_1p` })], {}, { name: `${p}/gelu_x` }), g.constF32([0.5], [])], {}, { name: `${p}/gelu` });
    const f = lin.linear(gelu, `${p}.output.dense`, { w: sl(params.wOut, C * I), N: C, K: I, bias: sl(params.bOut, C) });
    x = layerNorm(g.op('Add', [x1, f], {}, { name: `${p}/residual2` }), sl(params.ln2W, C), sl(params.ln2B, C), `${p}.output.LayerNorm`);
  }
  g.output('last_hidden_state', OnnxDataType.FLOAT, ['batch_size', 'sequence_length', C], x);
  g.docString = `BERT feature extraction (${format}), written by training-node publish`;
  g.metadata = { format, ...metadata };
  return g;
}
