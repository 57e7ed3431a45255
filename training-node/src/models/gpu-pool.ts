/**
 * A pool of GPU storage tensors keyed by element count, so a training loop reuses its activation and scratch
 * buffers step after step instead of creating and destroying hundreds of GPUBuffers per step.
 *
 * take() returns a fresh (zero-initialised by WebGPU) or a recycled tensor; callers that ACCUMULATE into a
 * tensor ask for `zero` and a recycled one is cleared in command order. give() returns tensors for reuse.
 * It counts bytes (4 per element): `liveBytes` taken and not given back, `peakBytes` (the activation-memory
 * high-water mark that gradient checkpointing lowers) and `allocatedBytes` (the GPU memory the pool holds).
 * Non-goals: sub-allocation inside one big buffer, memory limits. No Node APIs.
 */
import { createTensor } from '../engine/buffers';
import type { EngineDevice, GpuTensor } from '../engine/device';

/** Recycles GPU tensors of equal length. */
export class GpuTensorPool {
  private readonly free = new Map<number, GpuTensor[]>();
  private readonly all = new Set<GpuTensor>();
  private live = 0;
  private peak = 0;
  private allocated = 0;

  constructor(private readonly dev: EngineDevice) {}

  /** A tensor of n elements; zero=true guarantees zeros (needed for accumulation targets). */
  take(n: number, label: string, zero = false): GpuTensor {
    this.live += n * 4;
    this.peak = Math.max(this.peak, this.live);
    const recycled = this.free.get(n)?.pop();
    if (recycled) {
      if (zero) this.dev.clear(recycled);
      return recycled;
    }
    const t = createTensor(this.dev, n, label);
    this.all.add(t);
    this.allocated += n * 4;
    return t;
  }

  /** A tensor holding a copy of data (tokens, positions, masks). */
  upload(data: Float32Array | Int32Array | Uint32Array, label: string): GpuTensor {
    const t = this.take(data.length, label);
    this.dev.write(t, data);
    return t;
  }

  /** Return tensors for reuse by later take() calls. */
  give(tensors: Iterable<GpuTensor>): void {
    for (const t of tensors) {
      this.live -= t.length * 4;
      const list = this.free.get(t.length) ?? [];
      list.push(t);
      this.free.set(t.length, list);
    }
  }

  /** Bytes of tensors taken and not yet given back. */
  get liveBytes(): number {
    return this.live;
  }

  /** The highest liveBytes since the pool was made or resetPeak() was last called. */
  get peakBytes(): number {
    return this.peak;
  }

  /** Bytes of every tensor this pool created (free or in use). */
  get allocatedBytes(): number {
    return this.allocated;
  }

  /** Restart peakBytes from the current liveBytes (to measure one step). */
  resetPeak(): void {
    this.peak = this.live;
  }

  /** Destroy every tensor this pool created. */
  destroy(): void {
    this.dev.flush();
    for (const t of this.all) t.buffer.destroy();
    this.all.clear();
    this.free.clear();
    this.live = this.peak = this.allocated = 0;
  }
}
