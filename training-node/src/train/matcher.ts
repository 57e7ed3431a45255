/**
 * Matcher training: a BERT sentence encoder (mean pooling + L2, models/bert.ts) trained contrastively with
 * the three sentence-transformers losses, on the CPU (model.cpuOps: the reference ops by default, or the fast WASM
 * SIMD ops; a LoRA run freezes the base for them), full fine-tune or LoRA (query/key/value):
 * - MultipleNegativesRankingLoss: CE over scale·cos(anchor_i, candidate_j), candidates = all positives of the
 *   batch (+ all negatives when given), label j = i (in-batch negatives, scale 20);
 * - CosineSimilarityLoss: mean (cos(s1, s2) − score)², score in 0..1;
 * - TripletLoss: mean relu(‖a−p‖ − ‖a−n‖ + margin), Euclidean (ST's default metric and margin 5).
 * Each text column of a micro-batch is one encoder forward/backward (less padding than one mixed batch).
 * In-batch negatives must be negatives: for MNRL the epoch order puts no two rows with the same anchor (or the
 * same positive) in one batch where the data allows it (noDuplicateOrder, like sentence-transformers'
 * NoDuplicatesBatchSampler), and any candidate that is another row's positive for the same anchor, or is the
 * row's own positive text, is left out of that row's softmax (a false negative is never pushed away).
 * The WebGPU objective (matcher-gpu.ts) reuses the column, loss and ranking helpers exported here.
 *
 * Non-goals: hard-negative mining, GISTEmbed/cached MNRL, Matryoshka. No Node APIs.
 * Shape legend: n = rows per micro-batch, m = candidates, C = hidden, T = padded tokens.
 */
import { bertBackward, bertForward, type BertConfig, type BertParams } from '../models/bert';
import { savedActivationBytes } from '../models/activation-bytes';
import type { CpuOps } from '../engine/cpu-fast/ops';
import type { BertLoraTarget, LoraAdapters } from '../models/lora';
import type { MatcherLossName } from './config';
import { type CpuObjective, epochOrder, type EvalResult, type MicroResult } from './loop';
import type { MatcherExample } from './records';

type BertLora = LoraAdapters<BertLoraTarget>;

/** Text → token ids (with [CLS]/[SEP]); e.g. a Hugging Face WordPiece tokenizer. */
export type TextTokenizer = (text: string) => number[];

/** An encoder: config, params and optional adapters (null = base). */
export interface EncoderModel {
  config: BertConfig;
  params: BertParams;
  lora: BertLora | null;
  cpuOps?: CpuOps; // linear and attention products (default the float64 reference)
}

/** Token ids truncated to seqLen, keeping the final [SEP]-like token. Memoised per text. */
export function cachedTokenizer(tokenize: TextTokenizer, seqLen: number): TextTokenizer {
  const cache = new Map<string, number[]>();
  return (text) => {
    let ids = cache.get(text);
    if (!ids) {
      const all = tokenize(text);
      ids = all.length <= seqLen ? all : [...all.slice(0, seqLen - 1), all[all.length - 1]];
      cache.set(text, ids);
    }
    return ids;
  };
}

/** One text column of a micro-batch, right-padded: tokens and mask (B, T), `real` = unpadded token count. */
export interface PaddedTexts {
  tokens: Int32Array;
  mask: Uint8Array;
  B: number;
  T: number;
  real: number;
}

/** Right-pad token id lists into one (B, T) batch with its attention mask. */
export function padTexts(ids: number[][]): PaddedTexts {
  const B = ids.length;
  const T = Math.max(1, ...ids.map((x) => x.length));
  const tokens = new Int32Array(B * T);
  const mask = new Uint8Array(B * T);
  let real = 0;
  ids.forEach((x, b) => {
    tokens.set(x, b * T);
    mask.fill(1, b * T, b * T + x.length);
    real += x.length;
  });
  return { tokens, mask, B, T, real };
}

