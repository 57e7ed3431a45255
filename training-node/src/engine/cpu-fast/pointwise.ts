/**
 * SwiGLU of the fast CPU path: the element range split into pool tasks (kinds 4 forward, 5 backward of gemm.ts
 * `tasks`, on one thread too) on copies of the operands in the kernel's memory, each task one call of the module's
 * f32x4 `swiglu` / `swigluBack` (exp-kernel.ts: the vector exp, then the reference's formulas in f32). Within f32
 * rounding of the reference (reference/pointwise.ts, float64 Math.exp: ≤ 4e-7 of the largest value; near the zero of
 * 1 + g·(1 − s) dgate loses relative digits, not absolute ones), bit-identical for any thread count, and ~4×
 * faster than the Math.exp loop on a bench step (22.9 → 5.2 ms, 1 thread). Inputs too large for the scratch run the
 * reference. RMSNorm likewise (kinds 6 forward, 7 backward): rows split over
 * the pool, the reference's arithmetic per row (bit-identical); the backward's dweight, a sum over rows, is not
 * split: with a dweight it runs the reference, without one (a LoRA run's frozen norms) it is skipped. No Node APIs.
 */
import { rmsnormBackward as refRmsnormBackward, rmsnormForward as refRmsnormForward,
  swigluBackward as refSwigluBackward, swigluForward as refSwigluForward } from '../reference/index';
import type { FastGemm, PointwiseFns } from './gemm';

/** Tasks per thread: a late thread leaves its share to the others. */
const TASKS_PER_THREAD = 4;
/** Below this many elements the copies and the wake-up cost more than the exps save. */
const POOL_MIN_ELEMENTS = 1 << 14;

/** out[N] = silu(gate)·up, split over the pool of `g`. */
export function swigluForwardPooled(g: FastGemm, out: Float32Array, gate: Float32Array, up: Float32Array, N: number): void {
  if (3 * N > g.taskScratchFloats) { refSwigluForward(out, gate, up, N); return; }
  const { heap, at } = g.reserve(3 * N);
  const G = at, U = G + N, O = U + N;
  heap.set(gate.subarray(0, N), G);
  heap.set(up.subarray(0, N), U);
  const n = g.threads * TASKS_PER_THREAD;
  g.tasks(4, n, [G, U, O, 0, 0, N, n], 0, N * 8);
  out.set(heap.subarray(O, O + N));
}

/** dgate[N] = dout·up·silu'(gate); dup[N] = dout·silu(gate), split over the pool of `g`. */
export function swigluBackwardPooled(
  g: FastGemm, dgate: Float32Array, dup: Float32Array, dout: Float32Array, gate: Float32Array, up: Float32Array, N: number
): void {
  if (5 * N > g.taskScratchFloats) { refSwigluBackward(dgate, dup, dout, gate, up, N); return; }
  const { heap, at } = g.reserve(5 * N);
  const G = at, U = G + N, D = U + N, DG = D + N, DU = DG + N;
  heap.set(gate.subarray(0, N), G);
  heap.set(up.subarray(0, N), U);
  heap.set(dout.subarray(0, N), D);
  const n = g.threads * TASKS_PER_THREAD;
  g.tasks(5, n, [G, U, D, DG, DU, N, n], 0, N * 8);
  dgate.set(heap.subarray(DG, DG + N));
  dup.set(heap.subarray(DU, DU + N));
}

/**
 * Pool task (kind 4 forward, 5 backward): elements [N·idx/n, N·(idx+1)/n). a[16] gate, a[17] up, a[18] out
 * (forward) / dout (backward), a[19] dgate, a[20] dup, a[21] N, a[22] n (float indexes). Plain self-contained JS:
 * serialised into the workers (gemm.ts).
 */
export function swigluTask(
  _heap: Float32Array, _kernel: unknown, _pack: unknown, a: Int32Array, _f: Float64Array, kind: number, idx: number, _slot: number, fns: PointwiseFns
): void {
  const G = a[16], U = a[17], D = a[18], DG = a[19], DU = a[20], N = a[21], n = a[22];
  const lo = Math.floor((N * idx) / n), hi = Math.floor((N * (idx + 1)) / n);
  if (kind === 4) fns.swiglu(4 * (G + lo), 4 * (U + lo), 4 * (D + lo), hi - lo);
  else fns.swigluBack(4 * (G + lo), 4 * (U + lo), 4 * (D + lo), 4 * (DG + lo), 4 * (DU + lo), hi - lo);
}

