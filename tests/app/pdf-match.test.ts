/**
 * Finding an evidence passage among pdf.js' text items (components/candidate/pdf-match.ts): spacing, line breaks,
 * case and ligatures differ between the extracted text and the items; the n-th occurrence maps to the n-th.
 */
import { describe, expect, it } from 'vitest';
import { matchPassage, occurrenceOf, pdfTarget } from '../../src/lib/components/candidate/pdf-match';

describe('matchPassage', () => {
  const pages = [
    ['Senior Accountant', 'Skills: Excel, Quick', 'Books and GAAP'],
    ['Certiﬁed  Public', 'Accountant; Excel macros']
  ];

  it('finds a passage split across items, whatever the spacing', () => {
    expect(matchPassage(pages, 'QuickBooks')).toEqual([
      { page: 1, item: 1, startChar: 15, endChar: 20 },
      { page: 1, item: 2, startChar: 0, endChar: 5 }
    ]);
  });

  it('folds ligatures and case, and spans pages', () => {
    expect(matchPassage(pages, 'certified public accountant')).toEqual([
      { page: 2, item: 0, startChar: 0, endChar: 16 },
      { page: 2, item: 1, startChar: 0, endChar: 10 }
    ]);
  });

  it('maps the n-th occurrence to the n-th, else the first; nothing when absent', () => {
    expect(matchPassage(pages, 'Excel', 1)).toEqual([{ page: 2, item: 1, startChar: 12, endChar: 17 }]);
    expect(matchPassage(pages, 'Excel', 7)).toEqual([{ page: 1, item: 1, startChar: 8, endChar: 13 }]);
    expect(matchPassage(pages, 'SAP')).toEqual([]);
    expect(matchPassage(pages, '  ')).toEqual([]);
  });
});

describe('occurrenceOf', () => {
  it('counts earlier occurrences of the same passage', () => {
    const text = 'Excel at work.\nUsed EXCEL daily; excel again';
    const third = text.lastIndexOf('excel');
    expect(occurrenceOf(text, 0, 5)).toBe(0);
    expect(occurrenceOf(text, third, third + 5)).toBe(2);
    expect(pdfTarget(text, third, third + 5)).toEqual({ text: 'excel', occurrence: 2 });
  });
});