/** L2-normalised embeddings (n, C) of texts, batched, no dropout. */
export function encodeTexts(model: EncoderModel, tokenize: TextTokenizer, texts: readonly string[], batchSize = 16): Float32Array {
  const C = model.config.hidden;
  const out = new Float32Array(texts.length * C);
  for (let i = 0; i < texts.length; i += batchSize) {
    const b = padTexts(texts.slice(i, i + batchSize).map(tokenize));
    const acts = bertForward(model.config, model.params, b.tokens, b.mask, b.B, b.T, { lora: model.lora, ops: model.cpuOps });
    out.set(acts.embeddings, i * C);
  }
  return out;
}

/** Loss value and d(loss)/d(embeddings) for each column (all (n, C), rows L2-normalised). */
export function matcherLoss(
  loss: MatcherLossName, columns: Float32Array[], n: number, C: number,
  opts: { scale: number; margin: number; scores?: Float32Array; exclude?: (i: number, j: number) => boolean }
): { loss: number; grads: Float32Array[] } {
  const grads = columns.map((c) => new Float32Array(c.length));
  const dot = (x: Float32Array, i: number, y: Float32Array, j: number): number => {
    let s = 0;
    for (let c = 0; c < C; c++) s += x[i * C + c] * y[j * C + c];
    return s;
  };
  const addScaled = (dst: Float32Array, i: number, src: Float32Array, j: number, a: number): void => {
    for (let c = 0; c < C; c++) dst[i * C + c] += a * src[j * C + c];
  };
  let total = 0;
  if (loss === 'mnrl') {
    const [anchors, ...cands] = columns;
    const m = n * cands.length;
    const logits = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        logits[j] = j !== i && opts.exclude?.(i, j) ? -Infinity : opts.scale * dot(anchors, i, cands[Math.floor(j / n)], j % n);
      }
      const max = Math.max(...logits);
      let sum = 0;
      for (let j = 0; j < m; j++) sum += Math.exp(logits[j] - max);
      total += -(logits[i] - max - Math.log(sum)) / n;
      for (let j = 0; j < m; j++) {
        if (logits[j] === -Infinity) continue;
        const g = ((Math.exp(logits[j] - max) / sum - (j === i ? 1 : 0)) * opts.scale) / n;
        const col = 1 + Math.floor(j / n);
        addScaled(grads[0], i, columns[col], j % n, g);
        addScaled(grads[col], j % n, anchors, i, g);
      }
    }
  } else if (loss === 'cosine') {
    if (!opts.scores) throw new Error('matcherLoss: the cosine loss needs scores (sentence1/sentence2/score rows)');
    const [a, b] = columns;
    for (let i = 0; i < n; i++) {
      const diff = dot(a, i, b, i) - opts.scores[i];
      total += (diff * diff) / n;
      addScaled(grads[0], i, b, i, (2 * diff) / n);
      addScaled(grads[1], i, a, i, (2 * diff) / n);
    }
  } else {
    if (columns.length < 3) throw new Error('matcherLoss: the triplet loss needs anchor/positive/negative rows');
    const [a, p, neg] = columns;
    for (let i = 0; i < n; i++) {
      const dist = (x: Float32Array, y: Float32Array): number => {
        let s = 0;
        for (let c = 0; c < C; c++) s += (x[i * C + c] - y[i * C + c]) ** 2;
        return Math.sqrt(Math.max(s, 1e-24));
      };
      const dap = dist(a, p), dan = dist(a, neg);
      const v = dap - dan + opts.margin;
      if (v <= 0) continue;
      total += v / n;
      for (let c = 0; c < C; c++) {
        const ac = a[i * C + c], pc = p[i * C + c], nc = neg[i * C + c];
        grads[0][i * C + c] += ((ac - pc) / dap - (ac - nc) / dan) / n;
        grads[1][i * C + c] += -(ac - pc) / dap / n;
        grads[2][i * C + c] += (ac - nc) / dan / n;
      }
    }
  }
  return { loss: total, grads };
}

