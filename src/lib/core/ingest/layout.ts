/**
 * Reading order for one PDF page: positioned text runs → lines → segments (a line split at wide gaps, or
 * at a word gap where the content stream jumps) → rows → column bands → text. A column band is a run of
 * consecutive rows that a vertical gutter splits into two sides (a sidebar page, or a two-column skills
 * list inside a one-column page); the tallest band is found first, rows above and below recursively.
 * Inside a band the content stream decides when it keeps each side together (read side by side, in the
 * writer's order); a stream that alternates sides falls back to geometry: rows that line up across the
 * gutter are a table or key–value layout and read row by row, otherwise left column, then right.
 * Pure TypeScript.
 *
 * Non-goals: three or more columns, rotated/vertical text ordering, tables as structure.
 *
 * Shape legend: PDF points, origin bottom-left, so a larger y is higher on the page; `y` is the baseline;
 * `size` is the font size (text height) in points.
 */

export interface PlacedText {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

interface Segment {
  parts: PlacedText[];
  x0: number;
  x1: number;
  y: number;
  size: number;
}

/** Baselines closer than this share of the font size are on the same line. */
const SAME_LINE = 0.4;
/** A horizontal gap wider than this share of the font size splits a line into segments. */
const SEGMENT_GAP = 0.9;
/** A narrower gap (a space or more) also splits a line where the content stream jumps between the runs. */
const STREAM_JUMP_GAP = 0.25;
/** A gap wider than this share of the font size between runs gets a space. */
const WORD_GAP = 0.12;
/** Gutter search range, as shares of page width, and its least width in points. */
const GUTTER_MIN = 0.15;
const GUTTER_MAX = 0.85;
const GUTTER_MIN_WIDTH = 4;
/** Segments wider than this share of the page are full-width and never define the gutter. */
const WIDE_SEGMENT = 0.55;
/** Share of left-side segments with a same-row partner on the right above which it is a table. */
const TABLE_ROW_SHARE = 0.7;
/** Most side switches in content-stream order for a band to read in the writer's order (a 3-row table makes 5). */
const MAX_STREAM_SWITCHES = 3;
/** A vertical gap larger than this many line heights starts a new paragraph (blank line). */
const PARAGRAPH_GAP = 1.8;

function joinParts(parts: PlacedText[]): string {
  let out = '';
  let prevEnd = -Infinity;
  for (const p of parts) {
    const gap = p.x - prevEnd;
    if (out && gap > WORD_GAP * p.size && !/\s$/.test(out) && !/^\s/.test(p.text)) out += ' ';
    out += p.text;
    prevEnd = Math.max(prevEnd, p.x + p.width);
  }
  // ASCII whitespace only: NBSP must survive until mojibake repair ("Â" + NBSP is a mis-decoded NBSP).
  return out.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');
}

/** Groups runs into lines (top to bottom), then splits each line at wide gaps into segments. */
function toSegments(items: PlacedText[], streamIndex: Map<PlacedText, number>): Segment[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PlacedText[][] = [];
  for (const it of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0].y - it.y) <= SAME_LINE * Math.max(line[0].size, it.size)) line.push(it);
    else lines.push([it]);
  }
  const segments: Segment[] = [];
  for (const line of lines) {
    line.sort((a, b) => a.x - b.x);
    let current: PlacedText[] = [];
    let end = -Infinity;
    const flush = () => {
      if (current.length === 0) return;
      const x1 = Math.max(...current.map((p) => p.x + p.width));
      segments.push({ parts: current, x0: current[0].x, x1, y: current[0].y, size: Math.max(...current.map((p) => p.size)) });
      current = [];
    };
    for (const it of line) {
      const gap = it.x - end;
      // A wide gap splits; so does a word-sized gap where the content stream jumps (cells of a table).
      const prev = current[current.length - 1];
      const streamJump = prev !== undefined && streamIndex.get(it) !== (streamIndex.get(prev) ?? -2) + 1;
      if (current.length > 0 && (gap > SEGMENT_GAP * it.size || (streamJump && gap > STREAM_JUMP_GAP * it.size))) flush();
      current.push(it);
      end = Math.max(end, it.x + it.width);
    }
    flush();
  }
  return segments;
}

/** Renders segments of one column (or one band) top to bottom, merging same-row segments. */
function renderFlow(segments: Segment[]): string[] {
  const sorted = [...segments].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const out: string[] = [];
  let prev: Segment | null = null;
  let row: PlacedText[] = [];
  const flushRow = () => {
    if (row.length > 0) out.push(joinParts(row.sort((a, b) => a.x - b.x)));
    row = [];
  };
  for (const s of sorted) {
    if (prev && Math.abs(prev.y - s.y) <= SAME_LINE * Math.max(prev.size, s.size)) {
      row.push(...s.parts);
      continue;
    }
    flushRow();
    if (prev && prev.y - s.y > PARAGRAPH_GAP * Math.max(prev.size, s.size) * 1.2) out.push('');
    row.push(...s.parts);
    prev = s;
  }
  flushRow();
  return out;
}

interface Band {
  start: number;
  end: number;
  gutter: number;
  segments: number;
}

/** Groups segments into rows (top to bottom) by shared baseline. */
function toRows(segments: Segment[]): Segment[][] {
  const rows: Segment[][] = [];
  for (const s of [...segments].sort((a, b) => b.y - a.y || a.x0 - b.x0)) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0].y - s.y) <= SAME_LINE * Math.max(row[0].size, s.size)) row.push(s);
    else rows.push([s]);
  }
  return rows;
}

