/**
 * Building a topic space (src/lib/core/score/topic/space.ts) from a background corpus of resumes: latent semantic analysis of their
 * tf-idf vectors by a seeded randomised SVD, rows quantised to int8, and the background statistics of the
 * resumes' own unit vectors (mean, covariance) computed with the quantised rows the app will use.
 * Purpose: one deterministic builder for `training-node topic-space` (the shipped models/topic-space.json)
 * and for the evaluation, which builds one space per resume fold so no resume is scored in a space it helped
 * build.
 * Non-goals: scoring (signals/topic.ts); tokenising (callers pass term counts from text.ts's tokenizer over
 * the masked text, as the scorer sees it).
 * Shape legend: a document is a Map term → count; X (documents × vocabulary) holds (1 + ln count)·idf per
 * cell, each row scaled to length 1; the space's term rows are the top `dims` right singular vectors of X
 * with idf folded in (row_t = idf_t·v_t); idf is BM25's (corpus.ts); the SVD is Halko–Martinsson–Tropp's
 * range finder (Gaussian test matrix from a fixed seed, `powerIterations` rounds, oversampling) with QR and
 * the small symmetric eigenproblem from ml-matrix.
 */
import { EigenvalueDecomposition, Matrix, QrDecomposition } from 'ml-matrix';
import type { ParsedResume } from '../../../src/lib/core/resume/types';
import { scorableText } from '../../../src/lib/core/score/corpus';
import { tokenize } from '../../../src/lib/core/score/text';
import { documentWeights, resumeTitleTerms } from '../../../src/lib/core/score/topic/document';
import { decodeTopicSpace, embedTerms, type TopicSpace, type TopicSpaceFile } from '../../../src/lib/core/score/topic/space';
import { seededRandom } from '../data/random';

export interface BuildOptions {
  dims?: number;
  /** Terms in fewer documents are left out (no rare, identifying token is shipped). Default 5. */
  minDocFreq?: number;
  oversampling?: number;
  powerIterations?: number;
  seed?: number;
  comment?: string;
}

/** A document for the builder: its term counts and, for a resume, the terms of its own titles. */
export interface TopicDocument {
  counts: Map<string, number>;
  titles?: ReadonlySet<string>;
}

/** A resume as the topic space sees it: counts of stemmed terms of its masked text, and its title terms. */
export function documentTerms(resume: ParsedResume): TopicDocument {
  const counts = new Map<string, number>();
  for (const t of tokenize(scorableText(resume))) counts.set(t.term, (counts.get(t.term) ?? 0) + 1);
  return { counts, titles: resumeTitleTerms(resume, resume.text) };
}