/** Mean reciprocal rank: query i's relevant candidate is `relevant[i]`, ranked by cosine among all candidates. */
export function meanReciprocalRank(queries: Float32Array, candidates: Float32Array, relevant: readonly number[], C: number): number {
  const m = candidates.length / C;
  let sum = 0;
  relevant.forEach((target, i) => {
    const score = (j: number): number => {
      let s = 0;
      for (let c = 0; c < C; c++) s += queries[i * C + c] * candidates[j * C + c];
      return s;
    };
    const own = score(target);
    let rank = 1;
    for (let j = 0; j < m; j++) if (j !== target && score(j) > own) rank++;
    sum += 1 / rank;
  });
  return sum / Math.max(1, relevant.length);
}

/** Gradient sinks: full fine-tune (param arena layout) or LoRA (adapter arena layout). */
export interface EncoderGrads {
  params: BertParams | null;
  lora: BertLora | null;
}

/** Matcher settings the objective needs. */
export interface MatcherSettings {
  loss: MatcherLossName;
  scale: number;
  margin: number;
  batchSize: number;
  gradientCheckpointing?: boolean; // see models/bert.ts
}

/** The text columns a loss reads from rows (anchor/positive[/negatives…]), each padded into one batch. */
export function columnBatches(rows: readonly MatcherExample[], loss: MatcherLossName, tokenize: TextTokenizer): PaddedTexts[] {
  const k = loss === 'triplet' ? 3 : loss === 'cosine' ? 2 : Math.min(...rows.map((r) => r.texts.length));
  return Array.from({ length: k }, (_, col) => padTexts(rows.map((r) => tokenize(r.texts[col]))));
}

/** LoRA-dropout seed of text column `col` in a micro-batch (the CPU and GPU objectives draw the same masks). */
export function columnDropoutSeed(dropoutSeed: number, col: number): number {
  return (dropoutSeed + col * 0x9e3779b9) >>> 0;
}

/**
 * MNRL false negatives of a micro-batch: candidate j (column-major over the candidate columns, j = col·n + row) is not
 * a negative for row i when it is row i's own positive text, or the positive of another row with the same anchor.
 */
export function falseNegatives(rows: readonly MatcherExample[]): (i: number, j: number) => boolean {
  const n = rows.length;
  return (i, j) => {
    const row = j % n, col = 1 + Math.floor(j / n);
    const text = rows[row].texts[col];
    return text === rows[i].texts[1] || (col === 1 && rows[row].texts[0] === rows[i].texts[0]);
  };
}

/** matcherLoss on a micro-batch's column embeddings, with the rows' scores for the cosine loss. */
export function matcherLossOnRows(
  s: MatcherSettings, rows: readonly MatcherExample[], columns: Float32Array[], C: number
): { loss: number; grads: Float32Array[] } {
  const scores = s.loss === 'cosine' ? Float32Array.from(rows.map((r) => r.score ?? NaN)) : undefined;
  const exclude = s.loss === 'mnrl' ? falseNegatives(rows) : undefined;
  return matcherLoss(s.loss, columns, rows.length, C, { scale: s.scale, margin: s.margin, scores, exclude });
}

/**
 * An epoch order (a permutation of the rows) whose consecutive batches of `batchSize` hold no two rows sharing a
 * key (anchor or positive text) wherever the data allows; rows that cannot be placed without a duplicate go to the
 * end of the epoch (their batches are then covered by the loss's false-negative exclusion). Batch boundaries follow
 * the loop's stream: epoch e starts at stream position e·n, so its first block completes the previous epoch's last.
 */
export function noDuplicateOrder(keys: readonly (readonly string[])[], seed: number, epoch: number, batchSize: number): number[] {
  const n = keys.length;
  let pending = epochOrder(n, seed, epoch);
  const out: number[] = [];
  let block = (batchSize - ((epoch * n) % batchSize)) % batchSize || batchSize;
  while (pending.length > 0) {
    const used = new Set<string>();
    const rest: number[] = [];
    let filled = 0;
    for (const i of pending) {
      if (filled < block && keys[i].every((k) => !used.has(k))) {
        out.push(i);
        for (const k of keys[i]) used.add(k);
        filled++;
      } else rest.push(i);
    }
    if (filled === 0) return [...out, ...rest]; // unreachable: a block always takes its first pending row
    if (filled < block) { // the rest all clash with this block: keep them together at the end
      out.push(...rest);
      break;
    }
    pending = rest;
    block = batchSize;
  }
  return out;
}

