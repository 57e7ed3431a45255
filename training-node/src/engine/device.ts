/**
 * The engine's GPU device: a GPUDevice from `navigator.gpu` (browser) or from an injected `GPU` object
 * (Node: the CLI/test layer passes `create([])` from the `webgpu` package — Dawn is a native addon, so engine
 * code never imports it), plus the small runtime every kernel dispatcher uses: a pipeline cache, one command
 * encoder that batches dispatches until flush(), transient uniform buffers, and a dummy binding for null args.
 *
 * Precision: the adapter's `shader-f16` feature is detected and requested (`hasShaderF16`). `precision` is
 * the storage precision of frozen base weights chosen at creation: 'auto' (default) = 'f16' when the adapter
 * has shader-f16, else 'f32'; 'f16' on an adapter without it throws PrecisionUnavailableError. Tensors are
 * f32/i32/u32 (4-byte elements) unless `dtype: 'f16'` (2-byte elements); compute always accumulates in f32.
 * Non-goals: multiple devices, device-loss recovery, timestamp profiling. No Node APIs.
 */

import { f32ToF16Bits } from './reference/half';

/** GPUBufferUsage / GPUMapMode flag values from the WebGPU spec (the globals don't exist in Node without Dawn's). */
export const BufferUsage = {
  MAP_READ: 0x1, MAP_WRITE: 0x2, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80
} as const;
const MAP_MODE_READ = 0x1;
/** Offsets of tensors bound at an offset must be multiples of this (WebGPU's minStorageBufferOffsetAlignment default). */
export const BINDING_ALIGN = 256;

/** Thrown when WebGPU or an adapter is unavailable; the message says how to get one. */
export class WebGpuUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebGpuUnavailableError';
  }
}

/** Storage precision of frozen base weights: 'f16' needs the adapter feature `shader-f16`. */
export type Precision = 'f32' | 'f16';
/** A requested precision: 'auto' = 'f16' when the adapter has shader-f16, else 'f32'. */
export type PrecisionChoice = 'auto' | Precision;

/** Thrown when f16 is requested on an adapter without the `shader-f16` feature. */
export class PrecisionUnavailableError extends Error {
  constructor(adapter: string) {
    super(`precision f16 needs the WebGPU feature 'shader-f16', which this adapter (${adapter}) lacks; ` +
      'use precision auto or f32 (CLI: --precision auto|f32)');
    this.name = 'PrecisionUnavailableError';
  }
}

export interface EngineDeviceOptions {
  /** A `GPU` object to use when `navigator.gpu` is absent (Node: `create([])` from the `webgpu` package). */
  gpu?: GPU;
  powerPreference?: GPUPowerPreference;
  /** Storage precision of frozen base weights (default 'auto'). */
  precision?: PrecisionChoice;
}

/** A storage binding: a GPUBuffer range of 4-byte elements (f32/i32/u32), or of f16 when dtype is 'f16'. */
export interface GpuTensor {
  buffer: GPUBuffer;
  /** Byte offset into buffer, a multiple of BINDING_ALIGN. */
  offset: number;
  /** Number of elements (4 bytes each, 2 bytes each for dtype 'f16'). */
  length: number;
  /** Absent = 4-byte elements; 'f16' = IEEE half elements (only on a device with shader-f16). */
  dtype?: 'f16';
}

/** Bytes a tensor spans when bound or copied (f16 rounded up to whole 4-byte words, as WebGPU requires). */
export function tensorBytes(t: GpuTensor, elements = t.length): number {
  return t.dtype === 'f16' ? Math.ceil(elements / 2) * 4 : elements * 4;
}

/** A compute kernel: WGSL source and its entry point; the pipeline is compiled once per (code, entry). */
export interface Kernel {
  label: string;
  code: string;
  entry: string;
}

/** A compute kernel whose entry point is `main` (every kernel in kernels/ follows that convention). */
export const kernel = (label: string, code: string): Kernel => ({ label, code, entry: 'main' });

/** Uniform field: a u32, i32 or f32 value, in WGSL struct order (all 4-byte scalars). */
export type UniformValue = { u: number } | { i: number } | { f: number };

/** The engine's handle on one GPU device. */
export class EngineDevice {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private encoder: GPUCommandEncoder | null = null;
  private transient: GPUBuffer[] = [];
  private readonly dummy: GPUBuffer;
  private destroyed = false;
  private gpuErrors: string[] = [];
  /** Bytes copied CPU → GPU by write() and GPU → CPU by read() since creation (uniforms not counted). */
  readonly transfer = { uploadedBytes: 0, downloadedBytes: 0 };

