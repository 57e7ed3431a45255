/**
 * Reading order of layoutPage on synthetic pages: a two-column list inside a one-column page reads
 * column by column when the content stream keeps each column together, and row by row (a table) when
 * the stream alternates across the gap. Non-goals: real PDFs (pdf.test.ts and fidelity.test.ts do that).
 * Shape legend: PlacedText in PDF points (origin bottom-left, y = baseline), 12 pt text on a 612 pt page.
 */
import { describe, expect, it } from 'vitest';
import { layoutPage, type PlacedText } from '../../../src/lib/core/ingest';

const PAGE: [number, number, number, number] = [0, 0, 612, 792];
const SIZE = 12;
const run = (text: string, x: number, y: number): PlacedText => ({ text, x, y, width: text.length * 6, size: SIZE });

const LEFT = ['alpha one', 'beta two', 'gamma three', 'delta four'];
const RIGHT = ['epsilon five', 'zeta six', 'eta seven', 'theta eight'];
const rowY = (i: number) => 640 - i * 14;

/** A one-column page: an intro line wider than half the page, a list in two columns, a closing line. */
function pageWithList(listRuns: PlacedText[]): PlacedText[] {
  const intro = run('an introduction line that runs across most of the page width here', 60, 700);
  const heading = run('Skills', 60, 670);
  const outro = run('a closing line that also runs across most of the page width again', 60, 560);
  return [intro, heading, ...listRuns, outro];
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim());

describe('layoutPage column bands', () => {
  it('reads a two-column list column by column when the stream writes one column, then the other', () => {
    const columnOrder = [...LEFT.map((t, i) => run(t, 80, rowY(i))), ...RIGHT.map((t, i) => run(t, 300, rowY(i)))];
    const got = lines(layoutPage(pageWithList(columnOrder), PAGE));
    expect(got.slice(2, 10)).toEqual([...LEFT, ...RIGHT]);
    expect(got[0]).toMatch(/^an introduction/);
    expect(got[got.length - 1]).toMatch(/^a closing/);
  });

  it('reads the same geometry row by row when the stream alternates across the gap (a table)', () => {
    const rowOrder = LEFT.flatMap((t, i) => [run(t, 80, rowY(i)), run(RIGHT[i], 300, rowY(i))]);
    const got = lines(layoutPage(pageWithList(rowOrder), PAGE));
    expect(got.slice(2, 6)).toEqual(LEFT.map((l, i) => `${l} ${RIGHT[i]}`));
  });

  it('splits cells a word gap apart when the stream jumps between them', () => {
    // Cells only 10 pt apart (under the wide-gap split), written column by column.
    const narrow = [...LEFT.map((t, i) => run(t, 80, rowY(i))), ...RIGHT.map((t, i) => run(t, 80 + 66 + 10, rowY(i)))];
    const got = lines(layoutPage(pageWithList(narrow), PAGE));
    expect(got.slice(2, 10)).toEqual([...LEFT, ...RIGHT]);
  });
});