/** Keys that must not repeat within an MNRL batch: the anchor and the positive text of each row. */
export function mnrlKeys(rows: readonly MatcherExample[]): string[][] {
  return rows.map((r) => [`a\u0000${r.texts[0]}`, `p\u0000${r.texts[1]}`]);
}

/** Eval ranking task: each val anchor's relevant candidate is its positive among all distinct val positives. */
export function valRanking(val: readonly MatcherExample[]): { queries: string[]; positives: string[]; relevant: number[] } {
  const positives = [...new Set(val.map((r) => r.texts[1]))];
  return { queries: val.map((r) => r.texts[0]), positives, relevant: val.map((r) => positives.indexOf(r.texts[1])) };
}

/** The matcher objective over examples; eval adds MRR (anchor → its positive among all val positives). */
export function createMatcherObjective(
  model: EncoderModel, grads: EncoderGrads, tokenize: TextTokenizer, train: readonly MatcherExample[], val: readonly MatcherExample[], s: MatcherSettings
): CpuObjective {
  const C = model.config.hidden;
  let peakBytes = 0; // all columns' saved forwards are alive together until the backward
  // LoRA: the base stays frozen for the run, so the fast CPU ops pack its weights once (released in destroy)
  const release = grads.params ? undefined : model.cpuOps?.freeze?.(model.params.arena);
  const lossOn = (rows: readonly MatcherExample[], training: boolean, dropoutSeed: number): { loss: number; tokens: number; backward: (scale: number) => void } => {
    const batches = columnBatches(rows, s.loss, tokenize);
    const acts = batches.map((b, col) => bertForward(model.config, model.params, b.tokens, b.mask, b.B, b.T,
      { lora: model.lora, training, dropoutSeed: columnDropoutSeed(dropoutSeed, col), gradientCheckpointing: s.gradientCheckpointing, ops: model.cpuOps }));
    if (training) peakBytes = Math.max(peakBytes, acts.reduce((sum, a) => sum + savedActivationBytes(a), 0));
    const r = matcherLossOnRows(s, rows, acts.map((a) => a.embeddings), C);
    return {
      loss: r.loss,
      tokens: batches.reduce((t, b) => t + b.real, 0),
      backward: (scale) => acts.forEach((a, col) => {
        const d = r.grads[col];
        if (scale !== 1) for (let i = 0; i < d.length; i++) d[i] *= scale;
        bertBackward(model.config, model.params, a, d, { params: grads.params, lora: grads.lora }, model.lora, model.cpuOps);
      })
    };
  };
  const keys = s.loss === 'mnrl' ? mnrlKeys(train) : null;
  return {
    trainSize: train.length,
    ...(keys ? { epochOrder: (epoch: number, seed: number, batchSize: number) => noDuplicateOrder(keys, seed, epoch, batchSize) } : {}),
    accumulate(indices: number[], lossScale: number, dropoutSeed: number): MicroResult {
      const r = lossOn(indices.map((i) => train[i]), true, dropoutSeed);
      r.backward(lossScale);
      return { loss: r.loss, tokens: r.tokens };
    },
    evaluate: val.length > 0
      ? (): EvalResult => {
        let loss = 0, batches = 0;
        for (let i = 0; i < val.length; i += s.batchSize) {
          loss += lossOn(val.slice(i, i + s.batchSize), false, 0).loss;
          batches++;
        }
        const metrics: Record<string, number> = {};
        if (s.loss !== 'cosine') {
          const rank = valRanking(val);
          const q = encodeTexts(model, tokenize, rank.queries, s.batchSize);
          const cands = encodeTexts(model, tokenize, rank.positives, s.batchSize);
          metrics.mrr = meanReciprocalRank(q, cands, rank.relevant, C);
        }
        return { loss: loss / batches, metrics };
      }
      : undefined,
    activationPeakBytes: () => peakBytes,
    destroy: () => release?.()
  };
}
