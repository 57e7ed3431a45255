/**
 * Finds an evidence passage of the extracted text among the text items pdf.js reports for the rendered pages, so
 * the passage can be highlighted over the canvas. Pure and DOM-free (tests/app/pdf-match.test.ts).
 *
 * The extracted text (core/ingest) and pdf.js' items differ in spacing and line breaks, so both sides are compared
 * without whitespace, case-folded and NFKC-normalised (ligatures such as "ﬁ" become "fi"). A passage that occurs
 * several times is matched to the same occurrence (the n-th in the extracted text → the n-th on the pages), else
 * to the first.
 * Shape legend: a PdfItemRange is [startChar, endChar) of item `item` on page `page` (1-based), in the item's
 * own string (the text layer's span for that item).
 */

/** One passage to highlight: its text in the extracted text, and which occurrence of that text it is. */
export interface PdfTarget {
  text: string;
  occurrence: number;
}

export interface PdfItemRange {
  page: number;
  item: number;
  startChar: number;
  endChar: number;
}

/** One searchable character with where it came from. */
interface Source {
  ch: string;
  page: number;
  item: number;
  at: number;
}

function fold(ch: string): string {
  return ch.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** `text` folded character by character (as the pages' items are, so offsets correspond). */
function foldText(text: string): string {
  let chars = '';
  for (let i = 0; i < text.length; i++) chars += fold(text[i]);
  return chars;
}

/** The passage text[start, end) as a PdfTarget. */
export function pdfTarget(text: string, start: number, end: number): PdfTarget {
  return { text: text.slice(start, end), occurrence: occurrenceOf(text, start, end) };
}

/** Which occurrence (0-based) of text[start, end) this is, counted without whitespace and case. */
export function occurrenceOf(text: string, start: number, end: number): number {
  const needle = foldText(text.slice(start, end));
  if (!needle) return 0;
  const before = foldText(text.slice(0, start));
  let count = 0;
  for (let i = before.indexOf(needle); i >= 0; i = before.indexOf(needle, i + 1)) count++;
  return count;
}

/** Where `passage` (its `occurrence`-th time) lies among the pages' items; [] when it is not found. */
export function matchPassage(pages: ReadonlyArray<readonly string[]>, passage: string, occurrence = 0): PdfItemRange[] {
  const needle = foldText(passage);
  if (!needle) return [];
  const sources: Source[] = [];
  pages.forEach((items, p) =>
    items.forEach((str, item) => {
      for (let i = 0; i < str.length; i++) for (const ch of fold(str[i])) sources.push({ ch, page: p + 1, item, at: i });
    })
  );
  const hay = sources.map((s) => s.ch).join('');
  const hits: number[] = [];
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) hits.push(i);
  if (hits.length === 0) return [];
  const from = hits[occurrence] ?? hits[0];
  const ranges: PdfItemRange[] = [];
  for (let i = from; i < from + needle.length; i++) {
    const s = sources[i];
    const last = ranges[ranges.length - 1];
    if (last && last.page === s.page && last.item === s.item) last.endChar = Math.max(last.endChar, s.at + 1);
    else ranges.push({ page: s.page, item: s.item, startChar: s.at, endChar: s.at + 1 });
  }
  return ranges;
}
