/**
 * LoRA adapters on the GPU (decoder or BERT targets): one arena per role — adapters, gradients, AdamW m/v —
 * with tensors `L{l}.{target}.A|B` (each 256-byte aligned), so the optimiser steps whole arenas.
 * Non-goals: dropout masks (not on the GPU yet). No Node APIs.
 * Shape legend: R = rank, A [R, in], B [out, R].
 */
import { type Arena, createArena, readF32 } from '../engine/buffers';
import type { EngineDevice, GpuTensor } from '../engine/device';
import type { LoraAdapters, LoraConfig, LoraTarget } from './lora';

/** LoRA adapters (or their gradients / optimiser moments) in one GPU arena, tensors `L{l}.{target}.A|B`. */
export interface GpuLora<T extends string = LoraTarget> {
  config: LoraConfig<T>;
  scale: number;
  arena: Arena;
  pair(layer: number, target: T): { A: GpuTensor; B: GpuTensor } | undefined;
}

/** Upload CPU adapters (use allocLoraAdapters(..., zero=true) for a gradient arena). */
export function uploadLoraAdapters<T extends string>(dev: EngineDevice, lora: LoraAdapters<T>, label = 'lora'): GpuLora<T> {
  const table: Record<string, number[]> = {};
  lora.layers.forEach((layer, l) => {
    for (const t of lora.config.targets) {
      table[`L${l}.${t}.A`] = [layer[t]!.A.length];
      table[`L${l}.${t}.B`] = [layer[t]!.B.length];
    }
  });
  const arena = createArena(dev, label, table);
  lora.layers.forEach((layer, l) => {
    for (const t of lora.config.targets) {
      dev.write(arena.tensors[`L${l}.${t}.A`], layer[t]!.A);
      dev.write(arena.tensors[`L${l}.${t}.B`], layer[t]!.B);
    }
  });
  return {
    config: lora.config, scale: lora.scale, arena,
    pair: (l, t) => (arena.tensors[`L${l}.${t}.A`] ? { A: arena.tensors[`L${l}.${t}.A`], B: arena.tensors[`L${l}.${t}.B`] } : undefined)
  };
}

/** Copy GPU adapters back into CPU adapters of the same config (for PEFT export or checks). */
export async function downloadLoraAdapters<T extends string>(dev: EngineDevice, gpu: GpuLora<T>, into: LoraAdapters<T>): Promise<void> {
  for (let l = 0; l < into.layers.length; l++) {
    for (const t of into.config.targets) {
      const pair = gpu.pair(l, t)!;
      into.layers[l][t]!.A.set(await readF32(dev, pair.A));
      into.layers[l][t]!.B.set(await readF32(dev, pair.B));
    }
  }
}
