/**
 * CPU reference for rotary position embedding (RoPE) and multi-head / grouped-query attention.
 *
 * Purpose: test oracle for the WGSL kernels and building block for CPU models. float64 sums, f32 storage.
 * Non-goals: KV cache, ALiBi, speed. RoPE frequencies (incl. linear/llama3 scaling) come from
 * rope.ts ropeInvFreq; the rope functions take that invFreq [HS/2] (or a plain theta, same as ropeInvFreq).
 *
 * Shape legend: B = batch, T = sequence length, BT = B*T, NH = query heads, NKV = key/value heads
 * (NH % NKV == 0, query head h reads kv head floor(h / (NH/NKV))), HS = head size.
 * Layouts: q/out [B,T,NH,HS], k/v [B,T,NKV,HS] (the natural output of the projection matmuls),
 * att (softmax probabilities saved for backward) [B,NH,T,T], segments [B,T] (see attentionVisible).
 * Masking (one rule, shared by the WGSL kernel): key t2 is visible to query t of sequence b iff
 *   - causal: t2 <= t;
 *   - sliding window W > 0 (causal only): t - W < t2, i.e. the query sees itself and the W-1 keys before it
 *     (Hugging Face masking_utils `sliding_window_overlay`: kv_idx > q_idx - sliding_window, on top of causal);
 *   - segments (null = all visible): segments[b,t2] != 0 (0 = padding key) and, when the query is a real token
 *     (segments[b,t] != 0), segments[b,t2] == segments[b,t]: packed examples attend only within themselves.
 *     A 0/1 key mask is the one-segment case (1 = real token), so unpacked batches behave as before; a padding
 *     query sees every real key (its output is never used).
 * RoPE follows Hugging Face's rotate-half convention: element i pairs with i + HS/2.
 * Gradient convention: dinp/dq/dk/dv are ASSIGNED (=).
 */
import { resolveInvFreq } from './rope';

/** cos/sin table [maxPos, HS/2, 2] with angle = f32(pos·invFreq[i]); invFreq from ropeInvFreq (or a theta). */
export function ropeTable(maxPos: number, HS: number, invFreqOrTheta: Float32Array | number): Float32Array {
  const invFreq = resolveInvFreq(invFreqOrTheta, HS);
  const half = HS / 2;
  const table = new Float32Array(maxPos * half * 2);
  for (let i = 0; i < half; i++) {
    for (let p = 0; p < maxPos; p++) {
      const angle = Math.fround(p * invFreq[i]);
      table[(p * half + i) * 2] = Math.cos(angle);
      table[(p * half + i) * 2 + 1] = Math.sin(angle);
    }
  }
  return table;
}

/** The last table ropeApply built (a model calls it 2·layers times a step with one config: one trig pass, not 16). */
let lastRope: { maxPos: number; HS: number; invFreq: Float32Array; table: Float32Array } | null = null;

/** ropeTable, reused while maxPos, HS and the frequencies (compared by value, not identity) stay the same. */
function cachedRopeTable(maxPos: number, HS: number, invFreqOrTheta: Float32Array | number): Float32Array {
  const invFreq = resolveInvFreq(invFreqOrTheta, HS);
  const last = lastRope;
  if (last && last.maxPos === maxPos && last.HS === HS && last.invFreq.length === invFreq.length && last.invFreq.every((f, i) => f === invFreq[i])) return last.table;
  const table = ropeTable(maxPos, HS, invFreq);
  lastRope = { maxPos, HS, invFreq: Float32Array.from(invFreq), table };
  return table;
}

/** out[BT,NH,HS] = rotate-half RoPE of inp at positions[BT]; out may alias inp. */
export function ropeForward(
  out: Float32Array, inp: Float32Array, positions: Int32Array, BT: number, NH: number, HS: number,
  invFreqOrTheta: Float32Array | number
): void {
  ropeApply(out, inp, positions, BT, NH, HS, invFreqOrTheta, 1);
}

/** dinp[BT,NH,HS] = inverse rotation of dout (rotation is orthogonal); dinp may alias dout. */
export function ropeBackward(
  dinp: Float32Array, dout: Float32Array, positions: Int32Array, BT: number, NH: number, HS: number,
  invFreqOrTheta: Float32Array | number
): void {
  ropeApply(dinp, dout, positions, BT, NH, HS, invFreqOrTheta, -1);
}

function ropeApply(
  out: Float32Array, inp: Float32Array, positions: Int32Array,
  BT: number, NH: number, HS: number, invFreqOrTheta: Float32Array | number, sign: 1 | -1
): void {
  if (HS % 2 !== 0) throw new Error(`rope: head size ${HS} must be even`);
  const half = HS / 2;
  let maxPos = 0;
  for (let bt = 0; bt < BT; bt++) maxPos = Math.max(maxPos, positions[bt] + 1);
  const table = cachedRopeTable(maxPos, HS, invFreqOrTheta);
  for (let bt = 0; bt < BT; bt++) {
    const p = positions[bt];
    for (let h = 0; h < NH; h++) {
      const base = (bt * NH + h) * HS;
      for (let i = 0; i < half; i++) {
        const cos = table[(p * half + i) * 2];
        const sin = sign * table[(p * half + i) * 2 + 1];
        const x1 = inp[base + i];
        const x2 = inp[base + i + half];
        out[base + i] = x1 * cos - x2 * sin;
        out[base + i + half] = x2 * cos + x1 * sin;
      }
    }
  }
}

