/**
 * Splitter properties over generated inputs: per-label stratification within ±1 row of ratio × count
 * (singleton groups), determinism by seed, different seeds give different splits, and group integrity
 * (a group never spans two splits) with the leakage check agreeing.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { assignSplits, checkLeakage, parseRatios, splitTargets, type SplitItem } from '../../src/data/split';
import { SPLIT_NAMES } from '../../src/data/types';

function generateItems(seed: number, withGroups: boolean): SplitItem[] {
  const random = seededRandom(seed);
  const labels = Array.from({ length: 1 + Math.floor(random() * 7) }, (_, i) => `label-${i}`);
  const count = 5 + Math.floor(random() * 300);
  return Array.from({ length: count }, (_, i) => ({
    group: withGroups ? `g${Math.floor(random() * count * 0.4)}` : `row-${i}`,
    label: labels[Math.floor(Math.pow(random(), 2) * labels.length)]
  }));
}

describe('assignSplits', () => {
  const ratioSets: [number, number, number][] = [[0.7, 0.15, 0.15], [0.8, 0.1, 0.1], [0.5, 0.25, 0.25], [0.6, 0.4, 0]];

  it('stratifies each label within ±1 row of its ratio (50 generated datasets × 4 ratio sets)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const items = generateItems(seed, false);
      for (const ratios of ratioSets) {
        const splits = assignSplits(items, { ratios, seed });
        for (const label of new Set(items.map((i) => i.label))) {
          const indices = items.map((it, i) => (it.label === label ? i : -1)).filter((i) => i >= 0);
          SPLIT_NAMES.forEach((split, s) => {
            const got = indices.filter((i) => splits[i] === split).length;
            expect(Math.abs(got - ratios[s] * indices.length)).toBeLessThanOrEqual(1);
          });
        }
      }
    }
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const items = generateItems(3, false);
    expect(assignSplits(items, { seed: 9 })).toEqual(assignSplits(items, { seed: 9 }));
    expect(assignSplits(items, { seed: 9 })).not.toEqual(assignSplits(items, { seed: 10 }));
  });

  it('keeps every group in one split, and the leakage check confirms it (50 generated datasets)', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const items = generateItems(seed, true);
      const splits = assignSplits(items, { seed });
      const seen = new Map<string, string>();
      items.forEach((item, i) => {
        const first = seen.get(item.group);
        if (first) expect(splits[i]).toBe(first);
        else seen.set(item.group, splits[i]);
      });
      expect(checkLeakage(splits, { group: items.map((i) => i.group) }).ok).toBe(true);
    }
  });

  it('the leakage check catches a key in two splits', () => {
    const report = checkLeakage(['train', 'test', 'val'], { hash: ['a', 'a', 'b'], cluster: [1, 2, 3] });
    expect(report.ok).toBe(false);
    expect(report.leaks).toEqual([{ kind: 'hash', key: 'a', splits: ['test', 'train'] }]);
  });
});

describe('split helpers', () => {
  it('targets always sum to the count', () => {
    for (let n = 0; n < 200; n++) {
      const t = splitTargets(n, [0.7, 0.15, 0.15]);
      expect(t[0] + t[1] + t[2]).toBe(n);
    }
  });

  it('parses ratios as fractions or percentages and rejects nonsense', () => {
    expect(parseRatios('70,15,15')).toEqual([0.7, 0.15, 0.15]);
    expect(parseRatios('0.8/0.1/0.1')[0]).toBeCloseTo(0.8);
    expect(() => parseRatios('0.7,0.3')).toThrow(/three numbers/);
    expect(() => parseRatios('a,b,c')).toThrow(/three numbers/);
  });
});
