/**
 * The engine's GPU device: a GPUDevice from `navigator.gpu` (browser) or from an injected `GPU` object
 * (Node: the CLI/test layer passes `create([])` from the `webgpu` package — Dawn is a native addon, so engine
 * code never imports it), plus the small runtime every kernel dispatcher uses: a pipeline cache, one command
 * encoder that batches dispatches until flush(), transient uniform buffers, and a dummy binding for null args.
 *
 * Precision: the adapter's `shader-f16` feature is detected and requested, and reported as `hasShaderF16`,
 * but every kernel currently stores and computes in f32 (`precision` is always 'f32'). SwiftShader, the only
 * adapter in CI, has no shader-f16, so f16 kernels could not be tested here and are not written yet.
 * Non-goals: multiple devices, device-loss recovery, timestamp profiling. No Node APIs.
 */

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

export interface EngineDeviceOptions {
  /** A `GPU` object to use when `navigator.gpu` is absent (Node: `create([])` from the `webgpu` package). */
  gpu?: GPU;
  powerPreference?: GPUPowerPreference;
}

/** A storage binding: a GPUBuffer range of 4-byte elements. */
export interface GpuTensor {
  buffer: GPUBuffer;
  /** Byte offset into buffer, a multiple of BINDING_ALIGN. */
  offset: number;
  /** Number of 4-byte elements. */
  length: number;
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
  readonly precision = 'f32' as const;
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private encoder: GPUCommandEncoder | null = null;
  private transient: GPUBuffer[] = [];
  private readonly dummy: GPUBuffer;
  private destroyed = false;
  private gpuErrors: string[] = [];

  constructor(
    readonly device: GPUDevice,
    readonly hasShaderF16: boolean,
    readonly adapterDescription: string,
    /** Kept alive on purpose: Dawn's Node addon (0.6.2) crashes (futex/mutex assertions) when the GPU or
     * adapter object is garbage-collected while its device is still in use. */
    private readonly owners: readonly unknown[] = []
  ) {
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
      entries.push({ binding: i + 1, resource: { buffer: t.buffer, offset: t.offset, size: Math.max(4, t.length * 4) } });
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

  /** Record a buffer-to-buffer copy in the same command stream as the dispatches. */
  copy(src: GpuTensor, dst: GpuTensor, elements = src.length): void {
    this.encoder ??= this.device.createCommandEncoder({ label: 'engine' });
    this.encoder.copyBufferToBuffer(src.buffer, src.offset, dst.buffer, dst.offset, elements * 4);
  }

  /** Record zeroing of a tensor in the same command stream as the dispatches. */
  clear(t: GpuTensor): void {
    this.encoder ??= this.device.createCommandEncoder({ label: 'engine' });
    this.encoder.clearBuffer(t.buffer, t.offset, t.length * 4);
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

  /** Copy a tensor back to the CPU (flushes pending work first). */
  async read(t: GpuTensor, elements = t.length): Promise<ArrayBuffer> {
    this.flush();
    const bytes = elements * 4;
    const staging = this.device.createBuffer({ size: Math.max(4, bytes), usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(t.buffer, t.offset, staging, 0, bytes);
    this.device.queue.submit([encoder.finish()]);
    await staging.mapAsync(MAP_MODE_READ);
    const copy = staging.getMappedRange().slice(0, bytes);
    staging.unmap();
    staging.destroy();
    this.throwIfGpuError();
    return copy;
  }

  /** Write CPU data into a tensor (flushes first so earlier recorded dispatches see the old contents). */
  write(t: GpuTensor, data: Float32Array | Int32Array | Uint32Array, elementOffset = 0): void {
    if (data.length + elementOffset > t.length) {
      throw new RangeError(`EngineDevice.write: ${data.length} elements at ${elementOffset} exceed tensor of ${t.length}`);
    }
    this.flush();
    this.device.queue.writeBuffer(t.buffer, t.offset + elementOffset * 4, data.buffer, data.byteOffset, data.byteLength);
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
  const info = adapter.info;
  const description = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  return new EngineDevice(device, hasShaderF16, description, [gpu, adapter]);
}

/** Split n work items into a 2-D grid of workgroups of size wg (each dimension <= 65535). */
export function grid(n: number, wg: number): [number, number] {
  const groups = Math.ceil(n / wg);
  if (groups <= 65535) return [groups, 1];
  return [65535, Math.ceil(groups / 65535)];
}
