/**
 * Reading order for one PDF page: positioned text runs → lines → segments (a line split at wide gaps)
 * → columns → text. A vertical gutter that no narrow segment crosses splits a two-column page; full-width
 * runs (a header, a section rule) cut the page into bands, and each band is read left column first, then
 * right. A "gutter" whose two sides line up row by row is a table or key–value layout and is read row by
 * row instead. Pure TypeScript.
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
function toSegments(items: PlacedText[]): Segment[] {
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
      if (current.length > 0 && it.x - end > SEGMENT_GAP * it.size) flush();
      current.push(it);
      end = Math.max(end, it.x + it.width);
    }
    flush();
  }
  return segments;
}

/** The x of a two-column gutter on this page, or null when the page reads as one column. */
function findGutter(segments: Segment[], pageX0: number, pageWidth: number): number | null {
  const lo = Math.floor(pageX0 + GUTTER_MIN * pageWidth);
  const hi = Math.ceil(pageX0 + GUTTER_MAX * pageWidth);
  const covered = new Uint8Array(hi - lo + 1);
  for (const s of segments) {
    if (s.x1 - s.x0 > WIDE_SEGMENT * pageWidth) continue;
    for (let x = Math.max(lo, Math.floor(s.x0)); x <= Math.min(hi, Math.ceil(s.x1)); x++) covered[x - lo] = 1;
  }
  // Widest uncovered run strictly inside the range (a run touching an edge is a margin, not a gutter).
  let best: { start: number; width: number } | null = null;
  for (let i = 0; i < covered.length; ) {
    if (covered[i]) { i++; continue; }
    let j = i;
    while (j < covered.length && !covered[j]) j++;
    if (i > 0 && j < covered.length && (!best || j - i > best.width)) best = { start: i, width: j - i };
    i = j;
  }
  if (!best || best.width < GUTTER_MIN_WIDTH) return null;
  const gutter = lo + best.start + best.width / 2;
  const left = segments.filter((s) => s.x1 <= gutter);
  const right = segments.filter((s) => s.x0 >= gutter);
  if (left.length < 3 || right.length < 3) return null;
  const overlapTop = Math.min(Math.max(...left.map((s) => s.y)), Math.max(...right.map((s) => s.y)));
  const overlapBottom = Math.max(Math.min(...left.map((s) => s.y)), Math.min(...right.map((s) => s.y)));
  if (overlapTop <= overlapBottom) return null; // the sides do not sit beside each other
  const paired = left.filter((l) => right.some((r) => Math.abs(r.y - l.y) <= SAME_LINE * Math.max(l.size, r.size))).length;
  if (paired / left.length > TABLE_ROW_SHARE) return null;
  return gutter;
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

/** Orders a page's visible text runs for reading and returns the page text. */
export function layoutPage(items: PlacedText[], pageBox: [number, number, number, number]): string {
  const runs = items.filter((i) => i.text.trim().length > 0);
  if (runs.length === 0) return '';
  const segments = toSegments(runs);
  const gutter = findGutter(segments, pageBox[0], pageBox[2] - pageBox[0]);
  if (gutter === null) return renderFlow(segments).join('\n');
  // Bands: full-width segments cut the page; inside a band, read the left column, then the right.
  const blocks: string[] = [];
  let left: Segment[] = [];
  let right: Segment[] = [];
  let wide: Segment[] = [];
  const flushColumns = () => {
    if (left.length) blocks.push(renderFlow(left).join('\n'));
    if (right.length) blocks.push(renderFlow(right).join('\n'));
    left = [];
    right = [];
  };
  const flushWide = () => {
    if (wide.length) blocks.push(renderFlow(wide).join('\n'));
    wide = [];
  };
  for (const s of [...segments].sort((a, b) => b.y - a.y || a.x0 - b.x0)) {
    const side = s.x1 <= gutter ? left : s.x0 >= gutter ? right : null;
    if (side) {
      flushWide();
      side.push(s);
    } else {
      flushColumns();
      wide.push(s);
    }
  }
  flushColumns();
  flushWide();
  return blocks.join('\n\n');
}
