/**
 * CPU reference for the linear layers: dense matmul, LoRA matmul, 4-bit group quantisation (QLoRA base).
 *
 * Purpose: plain, obviously-correct TypeScript on Float32Array, used as the test oracle for the WGSL kernels
 * and as the CPU fallback that models compose. Sums accumulate in float64 (JS numbers), results are stored f32.
 * Non-goals: speed, broadcasting, autograd. No Node APIs (the browser runs the same engine).
 *
 * Shape legend: BT = batch*sequence rows, C = input channels, OC = output channels, R = LoRA rank.
 * Weights are row-major [OC, C] like a PyTorch nn.Linear weight.
 * Gradient convention (llm.c): parameter gradients ACCUMULATE (+=); dinp is ASSIGNED (=) unless the
 * trailing `accumulateDinp` flag is true (use it when one activation feeds several linears, e.g. q/k/v).
 */

/** out[BT,OC] = inp[BT,C] · weight[OC,C]^T + bias[OC]. */
export function matmulForward(
  out: Float32Array, inp: Float32Array, weight: Float32Array, bias: Float32Array | null,
  BT: number, C: number, OC: number
): void {
  for (let bt = 0; bt < BT; bt++) {
    const row = bt * C;
    for (let o = 0; o < OC; o++) {
      const wrow = o * C;
      let sum = bias ? bias[o] : 0;
      for (let c = 0; c < C; c++) sum += inp[row + c] * weight[wrow + c];
      out[bt * OC + o] = sum;
    }
  }
}

/** dinp[BT,C] (=, or += with accumulateDinp) = dout·W; dweight[OC,C] += dout^T·inp; dbias[OC] += Σ_bt dout. */
export function matmulBackward(
  dinp: Float32Array | null, dweight: Float32Array | null, dbias: Float32Array | null,
  dout: Float32Array, inp: Float32Array, weight: Float32Array,
  BT: number, C: number, OC: number, accumulateDinp = false
): void {
  if (dinp) {
    for (let bt = 0; bt < BT; bt++) {
      for (let c = 0; c < C; c++) {
        let sum = 0;
        for (let o = 0; o < OC; o++) sum += dout[bt * OC + o] * weight[o * C + c];
        dinp[bt * C + c] = accumulateDinp ? dinp[bt * C + c] + sum : sum;
      }
    }
  }
  if (dweight) {
    for (let o = 0; o < OC; o++) {
      for (let c = 0; c < C; c++) {
        let sum = 0;
        for (let bt = 0; bt < BT; bt++) sum += dout[bt * OC + o] * inp[bt * C + c];
        dweight[o * C + c] += sum;
      }
    }
  }
  if (dbias) {
    for (let o = 0; o < OC; o++) {
      let sum = 0;
      for (let bt = 0; bt < BT; bt++) sum += dout[bt * OC + o];
      dbias[o] += sum;
    }
  }
}

/**
 * 4-bit group-quantised weight. SYMMETRIC int4: each group of `group` consecutive weights along C (within one
 * row) has scale = max|w| / 7 and codes q = round(w / scale) in [-7, 7], stored biased as q + 8 (a nibble).
 * Nibble i of the flat [OC*C] weight lives in packed[i >> 3] at bits 4*(i & 7). scales has OC*C/group entries.
 */
export interface Quantized4bit {
  packed: Uint32Array; // [OC*C/8]
  scales: Float32Array; // [OC*C/group]
  OC: number;
  C: number;
  group: number;
}

/** Quantise weight[OC,C] to symmetric 4-bit groups along C. Requires C % group == 0 and group % 8 == 0. */
export function quantize4bit(weight: Float32Array, OC: number, C: number, group = 32): Quantized4bit {
  if (C % group !== 0 || group % 8 !== 0) {
    throw new Error(`quantize4bit: C=${C} must be a multiple of group=${group}, and group a multiple of 8`);
  }
  const n = OC * C;
  const packed = new Uint32Array(n / 8);
  const scales = new Float32Array(n / group);
  for (let g = 0; g < n / group; g++) {
    let maxAbs = 0;
    for (let i = g * group; i < (g + 1) * group; i++) maxAbs = Math.max(maxAbs, Math.abs(weight[i]));
    const scale = Math.fround(maxAbs / 7);
    scales[g] = scale;
    for (let i = g * group; i < (g + 1) * group; i++) {
      const q = scale === 0 ? 0 : Math.max(-7, Math.min(7, Math.round(weight[i] / scale)));
      packed[i >> 3] |= ((q + 8) & 0xf) << (4 * (i & 7));
    }
  }
  return { packed, scales, OC, C, group };
}

/** Value of flat element i (= oc*C + c) of a quantised weight. */
export function dequant4bitAt(q: Quantized4bit, i: number): number {
  const code = (q.packed[i >> 3] >>> (4 * (i & 7))) & 0xf;
  return (code - 8) * q.scales[Math.floor(i / q.group)];
}

