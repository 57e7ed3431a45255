/**
 * The topic space: a fixed latent-semantic map of resume vocabulary (LSA), built once from a background
 * corpus of resumes and shipped as data (models/topic-space.json), so a posting about "month-end close" and a
 * resume about "ledger reconciliations" meet even where they share no word.
 * Purpose: turn a bag of stemmed terms into a unit vector, and say how far a resume's vector leans toward a
 * job's compared with a typical background resume (a z-score), the same for every batch and comparable
 * across jobs.
 * Non-goals: building the space (training-node/src/topic/build.ts, `training-node topic-space`); choosing the signal's weight
 * (models/ranker.json).
 * Shape legend: `terms[i]` is a stemmed term (text.ts) whose row `rows[i]` (dims numbers, idf already folded
 * in) is stored as int8 with one scale per term; a document's vector is Σ (1 + ln count)·row over its terms
 * and a job's is Σ queryWeight·row, each normalised to length 1; `mean` and `cov` are the mean and
 * covariance of the background resumes' unit vectors, so for a job vector q the background cosine has mean
 * q·mean and variance qᵀ·cov·q, and z = (cos − q·mean) / sd.
 */

export interface TopicSpace {
  dims: number;
  /** Row index per stemmed term. */
  index: Map<string, number>;
  /** rows.subarray(i·dims, (i+1)·dims) is term i's vector (dequantised). */
  rows: Float32Array;
  mean: Float64Array;
  /** dims × dims, row-major. */
  cov: Float64Array;
  /** How many resumes the space was built from (reported by the evaluation). */
  docCount: number;
}

/** The JSON form (models/topic-space.json). */
export interface TopicSpaceFile {
  $comment?: string;
  version: 1;
  dims: number;
  docCount: number;
  minDocFreq: number;
  terms: string[];
  /** Per term: the int8 row's scale (row ≈ scale · int8 / 127). */
  scales: number[];
  /** base64 of terms.length × dims signed bytes. */
  rows: string;
  mean: number[];
  /** dims × dims, row-major. */
  cov: number[];
}

function fromBase64(b64: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(b64, 'base64'));
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Decode a topic space file; throws with what is wrong when the file is inconsistent. */
export function decodeTopicSpace(file: TopicSpaceFile): TopicSpace {
  const { dims, terms, scales } = file;
  if (file.version !== 1) throw new Error(`topic space: unsupported version ${String(file.version)} (expected 1)`);
  if (!(dims > 0) || scales.length !== terms.length || file.mean.length !== dims || file.cov.length !== dims * dims) {
    throw new Error(`topic space: inconsistent sizes (dims ${dims}, ${terms.length} terms, ${scales.length} scales, mean ${file.mean.length}, cov ${file.cov.length})`);
  }
  const bytes = fromBase64(file.rows);
  if (bytes.length !== terms.length * dims) throw new Error(`topic space: rows hold ${bytes.length} bytes, expected ${terms.length} × ${dims}`);
  const signed = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const rows = new Float32Array(signed.length);
  for (let i = 0; i < terms.length; i++) {
    const s = scales[i] / 127;
    for (let k = 0; k < dims; k++) rows[i * dims + k] = signed[i * dims + k] * s;
  }
  return { dims, index: new Map(terms.map((t, i) => [t, i])), rows, mean: Float64Array.from(file.mean), cov: Float64Array.from(file.cov), docCount: file.docCount };
}

/** Unit vector of weighted terms (weights already final: 1 + ln count for documents, query weight for jobs); null when no term is in the space. */
export function embedTerms(space: TopicSpace, weights: Map<string, number>): Float64Array | null {
  const v = new Float64Array(space.dims);
  let any = false;
  for (const [term, w] of weights) {
    const i = space.index.get(term);
    if (i === undefined || !(w > 0)) continue;
    any = true;
    const base = i * space.dims;
    for (let k = 0; k < space.dims; k++) v[k] += w * space.rows[base + k];
  }
  const norm = Math.hypot(...v);
  if (!any || !(norm > 0)) return null;
  for (let k = 0; k < v.length; k++) v[k] /= norm;
  return v;
}

/** Background statistics of the cosine against a job vector q: mean q·mean, sd √(qᵀ·cov·q). */
export function backgroundCosine(space: TopicSpace, q: Float64Array): { mean: number; sd: number } {
  const d = space.dims;
  let mean = 0;
  let variance = 0;
  for (let i = 0; i < d; i++) {
    mean += q[i] * space.mean[i];
    let row = 0;
    for (let j = 0; j < d; j++) row += space.cov[i * d + j] * q[j];
    variance += q[i] * row;
  }
  return { mean, sd: Math.sqrt(Math.max(variance, 0)) };
}

/** Dot product of two vectors of the space. */
export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** How much one term's row leans toward q (row·q), for evidence. */
export function termLean(space: TopicSpace, term: string, q: Float64Array): number {
  const i = space.index.get(term);
  if (i === undefined) return 0;
  let s = 0;
  for (let k = 0; k < space.dims; k++) s += space.rows[i * space.dims + k] * q[k];
  return s;
}
