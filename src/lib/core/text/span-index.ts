/**
 * Overlap queries over a fixed set of half-open spans that may overlap each other, in O(log n) per query.
 * Purpose: one index for "does anything in this set touch [start, end)?" where a scan per line, token or mention
 * made long texts quadratic (the gazetteer's place spans, the skills matcher's skills-context spans).
 * Shape legend: spans sorted by start with the furthest end reached so far (`reach`); the spans starting before
 * `end` are a prefix, and one of them overlaps [start, end) exactly when the prefix's reach passes `start`.
 */
export interface SpanLike {
  start: number;
  end: number;
}

/** A predicate: whether any of `spans` starts before `end` and ends after `start` (for a point pos: [pos, pos + 1)). */
export function spanOverlaps(spans: readonly SpanLike[]): (start: number, end: number) => boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const reach: number[] = [];
  for (const s of sorted) reach.push(Math.max(s.end, reach[reach.length - 1] ?? -Infinity));
  return (start, end) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].start < end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && reach[lo - 1] > start;
  };
}
