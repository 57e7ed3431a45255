/**
 * Linear layers and embedding lookups in the four ONNX weight formats publish writes, on an OnnxGraph:
 *   f32   MatMul(x, Wᵀ) with Wᵀ [K, N] float32 (what exporters write for nn.Linear);
 *   q8    DynamicQuantizeLinear(x) → MatMulInteger(xq, Wq int8 [K, N], x_zp, 0) → Cast(float) · (x_scale · w_scale[N])
 *         (ORT's IntegerOps dynamic quantisation pattern, PUBLISHING-FORMATS.md A8); embeddings int8 per row;
 *   q4    com.microsoft.MatMulNBits(x, B, scales) bits 4 block 32, float32 scales, embeddings float32;
 *   q4f16 the same with float16 scales and activations: Cast(x → f16) → MatMulNBits → Cast(→ f32), embeddings f16.
 * Biases stay a separate float32 Add (ORT-web's WebGPU MatMulNBits takes 3-4 inputs, A9). Graph I/O is float32 in
 * every format (keep_io_types, A7), so transformers.js feeds every variant the same way.
 *
 * Non-goals: an all-f16 graph (norms, attention and residuals compute in float32 in q4f16 too — the file holds
 * 4-bit weights, f16 scales and an f16 embedding table). Shape legend: W [N, K] = [out, in]; x [..., K] → [..., N].
 */
import { floatToHalfBits } from '../io/half';
import { MS_DOMAIN, OnnxDataType, type OnnxGraph } from './onnx-graph';
import { Q4_BLOCK, quantizeInt8Columns, quantizeInt8Rows, quantizeMatMulNBits } from './quantize';

/** Weight format of one ONNX file (transformers.js dtype: fp32, q8, q4, q4f16). */
export type OnnxWeightFormat = 'fp32' | 'q8' | 'q4' | 'q4f16';

/** ONNX file name of each format in `onnx/` (transformers.js DEFAULT_DTYPE_SUFFIX_MAPPING, A2). */
export const ONNX_FILE_OF: Record<OnnxWeightFormat, string> = {
  fp32: 'model.onnx', q8: 'model_quantized.onnx', q4: 'model_q4.onnx', q4f16: 'model_q4f16.onnx'
};

/** One Linear layer's weights in PyTorch layout. */
export interface LinearWeights {
  w: Float32Array; // [N, K]
  N: number;
  K: number;
  bias?: Float32Array | null; // [N]
}

function halfBits(data: Float32Array): Uint16Array {
  return Uint16Array.from(data, (v) => floatToHalfBits(v));
}

function transpose(w: Float32Array, N: number, K: number): Float32Array {
  const t = new Float32Array(N * K);
  for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) t[k * N + n] = w[n * K + k];
  return t;
}

/** Emits linears/embeddings in one format, sharing per-input conversions (quantised or f16 copies of x). */
export class LinearEmitter {
  private readonly shared = new Map<string, string[]>();

  constructor(readonly g: OnnxGraph, readonly format: OnnxWeightFormat) {}

  private once(key: string, make: () => string[]): string[] {
    let v = this.shared.get(key);
    if (!v) this.shared.set(key, (v = make()));
    return v;
  }

  /** y = x·Wᵀ (+ bias); `name` prefixes the weight initializers (e.g. "layers.0.attn.q_proj"). */
  linear(x: string, name: string, lw: LinearWeights): string {
    const { g } = this;
    const { w, N, K } = lw;
    let y: string;
    switch (this.format) {
      case 'fp32':
        y = g.op('MatMul', [x, g.f32(`${name}.weight`, [K, N], transpose(w, N, K))], {}, { name: `${name}/MatMul` });
        break;
      case 'q8': {
        const [xq, xs, xzp] = this.once(`dql:${x}`, () => g.opN('DynamicQuantizeLinear', [x], {}, { outputCount: 3, name: `${x}/DynamicQuantizeLinear` }));
        const q = quantizeInt8Columns(w, N, K);
        const wq = g.i8(`${name}.weight_quantized`, [K, N], q.q);
        const wzp = g.i8(`${name}.weight_zero_point`, [], new Int8Array(1));
        const ws = g.f32(`${name}.weight_scale`, [N], q.scales);
        const acc = g.op('MatMulInteger', [xq, wq, xzp, wzp], {}, { name: `${name}/MatMulInteger` });
        const scale = g.op('Mul', [xs, ws], {}, { name: `${name}/scale` });
        y = g.op('Mul', [g.op('Cast', [acc], { to: { i: OnnxDataType.FLOAT } }, { name: `${name}/Cast` }), scale], {}, { name: `${name}/dequant` });
        break;
      }
      case 'q4':
      case 'q4f16': {
        const f16 = this.format === 'q4f16';
        const q = quantizeMatMulNBits(w, N, K, Q4_BLOCK);
        const a = f16 ? this.once(`f16:${x}`, () => [g.op('Cast', [x], { to: { i: OnnxDataType.FLOAT16 } }, { name: `${x}/to_f16` })])[0] : x;
        const b = g.u8(`${name}.weight_Q4`, [N, q.kBlocks, Q4_BLOCK / 2], q.packed);
        const s = f16 ? g.f16(`${name}.weight_scales`, [N * q.kBlocks], halfBits(q.scales)) : g.f32(`${name}.weight_scales`, [N * q.kBlocks], q.scales);
        const attrs = { K: { i: K }, N: { i: N }, bits: { i: 4 }, block_size: { i: Q4_BLOCK } };
        const out = g.op('MatMulNBits', [a, b, s], attrs, { name: `${name}/MatMulNBits`, domain: MS_DOMAIN });
        y = f16 ? g.op('Cast', [out], { to: { i: OnnxDataType.FLOAT } }, { name: `${name}/to_f32` }) : out;
        break;
      }
    }
    return lw.bias ? g.op('Add', [y, g.f32(`${name}.bias`, [N], lw.bias)], {}, { name: `${name}/Add` }) : y;
  }

  /**
   * Rows of table [R, C] picked by int64 `ids` → float32 [..., C]. `quantize` false keeps float32 whatever the
   * format (small tables: positions, token types).
   */
  embedding(ids: string, name: string, table: Float32Array, R: number, C: number, quantize = true): string {
    const { g } = this;
    const fmt = quantize ? this.format : 'fp32';
    if (fmt === 'q8') {
      const { q, scales } = quantizeInt8Rows(table, R, C);
      const rows = g.op('Gather', [g.i8(`${name}.weight_quantized`, [R, C], q), ids], { axis: { i: 0 } }, { name: `${name}/Gather` });
      const rowScales = g.op('Gather', [g.f32(`${name}.weight_scale`, [R], scales), ids], { axis: { i: 0 } }, { name: `${name}/GatherScale` });
      const scaled = g.op('Unsqueeze', [rowScales, g.constI64([-1])], {}, { name: `${name}/scale_unsqueeze` });
      return g.op('Mul', [g.op('Cast', [rows], { to: { i: OnnxDataType.FLOAT } }, { name: `${name}/Cast` }), scaled], {}, { name: `${name}/dequant` });
    }
    if (fmt === 'q4f16') {
      const rows = g.op('Gather', [g.f16(`${name}.weight`, [R, C], halfBits(table)), ids], { axis: { i: 0 } }, { name: `${name}/Gather` });
      return g.op('Cast', [rows], { to: { i: OnnxDataType.FLOAT } }, { name: `${name}/to_f32` });
    }
    return g.op('Gather', [g.f32(`${name}.weight`, [R, C], table), ids], { axis: { i: 0 } }, { name: `${name}/Gather` });
  }
}
