/**
 * Metric arithmetic of `training-node eval`, pure and separately tested: per-row outcomes of the screening tasks →
 * JSON validity, schema validity, field accuracy, decision accuracy, skill-score in-range rate and MAE, a
 * reliability diagram (confidence bins, ECE) and latency; rankings → top-1, MRR and precision@k.
 * Every rate counts a failed row (not JSON, schema-invalid, cut off, prompt too long) as wrong, never skips it,
 * so a model that writes garbage scores 0; a metric with no row to measure is null, not 0.
 *
 * Non-goals: running models (decoder-eval.ts, matcher-eval.ts), reading files, the report (report.ts). No Node APIs.
 */

/** The screening tasks eval measures (the app's recommendation and per-skill scores). */
export type DecoderTask = 'decision' | 'skills';

/** The reference answer of a row: the app's recommendation or skill-score object. */
export type GoldAnswer =
  | { task: 'decision'; status: 'select' | 'reject' }
  | { task: 'skills'; scores: Record<string, number> };

/** What one model did on one row. */
export interface RowOutcome {
  task: DecoderTask;
  gold: GoldAnswer;
  text: string; // the raw answer ('' when nothing was generated)
  jsonValid: boolean;
  schemaValid: boolean; // the app's checker accepted it (core/llm checkRecommendation / checkSkillScores)
  error?: string; // the app's error code (llm/not-json, llm/schema-invalid, llm/truncated) or eval/prompt-too-long
  /** Probability the model gave its own decision (product over the status value's tokens); null without one. */
  confidence: number | null;
  ms: number;
  tokens: number;
}

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  confidence: number | null; // mean confidence in the bin
  accuracy: number | null; // fraction correct in the bin
}

/** Latency of one task. */
export interface Latency {
  rows: number;
  msMean: number | null;
  msP50: number | null;
  tokensPerSecond: number | null;
}

/** The decoder metrics of one model on one held-out set. */
export interface DecoderMetrics {
  rows: number;
  jsonValidRate: number | null;
  schemaValidRate: number | null;
  fieldAccuracy: number | null; // gold fields (decision status, each requirement's score) matched exactly
  decisionRows: number;
  decisionAccuracy: number | null;
  skillRows: number;
  skillFields: number; // requirement scores in the gold answers
  skillInRangeRate: number | null; // predicted score present and an integer in 0..5
  skillMae: number | null; // mean |predicted − gold| over in-range predictions
  calibration: { points: number; ece: number | null; bins: ReliabilityBin[] };
  latency: Record<DecoderTask, Latency>;
  errors: Record<string, number>;
}

const rate = (n: number, d: number): number | null => (d > 0 ? n / d : null);

