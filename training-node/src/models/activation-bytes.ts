/**
 * How much memory a saved forward holds for its backward: the bytes of the distinct tensors reachable from
 * an activations object (CPU typed arrays at their byteLength, GPU tensors at 4 bytes per element, 2 for f16), so tests
 * and benches can compare gradient checkpointing (layer inputs only) with saving every layer.
 *
 * Non-goals: transient buffers freed during forward, allocator padding, the GPU pool's scratch (see
 * GpuTensorPool.liveBytes / peakBytes for those). No Node APIs.
 */

function isGpuTensor(v: object): v is { buffer: object; offset: number; length: number; dtype?: string } {
  return 'buffer' in v && 'offset' in v && typeof (v as { length?: unknown }).length === 'number' && !ArrayBuffer.isView(v);
}

/** Bytes of the distinct tensors reachable from `acts` (each counted once, however often it is referenced). */
export function savedActivationBytes(acts: object): number {
  const seen = new Set<object>();
  let bytes = 0;
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) bytes += v.byteLength;
    else if (isGpuTensor(v)) bytes += v.length * (v.dtype === 'f16' ? 2 : 4);
    else for (const child of Array.isArray(v) ? v : Object.values(v)) visit(child);
  };
  visit(acts);
  return bytes;
}
