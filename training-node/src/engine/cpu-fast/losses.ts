/**
 * The fast CPU path's causal-LM loss: mean softmax cross-entropy over the non-ignored targets and its dlogits in
 * one pass per row (one exp per logit, no [BT, V] probability array), the fused form of the reference's
 * crossEntropyForward + countTargets + crossEntropyBackward (reference/losses.ts), which stays the oracle.
 *
 * Row sums are float64 like the reference; the exps are stored once as f32 in dlogits and rescaled, so dlogits
 * agree with the reference within f32 rounding (tests/engine/cpu-fast.test.ts). Non-goals: label smoothing,
 * per-token loss weights. No Node APIs.
 */
import { IGNORE_INDEX } from '../reference/losses';

/** loss = mean over targets != IGNORE_INDEX of -log softmax(logits)[target]; dlogits[BT,V] its gradient (=). */
export function causalLmLossFused(logits: Float32Array, targets: Int32Array, BT: number, V: number): { loss: number; dlogits: Float32Array } {
  let n = 0;
  for (let bt = 0; bt < BT; bt++) {
    const target = targets[bt];
    if (target === IGNORE_INDEX) continue;
    if (!(target >= 0 && target < V)) throw new RangeError(`crossEntropyForward: target ${target} at row ${bt} is outside [0, ${V}) and not ${IGNORE_INDEX}`);
    n++;
  }
  const inv = 1 / Math.max(n, 1);
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
