/**
 * DOCX tables as rows of text: a data table (every cell a short value: "B.Tech | XYZ College | 2016 | 78%")
 * becomes one paragraph per row with its cells joined by " | ", so each row stays one line of text (mammoth
 * alone puts every cell on a line of its own and the row is lost). Layout tables (a resume laid out in a
 * two-cell table, a cell holding a whole section) are left as they are. Pure TypeScript on document.xml.
 * Non-goals: merged-cell geometry, nested tables (a table holding a table is left as it is), styles.
 * Shape legend: cell text is the concatenated <w:t> contents (still XML-escaped), tabs and breaks as
 * spaces, a cell's paragraphs joined by a space.
 */

/** Longest cell text (characters) and most non-empty paragraphs per cell of a data table. */
const MAX_CELL_CHARS = 160;
const MAX_CELL_PARAGRAPHS = 2;

/** Top-level <w:tbl> elements: [start, end) offsets, skipping nested tables. */
function topLevelTables(xml: string): Array<[number, number, boolean]> {
  const out: Array<[number, number, boolean]> = [];
  const re = /<w:tbl>|<w:tbl\s[^>]*>|<\/w:tbl>/g;
  let depth = 0;
  let start = -1;
  let nested = false;
  for (const m of xml.matchAll(re)) {
    if (m[0].startsWith('</')) {
      depth--;
      if (depth === 0 && start >= 0) {
        out.push([start, m.index + m[0].length, nested]);
        start = -1;
      }
    } else {
      if (depth === 0) {
        start = m.index;
        nested = false;
      } else nested = true;
      depth++;
    }
  }
  return out;
}

function paragraphText(p: string): string {
  return p
    .replace(/<w:tab\/>|<w:br\/>|<w:cr\/>/g, ' ')
    .replace(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<[^>]+>/g, (_, t: string | undefined) => t ?? '')
    .replace(/\s+/g, ' ')
    .trim();
}

function cellTexts(row: string): string[][] {
  return [...row.matchAll(/<w:tc(?:\s[^>]*)?>([\s\S]*?)<\/w:tc>/g)].map((c) =>
    [...c[1].matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>|<w:p(?:\s[^>]*)?\/>/g)].map((p) => paragraphText(p[1] ?? '')).filter((t) => t.length > 0)
  );
}

/** document.xml with every data table rewritten as one paragraph per row; `rows` counts rows rewritten. */
export function flattenDocxTables(xml: string): { xml: string; rows: number } {
  let out = '';
  let pos = 0;
  let rows = 0;
  for (const [start, end, nested] of topLevelTables(xml)) {
    if (nested) continue;
    const table = xml.slice(start, end);
    const rowCells = [...table.matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((r) => cellTexts(r[1]));
    const data = rowCells.length > 0 && rowCells.every((cells) => cells.length > 1 && cells.every((paras) => paras.length <= MAX_CELL_PARAGRAPHS && paras.join(' ').length <= MAX_CELL_CHARS));
    if (!data) continue;
    const paragraphs = rowCells
      .map((cells) => cells.map((paras) => paras.join(' ')).filter((t) => t.length > 0).join(' | '))
      .filter((line) => line.length > 0)
      .map((line) => `<w:p><w:r><w:t xml:space="preserve">${line}</w:t></w:r></w:p>`);
    out += xml.slice(pos, start) + paragraphs.join('');
    pos = end;
    rows += paragraphs.length;
  }
  return { xml: out + xml.slice(pos), rows };
}
