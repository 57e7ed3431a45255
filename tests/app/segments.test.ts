/**
 * Highlight segmentation used by the candidate view: evidence runs, blind-mode masks (which win over
 * evidence) and clamping of out-of-range spans. Pure function, no DOM.
 */
import { describe, expect, it } from 'vitest';
import { buildSegments } from '../../src/lib/components/candidate/segments';

const join = (segs: ReturnType<typeof buildSegments>) => segs.map((s) => s.text).join('');

describe('buildSegments', () => {
  it('keeps the text intact and marks evidence with the labels it backs', () => {
    const text = 'Skilled in Python and SQL for 5 years.';
    const segs = buildSegments(text, [
      { start: 11, end: 17, label: 'Python' },
      { start: 11, end: 25, label: 'relevance' }
    ]);
    expect(join(segs)).toBe(text);
    const python = segs.find((s) => s.text === 'Python');
    expect(python?.kind === 'evidence' && python.labels.sort()).toEqual(['Python', 'relevance']);
    const rest = segs.find((s) => s.text === ' and SQL');
    expect(rest?.kind === 'evidence' && rest.labels).toEqual(['relevance']);
    expect(segs[0]).toEqual({ kind: 'plain', text: 'Skilled in ', start: 0 });
  });

  it('replaces a masked range by one placeholder even when evidence cuts through it', () => {
    const text = 'Jane Roe, Python developer';
    const segs = buildSegments(text, [{ start: 5, end: 16, label: 'x' }], [{ start: 0, end: 8, placeholder: '[NAME]' }]);
    expect(segs.filter((s) => s.kind === 'masked')).toEqual([{ kind: 'masked', text: '[NAME]', start: 0 }]);
    expect(join(segs)).toBe('[NAME], Python developer');
    expect(segs.some((s) => s.text.includes('Roe'))).toBe(false);
  });

  it('clamps spans outside the text and ignores empty ones', () => {
    const segs = buildSegments('abc', [{ start: -4, end: 1, label: 'a' }, { start: 2, end: 99, label: 'c' }, { start: 1, end: 1, label: 'empty' }]);
    expect(segs.map((s) => [s.kind, s.text])).toEqual([
      ['evidence', 'a'],
      ['plain', 'b'],
      ['evidence', 'c']
    ]);
  });
});
