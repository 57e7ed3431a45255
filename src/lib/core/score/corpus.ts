/**
 * Corpus statistics for BM25: document frequency per term and average document length over a batch.
 * Purpose: IDF that reflects the batch being screened (a term every resume has is worth little).
 * Non-goals: persistence (the caller keeps the object for as long as the batch lives).
 * Shape legend: documents are resumes (the scorable text: masked when blind, as scoring sees it); `docFreq`
 * maps a stemmed term to the number of resumes containing it; lengths are counted in tokens.
 */
import { maskText } from '../mask/mask-text';
import type { ParsedResume } from '../resume/types';
import { tokenize } from './text';

export interface CorpusStats {
  docCount: number;
  avgDocLength: number;
  docFreq: Record<string, number>;
}

/** The text a resume is scored on: masked under the blind profile when `blind`. */
export function scorableText(resume: ParsedResume, blind: boolean): string {
  if (!blind) return resume.text;
  return maskText(resume.text, { profile: 'blind', knownNames: resume.basics.name ? [resume.basics.name] : [] }).text;
}

/** Build corpus statistics over a batch of resumes (blind by default, matching the default scoring mode). */
export function buildCorpusStats(resumes: ParsedResume[], opts: { blind?: boolean } = {}): CorpusStats {
  const blind = opts.blind ?? true;
  const docFreq: Record<string, number> = {};
  let totalLength = 0;
  for (const r of resumes) {
    const tokens = tokenize(scorableText(r, blind));
    totalLength += tokens.length;
    for (const term of new Set(tokens.map((t) => t.term))) docFreq[term] = (docFreq[term] ?? 0) + 1;
  }
  return { docCount: resumes.length, avgDocLength: resumes.length ? totalLength / resumes.length : 0, docFreq };
}

/** BM25 inverse document frequency (Lucene form, always positive); 1 for every term without a corpus. */
export function idf(corpus: CorpusStats | undefined, term: string): number {
  if (!corpus || corpus.docCount === 0) return 1;
  const df = corpus.docFreq[term] ?? 0;
  return Math.log(1 + (corpus.docCount - df + 0.5) / (df + 0.5));
}