/** out[BT,C] = inp·rstd·weight, rstd[BT] saved: rows split over the pool of `g` (the reference for one thread or small inputs). */
export function rmsnormForwardPooled(
  g: FastGemm, out: Float32Array, rstd: Float32Array, inp: Float32Array, weight: Float32Array, BT: number, C: number, eps: number
): void {
  const N = BT * C;
  if (g.threads < 2 || N < POOL_MIN_ELEMENTS || 2 * N + BT + C > g.taskScratchFloats) { refRmsnormForward(out, rstd, inp, weight, BT, C, eps); return; }
  const { heap, at } = g.reserve(2 * N + BT + C);
  const X = at, O = X + N, W = O + N, RS = W + C;
  heap.set(inp.subarray(0, N), X);
  heap.set(weight.subarray(0, C), W);
  const n = Math.min(BT, g.threads * TASKS_PER_THREAD);
  g.tasks(6, n, [X, W, O, RS, 0, BT, C, n], eps, N * 4);
  out.set(heap.subarray(O, O + N));
  rstd.set(heap.subarray(RS, RS + BT));
}

/** dinp[BT,C] += ∂L/∂inp, and dweight[C] += Σ_bt dout·inp·rstd unless dweight is null (then rows split over the pool). */
export function rmsnormBackwardPooled(
  g: FastGemm, dinp: Float32Array, dweight: Float32Array | null, dout: Float32Array, inp: Float32Array, weight: Float32Array,
  rstd: Float32Array, BT: number, C: number
): void {
  const N = BT * C;
  if (dweight || g.threads < 2 || N < POOL_MIN_ELEMENTS || 3 * N + BT + C > g.taskScratchFloats) {
    refRmsnormBackward(dinp, dweight ?? new Float32Array(C), dout, inp, weight, rstd, BT, C);
    return;
  }
  const { heap, at } = g.reserve(3 * N + BT + C);
  const D = at, X = D + N, DI = X + N, W = DI + N, RS = W + C;
  heap.set(dout.subarray(0, N), D);
  heap.set(inp.subarray(0, N), X);
  heap.set(dinp.subarray(0, N), DI);
  heap.set(weight.subarray(0, C), W);
  heap.set(rstd.subarray(0, BT), RS);
  const n = Math.min(BT, g.threads * TASKS_PER_THREAD);
  g.tasks(7, n, [X, W, D, RS, DI, BT, C, n], 0, N * 4);
  dinp.set(heap.subarray(DI, DI + N));
}

/**
 * Pool task (kind 6 forward, 7 backward): rows [BT·idx/n, BT·(idx+1)/n). a[16] inp, a[17] weight, a[18] out
 * (forward) / dout (backward), a[19] rstd, a[20] dinp (backward), a[21] BT, a[22] C, a[23] n; f[0] eps. The
 * reference's (reference/norms.ts) expressions in its order, float64 row sums. Plain self-contained JS (gemm.ts).
 */
export function rmsnormTask(heap: Float32Array, _kernel: unknown, _pack: unknown, a: Int32Array, f: Float64Array, kind: number, idx: number): void {
  const X = a[16], W = a[17], O = a[18], RS = a[19], DI = a[20], BT = a[21], C = a[22], n = a[23];
  const lo = Math.floor((BT * idx) / n), hi = Math.floor((BT * (idx + 1)) / n);
  for (let bt = lo; bt < hi; bt++) {
    const row = bt * C;
    if (kind === 6) {
      let ss = 0;
      for (let c = 0; c < C; c++) ss += heap[X + row + c] * heap[X + row + c];
      const r = 1 / Math.sqrt(ss / C + f[0]);
      heap[RS + bt] = r;
      for (let c = 0; c < C; c++) heap[O + row + c] = heap[X + row + c] * r * heap[W + c];
      continue;
    }
    const r = heap[RS + bt];
    let dot = 0;
    for (let c = 0; c < C; c++) dot += heap[O + row + c] * heap[W + c] * heap[X + row + c] * r;
    const meanDot = dot / C;
    for (let c = 0; c < C; c++) {
      const norm = heap[X + row + c] * r;
      heap[DI + row + c] += r * (heap[O + row + c] * heap[W + c] - norm * meanDot);
    }
  }
}