function parsedObject(text: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The decision a (possibly schema-invalid) answer states, if it states one of the two allowed values. */
export function predictedStatus(text: string): 'select' | 'reject' | null {
  const status = parsedObject(text)?.status;
  return status === 'select' || status === 'reject' ? status : null;
}

/** The score an answer gives requirement `id` (any JSON number; range is judged by the caller). */
export function predictedScore(text: string, id: string): number | null {
  const scores = parsedObject(text)?.scores;
  if (!scores || typeof scores !== 'object') return null;
  const entry = (scores as Record<string, unknown>)[id];
  const score = entry && typeof entry === 'object' ? (entry as Record<string, unknown>).score : undefined;
  return typeof score === 'number' && Number.isFinite(score) ? score : null;
}

/** Reliability diagram over `bins` equal-width confidence bins, and the expected calibration error. */
export function reliability(points: readonly { confidence: number; correct: boolean }[], bins = 10): { ece: number | null; bins: ReliabilityBin[] } {
  const out: ReliabilityBin[] = [];
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const lo = b / bins, hi = (b + 1) / bins;
    const inBin = points.filter((p) => (b === 0 ? p.confidence >= lo : p.confidence > lo) && p.confidence <= hi);
    const confidence = rate(inBin.reduce((s, p) => s + p.confidence, 0), inBin.length);
    const accuracy = rate(inBin.filter((p) => p.correct).length, inBin.length);
    if (confidence !== null && accuracy !== null) ece += (inBin.length / points.length) * Math.abs(confidence - accuracy);
    out.push({ lo, hi, count: inBin.length, confidence, accuracy });
  }
  return { ece: points.length > 0 ? ece : null, bins: out };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function latencyOf(rows: readonly RowOutcome[]): Latency {
  const ms = rows.map((r) => r.ms);
  const totalMs = ms.reduce((a, b) => a + b, 0);
  const tokens = rows.reduce((a, r) => a + r.tokens, 0);
  return { rows: rows.length, msMean: rate(totalMs, rows.length), msP50: median(ms), tokensPerSecond: totalMs > 0 ? (tokens * 1000) / totalMs : null };
}

/** Every decoder metric of one model's outcomes. */
export function decoderMetrics(outcomes: readonly RowOutcome[], bins = 10): DecoderMetrics {
  let fields = 0, fieldHits = 0, decisionHits = 0, skillFields = 0, inRange = 0, absError = 0;
  const points: { confidence: number; correct: boolean }[] = [];
  const errors: Record<string, number> = {};
  for (const o of outcomes) {
    if (o.error) errors[o.error] = (errors[o.error] ?? 0) + 1;
    if (o.gold.task === 'decision') {
      const status = predictedStatus(o.text);
      const correct = status === o.gold.status;
      fields++;
      if (correct) fieldHits++, decisionHits++;
      if (status !== null && o.confidence !== null) points.push({ confidence: o.confidence, correct });
    } else {
      for (const [id, gold] of Object.entries(o.gold.scores)) {
        const score = predictedScore(o.text, id);
        fields++, skillFields++;
        if (score === gold) fieldHits++;
        if (score !== null && Number.isInteger(score) && score >= 0 && score <= 5) {
          inRange++;
          absError += Math.abs(score - gold);
        }
      }
    }
  }
  const decisions = outcomes.filter((o) => o.task === 'decision');
  const skills = outcomes.filter((o) => o.task === 'skills');
  return {
    rows: outcomes.length,
    jsonValidRate: rate(outcomes.filter((o) => o.jsonValid).length, outcomes.length),
    schemaValidRate: rate(outcomes.filter((o) => o.schemaValid).length, outcomes.length),
    fieldAccuracy: rate(fieldHits, fields),
    decisionRows: decisions.length,
    decisionAccuracy: rate(decisionHits, decisions.length),
    skillRows: skills.length,
    skillFields,
    skillInRangeRate: rate(inRange, skillFields),
    skillMae: rate(absError, inRange),
    calibration: { points: points.length, ...reliability(points, bins) },
    latency: { decision: latencyOf(decisions), skills: latencyOf(skills) },
    errors
  };
}

/**
 * Probability of the characters [start, end) of a generated text: the product of the probabilities of the tokens
 * that overlap that span (token i covers [charEnds[i−1], charEnds[i])).
 */
export function spanProbability(charEnds: readonly number[], probs: readonly number[], start: number, end: number): number | null {
  let p = 1, any = false;
  for (let i = 0; i < charEnds.length; i++) {
    const from = i === 0 ? 0 : charEnds[i - 1];
    if (charEnds[i] > start && from < end) {
      p *= probs[i];
      any = true;
    }
  }
  return any ? p : null;
}

/** Retrieval quality: for each query, candidate indices best first and the set of relevant ones. */
export interface RetrievalMetrics {
  queries: number;
  top1: number | null; // the first candidate is relevant
  mrr: number | null; // mean of 1 / rank of the first relevant candidate (0 when none is ranked)
  precisionAt10: number | null; // relevant among the first 10, over 10 (or over all candidates when fewer)
}

/** top-1, MRR and precision@k of rankings (queries without any relevant candidate are not counted). */
export function retrievalMetrics(rankings: readonly { ranked: readonly number[]; relevant: ReadonlySet<number> }[], k = 10): RetrievalMetrics {
  const counted = rankings.filter((r) => r.relevant.size > 0);
  let top1 = 0, rr = 0, precision = 0;
  for (const r of counted) {
    const first = r.ranked.findIndex((c) => r.relevant.has(c));
    if (first === 0) top1++;
    if (first >= 0) rr += 1 / (first + 1);
    const head = r.ranked.slice(0, k);
    precision += head.filter((c) => r.relevant.has(c)).length / Math.min(k, r.ranked.length);
  }
  return { queries: counted.length, top1: rate(top1, counted.length), mrr: rate(rr, counted.length), precisionAt10: rate(precision, counted.length) };
}

/** Candidate indices by descending score (ties: lower index first, so the order is deterministic). */
export function rankByScore(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
}
