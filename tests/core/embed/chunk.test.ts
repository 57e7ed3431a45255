// chunkText: spans index the input, long paragraphs become overlapping windows, sections are respected.
import { describe, expect, it } from 'vitest';
import { chunkText } from '../../../src/lib/core/embed/chunk';
import { embeddingCacheKey, embedWithCache, MemoryEmbeddingCache } from '../../../src/lib/core/embed/cache';

const resume = [
  'Jane Example',
  '',
  'EXPERIENCE',
  '',
  'Senior engineer at Acme. Built a TypeScript data pipeline that cut nightly batch time from 6 hours to 40 minutes. ' +
    'Led a team of four engineers. Migrated the billing service from Python 2 to Go, with zero downtime. ' +
    'Introduced property-based testing and raised coverage to 85 percent across the monorepo. ' +
    'Mentored juniors and ran the weekly architecture review for two years.',
  '',
  'EDUCATION',
  '',
  'BSc Computer Science, University of Somewhere, 2015.'
].join('\n');

describe('chunkText', () => {
  it('returns chunks whose text equals the slice of the input at their span', () => {
    const chunks = chunkText(resume, [], { maxChars: 160, overlapChars: 40, minChars: 20 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(resume.slice(c.span.start, c.span.end)).toBe(c.text);
      expect(c.text.length).toBeLessThanOrEqual(160);
      expect(c.text).toBe(c.text.trim());
    }
  });

  it('splits a long paragraph into windows that overlap and together cover it', () => {
    const chunks = chunkText(resume, [], { maxChars: 160, overlapChars: 40, minChars: 20 });
    const para = resume.indexOf('Senior engineer');
    const windows = chunks.filter((c) => c.span.start >= para && c.span.end <= resume.indexOf('EDUCATION'));
    expect(windows.length).toBeGreaterThan(1);
    for (let i = 1; i < windows.length; i++) expect(windows[i].span.start).toBeLessThan(windows[i - 1].span.end);
    expect(windows[0].span.start).toBe(para);
    expect(resume.slice(windows[windows.length - 1].span.end - 10, windows[windows.length - 1].span.end)).toBe('two years.');
  });

  it('never lets a chunk cross a section boundary and labels chunks with their section', () => {
    const expStart = resume.indexOf('EXPERIENCE');
    const eduStart = resume.indexOf('EDUCATION');
    const chunks = chunkText(resume, [
      { name: 'experience', start: expStart, end: eduStart },
      { name: 'education', start: eduStart, end: resume.length }
    ], { maxChars: 600, minChars: 80 });
    for (const c of chunks) {
      const crosses = c.span.start < eduStart && c.span.end > eduStart;
      expect(crosses).toBe(false);
    }
    expect(chunks.find((c) => c.text.includes('BSc'))?.section).toBe('education');
    expect(chunks.find((c) => c.text.includes('Acme'))?.section).toBe('experience');
    expect(chunks.find((c) => c.text.includes('Jane'))?.section).toBeUndefined();
  });

  it('rejects nonsensical sizes with a clear error', () => {
    expect(() => chunkText('x', [], { maxChars: 10 })).toThrow(/maxChars/);
    expect(() => chunkText('x', [], { maxChars: 100, overlapChars: 60 })).toThrow(/overlapChars/);
  });
});

describe('embedding cache', () => {
  it('keys change with model id, revision and text, and are stable otherwise', async () => {
    const a = await embeddingCacheKey({ id: 'Xenova/all-MiniLM-L6-v2', revision: 'main' }, 'TypeScript');
    expect(a).toMatch(/^Xenova\/all-MiniLM-L6-v2@main:[0-9a-f]{64}$/);
    expect(await embeddingCacheKey({ id: 'Xenova/all-MiniLM-L6-v2', revision: 'main' }, 'TypeScript')).toBe(a);
    expect(await embeddingCacheKey({ id: 'Xenova/all-MiniLM-L6-v2', revision: 'v2' }, 'TypeScript')).not.toBe(a);
    expect(await embeddingCacheKey({ id: 'Xenova/bge-small-en-v1.5', revision: 'main' }, 'TypeScript')).not.toBe(a);
    expect(await embeddingCacheKey({ id: 'Xenova/all-MiniLM-L6-v2', revision: 'main' }, 'Typescript')).not.toBe(a);
    // sha256("TypeScript") computed independently with node:crypto.
    const { createHash } = await import('node:crypto');
    expect(a.endsWith(createHash('sha256').update('TypeScript').digest('hex'))).toBe(true);
  });

  it('embedWithCache sends only misses to the embedder and keeps order', async () => {
    const cache = new MemoryEmbeddingCache();
    const seen: string[][] = [];
    const embed = async (texts: string[]) => {
      seen.push(texts);
      return texts.map((t) => new Float32Array([t.length, 1]));
    };
    const model = { id: 'm', revision: 'r' };
    const first = await embedWithCache(['aa', 'bbb'], model, embed, cache);
    expect(first.hits).toBe(0);
    const second = await embedWithCache(['c', 'aa', 'bbb'], model, embed, cache);
    expect(second.hits).toBe(2);
    expect(seen).toEqual([['aa', 'bbb'], ['c']]);
    expect(second.vectors.map((v) => v[0])).toEqual([1, 2, 3]);
  });
});