/** Dense f32 copy [OC,C] of a quantised weight (for merging adapters and for tests). */
export function dequantize4bit(q: Quantized4bit): Float32Array {
  const out = new Float32Array(q.OC * q.C);
  for (let i = 0; i < out.length; i++) out[i] = dequant4bitAt(q, i);
  return out;
}

/** out[BT,OC] = inp[BT,C] · dequant(W)[OC,C]^T + bias: the frozen QLoRA base layer. */
export function dequant4bitMatmulForward(
  out: Float32Array, inp: Float32Array, weight: Quantized4bit, bias: Float32Array | null,
  BT: number, C: number, OC: number
): void {
  checkQuantShape(weight, C, OC);
  matmulForward(out, inp, dequantize4bit(weight), bias, BT, C, OC);
}

/** dinp[BT,C] (= or +=) = dout[BT,OC] · dequant(W): backward wrt the input only (the base is frozen). */
export function dequant4bitMatmulBackward(
  dinp: Float32Array, dout: Float32Array, weight: Quantized4bit,
  BT: number, C: number, OC: number, accumulateDinp = false
): void {
  checkQuantShape(weight, C, OC);
  matmulBackward(dinp, null, null, dout, new Float32Array(BT * C), dequantize4bit(weight), BT, C, OC, accumulateDinp);
}

function checkQuantShape(q: Quantized4bit, C: number, OC: number): void {
  if (q.C !== C || q.OC !== OC) throw new Error(`quantised weight is [${q.OC},${q.C}], expected [${OC},${C}]`);
}

/** Frozen base weight of a LoRA layer: dense f32 [OC,C] or 4-bit quantised (QLoRA). */
export type BaseWeight = Float32Array | Quantized4bit;

function denseBase(weight: BaseWeight): Float32Array {
  return weight instanceof Float32Array ? weight : dequantize4bit(weight);
}

/**
 * LoRA linear: out[BT,OC] = inp·W^T + bias + scale · (inp·A^T)·B^T, with A[R,C], B[OC,R], scale = alpha/R.
 * hidden[BT,R] = inp·A^T is saved for the backward pass. Dropout on the LoRA path is the caller's business
 * (pass the dropped-out input as `inp` of a second call if needed); this op has none.
 */
export function loraMatmulForward(
  out: Float32Array, hidden: Float32Array,
  inp: Float32Array, weight: BaseWeight, bias: Float32Array | null, loraA: Float32Array, loraB: Float32Array,
  BT: number, C: number, OC: number, R: number, scale: number
): void {
  matmulForward(out, inp, denseBase(weight), bias, BT, C, OC);
  matmulForward(hidden, inp, loraA, null, BT, C, R);
  for (let bt = 0; bt < BT; bt++) {
    for (let o = 0; o < OC; o++) {
      let sum = 0;
      for (let r = 0; r < R; r++) sum += hidden[bt * R + r] * loraB[o * R + r];
      out[bt * OC + o] += scale * sum;
    }
  }
}

/**
 * LoRA backward (frozen base): dloraB[OC,R] += scale·dout^T·hidden; dloraA[R,C] += (scale·dout·B)^T·inp;
 * dinp[BT,C] (= or +=) = dout·W + scale·(dout·B)·A. Base weight and bias get no gradient.
 */
export function loraMatmulBackward(
  dinp: Float32Array | null, dloraA: Float32Array, dloraB: Float32Array,
  dout: Float32Array, inp: Float32Array, hidden: Float32Array,
  weight: BaseWeight, loraA: Float32Array, loraB: Float32Array,
  BT: number, C: number, OC: number, R: number, scale: number, accumulateDinp = false
): void {
  const dhidden = new Float32Array(BT * R); // scale · dout · B
  for (let bt = 0; bt < BT; bt++) {
    for (let r = 0; r < R; r++) {
      let sum = 0;
      for (let o = 0; o < OC; o++) sum += dout[bt * OC + o] * loraB[o * R + r];
      dhidden[bt * R + r] = scale * sum;
    }
  }
  for (let o = 0; o < OC; o++) {
    for (let r = 0; r < R; r++) {
      let sum = 0;
      for (let bt = 0; bt < BT; bt++) sum += dout[bt * OC + o] * hidden[bt * R + r];
      dloraB[o * R + r] += scale * sum;
    }
  }
  matmulBackward(null, dloraA, null, dhidden, inp, loraA, BT, C, R);
  if (dinp) {
    matmulBackward(dinp, null, null, dout, inp, denseBase(weight), BT, C, OC, accumulateDinp);
    matmulBackward(dinp, null, null, dhidden, inp, loraA, BT, C, R, true);
  }
}
