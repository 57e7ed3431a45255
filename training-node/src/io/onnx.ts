/**
 * Read ONNX initializers (the weights of an exported graph) as float32 tensors.
 *
 * Handles raw_data and typed fields (float_data/int32_data/int64_data), FLOAT, FLOAT16 (→ f32), BFLOAT16,
 * INT32/INT64 (→ f32), and external data (`data_location = EXTERNAL`, keys location/offset/length) through
 * a caller-supplied reader, so this file stays free of Node APIs.
 * Non-goals: executing graphs (onnxruntime does that), sparse initializers, quantized (int4/uint8) weights.
 */
import { bf16BytesToF32, copyBytes, f16BytesToF32 } from './half';
import type { NamedTensor, TensorLookup } from './llama-weights';
import { modelProtoType, OnnxDataType } from './onnx-proto';

/** One decoded initializer. */
export interface OnnxInitializer {
  name: string;
  dims: number[];
  dataType: number;
  data: Float32Array;
}

/** Node summary, for mapping exporter-named initializers (e.g. `onnx::MatMul_123`) to their role. */
export interface OnnxNodeInfo {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, OnnxAttributeValue>;
}

/** A node attribute reduced to plain JS values (tensor/graph attributes are omitted). */
export type OnnxAttributeValue = number | string | number[] | string[];

/** Initializers plus graph structure needed to interpret them. */
export interface OnnxWeights {
  initializers: Map<string, OnnxInitializer>;
  nodes: OnnxNodeInfo[];
  inputNames: string[];
  outputNames: string[];
}

/** Reads `length` bytes at `offset` (whole file when length is undefined) of an external data file. */
export type ExternalDataReader = (location: string, offset: number, length: number | undefined) => Uint8Array;

/** protobufjs returns int64 as a number or a Long-like object. */
interface LongLike {
  toNumber(): number;
}

interface RawTensor {
  name?: string;
  dims?: (number | LongLike)[];
  data_type?: number;
  raw_data?: Uint8Array;
  float_data?: number[];
  int32_data?: number[];
  int64_data?: (number | LongLike)[];
  external_data?: { key?: string; value?: string }[];
  data_location?: number;
}

interface RawAttribute {
  name?: string;
  type?: number;
  f?: number;
  i?: number | LongLike;
  s?: Uint8Array;
  floats?: number[];
  ints?: (number | LongLike)[];
  strings?: Uint8Array[];
}

interface RawModel {
  graph?: {
    node?: { name?: string; op_type?: string; input?: string[]; output?: string[]; attribute?: RawAttribute[] }[];
    initializer?: RawTensor[];
    input?: { name?: string }[];
    output?: { name?: string }[];
  };
}

const toNumber = (v: number | LongLike): number => (typeof v === 'number' ? v : v.toNumber());

/** Decode an ONNX ModelProto and convert its initializers to float32. */
export function readOnnxWeights(bytes: Uint8Array, readExternal?: ExternalDataReader, source = 'model.onnx'): OnnxWeights {
  let model: RawModel;
  try {
    model = modelProtoType().decode(bytes) as unknown as RawModel;
  } catch (err) {
    throw new Error(`${source}: not a valid ONNX ModelProto (${(err as Error).message})`);
  }
  const graph = model.graph;
  if (!graph) throw new Error(`${source}: ModelProto has no graph`);
  const initializers = new Map<string, OnnxInitializer>();
  for (const tensor of graph.initializer ?? []) {
    const init = decodeTensor(tensor, readExternal, source);
    initializers.set(init.name, init);
  }
  const initNames = new Set(initializers.keys());
  return {
    initializers,
    nodes: (graph.node ?? []).map((n) => ({
      name: n.name ?? '',
      opType: n.op_type ?? '',
      inputs: n.input ?? [],
      outputs: n.output ?? [],
      attributes: Object.fromEntries((n.attribute ?? []).map((a) => [a.name ?? '', attributeValue(a)]))
    })),
    inputNames: (graph.input ?? []).map((i) => i.name ?? '').filter((n) => !initNames.has(n)),
    outputNames: (graph.output ?? []).map((o) => o.name ?? '')
  };
}

// AttributeProto.AttributeType: FLOAT=1 INT=2 STRING=3 FLOATS=6 INTS=7 STRINGS=8.
function attributeValue(a: RawAttribute): OnnxAttributeValue {
  const text = new TextDecoder();
  switch (a.type) {
    case 1: return a.f ?? 0;
    case 2: return toNumber(a.i ?? 0);
    case 3: return text.decode(a.s ?? new Uint8Array());
    case 6: return a.floats ?? [];
    case 7: return (a.ints ?? []).map(toNumber);
    case 8: return (a.strings ?? []).map((s) => text.decode(s));
    default: return [];
  }
}

