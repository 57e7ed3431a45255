/**
 * Activation checkpointing (Hugging Face's "gradient checkpointing") for the layer stacks of llama.ts and
 * bert.ts and their WebGPU twins: forward keeps only each layer's input (the residual stream, BT × C) and the
 * index of its first LoRA-dropout draw; `layer(l)` later returns the saved activations or recomputes them from
 * that input with the same dropout masks (the counted stream restarts at the layer's first draw), so backward
 * sees bit-identical values. Saved memory: L layer inputs (+ one layer while it is recomputed) instead of L
 * layers of activations, for about one extra forward of compute.
 *
 * Non-goals: the layer math (each model passes its own layerForward), √L segment checkpointing. No Node APIs.
 * Shape legend: L = layers, BT = rows, C = hidden (the width of the residual stream).
 */
import type { GpuTensor } from '../engine/device';
import type { GpuTensorPool } from './gpu-pool';
import type { CountedDropout, LoraDropout } from './linear';

/** What checkpointing keeps of a layer: its input (BT, C) and where its dropout draws start. */
export interface LayerCheckpoint<X> {
  inp: X;
  dropoutStart: number;
}

function isCheckpoint<A, X>(saved: A | LayerCheckpoint<X>): saved is LayerCheckpoint<X> {
  return typeof saved === 'object' && saved !== null && 'dropoutStart' in saved;
}

/** A forward's layer stack: per layer its activations or checkpoint, the last output, and `layer(l)`. */
export interface LayerStack<A, X> {
  layers: (A | LayerCheckpoint<X>)[];
  final: X; // (BT, C) output of the last layer
}

/**
 * Run L CPU layers from x0; `layerForward(l, x, dropout)` returns the layer's activations and output. With
 * checkpointing the activations are dropped at once and `layer(l)` recomputes them.
 */
export function forwardLayers<A>(
  L: number, x0: Float32Array, dropout: CountedDropout | null, checkpointing: boolean,
  layerForward: (l: number, x: Float32Array, dropout: LoraDropout | null) => [A, Float32Array]
): LayerStack<A, Float32Array> & { layer(l: number): A } {
  const layers: (A | LayerCheckpoint<Float32Array>)[] = [];
  let x = x0;
  for (let l = 0; l < L; l++) {
    const dropoutStart = dropout?.drawn ?? 0;
    const [acts, next] = layerForward(l, x, dropout);
    layers.push(checkpointing ? { inp: x, dropoutStart } : acts);
    x = next;
  }
  const layer = (l: number): A => {
    const saved = layers[l];
    return isCheckpoint(saved) ? layerForward(l, saved.inp, dropout?.at(saved.dropoutStart) ?? null)[0] : saved;
  };
  return { layers, final: x, layer };
}

/**
 * Where a GPU layer records the pool tensors it takes and which dropout it draws from. The model's alloc and
 * linear helpers read it; forwardLayersGpu switches it per layer when checkpointing.
 */
export interface GpuLayerScope {
  owned: GpuTensor[];
  dropout: LoraDropout | null;
}

/**
 * Run L GPU layers from x0 (BT·C = `width` elements); `layerForward(l, x, next)` writes next and takes its
 * buffers through `scope`. With checkpointing each layer's buffers go back to the pool right after it (the
 * pool recycles them for the next layer in command order), and `layer(l)` recomputes into fresh pool buffers
 * that its release() returns.
 */
export function forwardLayersGpu<A>(
  pool: GpuTensorPool, scope: GpuLayerScope, L: number, x0: GpuTensor, width: number,
  dropout: CountedDropout | null, checkpointing: boolean, layerForward: (l: number, x: GpuTensor, next: GpuTensor) => A
): LayerStack<A, GpuTensor> & { layer(l: number): { acts: A; release(): void } } {
  const owned = scope.owned; // the forward's buffers, freed by its destroy()
  const layers: (A | LayerCheckpoint<GpuTensor>)[] = [];
  let x = x0;
  for (let l = 0; l < L; l++) {
    const next = pool.take(width, `x${l + 1}`);
    owned.push(next);
    const dropoutStart = dropout?.drawn ?? 0;
    if (!checkpointing) layers.push(layerForward(l, x, next));
    else {
      scope.owned = [];
      layerForward(l, x, next);
      pool.give(scope.owned);
      scope.owned = owned;
      layers.push({ inp: x, dropoutStart });
    }
    x = next;
  }
  const layer = (l: number): { acts: A; release(): void } => {
    const saved = layers[l];
    if (!isCheckpoint(saved)) return { acts: saved, release: () => {} };
    const recomputed: GpuTensor[] = [pool.take(width, 'x-recomputed')];
    scope.owned = recomputed;
    scope.dropout = dropout?.at(saved.dropoutStart) ?? null;
    try {
      return { acts: layerForward(l, saved.inp, recomputed[0]), release: () => pool.give(recomputed.splice(0)) };
    } finally {
      scope.owned = owned;
      scope.dropout = dropout;
    }
  };
  return { layers, final: x, layer };
}
