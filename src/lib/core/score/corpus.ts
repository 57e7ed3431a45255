/**
 * Corpus statistics for BM25 and role weights: document frequency per term and average document length, from
 * a FIXED background corpus shipped as data (models/background-corpus.json), so that a resume's score never
 * depends on which other resumes were uploaded with it.
 * Purpose: IDF that says how common a term is among resumes in general (a term every resume has is worth
 * little), the same for every batch, job and device.
 * Non-goals: batch statistics (scores must not depend on the batch); building the file (training-node
 * corpus-stats does, from the masked text of a resume collection).
 * Shape legend: documents are resumes as the scorer sees them (masked); `docFreq` maps a stemmed term to the
 * number of documents containing it (terms seen in fewer than `minDocFreq` documents are dropped, so no rare,
 * identifying token is shipped); lengths are counted in tokens.
 */
import backgroundData from '../../../../models/background-corpus.json';
import { maskText } from '../mask/mask-text';
import type { ParsedResume } from '../resume/types';
import { tokenize } from './text';

export interface CorpusStats {
  docCount: number;
  avgDocLength: number;
  docFreq: Record<string, number>;
  /** Terms seen in fewer documents than this were dropped; an unknown term is treated as this rare. */
  minDocFreq?: number;
}

/** The shipped background corpus (see the file comment and models/background-corpus.json's $comment). */
export const backgroundCorpus: CorpusStats = {
  docCount: backgroundData.docCount,
  avgDocLength: backgroundData.avgDocLength,
  docFreq: backgroundData.docFreq as Record<string, number>,
  minDocFreq: backgroundData.minDocFreq
};

/** The text a resume is scored on: masked under the blind profile. */
export function scorableText(resume: ParsedResume): string {
  return maskText(resume.text, { profile: 'blind', knownNames: resume.basics.name ? [resume.basics.name] : [] }).text;
}

/** Build corpus statistics over resumes' masked text, dropping terms rarer than `minDocFreq` (default 1: keep all). */
export function buildCorpusStats(resumes: ParsedResume[], opts: { minDocFreq?: number } = {}): CorpusStats {
  const minDocFreq = opts.minDocFreq ?? 1;
  const counts = new Map<string, number>();
  let totalLength = 0;
  for (const r of resumes) {
    const tokens = tokenize(scorableText(r));
    totalLength += tokens.length;
    for (const term of new Set(tokens.map((t) => t.term))) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const docFreq: Record<string, number> = {};
  for (const [term, n] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) if (n >= minDocFreq) docFreq[term] = n;
  return { docCount: resumes.length, avgDocLength: resumes.length ? totalLength / resumes.length : 0, docFreq, ...(minDocFreq > 1 ? { minDocFreq } : {}) };
}

/**
 * BM25 inverse document frequency (Lucene form, always positive); 1 for every term without a corpus. A term the
 * corpus dropped as rare counts as half as frequent as the rarest kept term.
 */
export function idf(corpus: CorpusStats | undefined, term: string): number {
  if (!corpus || corpus.docCount === 0) return 1;
  const df = corpus.docFreq[term] ?? (corpus.minDocFreq ?? 1) / 2;
  return Math.log(1 + (corpus.docCount - df + 0.5) / (df + 0.5));
}
