/**
 * The project's ONNX writer: a small graph builder (inputs, outputs, initializers, nodes) serialised to an
 * `onnx.ModelProto` with protobufjs over the onnx.proto subset in io/onnx-proto.ts. Model builders (bert-onnx.ts,
 * llama-onnx.ts) describe their graphs through it; ONNX Runtime and transformers.js load the bytes.
 *
 * Versions: IR 8 with default opset 17 (LayerNormalization is opset 17; every ORT that transformers.js v3/v4 ships
 * accepts IR 8 / opset 17, PUBLISHING-FORMATS.md A6) plus `com.microsoft` v1 when a contrib op (MatMulNBits) is used.
 * Initializers are written inline as raw_data (little-endian); `encodeFiles` moves large ones to one external data
 * file `<model file>_data` (ONNX external data: location/offset/length, offsets 64-byte aligned) when the inline total
 * would pass `maxInlineBytes`, since protobuf caps a message at 2 GiB (transformers.js reads the file when config.json
 * says `use_external_data_format`, PUBLISHING-FORMATS.md A1/A3).
 * Non-goals: several external data chunks (one file, < 4 GiB here), graph optimisation, shape inference (ORT does
 * those at load time), control flow.
 *
 * Shape legend: `Dim` is a fixed size (number) or a symbolic dimension (string, e.g. "batch_size").
 */
import { modelProtoType, OnnxDataType } from '../io/onnx-proto';

export { OnnxDataType };

/** A fixed (number) or symbolic (string) tensor dimension. */
export type Dim = number | string;

/** A node attribute, tagged by ONNX attribute type. */
export type OnnxAttr = { f: number } | { i: number } | { ints: number[] } | { floats: number[] } | { s: string };

/** ONNX IR version written (IR 8 = ONNX 1.10+, read by every ORT transformers.js ships). */
export const ONNX_IR_VERSION = 8;
/** Default-domain opset written. */
export const ONNX_OPSET = 17;
/** The contrib-op domain of MatMulNBits and friends. */
export const MS_DOMAIN = 'com.microsoft';

interface TensorRecord {
  name: string;
  data_type: number;
  dims: number[];
  raw_data?: Uint8Array;
  data_location?: number;
  external_data?: { key: string; value: string }[];
}

/** A model file and, when weights went external, the chunks of its `<file>_data` (written in order). */
export interface OnnxModelFiles {
  model: Uint8Array;
  data: Uint8Array[] | null;
}

/** Inline initializer bytes above which encodeFiles moves weights out (protobuf's hard limit is 2 GiB). */
export const MAX_INLINE_BYTES = 1.5 * 2 ** 30;
const EXTERNAL_ALIGN = 64;

interface ValueInfoRecord {
  name: string;
  type: { tensor_type: { elem_type: number; shape: { dim: ({ dim_value: number } | { dim_param: string })[] } } };
}

interface NodeRecord {
  name: string;
  op_type: string;
  domain?: string;
  input: string[];
  output: string[];
  attribute: Record<string, unknown>[];
}

/** Options of one node. */
export interface OpOptions {
  /** Output names (default: fresh names derived from `name` or the op type). */
  outputs?: string[];
  /** Number of outputs when `outputs` is not given (default 1). */
  outputCount?: number;
  name?: string;
  domain?: string;
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function attribute(name: string, value: OnnxAttr): Record<string, unknown> {
  // AttributeProto.AttributeType: FLOAT=1 INT=2 STRING=3 FLOATS=6 INTS=7.
  if ('f' in value) return { name, type: 1, f: value.f };
  if ('i' in value) return { name, type: 2, i: value.i };
  if ('s' in value) return { name, type: 3, s: new TextEncoder().encode(value.s) };
  if ('floats' in value) return { name, type: 6, floats: value.floats };
  return { name, type: 7, ints: value.ints };
}

/** Builds one ONNX graph; `encode` writes the ModelProto bytes. */
export class OnnxGraph {
  private readonly nodes: NodeRecord[] = [];
  private readonly initializers: TensorRecord[] = [];
  private readonly inputs: ValueInfoRecord[] = [];
  private readonly outputs: ValueInfoRecord[] = [];
  private readonly names = new Set<string>();
  private readonly constants = new Map<string, string>();
  private readonly domains = new Set<string>();
  private counter = 0;