/** Deterministic standard normal numbers (Box–Muller over the pipeline's seeded PRNG). */
function gaussian(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

interface SparseRows {
  cols: Int32Array[];
  vals: Float64Array[];
}

/** X·M for sparse X (n × V) and dense M (V × l). */
function times(x: SparseRows, m: Matrix): Matrix {
  const l = m.columns;
  const flat = Float64Array.from(m.to1DArray());
  const out = new Matrix(x.cols.length, l);
  for (let r = 0; r < x.cols.length; r++) {
    const cols = x.cols[r];
    const vals = x.vals[r];
    const row = new Float64Array(l);
    for (let i = 0; i < cols.length; i++) {
      const base = cols[i] * l;
      for (let k = 0; k < l; k++) row[k] += vals[i] * flat[base + k];
    }
    out.setRow(r, Array.from(row));
  }
  return out;
}

/** Xᵀ·M for sparse X (n × V) and dense M (n × l). */
function timesTransposed(x: SparseRows, vocab: number, m: Matrix): Matrix {
  const acc = new Float64Array(vocab * m.columns);
  const l = m.columns;
  for (let r = 0; r < x.cols.length; r++) {
    const mr = m.getRow(r); // one row per document: n allocations, not n × terms
    const cols = x.cols[r];
    const vals = x.vals[r];
    for (let i = 0; i < cols.length; i++) {
      const base = cols[i] * l;
      for (let k = 0; k < l; k++) acc[base + k] += vals[i] * mr[k];
    }
  }
  const out = new Matrix(vocab, l);
  for (let t = 0; t < vocab; t++) out.setRow(t, Array.from(acc.subarray(t * l, (t + 1) * l)));
  return out;
}

const orthonormal = (m: Matrix): Matrix => new QrDecomposition(m).orthogonalMatrix;

function toBase64(bytes: Uint8Array): string {
  if (typeof Buffer !== 'undefined') return Buffer.from(bytes).toString('base64');
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

const round = (x: number, digits: number) => Number(x.toPrecision(digits));

/**
 * Build a topic space from documents (term counts, or TopicDocuments with title terms). The SVD reads the counts
 * only; the background statistics weigh each document as the scorer will (topic/document.ts). Throws when there
 * are too few documents or terms.
 */
export function buildTopicSpace(input: Array<Map<string, number> | TopicDocument>, opts: BuildOptions = {}): { file: TopicSpaceFile; space: TopicSpace } {
  const withTitles = input.map((d) => (d instanceof Map ? { counts: d } : d));
  const docs = withTitles.map((d) => d.counts);
  const dims = opts.dims ?? 64;
  const minDocFreq = opts.minDocFreq ?? 5;
  const df = new Map<string, number>();
  for (const d of docs) for (const [t, c] of d) if (c > 0) df.set(t, (df.get(t) ?? 0) + 1);
  const terms = [...df].filter(([, n]) => n >= minDocFreq).map(([t]) => t).sort();
  if (docs.length <= dims || terms.length <= dims) {
    throw new Error(`topic space: ${docs.length} documents and ${terms.length} terms seen in ≥ ${minDocFreq} documents; need more than ${dims} of each`);
  }
  const index = new Map(terms.map((t, i) => [t, i]));
  const n = docs.length;
  const idf = terms.map((t) => Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5)));
  const x: SparseRows = { cols: [], vals: [] };
  for (const d of docs) {
    const entries = [...d].filter(([t, c]) => c > 0 && index.has(t)).map(([t, c]) => [index.get(t)!, (1 + Math.log(c)) * idf[index.get(t)!]] as const);
    entries.sort((a, b) => a[0] - b[0]);
    const norm = Math.hypot(...entries.map((e) => e[1])) || 1;
    x.cols.push(Int32Array.from(entries, (e) => e[0]));
    x.vals.push(Float64Array.from(entries, (e) => e[1] / norm));
  }
  // Range finder: Q spans X's leading row space directions after power iterations.
  const l = Math.min(dims + (opts.oversampling ?? 16), n, terms.length);
  const g = gaussian(opts.seed ?? 20261205);
  const omega = new Matrix(terms.length, l);
  for (let i = 0; i < terms.length; i++) for (let k = 0; k < l; k++) omega.set(i, k, g());
  let q = orthonormal(times(x, omega));
  for (let it = 0; it < (opts.powerIterations ?? 3); it++) q = orthonormal(times(x, orthonormal(timesTransposed(x, terms.length, q))));
  // B = Qᵀ X (l × V); its right singular vectors are Bᵀ·w / σ for the eigenpairs (w, σ²) of B·Bᵀ.
  const bt = timesTransposed(x, terms.length, q); // V × l = Bᵀ
  const evd = new EigenvalueDecomposition(bt.transpose().mmul(bt), { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]).slice(0, dims);
  const w = evd.eigenvectorMatrix;
  const v = new Float64Array(terms.length * dims);
  order.forEach(([lambda, col], k) => {
    const sigma = Math.sqrt(Math.max(lambda, 1e-300));
    let biggest = 0;
    for (let t = 0; t < terms.length; t++) {
      let s = 0;
      for (let j = 0; j < l; j++) s += bt.get(t, j) * w.get(j, col);
      v[t * dims + k] = s / sigma;
      if (Math.abs(s) > Math.abs(biggest)) biggest = s;
    }
    if (biggest < 0) for (let t = 0; t < terms.length; t++) v[t * dims + k] = -v[t * dims + k]; // a fixed sign per direction
  });
  // Rows with idf folded in, quantised to int8 with one scale per term.
  const bytes = new Int8Array(terms.length * dims);
  const scales: number[] = [];
  for (let t = 0; t < terms.length; t++) {
    let max = 0;
    for (let k = 0; k < dims; k++) max = Math.max(max, Math.abs(idf[t] * v[t * dims + k]));
    const scale = round(max, 6) || 1e-12;
    scales.push(scale);
    for (let k = 0; k < dims; k++) bytes[t * dims + k] = Math.max(-127, Math.min(127, Math.round((127 * idf[t] * v[t * dims + k]) / scale)));
  }
  const rowsB64 = toBase64(new Uint8Array(bytes.buffer));
  // Background statistics with the quantised rows, exactly as the app will embed resumes.
  const probe = decodeTopicSpace({ version: 1, dims, docCount: n, minDocFreq, terms, scales, rows: rowsB64, mean: new Array(dims).fill(0), cov: new Array(dims * dims).fill(0) });
  const vectors = withTitles.map((d) => embedTerms(probe, documentWeights(d.counts, d.titles))).filter((u): u is Float64Array => u !== null);
  const mean = new Float64Array(dims);
  for (const u of vectors) for (let k = 0; k < dims; k++) mean[k] += u[k] / vectors.length;
  const cov = new Float64Array(dims * dims);
  for (const u of vectors) for (let i = 0; i < dims; i++) for (let j = 0; j < dims; j++) cov[i * dims + j] += ((u[i] - mean[i]) * (u[j] - mean[j])) / Math.max(1, vectors.length - 1);
  const file: TopicSpaceFile = {
    ...(opts.comment ? { $comment: opts.comment } : {}),
    version: 1,
    dims,
    docCount: n,
    minDocFreq,
    terms,
    scales,
    rows: rowsB64,
    mean: Array.from(mean, (m) => round(m, 6)),
    cov: Array.from(cov, (c) => round(c, 6))
  };
  return { file, space: decodeTopicSpace(file) };
}
