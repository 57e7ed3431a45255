/** Near-duplicate detection (MinHash + LSH + exact Jaccard) and union-find clustering on generated texts. */
import { describe, expect, it } from 'vitest';
import { chooseBands, clustersFromPairs, findNearDuplicates, jaccard, UnionFind, wordShingles } from '../../src/data/dedupe';
import { seededRandom } from '../../src/data/random';

const VOCABULARY = 'python java sql docker kubernetes aws azure react node golang rust spark hadoop kafka airflow pandas numpy tensorflow pytorch excel tableau linux git jenkins terraform ansible redis postgres mongodb graphql rest agile scrum leadership mentoring design testing'.split(' ');

function document(random: () => number, words: number): string {
  return Array.from({ length: words }, () => VOCABULARY[Math.floor(random() * VOCABULARY.length)]).join(' ');
}

/** Replaces a fraction of the words (an edited copy of the same resume). */
function edit(text: string, fraction: number, random: () => number): string {
  return text.split(' ').map((w) => (random() < fraction ? `edited${Math.floor(random() * 1000)}` : w)).join(' ');
}

describe('findNearDuplicates', () => {
  it('links lightly edited copies and leaves unrelated documents apart', () => {
    const random = seededRandom(5);
    const originals = Array.from({ length: 40 }, () => document(random, 300));
    const copies = originals.slice(0, 10).map((t) => edit(t, 0.02, random));
    const texts = [...originals, ...copies];
    const pairs = findNearDuplicates(texts, { threshold: 0.8 });
    const linked = new Set(pairs.map((p) => `${p.a},${p.b}`));
    for (let i = 0; i < 10; i++) expect(linked.has(`${i},${40 + i}`)).toBe(true);
    for (const p of pairs) expect(p.b - p.a).toBe(40);
    for (const p of pairs) expect(p.similarity).toBeGreaterThanOrEqual(0.8);
  });

  it('respects the threshold: heavier edits fall below a high threshold', () => {
    const random = seededRandom(8);
    const base = document(random, 400);
    const heavy = edit(base, 0.15, random);
    const similarity = jaccard(wordShingles(base, 3), wordShingles(heavy, 3));
    expect(similarity).toBeLessThan(0.9);
    expect(findNearDuplicates([base, heavy], { threshold: 0.95 })).toEqual([]);
    expect(findNearDuplicates([base, heavy], { threshold: Math.max(0.1, similarity - 0.05) })).toHaveLength(1);
  });

  it('chooses an LSH layout whose candidate threshold sits below the requested one', () => {
    for (const t of [0.5, 0.7, 0.8, 0.9]) {
      const { bands, rowsPerBand } = chooseBands(128, t);
      expect(bands * rowsPerBand).toBe(128);
      expect(Math.pow(1 / bands, 1 / rowsPerBand)).toBeLessThan(t);
    }
  });
});

describe('union-find clusters', () => {
  it('merges transitively and labels clusters by their smallest member', () => {
    expect(clustersFromPairs(6, [{ a: 4, b: 5 }, { a: 1, b: 4 }, { a: 2, b: 3 }])).toEqual([0, 1, 2, 2, 1, 1]);
    const forest = new UnionFind(3);
    expect(forest.union(0, 2)).toBe(true);
    expect(forest.union(2, 0)).toBe(false);
    expect(forest.find(2)).toBe(forest.find(0));
  });
});
