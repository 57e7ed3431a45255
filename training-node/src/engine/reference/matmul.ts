/**
 * CPU reference for the linear layers: dense matmul, LoRA matmul, 4-bit group quantisation (QLoRA base).
 *
 * Purpose: plain, obviously-correct TypeScript on Float32Array, used as the test oracle for the WGSL kernels
 * and as the CPU fallback that models compose. Sums accumulate in float64 (JS numbers), results are stored f32.
 * The dense matmuls are register-blocked and read memory row by row (the CPU trainer spends most of
 * its time here), but every output keeps the summation order of the textbook triple loop, so the results are
 * bit-for-bit those of the plain loops (tests/engine/matmul-reference.test.ts checks this).
 * Non-goals: SIMD/threads, broadcasting, autograd. No Node APIs (the browser runs the same engine).
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
  // Register-blocked: two input rows × four output channels per pass (each load feeds four or two products).
  // Every sum still starts from the bias and adds its C terms in ascending c: the plain triple loop's result.
  const BT2 = BT - (BT % 2), OC4 = OC - (OC % 4);
  for (let bt = 0; bt < BT2; bt += 2) {
    const ra = bt * C, rb = ra + C, oa = bt * OC, ob = oa + OC;
    for (let o = 0; o < OC4; o += 4) {
      const w0 = o * C, w1 = w0 + C, w2 = w1 + C, w3 = w2 + C;
      let a0 = bias ? bias[o] : 0, a1 = bias ? bias[o + 1] : 0, a2 = bias ? bias[o + 2] : 0, a3 = bias ? bias[o + 3] : 0;
      let b0 = a0, b1 = a1, b2 = a2, b3 = a3;
      for (let c = 0; c < C; c++) {
        const x = inp[ra + c], y = inp[rb + c];
        const v0 = weight[w0 + c], v1 = weight[w1 + c], v2 = weight[w2 + c], v3 = weight[w3 + c];
        a0 += x * v0; a1 += x * v1; a2 += x * v2; a3 += x * v3;
        b0 += y * v0; b1 += y * v1; b2 += y * v2; b3 += y * v3;
      }
      out[oa + o] = a0; out[oa + o + 1] = a1; out[oa + o + 2] = a2; out[oa + o + 3] = a3;
      out[ob + o] = b0; out[ob + o + 1] = b1; out[ob + o + 2] = b2; out[ob + o + 3] = b3;
    }
    for (let o = OC4; o < OC; o++) {
      out[oa + o] = dotRow(inp, ra, weight, o * C, C, bias ? bias[o] : 0);
      out[ob + o] = dotRow(inp, rb, weight, o * C, C, bias ? bias[o] : 0);
    }
  }
  for (let bt = BT2; bt < BT; bt++) {
    for (let o = 0; o < OC; o++) out[bt * OC + o] = dotRow(inp, bt * C, weight, o * C, C, bias ? bias[o] : 0);
  }
}

/** start + Σ_c x[xi + c] · w[wi + c], c ascending, in float64. */
function dotRow(x: Float32Array, xi: number, w: Float32Array, wi: number, C: number, start: number): number {
  let sum = start;
  for (let c = 0; c < C; c++) sum += x[xi + c] * w[wi + c];
  return sum;
}

/** dinp[BT,C] (=, or += with accumulateDinp) = dout·W; dweight[OC,C] += dout^T·inp; dbias[OC] += Σ_bt dout. */
export function matmulBackward(
  dinp: Float32Array | null, dweight: Float32Array | null, dbias: Float32Array | null,
  dout: Float32Array, inp: Float32Array, weight: Float32Array,
  BT: number, C: number, OC: number, accumulateDinp = false
): void {
  // Both products run along contiguous rows into a float64 row accumulator; each element still receives its
  // terms in ascending o (dinp) or ascending bt (dweight), so the sums equal the plain dot-product loops.
  if (dinp) {
    const acc = new Float64Array(C);
    for (let bt = 0; bt < BT; bt++) {
      acc.fill(0);
      axpyRows(acc, dout, bt * OC, 1, weight, OC, C);
      const row = bt * C;
      for (let c = 0; c < C; c++) dinp[row + c] = accumulateDinp ? dinp[row + c] + acc[c] : acc[c];
    }
  }
  if (dweight) {
    const acc = new Float64Array(C);
    for (let o = 0; o < OC; o++) {
      acc.fill(0);
      axpyRows(acc, dout, o, OC, inp, BT, C);
      const wrow = o * C;
      for (let c = 0; c < C; c++) dweight[wrow + c] += acc[c];
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
 * acc[C] += Σ_k coef[start + k·stride] · rows[k, :] for k = 0..K-1 in ascending k (rows is [K, C]), four rows per
 * pass so each accumulator element is loaded and stored once per four terms (same order as one row at a time).
 */
function axpyRows(
  acc: Float64Array, coef: Float32Array, start: number, stride: number, rows: Float32Array, K: number, C: number
): void {
  const K4 = K - (K % 4);
  for (let k = 0; k < K4; k += 4) {
    const d0 = coef[start + k * stride], d1 = coef[start + (k + 1) * stride];
    const d2 = coef[start + (k + 2) * stride], d3 = coef[start + (k + 3) * stride];
    const r0 = k * C, r1 = r0 + C, r2 = r1 + C, r3 = r2 + C;
    for (let c = 0; c < C; c++) {
      let a = acc[c];
      a += d0 * rows[r0 + c];
      a += d1 * rows[r1 + c];
      a += d2 * rows[r2 + c];
      a += d3 * rows[r3 + c];
      acc[c] = a;
    }
  }
  for (let k = K4; k < K; k++) {
    const d = coef[start + k * stride];
    const r = k * C;
    for (let c = 0; c < C; c++) acc[c] += d * rows[r + c];
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
