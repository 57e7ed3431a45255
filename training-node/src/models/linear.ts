/**
 * One linear layer of a model, composed from the engine's reference ops: a frozen or trainable base weight
 * (dense f32, or 4-bit QLoRA base), an optional bias, and an optional LoRA adapter with PEFT's dropout on the
 * adapter input. Forward saves what backward needs in a `LinearSaved`.
 *
 * The dense products run on a `CpuOps` (default the float64 reference; engine/cpu-fast's WASM SIMD ops when the
 * model carries them): with the reference and no dropout the LoRA path is the reference loraMatmul*, otherwise it
 * is composed of ops.matmul* (the same math, f32 sums on the fast path).
 * Non-goals: fused kernels (the GPU path has its own dispatchers). No Node APIs.
 * Shape legend: BT = rows, C = in features, OC = out features, R = LoRA rank. Weights [OC, C].
 * Gradient convention (llm.c): dweight/dbias/dA/dB ACCUMULATE (+=); dinp is ASSIGNED (=) unless accumulateDinp.
 */
import { type CpuOps, REFERENCE_CPU_OPS } from '../engine/cpu-fast/ops';
import {
  type BaseWeight,
  dequant4bitMatmulBackward,
  dequant4bitMatmulForward,
  dequantize4bit,
  loraMatmulBackward,
  loraMatmulForward
} from '../engine/reference/index';
import { seededRandom, seededRandomAt } from '../data/random';
import type { LoraPair } from './lora';

/** Adapter input dropout for one forward call: probability and a seeded uniform source. */
export interface LoraDropout {
  p: number;
  random: () => number;
}

/** A forward's LoRA dropout that counts its draws, so a checkpointed layer can redraw its masks from `at(start)`. */
export interface CountedDropout extends LoraDropout {
  drawn: number;
  at(start: number): LoraDropout;
}

/** Dropout with probability p drawing from seededRandom(seed), counting draws (see CountedDropout). */
export function countedDropout(p: number, seed: number): CountedDropout {
  const next = seededRandom(seed);
  const dropout: CountedDropout = {
    p, drawn: 0,
    random: () => (dropout.drawn++, next()),
    at: (start) => ({ p, random: seededRandomAt(seed, start) })
  };
  return dropout;
}

/** Saved activations of one linear call. */
export interface LinearSaved {
  hidden?: Float32Array; // (BT, R) adapter bottleneck
  dropped?: Float32Array; // (BT, C) adapter input after dropout
  keep?: Float32Array; // (BT, C) dropout multiplier: 0 or 1/(1-p)
}

/** Draw the next n dropout multipliers (0 with probability p, else 1/(1-p)); the GPU path uploads the same. */
export function dropoutKeepMask(dropout: LoraDropout, n: number): Float32Array {
  const keep = new Float32Array(n);
  const kept = 1 / (1 - dropout.p);
  for (let i = 0; i < n; i++) keep[i] = dropout.random() < dropout.p ? 0 : kept;
  return keep;
}

/** out[BT,OC] = inp·W^T + bias + scale·(dropout(inp)·A^T)·B^T. */
export function linearForward(
  out: Float32Array, saved: LinearSaved,
  inp: Float32Array, weight: BaseWeight, bias: Float32Array | null, lora: LoraPair | undefined, scale: number,
  BT: number, C: number, OC: number, dropout: LoraDropout | null, ops: CpuOps = REFERENCE_CPU_OPS
): void {
  if (!lora) {
    baseForward(ops, out, inp, weight, bias, BT, C, OC);
    return;
  }
  const R = lora.A.length / C;
  saved.hidden ??= new Float32Array(BT * R);
  const noDropout = !dropout || dropout.p === 0;
  if (noDropout && ops.kind === 'reference') {
    loraMatmulForward(out, saved.hidden, inp, weight, bias, lora.A, lora.B, BT, C, OC, R, scale);
    return;
  }
  baseForward(ops, out, inp, weight, bias, BT, C, OC);
  let adapterInput = inp;
  if (!noDropout) {
    const keep = (saved.keep = dropoutKeepMask(dropout!, BT * C));
    const dropped = (saved.dropped ??= new Float32Array(BT * C));
    for (let i = 0; i < BT * C; i++) dropped[i] = inp[i] * keep[i];
    adapterInput = dropped;
  }
  if (ops.loraForward) { ops.loraForward(out, saved.hidden, adapterInput, lora.A, lora.B, BT, C, OC, R, scale); return; }
  const delta = new Float32Array(BT * OC);
  ops.matmulForward(saved.hidden, adapterInput, lora.A, null, BT, C, R);
  ops.matmulForward(delta, saved.hidden, lora.B, null, BT, R, OC);
  for (let i = 0; i < BT * OC; i++) out[i] += scale * delta[i];
}