  constructor(
    readonly device: GPUDevice,
    readonly hasShaderF16: boolean,
    readonly adapterDescription: string,
    /** Kept alive on purpose: Dawn's Node addon (0.6.2) crashes (futex/mutex assertions) when the GPU or
     * adapter object is garbage-collected while its device is still in use. */
    private readonly owners: readonly unknown[] = [],
    /** Storage precision of frozen base weights uploaded on this device ('f16' only when hasShaderF16). */
    readonly precision: Precision = 'f32'
  ) {
    if (precision === 'f16' && !hasShaderF16) throw new PrecisionUnavailableError(adapterDescription);
    this.dummy = device.createBuffer({ label: 'dummy', size: 16, usage: BufferUsage.STORAGE | BufferUsage.COPY_DST });
    // WGSL/validation errors surface asynchronously; keep them so the next readback throws instead of
    // returning stale data.
    device.addEventListener('uncapturederror', (event) => {
      this.gpuErrors.push((event as GPUUncapturedErrorEvent).error.message);
    });
  }

  /** Throws the first WebGPU error recorded since the last check (shader compile, validation, OOM). */
  throwIfGpuError(): void {
    if (this.gpuErrors.length === 0) return;
    const message = this.gpuErrors.join('\n');
    this.gpuErrors = [];
    throw new Error(`WebGPU error: ${message}`);
  }

  /** A 4-element tensor bound where an optional argument (bias, mask) is null; kernels ignore it via a flag. */
  get none(): GpuTensor {
    return { buffer: this.dummy, offset: 0, length: 4 };
  }

