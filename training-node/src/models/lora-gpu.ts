/**
 * LoRA adapters on the GPU (decoder or BERT targets): one arena per role — adapters, gradients, AdamW m/v —
 * with tensors `L{l}.{target}.A|B` (each 256-byte aligned), so the optimiser steps whole arenas.
 * Also the adapter-dropout linear (PEFT: dropout on the adapter input only), composed from the engine's GEMM
 * and LoRA kernels plus an elementwise multiply, with the keep mask drawn on the CPU (dropoutKeepMask) so the
 * GPU and CPU paths see identical masks.
 * No Node APIs. Shape legend: BT = rows, C = in, OC = out, R = rank, A [R, C], B [OC, R].
 */
import { type Arena, createArena, readF32 } from '../engine/buffers';
import type { EngineDevice, GpuTensor } from '../engine/device';
import {
  accumulate, dequant4bitMatmulBackward, dequant4bitMatmulForward, forwardStrides, gemm, type GemmB, loraMatmulBackward,
  matmulBackward, matmulForward, multiplyForward
} from '../engine/kernels/index';
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

/** Saved tensors of one dropout linear: keep (BT, C) multipliers and dropped = inp ⊙ keep (BT, C). */
export interface GpuDropoutSaved {
  keep: GpuTensor;
  dropped: GpuTensor;
}

function baseForward(dev: EngineDevice, out: GpuTensor, inp: GpuTensor, base: GemmB, bias: GpuTensor | null, BT: number, C: number, OC: number): void {
  if ('packed' in base) dequant4bitMatmulForward(dev, out, inp, base, bias, BT, C, OC);
  else matmulForward(dev, out, inp, base, bias, BT, C, OC);
}

/** out = inp·W^T + bias + scale·((inp ⊙ keep)·A^T)·B^T; fills saved.dropped and hidden (BT, R). */
export function loraDropoutLinearForward(
  dev: EngineDevice, out: GpuTensor, hidden: GpuTensor, saved: GpuDropoutSaved,
  inp: GpuTensor, base: GemmB, bias: GpuTensor | null, A: GpuTensor, B: GpuTensor,
  BT: number, C: number, OC: number, R: number, scale: number
): void {
  multiplyForward(dev, saved.dropped, inp, saved.keep, BT * C);
  baseForward(dev, out, inp, base, bias, BT, C, OC);
  matmulForward(dev, hidden, saved.dropped, A, null, BT, C, R);
  gemm(dev, out, hidden, B, null, BT, OC, R, forwardStrides(R), scale, 1);
}

/**
 * Backward of loraDropoutLinearForward: dA/dB (+=), dinp (= or += with acc) = dout·W + (dhidden·A) ⊙ keep.
 * `dhidden` (BT, R) and `scratch` (two tensors of ≥ BT·C) are caller-owned.
 */
export function loraDropoutLinearBackward(
  dev: EngineDevice, dinp: GpuTensor, dA: GpuTensor, dB: GpuTensor, dhidden: GpuTensor, scratch: [GpuTensor, GpuTensor],
  dout: GpuTensor, inp: GpuTensor, saved: GpuDropoutSaved, hidden: GpuTensor, base: GemmB, A: GpuTensor, B: GpuTensor,
  BT: number, C: number, OC: number, R: number, scale: number, acc: boolean
): void {
  loraMatmulBackward(dev, null, dA, dB, dhidden, dout, saved.dropped, hidden, base, A, B, BT, C, OC, R, scale);
  if ('packed' in base) dequant4bitMatmulBackward(dev, dinp, dout, base, BT, C, OC, acc);
  else matmulBackward(dev, dinp, null, null, dout, inp, base, BT, C, OC, acc);
  const [ddropped, masked] = scratch;
  matmulBackward(dev, ddropped, null, null, dhidden, saved.dropped, A, BT, C, R);
  multiplyForward(dev, masked, ddropped, saved.keep, BT * C);
  accumulate(dev, dinp, masked, BT * C);
}
