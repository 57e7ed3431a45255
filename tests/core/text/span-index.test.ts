import { describe, expect, it } from 'vitest';
import { spanOverlaps } from '../../../src/lib/core/text/span-index';
import { seededRandom } from '../../../training-node/src/data/random';

describe('spanOverlaps', () => {
  it('answers like a scan over every span, for overlapping, nested, empty and touching spans', () => {
    const rand = seededRandom(7);
    for (let round = 0; round < 20; round++) {
      const spans = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => {
        const start = Math.floor(rand() * 60);
        return { start, end: start + Math.floor(rand() * 15) };
      });
      const overlaps = spanOverlaps(spans);
      for (let start = -2; start < 80; start++) {
        for (const len of [0, 1, 3, 10]) {
          const end = start + len;
          expect(overlaps(start, end), `${JSON.stringify(spans)} [${start}, ${end})`).toBe(spans.some((s) => s.start < end && s.end > start));
        }
      }
    }
  });

  it('finds nothing in an empty set, and does not reorder the caller\'s spans', () => {
    expect(spanOverlaps([])(0, 10)).toBe(false);
    const spans = [{ start: 9, end: 12 }, { start: 1, end: 3 }];
    expect(spanOverlaps(spans)(2, 3)).toBe(true);
    expect(spans[0].start).toBe(9);
  });
});
