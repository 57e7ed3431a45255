/**
 * RoPE inverse frequencies: plain `theta^(-2i/HS)` and the Hugging Face rope_scaling variants Llama-family
 * checkpoints use — `linear` (positions interpolated: inv_freq / factor) and `llama3` (Llama 3.1/3.2's piecewise
 * rule from transformers' `_compute_llama3_parameters`). Computed once per model and shared by the CPU reference
 * (ropeForward/ropeBackward) and the GPU cos/sin table (ropeTable), so both rotate by the same angles.
 *
 * Non-goals: yarn, dynamic NTK, longrope (need attention scaling or sequence-dependent frequencies; rejected by
 * the config parser), attention_factor ≠ 1.
 * Shape legend: HS = head size (even); invFreq [HS/2], pair i rotates elements i and i + HS/2.
 */

/** A supported rope_scaling section, already parsed (see io/hf.ts parseRopeScaling). */
export type RopeScaling =
  | { type: 'linear'; factor: number }
  | { type: 'llama3'; factor: number; lowFreqFactor: number; highFreqFactor: number; originalMaxPositions: number };

/** What ropeInvFreq needs: base theta, head size and an optional scaling rule. */
export interface RopeConfig {
  theta: number;
  headDim: number;
  scaling?: RopeScaling;
}

/** Inverse frequencies [HS/2] in float32, as Hugging Face computes them (default, linear or llama3 rule). */
export function ropeInvFreq(config: RopeConfig): Float32Array {
  const { theta, headDim: HS, scaling } = config;
  if (!Number.isInteger(HS) || HS <= 0 || HS % 2 !== 0) throw new Error(`rope: head size ${HS} must be a positive even integer`);
  if (!(theta > 0)) throw new Error(`rope: theta must be > 0, got ${theta}`);
  const half = HS / 2;
  const invFreq = new Float32Array(half);
  // HF: 1.0 / (base ** (arange(0, dim, 2).float() / dim)) in float32 — every step rounded to f32.
  for (let i = 0; i < half; i++) invFreq[i] = Math.fround(1 / Math.fround(Math.pow(theta, Math.fround((2 * i) / HS))));
  if (!scaling) return invFreq;
  checkRopeScaling(scaling);
  if (scaling.type === 'linear') {
    for (let i = 0; i < half; i++) invFreq[i] = invFreq[i] / scaling.factor;
    return invFreq;
  }
  const { factor, lowFreqFactor, highFreqFactor, originalMaxPositions } = scaling;
  const lowFreqWavelen = originalMaxPositions / lowFreqFactor;
  const highFreqWavelen = originalMaxPositions / highFreqFactor;
  for (let i = 0; i < half; i++) {
    const inv = invFreq[i];
    const wavelen = (2 * Math.PI) / inv;
    if (wavelen < highFreqWavelen) continue; // high frequency: unchanged
    if (wavelen > lowFreqWavelen) {
      invFreq[i] = inv / factor; // low frequency: interpolated
    } else {
      const smooth = (originalMaxPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
      invFreq[i] = (1 - smooth) * (inv / factor) + smooth * inv;
    }
  }
  return invFreq;
}

/** Throw a clear error when a scaling section's numbers cannot define frequencies. */
export function checkRopeScaling(scaling: RopeScaling): void {
  if (!(scaling.factor > 0)) throw new Error(`rope_scaling ${scaling.type}: factor must be > 0, got ${scaling.factor}`);
  if (scaling.type !== 'llama3') return;
  const { lowFreqFactor: low, highFreqFactor: high, originalMaxPositions: orig } = scaling;
  if (!(low > 0) || !(high > low)) {
    throw new Error(`rope_scaling llama3: need 0 < low_freq_factor < high_freq_factor, got ${low} and ${high}`);
  }
  if (!(orig > 0)) throw new Error(`rope_scaling llama3: original_max_position_embeddings must be > 0, got ${orig}`);
}

/** invFreq as given, or the plain theta rule for a number (the pre-scaling call sites pass theta). */
export function resolveInvFreq(invFreqOrTheta: Float32Array | number, HS: number): Float32Array {
  if (typeof invFreqOrTheta === 'number') return ropeInvFreq({ theta: invFreqOrTheta, headDim: HS });
  if (invFreqOrTheta.length !== HS / 2) {
    throw new Error(`rope: invFreq has ${invFreqOrTheta.length} entries, head size ${HS} needs ${HS / 2}`);
  }
  return invFreqOrTheta;
}
