/**
 * GPU memory helpers: upload/download of typed arrays and llm.c-style arenas — one GPUBuffer per role
 * (params, grads, m, v, acts) carved into named tensors from a size table.
 *
 * A size table maps a tensor name to its shape, e.g. { wq: [L, C, C] }; every tensor starts
 * at a BINDING_ALIGN (256-byte) boundary so it can be bound on its own. Elements are 4 bytes (f32/i32/u32).
 * Non-goals: reuse/liveness analysis of activations, f16 storage. No Node APIs.
 */
import { BINDING_ALIGN, BufferUsage, type EngineDevice, type GpuTensor } from './device';

const STORAGE_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

/** A fresh storage tensor of `length` 4-byte elements (zero-initialised by WebGPU). */
export function createTensor(dev: EngineDevice, length: number, label = 'tensor'): GpuTensor {
  const buffer = dev.device.createBuffer({ label, size: Math.max(16, Math.ceil((length * 4) / 16) * 16), usage: STORAGE_USAGE });
  return { buffer, offset: 0, length };
}

/** A new tensor holding a copy of data. */
export function upload(dev: EngineDevice, data: Float32Array | Int32Array | Uint32Array, label = 'upload'): GpuTensor {
  const t = createTensor(dev, data.length, label);
  dev.write(t, data);
  return t;
}

/** A u32 tensor from a byte mask (WGSL has no 8-bit storage; 1 = keep, 0 = masked) or attention segment ids. */
export function uploadMask(dev: EngineDevice, mask: ArrayLike<number>, label = 'mask'): GpuTensor {
  return upload(dev, Uint32Array.from(mask), label);
}

/** Read a tensor back as Float32Array. */
export async function readF32(dev: EngineDevice, t: GpuTensor): Promise<Float32Array> {
  return new Float32Array(await dev.read(t));
}

/** Read a tensor back as Int32Array. */
export async function readI32(dev: EngineDevice, t: GpuTensor): Promise<Int32Array> {
  return new Int32Array(await dev.read(t));
}

/** Tensor name → shape (dimensions multiply to the element count). */
export type SizeTable = Record<string, readonly number[]>;

/** Byte offset of each tensor and the total size, each tensor aligned to BINDING_ALIGN. */
export function arenaLayout(table: SizeTable): { offsets: Record<string, number>; lengths: Record<string, number>; bytes: number } {
  const offsets: Record<string, number> = {};
  const lengths: Record<string, number> = {};
  let bytes = 0;
  for (const [name, shape] of Object.entries(table)) {
    const length = shape.reduce((a, b) => a * b, 1);
    if (!Number.isInteger(length) || length < 0) throw new Error(`arena: tensor ${name} has invalid shape [${shape.join(',')}]`);
    offsets[name] = bytes;
    lengths[name] = length;
    bytes += Math.ceil((length * 4) / BINDING_ALIGN) * BINDING_ALIGN;
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

/** Allocate an arena (zero-initialised) for a size table. */
export function createArena<T extends SizeTable>(dev: EngineDevice, label: string, table: T): Arena<Extract<keyof T, string>> {
  const layout = arenaLayout(table);
  const buffer = dev.device.createBuffer({ label, size: layout.bytes, usage: STORAGE_USAGE });
  const tensors = {} as Record<Extract<keyof T, string>, GpuTensor>;
  for (const name of Object.keys(table) as Extract<keyof T, string>[]) {
    tensors[name] = { buffer, offset: layout.offsets[name], length: layout.lengths[name] };
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
