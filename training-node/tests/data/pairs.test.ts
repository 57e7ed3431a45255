/**
 * Folder-mode matcher pairs (data/pairs.ts): anchors are job descriptions, never "Job category: X"; the other side
 * is a passage cut by the app's own chunker (core/embed/chunk.ts); negatives come from other categories of the same
 * split; a category without a job description is refused by name.
 */
import { describe, expect, it } from 'vitest';
import { chunkText } from '../../../src/lib/core/embed/chunk';
import { categoriesWithoutDescription, MIN_CHUNK_CHARS, pairsFromCategories, trainingChunks } from '../../src/data/pairs';
import type { CleanRecord, SplitName } from '../../src/data/types';

const paragraph = (topic: string, i: number) =>
  `${topic} experience ${i}: designed, built and maintained ${topic} systems for several years, working with teams across the company and shipping measurable results every quarter.`;

function record(id: string, label: string, split: SplitName, paragraphs = 3): CleanRecord {
  const resume = Array.from({ length: paragraphs }, (_, i) => paragraph(label.toLowerCase(), i)).join('\n\n') + '\n\nPhone';
  return { source: { file: 'x', line: 1 }, id, resume, label, hash: `h-${id}`, group: id, nearDupCluster: 0, mojibakeRepaired: 0, htmlStripped: false, piiMasks: {}, split };
}

const descriptions = { DATA: 'We hire a data scientist: statistics, Python, SQL.', HR: 'We hire an HR partner: recruiting, onboarding.', SALES: 'We hire an account executive.' };
const records = [
  record('d1', 'DATA', 'train'), record('d2', 'DATA', 'train'), record('h1', 'HR', 'train'), record('s1', 'SALES', 'train'),
  record('d3', 'DATA', 'test'), record('h2', 'HR', 'test')
];

describe('pairsFromCategories', () => {
  it("pairs job descriptions with the app's chunks, negatives from other categories in the same split", () => {
    const out = pairsFromCategories(records, descriptions, { negativeRatio: 1, seed: 7, synthetic: false, chunksPerResume: 2 });
    const byId = new Map(records.map((r) => [r.hash, r]));
    const anchors = new Set(Object.values(descriptions));
    for (const split of ['train', 'test'] as const) {
      const rows = out.pairs[split];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(anchors.has(row.sentence1)).toBe(true);
        expect(row.sentence1).not.toMatch(/Job category/);
        const source = byId.get(row.metadata.hash)!;
        expect(source.split).toBe(split);
        const chunk = chunkText(source.resume)[row.metadata.chunk!];
        expect(chunk.text).toBe(row.sentence2); // exactly the app's passage
        expect(row.sentence2.length).toBeGreaterThanOrEqual(MIN_CHUNK_CHARS);
        expect(row.sentence1).toBe(descriptions[row.metadata.label as keyof typeof descriptions]);
        if (row.metadata.kind === 'positive') expect(source.label).toBe(row.metadata.label);
        else expect(source.label).not.toBe(row.metadata.label);
      }
      const positives = rows.filter((r) => r.metadata.kind === 'positive');
      expect(rows.length - positives.length).toBe(positives.length); // negative ratio 1
    }
    // chunks per resume: at most 2 positives per resume
    const perResume = new Map<string, number>();
    for (const r of out.pairs.train.filter((p) => p.metadata.kind === 'positive')) perResume.set(r.metadata.hash, (perResume.get(r.metadata.hash) ?? 0) + 1);
    expect(Math.max(...perResume.values())).toBe(2);
    for (const t of out.triplets.train) {
      expect(byId.get(t.metadata.positiveHash)!.label).toBe(t.metadata.label);
      expect(byId.get(t.metadata.negativeHash)!.label).not.toBe(t.metadata.label);
    }
  });

  it('is deterministic for a seed', () => {
    const a = pairsFromCategories(records, descriptions, { negativeRatio: 1, seed: 3, synthetic: false });
    const b = pairsFromCategories(records, descriptions, { negativeRatio: 1, seed: 3, synthetic: false });
    expect(a).toEqual(b);
  });

  it('refuses categories without a job description, naming them', () => {
    expect(categoriesWithoutDescription(records, { DATA: 'x', HR: '  ' })).toEqual(['HR', 'SALES']);
    expect(() => pairsFromCategories(records, { DATA: 'x' }, { negativeRatio: 1, seed: 1, synthetic: false })).toThrow(/no job description for 2 categories \(HR, SALES\)/);
  });

  it('skips passages under MIN_CHUNK_CHARS (headings, contact lines)', () => {
    const chunks = trainingChunks('Phone: 555\n\n' + paragraph('data', 1));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.every((c) => c.text.length >= MIN_CHUNK_CHARS)).toBe(true);
  });
});
