/**
 * Splits a text into display segments for highlighting: plain runs, evidence runs (which signals and
 * requirements they back) and masked runs (blind mode: replaced by a placeholder such as "[NAME]").
 * Pure and DOM-free so it is unit-tested (tests/app/segments.test.ts).
 *
 * Shape legend: offsets are UTF-16 indices into `text`, ranges half-open [start, end). Masks win over
 * evidence where they overlap; overlapping evidence ranges merge their labels.
 */

export interface HighlightSpan {
  start: number;
  end: number;
  label: string;
}

export interface MaskSpan {
  start: number;
  end: number;
  placeholder: string;
}

export type TextSegment =
  | { kind: 'plain'; text: string; start: number }
  | { kind: 'evidence'; text: string; start: number; labels: string[] }
  | { kind: 'masked'; text: string; start: number };

/** Cuts `text` at every span boundary and labels each piece. */
export function buildSegments(text: string, evidence: readonly HighlightSpan[], masks: readonly MaskSpan[] = []): TextSegment[] {
  const clamp = (n: number) => Math.max(0, Math.min(text.length, n));
  const ev = evidence.map((s) => ({ ...s, start: clamp(s.start), end: clamp(s.end) })).filter((s) => s.end > s.start);
  const mk = masks.map((m) => ({ ...m, start: clamp(m.start), end: clamp(m.end) })).filter((m) => m.end > m.start);
  const cuts = new Set<number>([0, text.length]);
  for (const s of [...ev, ...mk]) cuts.add(s.start).add(s.end);
  const points = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i];
    const end = points[i + 1];
    const mask = mk.find((m) => m.start <= start && end <= m.end);
    if (mask) {
      const last = segments[segments.length - 1];
      // One placeholder per mask, however many cuts fall inside it.
      if (!(last?.kind === 'masked' && last.start === mask.start)) segments.push({ kind: 'masked', text: mask.placeholder, start: mask.start });
      continue;
    }
    const labels = [...new Set(ev.filter((s) => s.start <= start && end <= s.end).map((s) => s.label))];
    const piece = text.slice(start, end);
    if (labels.length) segments.push({ kind: 'evidence', text: piece, start, labels });
    else segments.push({ kind: 'plain', text: piece, start });
  }
  return segments;
}
