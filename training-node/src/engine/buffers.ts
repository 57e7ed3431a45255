/**
 * GPU memory helpers: upload/download of typed arrays and llm.c-style arenas — one GPUBuffer per role
 * (params, grads, m, v, acts) carved into named tensors from a size table.
 *
 * A size table maps a tensor name to its shape, e.g. { wq: [L, C, C] }; every tensor starts
 * at a BINDING_ALIGN (256-byte) boundary so it can be bound on its own. Elements are 4 bytes (f32/i32/u32),
 * or 2 bytes for the tensors an arena is told to store as f16 (frozen base weights in mixed precision).
 * Non-goals: reuse/liveness analysis of activations, f16 activations. No Node APIs.
 */
import { BINDING_ALIGN, BufferUsage, type EngineDevice, type GpuTensor } from './device';
import { f16BitsToF32 } from './reference/half';

const STORAGE_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

/** A fresh storage tensor of `length` 4-byte (or, with dtype 'f16', 2-byte) elements, zero-initialised by WebGPU. */
export function createTensor(dev: EngineDevice, length: number, label = 'tensor', dtype?: 'f16'): GpuTensor {
  const bytes = length * (dtype === 'f16' ? 2 : 4);
  const buffer = dev.device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: STORAGE_USAGE });
  return { buffer, offset: 0, length, ...(dtype ? { dtype } : {}) };
}

/** A new tensor holding a copy of data. */
export function upload(dev: EngineDevice, data: Float32Array | Int32Array | Uint32Array, label = 'upload'): GpuTensor {
  const t = createTensor(dev, data.length, label);
  dev.write(t, data);
  return t;
}

/** A new f16 tensor holding data rounded to half precision (needs a device with shader-f16 to be read by kernels). */
export function uploadF16(dev: EngineDevice, data: Float32Array, label = 'upload-f16'): GpuTensor {
  const t = createTensor(dev, data.length, label, 'f16');
  dev.write(t, data);
  return t;
}

/** A u32 tensor from a byte mask (WGSL has no 8-bit storage; 1 = keep, 0 = masked) or attention segment ids. */
export function uploadMask(dev: EngineDevice, mask: ArrayLike<number>, label = 'mask'): GpuTensor {
  return upload(dev, Uint32Array.from(mask), label);
}

/** Read a tensor back as Float32Array (an f16 tensor is widened exactly). */
export async function readF32(dev: EngineDevice, t: GpuTensor): Promise<Float32Array> {
  const bytes = await dev.read(t);
  return t.dtype === 'f16' ? f16BitsToF32(new Uint16Array(bytes, 0, t.length)) : new Float32Array(bytes);
}

/** Read a tensor back as Int32Array. */
export async function readI32(dev: EngineDevice, t: GpuTensor): Promise<Int32Array> {
  return new Int32Array(await dev.read(t));
}

/** Tensor name → shape (dimensions multiply to the element count). */
export type SizeTable = Record<string, readonly number[]>;

/** Byte offset of each tensor and the total size, each tensor aligned to BINDING_ALIGN; `f16` names 2-byte tensors. */
export function arenaLayout(
  table: SizeTable, f16: ReadonlySet<string> = new Set()
): { offsets: Record<string, number>; lengths: Record<string, number>; bytes: number } {
  const offsets: Record<string, number> = {};
  const lengths: Record<string, number> = {};
  let bytes = 0;
  for (const [name, shape] of Object.entries(table)) {
    const length = shape.reduce((a, b) => a * b, 1);
    if (!Number.isInteger(length) || length < 0) throw new Error(`arena: tensor ${name} has invalid shape [${shape.join(',')}]`);
    offsets[name] = bytes;
    lengths[name] = length;
    bytes += Math.ceil((length * (f16.has(name) ? 2 : 4)) / BINDING_ALIGN) * BINDING_ALIGN;
  }
  return { offsets, lengths, bytes: Math.max(bytes, BINDING_ALIGN) };
}

/** One buffer carved into the named tensors of a size table. */
export interface Arena<K extends string = string> {
  label: string;
  buffer: GPUBuffer;
  bytes: number;
  tensors: Record<K, GpuTensor>;
  destroy(): void;
}

/**
 * Allocate an arena (zero-initialised) for a size table; tensors named in `f16` get dtype 'f16' (2-byte
 * elements: the device must have shader-f16 for kernels to read them).
 */
export function createArena<T extends SizeTable>(
  dev: EngineDevice, label: string, table: T, f16: ReadonlySet<string> = new Set()
): Arena<Extract<keyof T, string>> {
  const layout = arenaLayout(table, f16);
  const buffer = dev.device.createBuffer({ label, size: layout.bytes, usage: STORAGE_USAGE });
  const tensors = {} as Record<Extract<keyof T, string>, GpuTensor>;
  for (const name of Object.keys(table) as Extract<keyof T, string>[]) {
    tensors[name] = { buffer, offset: layout.offsets[name], length: layout.lengths[name], ...(f16.has(name) ? { dtype: 'f16' as const } : {}) };
  }
  return { label, buffer, bytes: layout.bytes, tensors, destroy: () => buffer.destroy() };
}

/** The four llm.c training arenas for one parameter table: params, grads, AdamW m and v. */
export function createTrainingArenas<T extends SizeTable>(dev: EngineDevice, table: T) {
  return {
    params: createArena(dev, 'params', table),
    grads: createArena(dev, 'grads', table),
    m: createArena(dev, 'adam_m', table),
    v: createArena(dev, 'adam_v', table)
  };
}

/** Zero a tensor, in order with the recorded dispatches. */
export function zeroTensor(dev: EngineDevice, t: GpuTensor): void {
  dev.clear(t);
}
