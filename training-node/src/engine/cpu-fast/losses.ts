/**
 * The fast CPU path's causal-LM loss: mean softmax cross-entropy over the non-ignored targets and its dlogits in
 * one pass per row (one exp per logit, no [BT, V] probability array), the fused form of the reference's
 * crossEntropyForward + countTargets + crossEntropyBackward (reference/losses.ts), which stays the oracle.
 *
 * Row sums are float64 like the reference; the exps are stored once as f32 in dlogits and rescaled, so dlogits
 * agree with the reference within f32 rounding (tests/engine/cpu-fast.test.ts). Non-goals: label smoothing,
 * per-token loss weights. No Node APIs.
 *
 * Pooled (`causalLmLossPooled`, what the fast ops use on any thread count): the same row computation as pool tasks
 * (`causalLmLossRows`, kind 3 of gemm.ts `tasks`) on a copy of the logits in the WebAssembly memory, dlogits made in
 * place there, the exps and their f64 row sum by the module's vector exp (exp-kernel.ts: ≲ 2 f32 ulp from
 * Math.exp, ~7× faster); per-row losses are summed by the caller in row order, so the result is bit-identical for
 * any thread count and within f32 rounding of `causalLmLossFused` (plain JS, Math.exp: the fallback for logits too
 * large to copy in).
 */
import { IGNORE_INDEX } from '../reference/losses';
import type { FastGemm, PointwiseFns } from './gemm';

/** Count the non-ignored targets; throws on a target outside [0, V). */
function countTargets(targets: Int32Array, BT: number, V: number): number {
  let n = 0;
  for (let bt = 0; bt < BT; bt++) {
    const target = targets[bt];
    if (target === IGNORE_INDEX) continue;
    if (!(target >= 0 && target < V)) throw new RangeError(`crossEntropyForward: target ${target} at row ${bt} is outside [0, ${V}) and not ${IGNORE_INDEX}`);
    n++;
  }
  return n;
}

/** loss = mean over targets != IGNORE_INDEX of -log softmax(logits)[target]; dlogits[BT,V] its gradient (=). */
export function causalLmLossFused(logits: Float32Array, targets: Int32Array, BT: number, V: number): { loss: number; dlogits: Float32Array } {
  const inv = 1 / Math.max(countTargets(targets, BT, V), 1);
  const dlogits = new Float32Array(BT * V);
  let total = 0;
  for (let bt = 0; bt < BT; bt++) {
    const target = targets[bt];
    if (target === IGNORE_INDEX) continue; // zero row
    const row = bt * V;
    let max = -Infinity;
    for (let i = 0; i < V; i++) if (logits[row + i] > max) max = logits[row + i];
    let sum = 0;
    for (let i = 0; i < V; i++) {
      const e = Math.exp(logits[row + i] - max);
      dlogits[row + i] = e;
      sum += e;
    }
    total += Math.log(sum) - (logits[row + target] - max);
    const scale = inv / sum;
    for (let i = 0; i < V; i++) dlogits[row + i] *= scale;
    dlogits[row + target] -= inv;
  }
  return { loss: total * inv, dlogits };
}

/** Rows per loss task: enough tasks for a late thread to leave its share to the others. */
const LOSS_TASKS_PER_THREAD = 4;

/** `causalLmLossFused` as pool tasks of `g` with the vector exp (bit-identical for any thread count). */
export function causalLmLossPooled(g: FastGemm, logits: Float32Array, targets: Int32Array, BT: number, V: number): { loss: number; dlogits: Float32Array } {
  if (BT * V + 3 * BT + 2 > g.taskScratchFloats) return causalLmLossFused(logits, targets, BT, V); // too large to copy in
  const inv = 1 / Math.max(countTargets(targets, BT, V), 1);
  const { heap, at } = g.reserve(BT * V + 3 * BT + 2);
  const L = at, TG = L + BT * V, LOSS = TG + BT + ((TG + BT) & 1); // LOSS: an f64 slot per row (8-byte aligned)
  heap.set(logits.subarray(0, BT * V), L);
  for (let bt = 0; bt < BT; bt++) heap[TG + bt] = targets[bt];
  const n = Math.min(BT, g.threads * LOSS_TASKS_PER_THREAD);
  g.tasks(3, n, [L, TG, LOSS, BT, V, n, IGNORE_INDEX], inv, BT * V * 4);
  const rowLoss = new Float64Array(heap.buffer, heap.byteOffset + LOSS * 4, BT);
  let total = 0;
  for (let bt = 0; bt < BT; bt++) total += rowLoss[bt];
  return { loss: total * inv, dlogits: heap.slice(L, L + BT * V) };
}

/**
 * Pool task (kind 3): rows [BT·idx/n, BT·(idx+1)/n) of the fused loss, in place on the logits at a[16] (targets as
 * floats at a[17], each row's loss term as f64 at float index a[18]; a[19] BT, a[20] V, a[21] n, a[22] the ignore
 * index; f[0] = 1 / targets). Plain self-contained JS: it is serialised into the workers (gemm.ts).
 */
export function causalLmLossRows(
  heap: Float32Array, _kernel: unknown, _pack: unknown, a: Int32Array, f: Float64Array, _kind: number, idx: number, _slot: number, fns: PointwiseFns
): void {
  const L = a[16], TG = a[17], BT = a[19], V = a[20], n = a[21], ignore = a[22], inv = f[0];
  const rowLoss = new Float64Array(heap.buffer, heap.byteOffset + a[18] * 4, BT);
  for (let bt = Math.floor((BT * idx) / n); bt < Math.floor((BT * (idx + 1)) / n); bt++) {
    const target = heap[TG + bt], row = L + bt * V;
    if (target === ignore) { heap.fill(0, row, row + V); rowLoss[bt] = 0; continue; }
    const max = fns.rowMax(4 * row, V);
    const x = heap[row + target];
    const sum = fns.expSum(4 * row, V, max); // the row becomes exp(logit − max), f32
    rowLoss[bt] = Math.log(sum) - (x - max);
    fns.scaleRow(4 * row, V, inv / sum); // f32 products
    heap[row + target] -= inv;
  }
}