/** Gradients of linearForward. The base weight gets dweight only when it is dense and dweight is given. */
export function linearBackward(
  dinp: Float32Array | null, dweight: Float32Array | null, dbias: Float32Array | null, dlora: LoraPair | undefined,
  dout: Float32Array, inp: Float32Array, saved: LinearSaved,
  weight: BaseWeight, lora: LoraPair | undefined, scale: number,
  BT: number, C: number, OC: number, accumulateDinp = false, ops: CpuOps = REFERENCE_CPU_OPS
): void {
  if (lora && dlora && !saved.keep && ops.kind === 'reference') {
    const R = lora.A.length / C;
    if (dweight || dbias) baseBackward(ops, null, dweight, dbias, dout, inp, weight, BT, C, OC, false);
    loraMatmulBackward(dinp, dlora.A, dlora.B, dout, inp, saved.hidden!, weight, lora.A, lora.B, BT, C, OC, R, scale, accumulateDinp);
    return;
  }
  baseBackward(ops, dinp, dweight, dbias, dout, inp, weight, BT, C, OC, accumulateDinp);
  if (!lora) return;
  const R = lora.A.length / C;
  const adapterInput = saved.dropped ?? inp;
  if (ops.loraBackward) {
    ops.loraBackward(dinp, dlora?.A ?? null, dlora?.B ?? null, dout, adapterInput, saved.hidden!, lora.A, lora.B, saved.keep ?? null, BT, C, OC, R, scale);
    return;
  }
  const scaledDout = dout.map((g) => g * scale);
  const dhidden = new Float32Array(BT * R);
  ops.matmulBackward(dhidden, dlora ? dlora.B : null, null, scaledDout, saved.hidden!, lora.B, BT, R, OC);
  const ddropped = new Float32Array(BT * C);
  ops.matmulBackward(ddropped, dlora ? dlora.A : null, null, dhidden, adapterInput, lora.A, BT, C, R);
  if (dinp) {
    const keep = saved.keep;
    for (let i = 0; i < BT * C; i++) dinp[i] += keep ? ddropped[i] * keep[i] : ddropped[i];
  }
}

function baseForward(
  ops: CpuOps, out: Float32Array, inp: Float32Array, weight: BaseWeight, bias: Float32Array | null, BT: number, C: number, OC: number
): void {
  if (weight instanceof Float32Array) ops.matmulForward(out, inp, weight, bias, BT, C, OC);
  else if (ops.kind === 'reference') dequant4bitMatmulForward(out, inp, weight, bias, BT, C, OC);
  else ops.matmulForward(out, inp, dequantize4bit(weight), bias, BT, C, OC);
}

function baseBackward(
  ops: CpuOps, dinp: Float32Array | null, dweight: Float32Array | null, dbias: Float32Array | null,
  dout: Float32Array, inp: Float32Array, weight: BaseWeight, BT: number, C: number, OC: number, accumulateDinp: boolean
): void {
  if (weight instanceof Float32Array) {
    ops.matmulBackward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC, accumulateDinp);
    return;
  }
  if (dweight) throw new Error('linearBackward: a 4-bit quantised base weight is frozen and has no gradient');
  if (dbias) ops.matmulBackward(null, null, dbias, dout, inp, new Float32Array(0), BT, C, OC);
  if (!dinp) return;
  if (ops.kind === 'reference') dequant4bitMatmulBackward(dinp, dout, weight, BT, C, OC, accumulateDinp);
  else ops.matmulBackward(dinp, null, null, dout, inp, dequantize4bit(weight), BT, C, OC, accumulateDinp);
}
