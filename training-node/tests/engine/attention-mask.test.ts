/**
 * The reference attention's masking (segment ids for packed rows, sliding window) against a naive oracle
 * written from the definitions, not from attentionVisible: rows are described as lists of example lengths
 * (then padding), each query gets an explicit additive mask row (0 = visible, -Infinity = hidden) built from
 * "same example, not in the future, fewer than W positions back" (Hugging Face: causal kv_idx <= q_idx and
 * sliding_window_overlay kv_idx > q_idx - W; packed_sequence_mask equal ids), then softmax(q·k/√HS + mask)·v.
 * Also: a window >= T equals no window, and all-ones segment ids equal no mask, bit for bit.
 *
 * Shape legend: B rows, T tokens per row, NH query heads, NKV kv heads, HS head size.
 */
import { describe, expect, it } from 'vitest';
import * as ref from '../../src/engine/reference/index';
import { makeRandom, maxAbsDiff } from './gpu';

const randn = makeRandom(7);

/** Per-row example lengths → segment ids (1, 2, … per example, 0 for the padding tail). */
function segmentIds(rows: number[][], T: number): Int32Array {
  const ids = new Int32Array(rows.length * T);
  rows.forEach((lengths, b) => {
    let t = 0;
    lengths.forEach((len, e) => ids.fill(e + 1, b * T + t, b * T + (t += len)));
  });
  return ids;
}

/**
 * Naive masked attention: explicit additive mask per (b, t), float64 softmax. Padding queries see all real keys
 * (inside the window); a query with no visible key outputs zeros.
 */
function naiveAttention(
  q: Float32Array, k: Float32Array, v: Float32Array, rows: number[][], B: number, T: number, NH: number, NKV: number, HS: number,
  window: number
): Float64Array {
  const out = new Float64Array(B * T * NH * HS);
  for (let b = 0; b < B; b++) {
    const starts: number[] = []; // first position of the example each real token belongs to
    for (const len of rows[b]) {
      const start = starts.length;
      for (let i = 0; i < len; i++) starts.push(start);
    }
    const used = starts.length;
    for (let t = 0; t < T; t++) {
      const mask = new Float64Array(T).fill(-Infinity);
      for (let j = 0; j < T; j++) {
        const sameExample = t < used ? j >= starts[t] && j <= t : j < used; // a padding query: every real key
        const inWindow = window === 0 || j > t - window;
        if (sameExample && j <= t && inWindow) mask[j] = 0;
      }
      for (let h = 0; h < NH; h++) {
        const g = Math.floor(h / (NH / NKV));
        const scores = Array.from({ length: T }, (_, j) => {
          let dot = 0;
          for (let d = 0; d < HS; d++) dot += q[((b * T + t) * NH + h) * HS + d] * k[((b * T + j) * NKV + g) * HS + d];
          return dot / Math.sqrt(HS) + mask[j];
        });
        const max = Math.max(...scores);
        if (max === -Infinity) continue; // every key hidden (a padding query outside the window): zeros
        const e = scores.map((s) => Math.exp(s - max));
        const z = e.reduce((a, x) => a + x, 0);
        for (let d = 0; d < HS; d++) {
          let acc = 0;
          for (let j = 0; j < T; j++) acc += (e[j] / z) * v[((b * T + j) * NKV + g) * HS + d];
          out[((b * T + t) * NH + h) * HS + d] = acc;
        }
      }
    }
  }
  return out;
}

describe('attention masks: packed segments and sliding window vs an explicit-mask oracle', () => {
  const [B, T, NH, NKV, HS] = [3, 8, 4, 2, 4];
  const rows = [[3, 5], [2, 1, 4], [6]]; // row 2 ends in two padding tokens; row 1 in one
  const q = randn(B * T * NH * HS), k = randn(B * T * NKV * HS), v = randn(B * T * NKV * HS);
  const run = (segments: ref.SegmentIds | null, window: number): Float32Array => {
    const out = new Float32Array(q.length);
    ref.attentionForward(out, new Float32Array(B * NH * T * T), q, k, v, B, T, NH, NKV, HS, true, segments, window);
    return out;
  };

  for (const window of [0, 1, 2, 3, 5]) {
    it(`packed rows, window ${window}`, () => {
      const err = maxAbsDiff(run(segmentIds(rows, T), window), naiveAttention(q, k, v, rows, B, T, NH, NKV, HS, window));
      expect(err).toBeLessThan(1e-6);
    });
  }

  it('unpacked rows with a sliding window (segments null) match the oracle with one full-length example per row', () => {
    const full = Array.from({ length: B }, () => [T]);
    expect(maxAbsDiff(run(null, 3), naiveAttention(q, k, v, full, B, T, NH, NKV, HS, 3))).toBeLessThan(1e-6);
    expect(maxAbsDiff(run(null, 3), run(null, 0))).toBeGreaterThan(1e-3); // the window really hides keys
  });

  it('a window >= T equals no window, and all-ones segment ids equal no mask (bitwise)', () => {
    expect(run(null, T)).toEqual(run(null, 0));
    expect(run(null, T + 5)).toEqual(run(null, 0));
    expect(run(new Uint8Array(B * T).fill(1), 0)).toEqual(run(null, 0));
  });

  it('rejects a window on bidirectional attention and negative windows', () => {
    const out = new Float32Array(q.length), att = new Float32Array(B * NH * T * T);
    expect(() => ref.attentionForward(out, att, q, k, v, B, T, NH, NKV, HS, false, null, 2)).toThrow(/causal/);
    expect(() => ref.attentionForward(out, att, q, k, v, B, T, NH, NKV, HS, true, null, -1)).toThrow(/window/);
  });
});
