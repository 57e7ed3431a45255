/**
 * The score distribution of a job's candidates as fixed-width bins over 0–100, and which bins lie at or above
 * the shortlist cut (the minimum score filter).
 * Purpose: the data behind the job's score chart, pure so it is tested without a canvas.
 * Non-goals: drawing (components/pipeline/ScoreChart.svelte).
 * Shape legend: bin i covers [i·width, (i+1)·width), the last bin also holds 100; unscored candidates are left out.
 */

export interface ScoreBin {
  /** Lower edge (inclusive). */
  from: number;
  /** Upper edge (exclusive, except 100 in the last bin). */
  to: number;
  count: number;
  /** The whole bin is at or above the cut. */
  aboveCut: boolean;
}

/** Counts scores into bins of `width` points; `cut` marks the bins the shortlist keeps. */
export function scoreBins(scores: Iterable<number | null>, cut: number, width = 10): ScoreBin[] {
  if (!(width > 0) || 100 % width !== 0) throw new Error(`scoreBins: width ${width} must divide 100`);
  const bins: ScoreBin[] = [];
  for (let from = 0; from < 100; from += width) bins.push({ from, to: from + width, count: 0, aboveCut: from >= cut });
  for (const score of scores) {
    if (score === null || !Number.isFinite(score)) continue;
    const i = Math.min(bins.length - 1, Math.max(0, Math.floor(score / width)));
    bins[i].count++;
  }
  return bins;
}

/** How many scored candidates are at or above the cut. */
export function countAtOrAbove(scores: Iterable<number | null>, cut: number): number {
  let n = 0;
  for (const s of scores) if (s !== null && s >= cut) n++;
  return n;
}
