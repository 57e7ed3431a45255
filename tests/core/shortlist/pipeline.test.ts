/** Pipeline stages and the score distribution (core/shortlist/stages, distribution). */
import { describe, expect, it } from 'vitest';
import { STAGES, STAGE_KEYS, countAtOrAbove, isStage, nextStage, scoreBins, stageCounts } from '../../../src/lib/core/shortlist';

describe('stages', () => {
  it('counts every stage, zeros included', () => {
    expect(stageCounts(['new', 'offer', 'new', 'rejected'])).toEqual({ new: 2, shortlisted: 0, interview: 0, offer: 1, rejected: 1 });
  });
  it('has one shortcut key per stage', () => {
    expect(new Set(Object.values(STAGE_KEYS))).toEqual(new Set(STAGES));
  });
  it('moves forward to offer and no further; rejected stays', () => {
    expect(['new', 'shortlisted', 'interview', 'offer', 'rejected'].map((s) => nextStage(s as never))).toEqual(['shortlisted', 'interview', 'offer', 'offer', 'rejected']);
    expect(isStage('interview')).toBe(true);
    expect(isStage('hired')).toBe(false);
  });
});

describe('scoreBins', () => {
  it('bins scores by tens, 100 in the last bin, unscored left out', () => {
    const bins = scoreBins([0, 9.99, 10, 55, 99.5, 100, null], 50);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(bins.filter((b) => b.aboveCut).map((b) => b.from)).toEqual([50, 60, 70, 80, 90]);
    expect(countAtOrAbove([0, 49.9, 50, 100, null], 50)).toBe(2);
  });
  it('refuses a width that does not divide 100', () => {
    expect(() => scoreBins([], 0, 30)).toThrow(/divide 100/);
  });
});
