/**
 * safetensors read/write (https://github.com/huggingface/safetensors format): u64 LE header length N,
 * N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?: {k: v}}` (padded
 * with spaces to 8 bytes), then the raw little-endian tensor bytes; offsets are relative to the data.
 *
 * Reads F32, F16, BF16 (to float32) and I32/I64 (to float32, for position ids and the like); writes
 * F32, F16, BF16. Sharded checkpoints (`model.safetensors.index.json`) are resolved in hf.ts.
 * Non-goals: memory-mapping, lazy partial reads. Pure bytes in and out, no Node APIs.
 */
import { bf16BytesToF32, copyBytes, f16BytesToF32, floatToBf16Bits, floatToHalfBits } from './half';

/** Dtypes read (all converted to f32) and written. */
export type SafetensorsDtype = 'F32' | 'F16' | 'BF16' | 'I32' | 'I64';
export type SafetensorsWriteDtype = 'F32' | 'F16' | 'BF16';

const BYTES_PER: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2, I32: 4, I64: 8 };

/** One tensor's header entry. `begin`/`end` are byte offsets into the data section. */
export interface SafetensorsEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

/** A parsed safetensors file: header entries plus the bytes they point into. */
export interface SafetensorsFile {
  source: string;
  metadata: Record<string, string>;
  entries: Map<string, SafetensorsEntry>;
  data: Uint8Array; // the data section
}

/** A tensor to write. */
export interface SafetensorsTensor {
  name: string;
  shape: number[];
  data: Float32Array;
  dtype?: SafetensorsWriteDtype; // default F32
}

/** Parse the header of a safetensors file and validate every entry against the data size. */
export function parseSafetensors(bytes: Uint8Array, source = 'safetensors'): SafetensorsFile {
  if (bytes.byteLength < 8) throw new Error(`${source}: too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > bytes.byteLength - 8) {
    throw new Error(`${source}: header length ${headerLen} exceeds the file size ${bytes.byteLength}`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen))) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${source}: header is not valid JSON (${(err as Error).message})`);
  }
  const data = bytes.subarray(8 + headerLen);
  const entries = new Map<string, SafetensorsEntry>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (raw ?? {}) as Record<string, string>;
      continue;
    }
    const entry = raw as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
    const dtype = entry.dtype as SafetensorsDtype;
    if (!(dtype in BYTES_PER)) throw new Error(`${source}: tensor "${name}" has unsupported dtype ${String(entry.dtype)}`);
    const shape = entry.shape ?? [];
    const [begin, end] = entry.data_offsets ?? [-1, -1];
    const count = shape.reduce((a, b) => a * b, 1);
    if (!(begin >= 0 && end <= data.byteLength && end - begin === count * BYTES_PER[dtype])) {
      throw new Error(
        `${source}: tensor "${name}" offsets [${begin}, ${end}] do not fit ${dtype}[${shape.join(', ')}] in ${data.byteLength} data bytes`
      );
    }
    entries.set(name, { dtype, shape, begin, end });
  }
  return { source, metadata, entries, data };
}

/** Read one tensor as float32 (converting F16/BF16/I32/I64). Throws naming the file if absent. */
export function readSafetensor(file: SafetensorsFile, name: string): Float32Array {
  const entry = file.entries.get(name);
  if (!entry) throw new Error(`${file.source}: no tensor named "${name}"`);
  const raw = copyBytes(file.data.subarray(entry.begin, entry.end)); // aligned and detached from the file
  switch (entry.dtype) {
    case 'F32':
      return new Float32Array(raw.buffer);
    case 'F16':
      return f16BytesToF32(raw);
    case 'BF16':
      return bf16BytesToF32(raw);
    case 'I32':
      return Float32Array.from(new Int32Array(raw.buffer));
    case 'I64':
      return Float32Array.from(new BigInt64Array(raw.buffer), (v) => Number(v));
  }
}

/** Serialize tensors (in the given order) into safetensors bytes. */
export function serializeSafetensors(tensors: SafetensorsTensor[], metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  const seen = new Set<string>();
  let offset = 0;
  for (const t of tensors) {
    if (seen.has(t.name)) throw new Error(`serializeSafetensors: duplicate tensor name "${t.name}"`);
    seen.add(t.name);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) {
      throw new Error(`serializeSafetensors: "${t.name}" has ${t.data.length} values but shape [${t.shape.join(', ')}]`);
    }
    const dtype = t.dtype ?? 'F32';
    const size = count * BYTES_PER[dtype];
    header[t.name] = { dtype, shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((new TextEncoder().encode(json).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let cursor = 8 + headerBytes.length;
  for (const t of tensors) {
    const dtype = t.dtype ?? 'F32';
    if (dtype === 'F32') {
      out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), cursor);
      cursor += t.data.byteLength;
      continue;
    }
    const encode = dtype === 'F16' ? floatToHalfBits : floatToBf16Bits;
    for (let i = 0; i < t.data.length; i++, cursor += 2) view.setUint16(cursor, encode(t.data[i]), true);
  }
  return out;
}
