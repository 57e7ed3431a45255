/**
 * Ranking metrics over a score matrix S[job][doc], where each doc belongs to one category and each job
 * stands for one category.
 * Purpose: one definition of every figure the harness prints (and the tests assert), so runs compare.
 * Non-goals: scoring (the scorers in ranking.ts fill the matrix).
 * Shape legend:
 *  - per doc (which job fits this resume?): top1 = 1 when its category's job scores highest (ties share:
 *    1/k when k jobs tie at the top, one of them right); rank = 1 + #jobs above + #tied/2; MRR = mean 1/rank;
 *    AUC = share of wrong jobs scored below the right one (ties count half);
 *  - per job (which resumes fit this job?): P@10 and nDCG@10 with binary relevance (same category), docs
 *    ordered by score then by index (deterministic); AUC of relevant vs other docs (ties half).
 */

export interface RankingFigures {
  top1: number;
  mrr: number;
  docAuc: number;
  p10: number;
  ndcg10: number;
  jobAuc: number;
}

/** All figures for a matrix; `jobCategory[j]` and `docCategory[d]` are category labels. */
export function rankingFigures(scores: Float64Array[], jobCategory: string[], docCategory: string[]): RankingFigures {
  const J = scores.length;
  const D = docCategory.length;
  const jobOf = new Map(jobCategory.map((c, j) => [c, j]));
  let top1 = 0;
  let mrr = 0;
  let docAuc = 0;
  let docsCounted = 0;
  for (let d = 0; d < D; d++) {
    const j0 = jobOf.get(docCategory[d]);
    if (j0 === undefined) continue;
    docsCounted++;
    const s0 = scores[j0][d];
    let above = 0;
    let tied = 0;
    for (let j = 0; j < J; j++) {
      if (j === j0) continue;
      if (scores[j][d] > s0) above++;
      else if (scores[j][d] === s0) tied++;
    }
    if (above === 0) top1 += 1 / (tied + 1);
    mrr += 1 / (1 + above + tied / 2);
    docAuc += J > 1 ? (J - 1 - above - tied / 2) / (J - 1) : 1;
  }
  let p10 = 0;
  let ndcg10 = 0;
  let jobAuc = 0;
  for (let j = 0; j < J; j++) {
    const order = [...Array(D).keys()].sort((a, b) => scores[j][b] - scores[j][a] || a - b);
    const rel = (d: number) => (docCategory[d] === jobCategory[j] ? 1 : 0);
    const relevant = docCategory.filter((c) => c === jobCategory[j]).length;
    let hits = 0;
    let dcg = 0;
    for (let k = 0; k < Math.min(10, D); k++) {
      const r = rel(order[k]);
      hits += r;
      dcg += r / Math.log2(k + 2);
    }
    let idcg = 0;
    for (let k = 0; k < Math.min(10, relevant); k++) idcg += 1 / Math.log2(k + 2);
    p10 += hits / 10;
    ndcg10 += idcg > 0 ? dcg / idcg : 0;
    jobAuc += aucOf(scores[j], docCategory.map((c) => c === jobCategory[j]));
  }
  return { top1: top1 / docsCounted, mrr: mrr / docsCounted, docAuc: docAuc / docsCounted, p10: p10 / J, ndcg10: ndcg10 / J, jobAuc: jobAuc / J };
}

/** Area under the ROC curve of `scores` for the positive flags (Mann–Whitney, ties count half). */
export function aucOf(scores: ArrayLike<number>, positive: boolean[]): number {
  const idx = [...Array(positive.length).keys()].sort((a, b) => scores[a] - scores[b]);
  let rankSumPos = 0;
  let nPos = 0;
  for (let i = 0; i < idx.length; ) {
    let k = i;
    while (k + 1 < idx.length && scores[idx[k + 1]] === scores[idx[i]]) k++;
    const midRank = (i + k) / 2 + 1; // average 1-based rank of the tie group
    for (let t = i; t <= k; t++) if (positive[idx[t]]) (rankSumPos += midRank), nPos++;
    i = k + 1;
  }
  const nNeg = positive.length - nPos;
  if (nPos === 0 || nNeg === 0) return 0.5;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Spearman rank correlation (average ranks for ties). */
export function spearman(a: number[], b: number[]): number {
  const rank = (v: number[]) => {
    const idx = [...v.keys()].sort((x, y) => v[x] - v[y]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length; ) {
      let k = i;
      while (k + 1 < idx.length && v[idx[k + 1]] === v[idx[i]]) k++;
      for (let t = i; t <= k; t++) r[idx[t]] = (i + k) / 2;
      i = k + 1;
    }
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  const n = a.length;
  const ma = ra.reduce((s, x) => s + x, 0) / n;
  const mb = rb.reduce((s, x) => s + x, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    da += (ra[i] - ma) ** 2;
    db += (rb[i] - mb) ** 2;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}
