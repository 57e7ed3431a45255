/**
 * MNRL batches without false negatives (train/matcher.ts): noDuplicateOrder gives a permutation whose batches
 * hold no repeated anchor or positive wherever the data allows (batch boundaries follow the loop's stream across
 * epochs); falseNegatives + matcherLoss leave a row's other positives out of its softmax, which equals the loss
 * computed by hand over the remaining candidates; takeIndices follows an objective's epoch order.
 */
import { describe, expect, it } from 'vitest';
import { takeIndices } from '../../src/train/loop';
import { falseNegatives, matcherLoss, matcherLossOnRows, mnrlKeys, noDuplicateOrder } from '../../src/train/matcher';
import type { MatcherExample } from '../../src/train/records';
import { seededRandom } from '../../src/data/random';

/** 3 job descriptions × many positives: a plain shuffle would put the same anchor twice in most batches. */
const rows: MatcherExample[] = Array.from({ length: 30 }, (_, i) => ({ texts: [`job ${i % 3}`, `passage ${i}`] }));

function batchesOf(order: number[], first: number, size: number): number[][] {
  const out: number[][] = [order.slice(0, first)];
  for (let i = first; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out.filter((b) => b.length > 0);
}

describe('noDuplicateOrder', () => {
  it('is a seeded permutation whose batches never repeat an anchor when the data allows', () => {
    const keys = mnrlKeys(rows);
    for (const epoch of [0, 1, 2]) {
      const order = noDuplicateOrder(keys, 5, epoch, 3);
      expect([...order].sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
      expect(noDuplicateOrder(keys, 5, epoch, 3)).toEqual(order);
      for (const batch of batchesOf(order, 3, 3)) expect(new Set(batch.map((i) => rows[i].texts[0])).size).toBe(batch.length);
    }
    expect(noDuplicateOrder(keys, 5, 0, 3)).not.toEqual(noDuplicateOrder(keys, 5, 1, 3));
  });

  it("aligns the first batch of an epoch with the stream (epoch·n not a multiple of the batch size)", () => {
    const n = 10, batch = 3;
    const r = rows.slice(0, n);
    const keys = mnrlKeys(r);
    const order = noDuplicateOrder(keys, 1, 1, batch); // stream position 10 = 3·3 + 1: the first block completes that batch with 2 rows
    const batches = batchesOf(order, 2, batch);
    expect(batches[0]).toHaveLength(2);
    for (const b of batches) expect(new Set(b.map((i) => r[i].texts[0])).size).toBe(b.length);
  });

  it('puts rows that cannot be placed at the end when the data does not allow it (one anchor only)', () => {
    const same: MatcherExample[] = Array.from({ length: 5 }, (_, i) => ({ texts: ['job', `p${i}`] }));
    const order = noDuplicateOrder(mnrlKeys(same), 2, 0, 2);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('takeIndices streams an objective order across epochs', () => {
    const orderOf = (e: number) => [e % 2 ? 2 : 0, 1, e % 2 ? 0 : 2];
    const a = takeIndices(3, 0, { epoch: 0, offset: 2 }, 3, orderOf);
    expect(a.indices).toEqual([2, 2, 1]);
    expect(a.cursor).toEqual({ epoch: 1, offset: 2 });
  });
});

describe('false negatives are left out of the MNRL softmax', () => {
  const batch: MatcherExample[] = [
    { texts: ['job A', 'a1'] }, { texts: ['job A', 'a2'] }, { texts: ['job B', 'b1'] }, { texts: ['job C', 'a1'] }
  ];
  const exclude = falseNegatives(batch);

  it('marks another positive of the same anchor, and a copy of the own positive text', () => {
    expect(exclude(0, 1)).toBe(true); // row 1's positive is also job A's
    expect(exclude(0, 2)).toBe(false);
    expect(exclude(0, 3)).toBe(true); // text "a1" is row 0's own positive
    expect(exclude(2, 0)).toBe(false);
    expect(exclude(3, 0)).toBe(true);
  });

  it('equals the loss computed by hand over the remaining candidates', () => {
    const n = batch.length, C = 5;
    const random = seededRandom(9);
    const unit = () => {
      const v = Float32Array.from({ length: n * C }, () => random() - 0.5);
      for (let i = 0; i < n; i++) {
        const norm = Math.hypot(...v.subarray(i * C, (i + 1) * C));
        for (let c = 0; c < C; c++) v[i * C + c] /= norm;
      }
      return v;
    };
    const columns = [unit(), unit()];
    const s = { loss: 'mnrl' as const, scale: 20, margin: 5, batchSize: n, gradientCheckpointing: false };
    const got = matcherLossOnRows(s, batch, columns, C).loss;
    const sim = (i: number, j: number) => { let d = 0; for (let c = 0; c < C; c++) d += columns[0][i * C + c] * columns[1][j * C + c]; return 20 * d; };
    let expected = 0;
    for (let i = 0; i < n; i++) {
      const kept = [...Array(n).keys()].filter((j) => j === i || !exclude(i, j));
      const lse = Math.log(kept.reduce((acc, j) => acc + Math.exp(sim(i, j)), 0));
      expected += (lse - sim(i, i)) / n;
    }
    expect(got).toBeCloseTo(expected, 6);
    const plain = matcherLoss('mnrl', columns, n, C, { scale: 20, margin: 5 }).loss;
    expect(plain).toBeGreaterThan(got); // the excluded candidates added to the denominator
  });
});
