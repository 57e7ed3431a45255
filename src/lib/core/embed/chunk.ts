/**
 * Chunking of resume text for embeddings: section → paragraph chunks, long paragraphs split into overlapping
 * windows at word boundaries. Every chunk keeps its span in the input text so it can be shown as evidence.
 *
 * Non-goals: tokenisation (sizes are in characters, ~4 chars per token for English), embedding, scoring.
 * Shape legend: offsets are UTF-16 code units, spans half-open [start, end); chunk.text === text.slice(start, end).
 */

export interface TextSpan {
  start: number;
  end: number;
}

export interface TextChunk {
  /** 0-based position in the returned list. */
  index: number;
  text: string;
  span: TextSpan;
  /** Section name when the caller supplied sections (e.g. "experience"). */
  section?: string;
}

export interface ChunkOptions {
  /** Upper bound on a chunk's length in characters (default 600 ≈ 150 tokens, under MiniLM's 256-token window). */
  maxChars?: number;
  /** Characters shared by consecutive windows of one long paragraph (default 120). */
  overlapChars?: number;
  /** Paragraphs shorter than this are merged with the next one in the same section (default 80). */
  minChars?: number;
}

export interface ChunkSection {
  name?: string;
  start: number;
  end: number;
}

/** Split `text` into embedding chunks, optionally within the given sections (uncovered text forms its own section). */
export function chunkText(text: string, sections: ChunkSection[] = [], options: ChunkOptions = {}): TextChunk[] {
  const maxChars = options.maxChars ?? 600;
  const overlap = options.overlapChars ?? 120;
  const minChars = options.minChars ?? 80;
  if (maxChars < 20) throw new Error(`chunkText: maxChars must be at least 20, got ${maxChars}`);
  if (overlap < 0 || overlap >= maxChars / 2) throw new Error(`chunkText: overlapChars must be in [0, maxChars/2), got ${overlap}`);

  const regions = coverWithSections(text.length, sections);
  const spans: { span: TextSpan; section?: string }[] = [];
  for (const region of regions) {
    const paragraphs = mergeShort(paragraphSpans(text, region.start, region.end), minChars, maxChars);
    for (const p of paragraphs) {
      for (const w of windowSpans(text, p, maxChars, overlap)) spans.push({ span: w, section: region.name });
    }
  }
  return spans.map((s, index) => ({
    index,
    text: text.slice(s.span.start, s.span.end),
    span: s.span,
    ...(s.section ? { section: s.section } : {})
  }));
}

/** Sorted, non-overlapping regions covering [0, length): the given sections plus the gaps between them. */
function coverWithSections(length: number, sections: ChunkSection[]): ChunkSection[] {
  const sorted = [...sections]
    .filter((s) => s.end > s.start)
    .map((s) => ({ name: s.name, start: Math.max(0, s.start), end: Math.min(length, s.end) }))
    .sort((a, b) => a.start - b.start);
  const out: ChunkSection[] = [];
  let cursor = 0;
  for (const s of sorted) {
    const start = Math.max(s.start, cursor);
    if (start > cursor) out.push({ start: cursor, end: start });
    if (s.end > start) out.push({ name: s.name, start, end: s.end });
    cursor = Math.max(cursor, s.end);
  }
  if (cursor < length) out.push({ start: cursor, end: length });
  return out;
}

/** Paragraphs (separated by blank lines) inside [start, end), trimmed of surrounding whitespace. */
function paragraphSpans(text: string, start: number, end: number): TextSpan[] {
  const out: TextSpan[] = [];
  const re = /\n[ \t]*\n/g;
  re.lastIndex = start;
  let from = start;
  for (let m = re.exec(text); m && m.index < end; m = re.exec(text)) {
    pushTrimmed(text, from, m.index, out);
    from = m.index + m[0].length;
  }
  pushTrimmed(text, from, end, out);
  return out;
}

function pushTrimmed(text: string, start: number, end: number, out: TextSpan[]): void {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (end > start) out.push({ start, end });
}

/** Merge consecutive short paragraphs (headings, one-liners) while the merged span stays under maxChars. */
function mergeShort(paragraphs: TextSpan[], minChars: number, maxChars: number): TextSpan[] {
  const out: TextSpan[] = [];
  for (const p of paragraphs) {
    const last = out[out.length - 1];
    if (last && last.end - last.start < minChars && p.end - last.start <= maxChars) last.end = p.end;
    else out.push({ ...p });
  }
  return out;
}

/** Windows of at most maxChars over one paragraph, cut at whitespace, each overlapping the previous by ~overlap. */
function windowSpans(text: string, p: TextSpan, maxChars: number, overlap: number): TextSpan[] {
  if (p.end - p.start <= maxChars) return [p];
  const out: TextSpan[] = [];
  let start = p.start;
  while (start < p.end) {
    let end = Math.min(p.end, start + maxChars);
    if (end < p.end) {
      const cut = text.lastIndexOf(' ', end);
      const nl = text.lastIndexOf('\n', end);
      const boundary = Math.max(cut, nl);
      if (boundary > start + maxChars / 2) end = boundary;
    }
    const w: TextSpan[] = [];
    pushTrimmed(text, start, end, w);
    if (w.length) out.push(w[0]);
    if (end >= p.end) break;
    // Next window starts `overlap` chars back, moved forward to a word start.
    let next = Math.max(start + 1, end - overlap);
    while (next < end && !/\s/.test(text[next - 1])) next++;
    start = next;
  }
  return out;
}
