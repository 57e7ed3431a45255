/**
 * Exact merge of BM25 corpus statistics computed over disjoint parts of one batch of resumes, so the app
 * (one worker call per chunk) and the CLI share one implementation.
 *
 * Non-goals: computing statistics (corpus.ts), overlapping parts (a resume counted twice is counted twice).
 * Shape legend: the merge equals buildCorpusStats over the concatenated parts (docFreq summed, average length
 * weighted by each part's docCount).
 */
import type { CorpusStats } from './corpus';

/** Merge corpus statistics of disjoint parts into the statistics of the whole batch. */
export function mergeCorpusStats(parts: CorpusStats[]): CorpusStats {
  const docFreq: Record<string, number> = {};
  let docCount = 0;
  let totalLength = 0;
  for (const part of parts) {
    docCount += part.docCount;
    totalLength += part.avgDocLength * part.docCount;
    for (const [term, count] of Object.entries(part.docFreq)) docFreq[term] = (docFreq[term] ?? 0) + count;
  }
  return { docCount, avgDocLength: docCount ? totalLength / docCount : 0, docFreq };
}
