/**
 * The fast CPU ops: the reference ops' signatures (engine/reference) on the WebAssembly SIMD GEMM (gemm.ts),
 * so models swap one `CpuOps` object for the other. Dense matmul forward/backward (dinp, dweight, dbias) and
 * attention forward/backward (per (batch, head): scores, P·V, and the four backward products as GEMMs over
 * strided head slices; mask, softmax and its backward in plain TypeScript over the visible keys only).
 *
 * Accuracy: f32 sums (the reference sums in float64), so results match the reference within float32
 * rounding (tests/engine/cpu-fast.test.ts), not bit for bit. Same gradient conventions as the reference:
 * dweight/dbias accumulate, dinp is assigned unless accumulateDinp; attention dq/dk/dv are assigned.
 * The causal-LM loss is fused (losses.ts); it, SwiGLU and RMSNorm (pointwise.ts) run as pool tasks when threaded.
 * LoRA adapters have their own ops (loraForward / loraBackward: products added straight into the outputs).
 * Non-goals: LayerNorm, GELU, RoPE (the reference runs them), f16 / 4-bit kernels (callers dequantise).
 * No Node APIs.
 */
import { attentionForward as refAttentionForward, attentionBackward as refAttentionBackward, attentionVisible, checkHeads, checkWindow,
  matmulBackward as refMatmulBackward, matmulForward as refMatmulForward, rmsnormForward as refRmsnormForward, type SegmentIds,
  swigluBackward as refSwigluBackward, swigluForward as refSwigluForward } from '../reference/index';
import { attentionScratch } from './attention-tasks';
import { createFastGemm, type FastGemm, type FastGemmOptions, rowMajor, transposed } from './gemm';
import { causalLmLossFused, causalLmLossPooled } from './losses';
import { rmsnormBackwardPooled, rmsnormForwardPooled, swigluBackwardPooled, swigluForwardPooled } from './pointwise';

/** The op set a CPU model runs on: the reference oracle or the fast path (same signatures and conventions). */
export interface CpuOps {
  readonly kind: 'reference' | 'fast';
  readonly threads: number;
  /** Fast path: the GEMM kernel uses relaxed SIMD fused multiply-adds (f32x4.relaxed_madd). */
  readonly relaxedSimd?: boolean;
  matmulForward: typeof refMatmulForward;
  matmulBackward: typeof refMatmulBackward;
  attentionForward: typeof refAttentionForward;
  attentionBackward: typeof refAttentionBackward;
  /** Fused mean causal-LM cross-entropy and dlogits (fast path only; models fall back to the reference ops). */
  causalLmLoss?: typeof causalLmLossFused;
  /**
   * Fast path only: a LoRA adapter's forward, hidden[BT,R] = x·Aᵀ and out[BT,OC] += (scale·hidden)·Bᵀ, the kernel's
   * sums starting from out (no [BT,OC] delta array or add pass; equal to out + scale·delta within f32 rounding).
   */
  loraForward?(out: Float32Array, hidden: Float32Array, x: Float32Array, A: Float32Array, B: Float32Array,
    BT: number, C: number, OC: number, R: number, scale: number): void;
  /**
   * Fast path only: the adapter's backward. dB += scale·doutᵀ·hidden, dhidden = scale·dout·B, dA += dhiddenᵀ·x,
   * dinp += (dhidden·A)[⊙ keep] (accumulated straight into dinp without dropout); the scale is applied to the f32
   * products, not to a scaled copy of dout (equal for a power-of-two scale, else within f32 rounding).
   */
  loraBackward?(dinp: Float32Array | null, dA: Float32Array | null, dB: Float32Array | null, dout: Float32Array, x: Float32Array,
    hidden: Float32Array, A: Float32Array, B: Float32Array, keep: Float32Array | null, BT: number, C: number, OC: number, R: number, scale: number): void;
  /** SwiGLU in f32x4 as pool tasks (fast path only, within f32 rounding of the reference, bit-identical for any thread count; models fall back to the reference). */
  swigluForward?: typeof refSwigluForward;
  swigluBackward?: typeof refSwigluBackward;
  /** RMSNorm rows split over the threads (fast path only, bit-identical to the reference). */
  rmsnormForward?: typeof refRmsnormForward;
  /** Same; dweight null (frozen norm weights): not computed, and the rows split over the threads. */
  rmsnormBackward?(dinp: Float32Array, dweight: Float32Array | null, dout: Float32Array, inp: Float32Array, weight: Float32Array,
    rstd: Float32Array, BT: number, C: number): void;
  /**
   * Fast path: the caller will not write `weights` (a LoRA run's frozen base) until the returned release is called,
   * so their packed GEMM panels are built once and reused (engine/cpu-fast/gemm.ts). Absent on the reference.
   */
  freeze?(weights: Float32Array): () => void;
  /** Release threads (no-op for the reference). */
  destroy(): void;
}

