/**
 * The BM25 baseline every ranking figure is compared with: Okapi BM25 as the rank-bm25 package's BM25Okapi
 * computes it (k1 1.5, b 0.75, idf = ln(N − df + 0.5) − ln(df + 0.5), negative idf raised to 0.25 × the
 * mean idf, every query token counted as often as it occurs), over the project's tokenizer and the same
 * (masked) text the scorer sees, with statistics from the batch being ranked.
 * Purpose: an honest, standard peer in the same run (dev/bm25-parity.py checks it against rank-bm25).
 * Non-goals: being a good ranker; it is the bar.
 */
const K1 = 1.5;
const B = 0.75;
const EPSILON = 0.25;

export class Bm25Okapi {
  private readonly tf: Array<Map<string, number>>;
  private readonly dl: number[];
  private readonly avgdl: number;
  private readonly idf = new Map<string, number>();

  /** `docs` are token lists (terms), one per document. */
  constructor(docs: string[][]) {
    this.tf = docs.map((d) => {
      const m = new Map<string, number>();
      for (const t of d) m.set(t, (m.get(t) ?? 0) + 1);
      return m;
    });
    this.dl = docs.map((d) => d.length);
    this.avgdl = this.dl.reduce((a, b) => a + b, 0) / Math.max(1, docs.length);
    const df = new Map<string, number>();
    for (const m of this.tf) for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    const N = docs.length;
    let sum = 0;
    const negative: string[] = [];
    for (const [t, n] of df) {
      const v = Math.log(N - n + 0.5) - Math.log(n + 0.5);
      this.idf.set(t, v);
      sum += v;
      if (v < 0) negative.push(t);
    }
    const floor = EPSILON * (sum / Math.max(1, df.size));
    for (const t of negative) this.idf.set(t, floor);
  }

  /** BM25 score of every document for the query tokens. */
  scores(query: string[]): Float64Array {
    const out = new Float64Array(this.tf.length);
    for (const q of query) {
      const idf = this.idf.get(q) ?? 0;
      if (idf === 0) continue;
      for (let d = 0; d < this.tf.length; d++) {
        const f = this.tf[d].get(q);
        if (!f) continue;
        out[d] += (idf * (f * (K1 + 1))) / (f + K1 * (1 - B + (B * this.dl[d]) / this.avgdl));
      }
    }
    return out;
  }
}

/** Lower-cased runs of letters and digits. */
export function terms(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