  /** Compiled pipeline for a kernel, created on first use (layout 'auto'). */
  pipeline(kernel: Kernel): GPUComputePipeline {
    const key = `${kernel.entry}\u0000${kernel.code}`;
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      const module = this.device.createShaderModule({ label: kernel.label, code: kernel.code });
      pipeline = this.device.createComputePipeline({
        label: kernel.label, layout: 'auto', compute: { module, entryPoint: kernel.entry }
      });
      this.pipelines.set(key, pipeline);
    }
    return pipeline;
  }

  /**
   * Record one dispatch: binding 0 is a uniform struct of `uniforms` (omitted when empty), bindings 1.. are
   * `tensors` in order. Work runs at the next flush() (readbacks flush automatically).
   */
  dispatch(kernel: Kernel, uniforms: UniformValue[], tensors: GpuTensor[], groups: [number, number?, number?]): void {
    if (this.destroyed) throw new Error('EngineDevice: used after destroy()');
    const pipeline = this.pipeline(kernel);
    const entries: GPUBindGroupEntry[] = [];
    if (uniforms.length > 0) entries.push({ binding: 0, resource: { buffer: this.uniformBuffer(uniforms) } });
    tensors.forEach((t, i) => {
      entries.push({ binding: i + 1, resource: { buffer: t.buffer, offset: t.offset, size: Math.max(4, tensorBytes(t)) } });
    });
    const bindGroup = this.device.createBindGroup({ label: kernel.label, layout: pipeline.getBindGroupLayout(0), entries });
    this.encoder ??= this.device.createCommandEncoder({ label: 'engine' });
    const pass = this.encoder.beginComputePass({ label: kernel.label });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    const [x, y = 1, z = 1] = groups;
    if (x > 0 && y > 0 && z > 0) pass.dispatchWorkgroups(x, y, z);
    pass.end();
  }

  /** Record a buffer-to-buffer copy in the same command stream as the dispatches (same dtype both sides). */
  copy(src: GpuTensor, dst: GpuTensor, elements = src.length): void {
    if (src.dtype !== dst.dtype) throw new Error('EngineDevice.copy: source and destination dtypes differ');
    this.encoder ??= this.device.createCommandEncoder({ label: 'engine' });
    this.encoder.copyBufferToBuffer(src.buffer, src.offset, dst.buffer, dst.offset, tensorBytes(src, elements));
  }

  /** Record zeroing of a tensor in the same command stream as the dispatches. */
  clear(t: GpuTensor): void {
    this.encoder ??= this.device.createCommandEncoder({ label: 'engine' });
    this.encoder.clearBuffer(t.buffer, t.offset, tensorBytes(t));
  }

  /** Submit every recorded command and release the transient uniform buffers. */
  flush(): void {
    if (this.encoder) {
      this.device.queue.submit([this.encoder.finish()]);
      this.encoder = null;
    }
    for (const b of this.transient) b.destroy();
    this.transient = [];
  }

  /** Copy a tensor's raw bytes back to the CPU (flushes pending work first; f16 rounded up to 4 bytes). */
  async read(t: GpuTensor, elements = t.length): Promise<ArrayBuffer> {
    this.flush();
    const bytes = tensorBytes(t, elements);
    const staging = this.device.createBuffer({ size: Math.max(4, bytes), usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(t.buffer, t.offset, staging, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(MAP_MODE_READ);
    const copy = staging.getMappedRange().slice(0, bytes);
    this.transfer.downloadedBytes += bytes;
    staging.unmap();
    staging.destroy();
    this.throwIfGpuError();
    return copy;
  }

  /**
   * Write CPU data into a tensor (flushes first so earlier recorded dispatches see the old contents).
   * An f16 tensor takes f32 data (rounded to nearest-even half) or raw half bits; elementOffset must be even.
   */
  write(t: GpuTensor, data: Float32Array | Int32Array | Uint32Array | Uint16Array, elementOffset = 0): void {
    if (data.length + elementOffset > t.length) {
      throw new RangeError(`EngineDevice.write: ${data.length} elements at ${elementOffset} exceed tensor of ${t.length}`);
    }
    const f16 = t.dtype === 'f16';
    if (f16 ? !(data instanceof Float32Array || data instanceof Uint16Array) : data instanceof Uint16Array) {
      throw new TypeError(`EngineDevice.write: ${data.constructor.name} into a ${t.dtype ?? '32-bit'} tensor`);
    }
    this.flush();
    if (f16) {
      if (elementOffset % 2 !== 0) throw new RangeError('EngineDevice.write: f16 writes must start at an even element');
      const bits = data instanceof Uint16Array ? data : f32ToF16Bits(data as Float32Array);
      // writeBuffer needs a multiple of 4 bytes: pad an odd count with one zero half.
      const padded = bits.length % 2 === 0 ? bits : Uint16Array.from({ length: bits.length + 1 }, (_, i) => bits[i] ?? 0);
      this.device.queue.writeBuffer(t.buffer, t.offset + elementOffset * 2, padded.buffer, padded.byteOffset, padded.byteLength);
      this.transfer.uploadedBytes += padded.byteLength;
      return;
    }
    this.device.queue.writeBuffer(t.buffer, t.offset + elementOffset * 4, data.buffer, data.byteOffset, data.byteLength);
    this.transfer.uploadedBytes += data.byteLength;
  }

  /** Wait until the GPU has finished all submitted work. */
  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.throwIfGpuError();
  }

  /** Release the device (lets a Node process exit). */
  destroy(): void {
    if (this.destroyed) return;
    this.flush();
    this.destroyed = true;
    this.dummy.destroy();
    this.device.destroy();
  }

  private uniformBuffer(values: UniformValue[]): GPUBuffer {
    const size = Math.max(16, Math.ceil((values.length * 4) / 16) * 16);
    const buffer = this.device.createBuffer({ size, usage: BufferUsage.UNIFORM, mappedAtCreation: true });
    const view = new DataView(buffer.getMappedRange());
    values.forEach((v, i) => {
      if ('u' in v) view.setUint32(i * 4, v.u, true);
      else if ('i' in v) view.setInt32(i * 4, v.i, true);
      else view.setFloat32(i * 4, v.f, true);
    });
    buffer.unmap();
    this.transient.push(buffer);
    return buffer;
  }
}

const NODE_HINT =
  'In Node, pass `gpu: create([])` from the `webgpu` package after `Object.assign(globalThis, globals)`; ' +
  'without a GPU, Dawn can use SwiftShader with VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json ' +
  'XDG_RUNTIME_DIR=/tmp (apt-get install chromium).';

/** The precision a choice resolves to on an adapter (throws PrecisionUnavailableError for f16 without shader-f16). */
export function resolvePrecision(choice: PrecisionChoice, hasShaderF16: boolean, adapter: string): Precision {
  if (choice === 'auto') return hasShaderF16 ? 'f16' : 'f32';
  if (choice === 'f16' && !hasShaderF16) throw new PrecisionUnavailableError(adapter);
  return choice;
}

/** Get a GPU device from navigator.gpu or the injected `gpu`, requesting the adapter's full buffer limits. */
export async function createEngineDevice(options: EngineDeviceOptions = {}): Promise<EngineDevice> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  const gpu = nav?.gpu ?? options.gpu;
  if (!gpu) throw new WebGpuUnavailableError(`No WebGPU: navigator.gpu is missing and no gpu object was injected. ${NODE_HINT}`);
  const adapter = await gpu.requestAdapter(options.powerPreference ? { powerPreference: options.powerPreference } : undefined);
  if (!adapter) {
    throw new WebGpuUnavailableError(`WebGPU returned no adapter (no usable GPU driver found). ${NODE_HINT}`);
  }
  const hasShaderF16 = adapter.features.has('shader-f16');
  const info = adapter.info;
  const description = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  const precision = resolvePrecision(options.precision ?? 'auto', hasShaderF16, description);
  const requiredFeatures: GPUFeatureName[] = hasShaderF16 ? ['shader-f16'] : [];
  const device = await adapter.requestDevice({
    label: 'shortlist-engine',
    requiredFeatures,
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize
    }
  });
  return new EngineDevice(device, hasShaderF16, description, [gpu, adapter], precision);
}

/** Split n work items into a 2-D grid of workgroups of size wg (each dimension <= 65535). */
export function grid(n: number, wg: number): [number, number] {
  const groups = Math.ceil(n / wg);
  if (groups <= 65535) return [groups, 1];
  return [65535, Math.ceil(groups / 65535)];
}