/** The float64 reference ops (the oracle). */
export const REFERENCE_CPU_OPS: CpuOps = {
  kind: 'reference', threads: 1,
  matmulForward: refMatmulForward, matmulBackward: refMatmulBackward,
  attentionForward: refAttentionForward, attentionBackward: refAttentionBackward,
  destroy: () => {}
};

/** The fast ops on a new GEMM engine (threads > 1 needs opts.spawnWorker). */
export function createFastCpuOps(opts: FastGemmOptions = {}): CpuOps {
  const g = createFastGemm(opts);
  return {
    kind: 'fast', threads: g.threads, relaxedSimd: g.relaxedSimd,
    matmulForward: (out, inp, weight, bias, BT, C, OC) => {
      // out[BT,OC] = inp[BT,C] · W^T: B(k = c, n = o) = W[o·C + c]
      g.gemm(BT, OC, C, rowMajor(inp, C), transposed(rowMajor(weight, C)), rowMajor(out, OC), false);
      if (bias) for (let bt = 0; bt < BT; bt++) for (let o = 0; o < OC; o++) out[bt * OC + o] += bias[o];
    },
    matmulBackward: (dinp, dweight, dbias, dout, inp, weight, BT, C, OC, accumulateDinp = false) => {
      if (dinp) g.gemm(BT, C, OC, rowMajor(dout, OC), rowMajor(weight, C), rowMajor(dinp, C), accumulateDinp);
      if (dweight) g.gemm(OC, C, BT, transposed(rowMajor(dout, OC)), rowMajor(inp, C), rowMajor(dweight, C), true);
      if (dbias) {
        for (let o = 0; o < OC; o++) {
          let sum = 0;
          for (let bt = 0; bt < BT; bt++) sum += dout[bt * OC + o];
          dbias[o] += sum;
        }
      }
    },
    attentionForward: (out, att, q, k, v, B, T, NH, NKV, HS, causal, segments, window) => {
      checkHeads(NH, NKV);
      checkWindow(window, causal);
      if (pooled(g, B, T, NH, NKV, HS)) pooledAttentionForward(g, out, att, q, k, v, B, T, NH, NKV, HS, causal, segments, window);
      else fastAttentionForward(g, out, att, q, k, v, B, T, NH, NKV, HS, causal, segments, window);
    },
    attentionBackward: (dq, dk, dv, dout, q, k, v, att, B, T, NH, NKV, HS) => {
      checkHeads(NH, NKV);
      if (pooled(g, B, T, NH, NKV, HS)) pooledAttentionBackward(g, dq, dk, dv, dout, q, k, v, att, B, T, NH, NKV, HS);
      else fastAttentionBackward(g, dq, dk, dv, dout, q, k, v, att, B, T, NH, NKV, HS);
    },
    // rows as pool tasks on a copy in the memory (the vector exp is there), on one thread too: same result bit for bit
    causalLmLoss: (logits, targets, BT, V) => causalLmLossPooled(g, logits, targets, BT, V),
    loraForward: (out, hidden, x, A, B, BT, C, OC, R, scale) => {
      g.gemm(BT, R, C, rowMajor(x, C), transposed(rowMajor(A, C)), rowMajor(hidden, R), false);
      // scale·hidden ([BT, R], small) times Bᵀ, added by the kernel itself (accumulate with alpha 1: gemm's beta)
      const scaled = new Float32Array(BT * R);
      for (let i = 0; i < BT * R; i++) scaled[i] = scale * hidden[i];
      g.gemm(BT, OC, R, rowMajor(scaled, R), transposed(rowMajor(B, R)), rowMajor(out, OC), true);
    },
    loraBackward: (dinp, dA, dB, dout, x, hidden, A, B, keep, BT, C, OC, R, scale) => {
      const dhidden = new Float32Array(BT * R);
      g.gemm(BT, R, OC, rowMajor(dout, OC), rowMajor(B, R), rowMajor(dhidden, R), false, scale);
      if (dB) g.gemm(OC, R, BT, transposed(rowMajor(dout, OC)), rowMajor(hidden, R), rowMajor(dB, R), true, scale);
      if (dA) g.gemm(R, C, BT, transposed(rowMajor(dhidden, R)), rowMajor(x, C), rowMajor(dA, C), true);
      if (!dinp) return;
      if (!keep) { g.gemm(BT, C, R, rowMajor(dhidden, R), rowMajor(A, C), rowMajor(dinp, C), true); return; }
      const ddropped = new Float32Array(BT * C);
      g.gemm(BT, C, R, rowMajor(dhidden, R), rowMajor(A, C), rowMajor(ddropped, C), false);
      for (let i = 0; i < BT * C; i++) dinp[i] += ddropped[i] * keep[i];
    },
    swigluForward: (out, gate, up, N) => swigluForwardPooled(g, out, gate, up, N),
    rmsnormForward: (out, rstd, inp, weight, BT, C, eps) => rmsnormForwardPooled(g, out, rstd, inp, weight, BT, C, eps),
    rmsnormBackward: (dinp, dweight, dout, inp, weight, rstd, BT, C) => rmsnormBackwardPooled(g, dinp, dweight, dout, inp, weight, rstd, BT, C),
    swigluBackward: (dgate, dup, dout, gate, up, N) => swigluBackwardPooled(g, dgate, dup, dout, gate, up, N),
    freeze: (weights) => g.freeze(weights),
    destroy: () => g.destroy()
  };
}


