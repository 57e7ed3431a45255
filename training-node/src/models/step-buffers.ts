/**
 * Activation buffers reused from one training step to the next: a decoder step allocates ~45 MB of Float32Arrays
 * (bench shape), and V8 answers that much external memory with a full mark-compact every step or two (tens of ms
 * on a loaded CPU). A forward given `StepBuffers` resets them and takes its arrays in call order, so step n+1 gets
 * step n's arrays back where the sizes repeat; backward takes its temporaries after forward's. Only for a caller
 * that is done with the previous step's activations when it starts the next forward (the SFT objective); anything
 * that keeps two forwards alive at once (DPO's pairs, evaluation) must not share one.
 * Arrays come back with stale contents unless `zero` is asked for: every user assigns its output in full.
 * No Node APIs.
 */
export interface StepBuffers {
  /** Make every array available again (the previous step's activations become scratch). */
  reset(): void;
  /** The next array of n floats (stale contents unless zero). */
  take(n: number, zero?: boolean): Float32Array;
}

export function createStepBuffers(): StepBuffers {
  const arrays: Float32Array[] = [];
  let next = 0;
  return {
    reset: () => { next = 0; },
    take(n: number, zero = false): Float32Array {
      const have = arrays[next];
      if (have && have.length === n) {
        next++;
        if (zero) have.fill(0);
        return have;
      }
      const fresh = new Float32Array(n);
      arrays[next++] = fresh; // a new size at this position (another batch shape): replace, so the list stays one step long
      return fresh;
    }
  };
}
