/**
 * Attention of the fast CPU path as pool tasks: one task computes a whole (batch, head) forward (scores GEMM,
 * masked softmax, P·V) or a whole (batch, kv head) backward (dP, dS, dq, dk, dv for the group's query heads in
 * order) on operands that the caller copied into the shared WebAssembly memory, so the softmax and its backward
 * run on the worker threads too, not only the products (gemm.ts `tasks`, ops.ts).
 *
 * These functions run on the caller and, serialised with Function.prototype.toString, in the workers: plain
 * self-contained JS (no imports, no module constants, no nested functions: a bundler's keep-names helper would
 * not exist in the worker). The kernel is `gemmRows` (gemm-kernel.ts: row-major A through a row stride, B in
 * [Np/8][K][8] panels, C row-major [Mp, Np]); MR = 4 and NR = 8 are written out below (the attention parity tests fail if gemm-kernel.ts changes them).
 *
 * Word layout of `a` (Int32Array control words from index 16; `f[0]` the f64 softmax scale):
 *   16 Q, 17 K, 18 V, 19 ATT, 20 OUT (forward) / DOUT (backward), 21 SEG (forward, -1: none) / DQ (backward),
 *   22 DK, 23 DV (backward), 24 T, 25 NH, 26 NKV, 27 HS, 28 causal, 29 window, 30 scratch, 31 scratch per slot
 * (float indexes into `heap`; tensors in the reference layouts, segment ids stored as floats).
 * Per task and slot the scratch holds panels, C and three [Tp, Tk] row-major T-wide buffers (`attentionScratch`).
 * Numerics follow the per-head path of ops.ts (f32 products in ascending k, f32 storage, float64 row sums), and a
 * task's outputs do not depend on which thread ran it, so N threads give the 1-thread result bit for bit.
 */

/** Floats of scratch one slot needs for sequence length T and head size HS. */
export function attentionScratch(T: number, HS: number): number {
  const Tk = T + (T & 1), Tp = Math.ceil(T / 4) * 4, Np1 = Math.ceil(T / 8) * 8, Np2 = Math.ceil(HS / 8) * 8;
  return Math.max(Np1 * HS, Np2 * Tk) + Tp * Math.max(Np1, Np2) + 3 * Tp * Tk;
}

/** Pack B(k, n) = heap[src + k·rs + n·cs] (k < K, n < N; zero up to Kp rows and whole 8-column panels) at dst. */
export function packPanels(heap: Float32Array, src: number, rs: number, cs: number, K: number, N: number, Kp: number, dst: number): void {
  for (let j0 = 0; j0 < N; j0 += 8) {
    const cols = Math.min(8, N - j0);
    if (cols < 8 || Kp > K) heap.fill(0, dst, dst + Kp * 8);
    for (let q = 0; q < cols; q++) {
      let d = dst + q, s = src + (j0 + q) * cs;
      for (let k = 0; k < K; k++, d += 8, s += rs) heap[d] = heap[s];
    }
    dst += Kp * 8;
  }
}

type Kernel = (...args: number[]) => void;
type Pack = typeof packPanels;