/** Floats of the tensors the pooled backward copies in and out (the forward's are fewer), A-row overrun padding included. */
function pooledTensorFloats(B: number, T: number, NH: number, NKV: number, HS: number): number {
  return 3 * (B * T * NH * HS + 4 * NH * HS) + 4 * B * T * NKV * HS + B * NH * T * T + B * T;
}

/** Whether attention runs as pool tasks (attention-tasks.ts): an even head size (made for a kernel with k unrolled ×2; kept, the odd-HS test covers the per-head path). */
function pooled(g: FastGemm, B: number, T: number, NH: number, NKV: number, HS: number): boolean {
  return HS % 2 === 0 && pooledTensorFloats(B, T, NH, NKV, HS) + g.threads * attentionScratch(T, HS) <= g.taskScratchFloats;
}

/** Forward as B·NH (batch, head) tasks on the pool: q, k, v (and segment ids) copied in, att and out copied back. */
function pooledAttentionForward(
  g: FastGemm, out: Float32Array, att: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array,
  B: number, T: number, NH: number, NKV: number, HS: number, causal: boolean, segments: SegmentIds | null, window: number
): void {
  const nq = B * T * NH * HS, nkv = B * T * NKV * HS, natt = B * NH * T * T, pad = 4 * NH * HS;
  const { heap, at } = g.reserve(pooledTensorFloats(B, T, NH, NKV, HS) + g.threads * attentionScratch(T, HS));
  const Q = at, K = Q + nq + pad, V = K + nkv, ATT = V + nkv, OUT = ATT + natt, SEG = OUT + nq, S = SEG + B * T;
  heap.set(q.subarray(0, nq), Q);
  heap.set(k.subarray(0, nkv), K);
  heap.set(v.subarray(0, nkv), V);
  if (segments) for (let i = 0; i < B * T; i++) heap[SEG + i] = segments[i];
  g.tasks(1, B * NH, [Q, K, V, ATT, OUT, segments ? SEG : -1, 0, 0, T, NH, NKV, HS, causal ? 1 : 0, window, S, attentionScratch(T, HS)],
    1 / Math.sqrt(HS), 2 * B * NH * T * T * HS);
  att.set(heap.subarray(ATT, ATT + natt));
  out.set(heap.subarray(OUT, OUT + nq));
}

/** Backward as B·NKV (batch, kv head) tasks on the pool (a group's dk/dv sums stay in one task, in head order). */
function pooledAttentionBackward(
  g: FastGemm, dq: Float32Array, dk: Float32Array, dv: Float32Array,
  dout: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, att: Float32Array,
  B: number, T: number, NH: number, NKV: number, HS: number
): void {
  const nq = B * T * NH * HS, nkv = B * T * NKV * HS, natt = B * NH * T * T, pad = 4 * NH * HS;
  const { heap, at } = g.reserve(pooledTensorFloats(B, T, NH, NKV, HS) + g.threads * attentionScratch(T, HS));
  const Q = at, K = Q + nq + pad, V = K + nkv, ATT = V + nkv, DOUT = ATT + natt, DQ = DOUT + nq + pad, DK = DQ + nq + pad, DV = DK + nkv;
  const S = DV + nkv + B * T;
  heap.set(q.subarray(0, nq), Q);
  heap.set(k.subarray(0, nkv), K);
  heap.set(v.subarray(0, nkv), V);
  heap.set(att.subarray(0, natt), ATT);
  heap.set(dout.subarray(0, nq), DOUT);
  g.tasks(2, B * NKV, [Q, K, V, ATT, DOUT, DQ, DK, DV, T, NH, NKV, HS, 0, 0, S, attentionScratch(T, HS)],
    1 / Math.sqrt(HS), 4 * B * NH * T * T * HS);
  dq.set(heap.subarray(DQ, DQ + nq));
  dk.set(heap.subarray(DK, DK + nkv));
  dv.set(heap.subarray(DV, DV + nkv));
}