  /** Written as ModelProto doc_string / metadata_props by encode(). */
  docString = '';
  metadata: Record<string, string> = {};

  constructor(readonly graphName: string) {}

  /** A name not used yet in this graph, derived from `hint`. */
  fresh(hint: string): string {
    let name = hint;
    while (this.names.has(name)) name = `${hint}_${++this.counter}`;
    this.names.add(name);
    return name;
  }

  private claim(name: string): string {
    if (this.names.has(name)) throw new Error(`ONNX graph ${this.graphName}: value name "${name}" is defined twice`);
    this.names.add(name);
    return name;
  }

  private valueInfo(name: string, elemType: number, dims: Dim[]): ValueInfoRecord {
    const dim = dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }));
    return { name, type: { tensor_type: { elem_type: elemType, shape: { dim } } } };
  }

  /** Declare a graph input; returns its name. */
  input(name: string, elemType: number, dims: Dim[]): string {
    this.inputs.push(this.valueInfo(this.claim(name), elemType, dims));
    return name;
  }

  /** Declare a graph output named `name` holding value `from` (an Identity is added when the names differ). */
  output(name: string, elemType: number, dims: Dim[], from: string): void {
    if (from !== name) this.op('Identity', [from], {}, { outputs: [name] });
    else if (!this.names.has(name)) throw new Error(`ONNX graph ${this.graphName}: output "${name}" is never produced`);
    this.outputs.push(this.valueInfo(name, elemType, dims));
  }

  /** Add an initializer from raw little-endian bytes; returns its name. */
  initializer(name: string, dataType: number, dims: number[], raw: Uint8Array): string {
    const count = dims.reduce((a, b) => a * b, 1);
    const width: Record<number, number> = {
      [OnnxDataType.FLOAT]: 4, [OnnxDataType.FLOAT16]: 2, [OnnxDataType.INT64]: 8, [OnnxDataType.INT32]: 4,
      [OnnxDataType.UINT8]: 1, [OnnxDataType.INT8]: 1, [OnnxDataType.BOOL]: 1
    };
    const w = width[dataType];
    if (w === undefined) throw new Error(`ONNX graph ${this.graphName}: initializer "${name}" has unsupported data type ${dataType}`);
    if (raw.byteLength !== count * w) {
      throw new Error(`ONNX graph ${this.graphName}: initializer "${name}" has ${raw.byteLength} bytes for dims [${dims.join(', ')}] (expected ${count * w})`);
    }
    this.initializers.push({ name: this.claim(name), data_type: dataType, dims, raw_data: raw });
    return name;
  }

  /** A float32 initializer. */
  f32(name: string, dims: number[], data: Float32Array): string {
    return this.initializer(name, OnnxDataType.FLOAT, dims, bytesOf(Float32Array.from(data)));
  }

  /** A float16 initializer from IEEE half bit patterns. */
  f16(name: string, dims: number[], bits: Uint16Array): string {
    return this.initializer(name, OnnxDataType.FLOAT16, dims, bytesOf(Uint16Array.from(bits)));
  }

  /** A uint8 initializer. */
  u8(name: string, dims: number[], data: Uint8Array): string {
    return this.initializer(name, OnnxDataType.UINT8, dims, Uint8Array.from(data));
  }

  /** An int8 initializer. */
  i8(name: string, dims: number[], data: Int8Array): string {
    return this.initializer(name, OnnxDataType.INT8, dims, bytesOf(Int8Array.from(data)));
  }

  /** A shared int64 constant (1-D, or a scalar with dims []), created once per distinct value. */
  constI64(values: number[], dims: number[] = [values.length]): string {
    const key = `i64:${dims.join('x')}:${values.join(',')}`;
    let name = this.constants.get(key);
    if (!name) {
      name = this.fresh(`const_i64_${values.join('_').replace(/-/g, 'm').slice(0, 32)}`);
      this.names.delete(name);
      this.initializer(name, OnnxDataType.INT64, dims, bytesOf(BigInt64Array.from(values, (v) => BigInt(v))));
      this.constants.set(key, name);
    }
    return name;
  }

  /** A shared float32 constant (scalar with dims []). */
  constF32(values: number[], dims: number[] = [values.length]): string {
    const key = `f32:${dims.join('x')}:${values.join(',')}`;
    let name = this.constants.get(key);
    if (!name) {
      name = this.fresh(`const_f32_${this.constants.size}`);
      this.names.delete(name);
      this.f32(name, dims, Float32Array.from(values));
      this.constants.set(key, name);
    }
    return name;
  }

  /** Append a node; returns its first output's name. */
  op(opType: string, inputs: string[], attrs: Record<string, OnnxAttr> = {}, opts: OpOptions = {}): string {
    return this.opN(opType, inputs, attrs, opts)[0];
  }

  /** Append a node; returns all output names. Empty input names mark omitted optional inputs. */
  opN(opType: string, inputs: string[], attrs: Record<string, OnnxAttr> = {}, opts: OpOptions = {}): string[] {
    for (const i of inputs) {
      if (i !== '' && !this.names.has(i)) throw new Error(`ONNX graph ${this.graphName}: ${opType} reads "${i}", which is not defined yet`);
    }
    const base = opts.name ?? opType;
    const outputs = opts.outputs ? opts.outputs.map((o) => this.claim(o))
      : Array.from({ length: opts.outputCount ?? 1 }, (_, k) => this.fresh(`${base}${k > 0 ? `_out${k}` : ''}`));
    if (opts.domain) this.domains.add(opts.domain);
    this.nodes.push({
      name: this.fresh(`node_${base}`), op_type: opType, ...(opts.domain ? { domain: opts.domain } : {}), input: inputs, output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v))
    });
    return outputs;
  }

  /** Serialise to ModelProto bytes (IR 8, opset 17 plus com.microsoft 1 when used), every initializer inline. */
  encode(meta: { producer?: string; producerVersion?: string } = {}): Uint8Array {
    return this.serialise(this.initializers, meta);
  }

  /**
   * The model file named `fileName` plus its external data: inline when all initializers fit in `maxInlineBytes`,
   * else every initializer of at least `minExternalBytes` goes to `<fileName>_data` (a bare name, as transformers.js
   * hands the file to ONNX Runtime).
   */
  encodeFiles(fileName: string, opts: { maxInlineBytes?: number; minExternalBytes?: number; producer?: string } = {}): OnnxModelFiles {
    const total = this.initializers.reduce((n, t) => n + (t.raw_data?.byteLength ?? 0), 0);
    if (total <= (opts.maxInlineBytes ?? MAX_INLINE_BYTES)) return { model: this.encode(opts), data: null };
    const location = `${fileName}_data`;
    const minBytes = opts.minExternalBytes ?? 1024;
    const data: Uint8Array[] = [];
    let offset = 0;
    const records = this.initializers.map((t): TensorRecord => {
      const raw = t.raw_data!;
      if (raw.byteLength < minBytes) return t;
      const pad = (EXTERNAL_ALIGN - (offset % EXTERNAL_ALIGN)) % EXTERNAL_ALIGN;
      if (pad) data.push(new Uint8Array(pad));
      offset += pad;
      data.push(raw);
      const entry: TensorRecord = {
        name: t.name, data_type: t.data_type, dims: t.dims, data_location: 1,
        external_data: [{ key: 'location', value: location }, { key: 'offset', value: String(offset) }, { key: 'length', value: String(raw.byteLength) }]
      };
      offset += raw.byteLength;
      return entry;
    });
    return { model: this.serialise(records, opts), data };
  }

  private serialise(initializers: TensorRecord[], meta: { producer?: string; producerVersion?: string }): Uint8Array {
    if (this.outputs.length === 0) throw new Error(`ONNX graph ${this.graphName}: no outputs declared`);
    const opsets = [{ domain: '', version: ONNX_OPSET }, ...[...this.domains].map((domain) => ({ domain, version: 1 }))];
    const type = modelProtoType();
    const message = type.fromObject({
      ir_version: ONNX_IR_VERSION,
      producer_name: meta.producer ?? 'training-node',
      producer_version: meta.producerVersion ?? '',
      doc_string: this.docString,
      opset_import: opsets,
      metadata_props: Object.entries(this.metadata).map(([key, value]) => ({ key, value })),
      graph: { name: this.graphName, node: this.nodes, initializer: initializers, input: this.inputs, output: this.outputs }
    });
    return type.encode(message).finish();
  }
}
