/**
 * The matcher half of `training-node eval`: a held-out `pairs` split (pairs/test.jsonl: job description ×
 * resume passage with a 0..1 score, or anchor/positive[/negative] triplets) becomes a retrieval task — every
 * distinct job description is a query, every distinct passage a candidate, relevant = scored ≥ 0.5 with that job
 * (or its positive). Base and tuned encoders rank by cosine of mean-pooled, L2-normalised embeddings (the app's
 * pooling, computed by the training engine, which matches the exported ONNX); BM25 (eval/bm25.ts at the repo root,
 * the project's ranking baseline) ranks the same candidates in the same run.
 *
 * Non-goals: metric arithmetic (metrics.ts), loading models (the command). Node only via readJsonlFile.
 */
import { Bm25Okapi, terms } from '../../../eval/bm25';
import { encodeTexts, type EncoderModel, type TextTokenizer } from '../train/matcher';
import { matcherExample, matcherLayout, TrainDataError } from '../train/records';
import { readJsonlFile } from '../train/session';
import { rankByScore, type RetrievalMetrics, retrievalMetrics } from './metrics';

/** Queries, candidates and which candidates are relevant to each query. */
export interface RetrievalSet {
  queries: string[];
  candidates: string[];
  relevant: Set<number>[]; // per query: candidate indices
}

/** Build the retrieval task of a pairs/triplets file; errors name the file and line. */
export function readRetrievalSet(file: string): RetrievalSet {
  const rows = readJsonlFile(file);
  const layout = matcherLayout(rows[0], file);
  const queries: string[] = [], candidates: string[] = [];
  const qIndex = new Map<string, number>(), cIndex = new Map<string, number>();
  const relevant: Set<number>[] = [];
  const indexOf = (map: Map<string, number>, list: string[], text: string) => {
    let i = map.get(text);
    if (i === undefined) {
      i = list.length;
      map.set(text, i);
      list.push(text);
      if (list === queries) relevant.push(new Set());
    }
    return i;
  };
  for (const row of rows) {
    if (matcherLayout(row, file) !== layout) throw new TrainDataError(file, row.line, `row layout differs from the first row's (${layout})`);
    const ex = matcherExample(row, layout, file);
    const q = indexOf(qIndex, queries, ex.texts[0]);
    const c = indexOf(cIndex, candidates, ex.texts[1]);
    if (layout !== 'scored-pair' || (ex.score ?? 0) >= 0.5) relevant[q].add(c);
    if (ex.texts[2] !== undefined) indexOf(cIndex, candidates, ex.texts[2]);
  }
  if (!relevant.some((r) => r.size > 0)) throw new TrainDataError(file, rows[0].line, 'no row marks a relevant passage (score >= 0.5 or a positive): nothing to rank');
  return { queries, candidates, relevant };
}

/** Retrieval metrics of an encoder: cosine of normalised embeddings, candidates best first. */
export function encoderRetrieval(model: EncoderModel, tokenize: TextTokenizer, set: RetrievalSet): RetrievalMetrics {
  const C = model.config.hidden;
  const q = encodeTexts(model, tokenize, set.queries);
  const c = encodeTexts(model, tokenize, set.candidates);
  const rankings = set.queries.map((_, i) => {
    const scores = new Float64Array(set.candidates.length);
    for (let j = 0; j < scores.length; j++) {
      let dot = 0;
      for (let k = 0; k < C; k++) dot += q[i * C + k] * c[j * C + k];
      scores[j] = dot;
    }
    return { ranked: rankByScore(scores), relevant: set.relevant[i] };
  });
  return retrievalMetrics(rankings);
}

/** Retrieval metrics of BM25 (Okapi, statistics from the candidates being ranked) on the same task. */
export function bm25Retrieval(set: RetrievalSet): RetrievalMetrics {
  const bm25 = new Bm25Okapi(set.candidates.map(terms));
  return retrievalMetrics(set.queries.map((query, i) => ({ ranked: rankByScore(bm25.scores(terms(query))), relevant: set.relevant[i] })));
}