function decodeTensor(t: RawTensor, readExternal: ExternalDataReader | undefined, source: string): OnnxInitializer {
  const name = t.name ?? '';
  const dims = (t.dims ?? []).map(toNumber);
  const count = dims.reduce((a, b) => a * b, 1);
  const dataType = t.data_type ?? 0;
  let raw = t.raw_data && t.raw_data.length > 0 ? t.raw_data : undefined;
  if (t.data_location === 1) {
    const entries = new Map((t.external_data ?? []).map((e) => [e.key ?? '', e.value ?? '']));
    const location = entries.get('location');
    if (!location) throw new Error(`${source}: initializer "${name}" is external but names no location`);
    if (!readExternal) throw new Error(`${source}: initializer "${name}" needs external file ${location} but no reader was given`);
    const offset = Number(entries.get('offset') ?? 0);
    const length = entries.has('length') ? Number(entries.get('length')) : undefined;
    raw = readExternal(location, offset, length);
  }
  const data = raw ? rawToF32(raw, dataType, name, source) : typedToF32(t, dataType, name, source);
  if (data.length !== count) {
    throw new Error(`${source}: initializer "${name}" has ${data.length} values for dims [${dims.join(', ')}]`);
  }
  return { name, dims, dataType, data };
}

function rawToF32(raw: Uint8Array, dataType: number, name: string, source: string): Float32Array {
  const copy = copyBytes(raw); // aligned, owned
  switch (dataType) {
    case OnnxDataType.FLOAT:
      return new Float32Array(copy.buffer);
    case OnnxDataType.FLOAT16:
      return f16BytesToF32(copy);
    case OnnxDataType.BFLOAT16:
      return bf16BytesToF32(copy);
    case OnnxDataType.DOUBLE:
      return Float32Array.from(new Float64Array(copy.buffer));
    case OnnxDataType.INT32:
      return Float32Array.from(new Int32Array(copy.buffer));
    case OnnxDataType.INT64:
      return Float32Array.from(new BigInt64Array(copy.buffer), (v) => Number(v));
    case OnnxDataType.INT8:
      return Float32Array.from(new Int8Array(copy.buffer));
    case OnnxDataType.UINT8:
    case OnnxDataType.BOOL:
      return Float32Array.from(copy);
    default:
      throw new Error(`${source}: initializer "${name}" has unsupported data_type ${dataType}`);
  }
}

function typedToF32(t: RawTensor, dataType: number, name: string, source: string): Float32Array {
  switch (dataType) {
    case OnnxDataType.FLOAT:
      return Float32Array.from(t.float_data ?? []);
    case OnnxDataType.INT64:
      return Float32Array.from((t.int64_data ?? []).map(toNumber));
    case OnnxDataType.FLOAT16: {
      // float16 values live as their bit patterns in int32_data
      const bits = Uint16Array.from(t.int32_data ?? []);
      return f16BytesToF32(new Uint8Array(bits.buffer));
    }
    case OnnxDataType.INT32:
    case OnnxDataType.INT8:
    case OnnxDataType.UINT8:
    case OnnxDataType.BOOL:
      return Float32Array.from(t.int32_data ?? []);
    default:
      throw new Error(`${source}: initializer "${name}" has unsupported data_type ${dataType} in typed fields`);
  }
}

/**
 * Look initializers up by name in PyTorch Linear layout: a 2-D initializer used as the weight (second input)
 * of a MatMul, or of a Gemm without transB, is stored [in, out] by exporters, so it is returned transposed to
 * [out, in] with swapped dims (a Gemm with transB = 1 already holds [out, in]).
 */
export function onnxTensorLookup(weights: OnnxWeights): TensorLookup {
  const matmulWeights = new Set(
    weights.nodes
      .filter((n) => n.opType === 'MatMul' || (n.opType === 'Gemm' && n.attributes.transB !== 1))
      .map((n) => n.inputs[1])
  );
  const cache = new Map<string, NamedTensor>();
  return (name) => {
    const init = weights.initializers.get(name);
    if (!init) return undefined;
    if (!(matmulWeights.has(name) && init.dims.length === 2)) return { dims: init.dims, data: init.data };
    let t = cache.get(name);
    if (!t) {
      const [rows, cols] = init.dims;
      const data = new Float32Array(rows * cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[c * rows + r] = init.data[r * cols + c];
      t = { dims: [cols, rows], data };
      cache.set(name, t);
    }
    return t;
  };
}