/**
 * The tallest run of consecutive rows that a vertical gutter splits into two side-by-side columns, or
 * null. A row blocks a gutter position when one of its segments is full-width or crosses it (with a
 * least clearance); each side needs at least three segments, and the sides must sit beside each other.
 */
function findColumnBand(rows: Segment[][], pageX0: number, pageWidth: number): Band | null {
  const lo = Math.floor(pageX0 + GUTTER_MIN * pageWidth);
  const hi = Math.ceil(pageX0 + GUTTER_MAX * pageWidth);
  const half = GUTTER_MIN_WIDTH / 2;
  let best: Band | null = null;
  for (let x = lo; x <= hi; x++) {
    let start = 0;
    for (let i = 0; i <= rows.length; i++) {
      const blocked =
        i === rows.length ||
        rows[i].some((s) => s.x0 < x + half && s.x1 > x - half);
      if (!blocked) continue;
      const band = i - start >= 2 ? judgeBand(rows, start, i, x) : null;
      if (band && (!best || band > best.segments)) best = { start, end: i, gutter: x, segments: band };
      start = i + 1;
    }
  }
  return best;
}

/**
 * Segment count of a candidate band (rows start..end-1) when both sides hold three or more segments beside each
 * other, else 0. One pass without copies: findColumnBand calls it for every candidate gutter point.
 */
function judgeBand(rows: Segment[][], start: number, end: number, gutter: number): number {
  let total = 0;
  let nLeft = 0;
  let nRight = 0;
  let leftTop = -Infinity;
  let leftBottom = Infinity;
  let rightTop = -Infinity;
  let rightBottom = Infinity;
  for (let i = start; i < end; i++) {
    for (const s of rows[i]) {
      total++;
      if (s.x1 <= gutter) {
        nLeft++;
        leftTop = Math.max(leftTop, s.y);
        leftBottom = Math.min(leftBottom, s.y);
      }
      if (s.x0 >= gutter) {
        nRight++;
        rightTop = Math.max(rightTop, s.y);
        rightBottom = Math.min(rightBottom, s.y);
      }
    }
  }
  if (nLeft < 3 || nRight < 3) return 0;
  const overlapTop = Math.min(leftTop, rightTop);
  const overlapBottom = Math.max(leftBottom, rightBottom);
  return overlapTop > overlapBottom ? total : 0; // else the sides do not sit beside each other
}

/**
 * A column band's segments in reading order, as blocks. When the content stream keeps each side together
 * (it switches sides at most MAX_STREAM_SWITCHES times, fewer than a three-row table would need), the
 * writer's order decides: each stretch of one side is a block, in stream order. A stream that alternates
 * gives no such evidence; then rows that line up across the gutter read as a table, row by row, and
 * other bands left column first, then right.
 */
function orderBand(segments: Segment[], gutter: number, pageWidth: number, streamIndex: Map<PlacedText, number>): Segment[][] {
  const first = (s: Segment) => Math.min(...s.parts.map((p) => streamIndex.get(p) ?? 0));
  const isLeft = (s: Segment) => s.x1 <= gutter;
  const inStream = [...segments].sort((a, b) => first(a) - first(b));
  const stretches: Segment[][] = [];
  for (const s of inStream) {
    const last = stretches[stretches.length - 1];
    if (last && isLeft(last[0]) === isLeft(s)) last.push(s);
    else stretches.push([s]);
  }
  if (stretches.length - 1 <= MAX_STREAM_SWITCHES) return stretches;
  // Without the writer's word for it, a full-width line in the band means one column after all.
  if (segments.some((s) => s.x1 - s.x0 > WIDE_SEGMENT * pageWidth)) return [segments];
  const left = segments.filter(isLeft);
  const right = segments.filter((s) => !isLeft(s));
  const paired = left.filter((l) => right.some((r) => Math.abs(r.y - l.y) <= SAME_LINE * Math.max(l.size, r.size))).length;
  return paired / left.length > TABLE_ROW_SHARE ? [segments] : [left, right];
}

/** Text blocks of a run of rows: the best column band is read by columns, rows above and below recursively. */
function layoutRows(rows: Segment[][], pageX0: number, pageWidth: number, streamIndex: Map<PlacedText, number>): string[] {
  if (rows.length === 0) return [];
  const band = findColumnBand(rows, pageX0, pageWidth);
  if (!band) return [renderFlow(rows.flat()).join('\n')];
  const blocks = orderBand(rows.slice(band.start, band.end).flat(), band.gutter, pageWidth, streamIndex);
  return [
    ...layoutRows(rows.slice(0, band.start), pageX0, pageWidth, streamIndex),
    ...blocks.map((block) => renderFlow(block).join('\n')),
    ...layoutRows(rows.slice(band.end), pageX0, pageWidth, streamIndex)
  ];
}

/** Orders a page's visible text runs (given in content-stream order) for reading and returns the page text. */
export function layoutPage(items: PlacedText[], pageBox: [number, number, number, number]): string {
  const runs = items.filter((i) => i.text.trim().length > 0);
  if (runs.length === 0) return '';
  const streamIndex = new Map(runs.map((r, i) => [r, i]));
  const rows = toRows(toSegments(runs, streamIndex));
  return layoutRows(rows, pageBox[0], pageBox[2] - pageBox[0], streamIndex).join('\n\n');
}
