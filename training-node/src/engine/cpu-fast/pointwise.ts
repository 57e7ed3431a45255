/**
 * SwiGLU of the fast CPU path, threaded: the element range split into pool tasks (kinds 4 forward, 5 backward of
 * gemm.ts `tasks`) on copies of the operands in the shared memory. The arithmetic is the reference's
 * (reference/pointwise.ts) expression for expression, so results are bit-identical to it for any thread count;
 * what is gained is the exps (one per element, ~2/3 of the elementwise time of a decoder layer) on all threads.
 * One thread: the reference itself (no copies). No Node APIs.
 */
import { swigluBackward as refSwigluBackward, swigluForward as refSwigluForward } from '../reference/index';
import type { FastGemm } from './gemm';

/** Tasks per thread: a late thread leaves its share to the others. */
const TASKS_PER_THREAD = 4;
/** Below this many elements the copies and the wake-up cost more than the exps save. */
const POOL_MIN_ELEMENTS = 1 << 14;

/** out[N] = silu(gate)·up, split over the pool of `g`. */
export function swigluForwardPooled(g: FastGemm, out: Float32Array, gate: Float32Array, up: Float32Array, N: number): void {
  if (g.threads < 2 || N < POOL_MIN_ELEMENTS || 3 * N > g.taskScratchFloats) { refSwigluForward(out, gate, up, N); return; }
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
  if (g.threads < 2 || N < POOL_MIN_ELEMENTS || 5 * N > g.taskScratchFloats) { refSwigluBackward(dgate, dup, dout, gate, up, N); return; }
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
export function swigluTask(heap: Float32Array, _kernel: unknown, _pack: unknown, a: Int32Array, _f: Float64Array, kind: number, idx: number): void {
  const G = a[16], U = a[17], D = a[18], DG = a[19], DU = a[20], N = a[21], n = a[22];
  const lo = Math.floor((N * idx) / n), hi = Math.floor((N * (idx + 1)) / n);
  if (kind === 4) {
    for (let i = lo; i < hi; i++) {
      const g = heap[G + i];
      heap[D + i] = (g / (1 + Math.exp(-g))) * heap[U + i];
    }
    return;
  }
  for (let i = lo; i < hi; i++) {
    const g = heap[G + i];
    const s = 1 / (1 + Math.exp(-g));
    heap[DG + i] = heap[D + i] * heap[U + i] * s * (1 + g * (1 - s));
    heap[DU + i] = heap[D + i] * g * s;
  }
}