/** Per-token segment ids [B,T]: 0 = padding, equal nonzero ids = one example (a 0/1 key mask is valid). */
export type SegmentIds = Uint8Array | Uint16Array | Int32Array | Uint32Array;

/** Throw unless NH is a positive multiple of NKV (grouped-query attention). */
export function checkHeads(NH: number, NKV: number): void {
  if (NKV <= 0 || NH % NKV !== 0) throw new Error(`attention: NH=${NH} must be a multiple of NKV=${NKV}`);
}

/** Throw unless window is a non-negative integer and, when set, attention is causal. */
export function checkWindow(window: number, causal: boolean): void {
  if (!Number.isInteger(window) || window < 0) throw new Error(`attention: window ${window} must be an integer >= 0`);
  if (window > 0 && !causal) throw new Error('attention: a sliding window needs causal attention');
}

/** Whether query t of sequence b sees key t2 (the masking rule in the header); T is the row length. */
export function attentionVisible(
  segments: SegmentIds | null, b: number, T: number, t: number, t2: number, causal: boolean, window: number
): boolean {
  if (causal && t2 > t) return false;
  if (window > 0 && t - t2 >= window) return false;
  if (segments) {
    const key = segments[b * T + t2], query = segments[b * T + t];
    if (key === 0 || (query !== 0 && query !== key)) return false;
  }
  return true;
}

/**
 * out[B,T,NH,HS] = softmax(q·k^T / sqrt(HS) + mask) · v; saves att[B,NH,T,T] (0 where hidden).
 * The mask is causal / window / segments as in the header (window 0 = none). A row with every key hidden
 * gets zeros.
 */
export function attentionForward(
  out: Float32Array, att: Float32Array,
  q: Float32Array, k: Float32Array, v: Float32Array,
  B: number, T: number, NH: number, NKV: number, HS: number,
  causal: boolean, segments: SegmentIds | null, window: number
): void {
  checkHeads(NH, NKV);
  checkWindow(window, causal);
  const group = NH / NKV;
  const scale = 1 / Math.sqrt(HS);
  const scores = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < NH; h++) {
      const kvh = Math.floor(h / group);
      for (let t = 0; t < T; t++) {
        const qOff = ((b * T + t) * NH + h) * HS;
        const attOff = ((b * NH + h) * T + t) * T;
        let max = -Infinity;
        for (let t2 = 0; t2 < T; t2++) {
          if (!attentionVisible(segments, b, T, t, t2, causal, window)) {
            scores[t2] = -Infinity;
            continue;
          }
          const kOff = ((b * T + t2) * NKV + kvh) * HS;
          let dot = 0;
          for (let d = 0; d < HS; d++) dot += q[qOff + d] * k[kOff + d];
          scores[t2] = dot * scale;
          if (scores[t2] > max) max = scores[t2];
        }
        let sum = 0;
        for (let t2 = 0; t2 < T; t2++) {
          const e = max === -Infinity ? 0 : Math.exp(scores[t2] - max);
          scores[t2] = e;
          sum += e;
        }
        for (let t2 = 0; t2 < T; t2++) att[attOff + t2] = sum > 0 ? scores[t2] / sum : 0;
        for (let d = 0; d < HS; d++) {
          let acc = 0;
          for (let t2 = 0; t2 < T; t2++) {
            acc += att[attOff + t2] * v[((b * T + t2) * NKV + kvh) * HS + d];
          }
          out[qOff + d] = acc;
        }
      }
    }
  }
}

/**
 * dq[B,T,NH,HS], dk/dv[B,T,NKV,HS] (all =) from dout[B,T,NH,HS] and the saved att. No mask argument: hidden
 * keys have att = 0, so they get no gradient (the same mask as forward, whatever it was).
 */
export function attentionBackward(
  dq: Float32Array, dk: Float32Array, dv: Float32Array,
  dout: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, att: Float32Array,
  B: number, T: number, NH: number, NKV: number, HS: number
): void {
  checkHeads(NH, NKV);
  const group = NH / NKV;
  const scale = 1 / Math.sqrt(HS);
  dk.fill(0, 0, B * T * NKV * HS);
  dv.fill(0, 0, B * T * NKV * HS);
  const datt = new Float64Array(T);
  const dqRow = new Float64Array(HS); // float64 row sum; dk/dv accumulate across rows in f32 storage
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < NH; h++) {
      const kvh = Math.floor(h / group);
      for (let t = 0; t < T; t++) {
        const qOff = ((b * T + t) * NH + h) * HS;
        const attOff = ((b * NH + h) * T + t) * T;
        let rowDot = 0;
        for (let t2 = 0; t2 < T; t2++) {
          const vOff = ((b * T + t2) * NKV + kvh) * HS;
          let acc = 0;
          for (let d = 0; d < HS; d++) acc += dout[qOff + d] * v[vOff + d];
          datt[t2] = acc;
          rowDot += acc * att[attOff + t2];
        }
        dqRow.fill(0);
        for (let t2 = 0; t2 < T; t2++) {
          const p = att[attOff + t2];
          if (p === 0) continue;
          const dpre = p * (datt[t2] - rowDot) * scale;
          const kvOff = ((b * T + t2) * NKV + kvh) * HS;
          for (let d = 0; d < HS; d++) {
            dqRow[d] += dpre * k[kvOff + d];
            dk[kvOff + d] += dpre * q[qOff + d];
            dv[kvOff + d] += p * dout[qOff + d];
          }
        }
        for (let d = 0; d < HS; d++) dq[qOff + d] = dqRow[d];
      }
    }
  }
}