/** kind 1: forward of (b, h) = (idx / NH, idx % NH); kind 2: backward of (b, kv head) = (idx / NKV, idx % NKV). */
export function attentionTask(
  heap: Float32Array, kernel: Kernel, pack: Pack, a: Int32Array, f: Float64Array, kind: number, idx: number, slot: number,
  fns: { expSum(p: number, n: number, shift: number): number; scaleRow(p: number, n: number, s: number): void;
    softmaxGrad(P: number, dP: number, dS: number, T2: number, T3: number, stride: number, n: number, scale: number): void }
): void {
  const Q = a[16], K = a[17], V = a[18], ATT = a[19], T = a[24], NH = a[25], NKV = a[26], HS = a[27];
  const scale = f[0], group = NH / NKV;
  const Tk = T + (T & 1), Tp = Math.ceil(T / 4) * 4, Np1 = Math.ceil(T / 8) * 8, Np2 = Math.ceil(HS / 8) * 8;
  const pk = a[30] + slot * a[31], pc = pk + Math.max(Np1 * HS, Np2 * Tk), p1 = pc + Tp * Math.max(Np1, Np2), p2 = p1 + Tp * Tk, p3 = p2 + Tp * Tk;
  const qStride = NH * HS, kvStride = NKV * HS;
  if (kind === 1) {
    const OUT = a[20], SEG = a[21], causal = a[28], window = a[29];
    const b = Math.floor(idx / NH), h = idx % NH, kvh = Math.floor(h / group);
    const kvAt = (b * T * NKV + kvh) * HS, qAt = (b * T * NH + h) * HS;
    // scores = q_h · k_hᵀ into C [Tp, Np1]; causal: each 4-row block only up to the column panel of its last key
    pack(heap, K + kvAt, 1, kvStride, HS, T, HS, pk);
    for (let i = 0; i < Tp / 4; i++) {
      const keys = causal ? Math.min(T, 4 * i + 4) : T;
      kernel(4 * (Q + qAt), 4 * pk, 4 * pc, HS, Np1, i, i + 1, 0, Math.ceil(keys / 8), 4 * qStride);
    }
    for (let t = 0; t < T; t++) {
      const row = pc + t * Np1, prow = p1 + t * Tk, arow = ATT + ((b * NH + h) * T + t) * T;
      const lo = window > 0 ? Math.max(0, t - window + 1) : 0, hi = causal ? t : T - 1;
      heap.fill(0, prow, prow + Tk);
      let max = -Infinity;
      for (let t2 = lo; t2 <= hi; t2++) {
        if (SEG >= 0) {
          const key = heap[SEG + b * T + t2], query = heap[SEG + b * T + t];
          if (key === 0 || (query !== 0 && query !== key)) { heap[prow + t2] = -Infinity; continue; }
        }
        heap[prow + t2] = scale * heap[row + t2];
        if (heap[prow + t2] > max) max = heap[prow + t2];
      }
      // exp(s − max) in place (exp-kernel.ts: masked −Infinity scores give 0), f64 row sum
      let sum = 0;
      if (max === -Infinity) heap.fill(0, prow + lo, prow + hi + 1);
      else sum = fns.expSum(4 * (prow + lo), hi - lo + 1, max);
      if (hi >= lo) fns.scaleRow(4 * (prow + lo), hi - lo + 1, sum > 0 ? 1 / sum : 0);
      heap.copyWithin(arow, prow, prow + T);
    }
    // out_h = P · v_h; causal: a block's k (keys) stops after its last row's key (P is 0 beyond; ldb: Tk-row panels)
    pack(heap, V + kvAt, kvStride, 1, T, HS, Tk, pk);
    for (let i = 0; i < Tp / 4; i++) {
      const keys = causal ? Math.min(Tk, 4 * i + 4) : Tk;
      kernel(4 * p1, 4 * pk, 4 * pc, keys, Np2, i, i + 1, 0, Np2 / 8, 4 * Tk, 0, 4 * Tk * 8);
    }
    for (let t = 0; t < T; t++) heap.copyWithin(OUT + qAt + t * qStride, pc + t * Np2, pc + t * Np2 + HS);
    return;
  }
  const DOUT = a[20], DQ = a[21], DK = a[22], DV = a[23];
  const b = Math.floor(idx / NKV), kvh = idx % NKV, kvAt = (b * T * NKV + kvh) * HS;
  // Every product skips what the zeros of P make zero (the causal future, masked keys): last[t], the last nonzero
  // of P's row t, bounds row t's work and the k range of dq's row blocks; kFrom[i], the first row whose last
  // reaches block i's columns, starts dk's and dv's k (skipped products add exact zeros: same sums). p2 and p3
  // (dSᵀ, Pᵀ) are zeroed once per task and each head zeroes what the previous one wrote beyond its own lasts, so
  // their entries past a row's last are 0 without a strided pass over all of them.
  const last = new Int32Array(T), prev = new Int32Array(T).fill(-1), kFrom = new Int32Array(Tp / 4);
  heap.fill(0, p2, p2 + 2 * Tp * Tk);
  for (let h = kvh * group; h < (kvh + 1) * group; h++) {
    const qAt = (b * T * NH + h) * HS, pAt = ATT + (b * NH + h) * T * T, first = h === kvh * group;
    kFrom.fill(T);
    for (let t = 0; t < T; t++) {
      let l = T - 1;
      while (l >= 0 && heap[pAt + t * T + l] === 0) l--;
      last[t] = l;
      for (let i = 0; i <= l >> 2; i++) if (kFrom[i] > t) kFrom[i] = t;
    }
    // dP = dO_h · v_hᵀ into C (a block's column panels up to its rows' last); dS = P ⊙ (dP − rowsum(dP ⊙ P)) · scale
    // into p1 (rows) and p2 (transposed); Pᵀ into p3
    pack(heap, V + kvAt, 1, kvStride, HS, T, HS, pk);
    for (let i = 0; i < Tp / 4; i++) {
      let l = -1;
      for (let t = 4 * i; t < Math.min(T, 4 * i + 4); t++) l = Math.max(l, last[t]);
      kernel(4 * (DOUT + qAt), 4 * pk, 4 * pc, HS, Np1, i, i + 1, 0, Math.ceil((l + 1) / 8), 4 * qStride);
    }
    for (let t = 0; t < T; t++) {
      const l = last[t];
      fns.softmaxGrad(4 * (pAt + t * T), 4 * (pc + t * Np1), 4 * (p1 + t * Tk), 4 * (p2 + t), 4 * (p3 + t), 4 * Tk, l + 1, scale);
      heap.fill(0, p1 + t * Tk + l + 1, p1 + (t + 1) * Tk);
      for (let t2 = l + 1; t2 <= prev[t]; t2++) heap[p2 + t2 * Tk + t] = heap[p3 + t2 * Tk + t] = 0;
      prev[t] = l;
    }
    // dq_h = dS · k_h (assigned): a block's k stops after its rows' last
    pack(heap, K + kvAt, kvStride, 1, T, HS, Tk, pk);
    for (let i = 0; i < Tp / 4; i++) {
      let l = -1;
      for (let t = 4 * i; t < Math.min(T, 4 * i + 4); t++) l = Math.max(l, last[t]);
      kernel(4 * p1, 4 * pk, 4 * pc, l + 1, Np2, i, i + 1, 0, Np2 / 8, 4 * Tk, 0, 4 * Tk * 8);
    }
    for (let t = 0; t < T; t++) heap.copyWithin(DQ + qAt + t * qStride, pc + t * Np2, pc + t * Np2 + HS);
    // dk (= for the group's first head, then +=) dSᵀ · q_h; dv likewise Pᵀ · dO_h; block i's k from kFrom[i]
    for (let which = 0; which < 2; which++) {
      pack(heap, (which === 0 ? Q : DOUT) + qAt, qStride, 1, T, HS, Tk, pk);
      const A = which === 0 ? p2 : p3;
      for (let i = 0; i < Tp / 4; i++) {
        const k0 = kFrom[i];
        kernel(4 * (A + k0), 4 * (pk + k0 * 8), 4 * pc, Tk - k0, Np2, i, i + 1, 0, Np2 / 8, 4 * Tk, 0, 4 * Tk * 8);
      }
      const D = which === 0 ? DK : DV;
      for (let t = 0; t < T; t++) {
        const d = D + kvAt + t * kvStride, c = pc + t * Np2;
        if (first) heap.copyWithin(d, c, c + HS);
        else for (let i = 0; i < HS; i++) heap[d + i] += heap[c + i];
      }
    }
  }
}