/** Head h of sequence b in a [B,T,H,HS] tensor as a [T, HS] view. */
function headView(x: Float32Array, b: number, h: number, T: number, H: number, HS: number) {
  return { data: x, offset: (b * T * H + h) * HS, rowStride: H * HS, colStride: 1 };
}

function fastAttentionForward(
  g: FastGemm, out: Float32Array, att: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array,
  B: number, T: number, NH: number, NKV: number, HS: number, causal: boolean, segments: SegmentIds | null, window: number
): void {
  checkHeads(NH, NKV);
  checkWindow(window, causal);
  const group = NH / NKV;
  const scale = 1 / Math.sqrt(HS);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < NH; h++) {
      const kvh = Math.floor(h / group);
      const attOff = (b * NH + h) * T * T;
      const P = rowMajor(att, T, attOff);
      // scores[t, t2] = scale · q_t · k_t2 into att, then masked softmax in place
      g.gemm(T, T, HS, headView(q, b, h, T, NH, HS), transposed(headView(k, b, kvh, T, NKV, HS)), P, false, scale);
      for (let t = 0; t < T; t++) {
        const row = attOff + t * T;
        let max = -Infinity;
        // keys outside [lo, hi] are hidden by the causal / window rule (probability 0, no exp computed: half the
        // row under a causal mask); segments are checked per key
        const lo = window > 0 ? Math.max(0, t - window + 1) : 0, hi = causal ? t : T - 1;
        att.fill(0, row, row + lo);
        att.fill(0, row + hi + 1, row + T);
        for (let t2 = lo; t2 <= hi; t2++) {
          if (segments && !attentionVisible(segments, b, T, t, t2, causal, window)) att[row + t2] = -Infinity;
          else if (att[row + t2] > max) max = att[row + t2];
        }
        let sum = 0;
        for (let t2 = lo; t2 <= hi; t2++) {
          const e = max === -Infinity ? 0 : Math.exp(att[row + t2] - max);
          att[row + t2] = e;
          sum += e;
        }
        const inv = sum > 0 ? 1 / sum : 0;
        for (let t2 = lo; t2 <= hi; t2++) att[row + t2] *= inv;
      }
      g.gemm(T, HS, T, P, headView(v, b, kvh, T, NKV, HS), headView(out, b, h, T, NH, HS), false);
    }
  }
}

function fastAttentionBackward(
  g: FastGemm, dq: Float32Array, dk: Float32Array, dv: Float32Array,
  dout: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, att: Float32Array,
  B: number, T: number, NH: number, NKV: number, HS: number
): void {
  checkHeads(NH, NKV);
  const [group, scale] = [NH / NKV, 1 / Math.sqrt(HS)];
  const dS = new Float32Array(T * T);
  const dSView = rowMajor(dS, T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < NH; h++) {
      const kvh = Math.floor(h / group);
      const P = rowMajor(att, T, (b * NH + h) * T * T);
      const dO = headView(dout, b, h, T, NH, HS);
      // dP = dO · V^T; dS = P ⊙ (dP − rowsum(dP ⊙ P)) · scale
      g.gemm(T, T, HS, dO, transposed(headView(v, b, kvh, T, NKV, HS)), dSView, false);
      for (let t = 0; t < T; t++) {
        const row = t * T, prow = P.offset + row;
        let dot = 0;
        for (let t2 = 0; t2 < T; t2++) dot += dS[row + t2] * att[prow + t2];
        for (let t2 = 0; t2 < T; t2++) {
          const p = att[prow + t2];
          dS[row + t2] = p === 0 ? 0 : p * (dS[row + t2] - dot) * scale;
        }
      }
      g.gemm(T, HS, T, dSView, headView(k, b, kvh, T, NKV, HS), headView(dq, b, h, T, NH, HS), false);
      const firstOfGroup = h % group === 0; // dk/dv: = for the group's first query head, then +=
      g.gemm(T, HS, T, transposed(dSView), headView(q, b, h, T, NH, HS), headView(dk, b, kvh, T, NKV, HS), !firstOfGroup);
      g.gemm(T, HS, T, transposed(P), dO, headView(dv, b, kvh, T, NKV, HS), !firstOfGroup);
    }
  }
}
