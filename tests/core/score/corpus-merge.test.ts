/**
 * The app (per worker chunk) and the CLI compute BM25 corpus statistics in parts and merge them; the merge
 * must equal the statistics of the whole batch computed at once (same IDF, same average length).
 */
import { describe, expect, it } from 'vitest';
import { parseResume } from '../../../src/lib/core/resume';
import { buildCorpusStats, mergeCorpusStats } from '../../../src/lib/core/score';

const texts = [
  'Jane Roe\nSKILLS\nPython, SQL, Excel\nEXPERIENCE\nData Analyst 2018 - 2022 at Acme, built SQL reports',
  'John Poe\nSUMMARY\nAccountant with GAAP and QuickBooks\nEXPERIENCE\nStaff Accountant 2015 - Present',
  'Ann Lee\nSKILLS\nExcel, payroll, auditing\nEDUCATION\nBachelor of Science in Accounting, 2012',
  'Max Doe\nEXPERIENCE\nChef 2010 - 2020\nSKILLS\nMenu planning, food safety'
];

describe('mergeCorpusStats', () => {
  it.each([true, false])('equals the whole-batch statistics (blind=%s)', (blind) => {
    const resumes = texts.map((t) => parseResume(t));
    const whole = buildCorpusStats(resumes, { blind });
    const merged = mergeCorpusStats([buildCorpusStats(resumes.slice(0, 1), { blind }), buildCorpusStats(resumes.slice(1, 3), { blind }), buildCorpusStats(resumes.slice(3), { blind })]);
    expect(merged.docCount).toBe(whole.docCount);
    expect(merged.avgDocLength).toBeCloseTo(whole.avgDocLength, 10);
    expect(merged.docFreq).toEqual(whole.docFreq);
    expect(Object.keys(whole.docFreq).length).toBeGreaterThan(10);
  });

  it('of nothing is an empty corpus', () => {
    expect(mergeCorpusStats([])).toEqual({ docCount: 0, avgDocLength: 0, docFreq: {} });
  });
});
