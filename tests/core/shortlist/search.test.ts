/** Shortlist search (core/shortlist/search): every query word must occur in some field; quotes keep phrases. */
import { describe, expect, it } from 'vitest';
import { matchesTerms, queryTerms } from '../../../src/lib/core/shortlist';

describe('queryTerms', () => {
  it('splits words, keeps quoted phrases, lower-cases', () => {
    expect(queryTerms('  Spark "General  Ledger" SQL ')).toEqual(['spark', 'general ledger', 'sql']);
    expect(queryTerms('   ')).toEqual([]);
  });
});

describe('matchesTerms', () => {
  const fields = ['Candidate #3', 'PDF · 24 KB', 'Data Engineer', 'Apache Spark · SQL', 'built etl pipelines in python'];
  it('finds a skill by part of its name, in any field', () => {
    expect(matchesTerms(queryTerms('spark'), fields)).toBe(true);
    expect(matchesTerms(queryTerms('python etl'), fields)).toBe(true);
  });
  it('needs every word', () => {
    expect(matchesTerms(queryTerms('spark kafka'), fields)).toBe(false);
    expect(matchesTerms(queryTerms('"etl python"'), fields)).toBe(false);
  });
  it('matches everything on an empty query and ignores missing fields', () => {
    expect(matchesTerms([], [])).toBe(true);
    expect(matchesTerms(['x'], [null, undefined, ''])).toBe(false);
  });
});
