/**
 * Direct Preference Optimization (Rafailov et al. 2023; TRL `loss_type="sigmoid"`): for each pair,
 * z = β·[(log πθ(y_w|x) − log πref(y_w|x)) − (log πθ(y_l|x) − log πref(y_l|x))], loss = −log σ(z), mean over
 * pairs. The policy is the base plus LoRA adapters; the reference is the same base with adapters disabled,
 * so its completion log-probs are computed ONCE up front (`referenceLogProbs`) and never again. Full fine-tune:
 * the policy is model.params itself (lora null); the reference is the base before training — a frozen copy in
 * effect, because its log-probs are taken before the first update and never recomputed.
 * Log-probs are sums over the completion's assistant tokens (mask from chat-tokenizer.ts).
 *
 * Gradient: ∂loss/∂z = −σ(−z)/n; a sequence log-prob is −Σ CE(token), so each chosen token's CE gets
 * +β·σ(−z)/n and each rejected token's −β·σ(−z)/n, fed to crossEntropyBackward as per-row dlosses.
 * Non-goals: IPO/hinge/robust variants, label smoothing, reference-free DPO. No Node APIs.
 * Shape legend: n = pairs per micro-batch, B = 2n sequences (chosen first), T = padded length, V = vocab.
 */
import { crossEntropyBackward, crossEntropyForward } from '../engine/reference/index';
import { llamaBackward, llamaForward, type LlamaModel } from '../models/llama';
import type { LoraAdapters } from '../models/lora';
import { causalBatch, type CausalBatch } from './batching';
import { type ChatTokenizer, targetCount, truncateSequence, type TokenSequence } from './chat-tokenizer';
import type { CpuObjective, EvalResult, MicroResult } from './loop';
import { fitConversation, type FitCounts, newFitCounts } from './fit-length';
import type { ChatMessage } from '../io/hf';
import type { PreferenceExample } from './records';
import { type DecoderGrads, decoderGradients, type DecoderMemoryOptions, isFullGrads } from './sft';

/** One tokenized preference pair. */
export interface PreferencePair {
  chosen: TokenSequence;
  rejected: TokenSequence;
}

/** Reference (adapters-off) completion log-probs of every pair, computed once. */
export interface ReferenceLogProbs {
  chosen: Float64Array;
  rejected: Float64Array;
}

/**
 * Tokenize preference examples, fitting each pair into seqLen by shortening the prompt's resume (never a
 * completion, fit-length.ts); pairs that cannot fit or where either side has no target are dropped and counted.
 */
export function buildPreferencePairs(
  examples: readonly PreferenceExample[], tokenizer: ChatTokenizer, seqLen: number
): { pairs: PreferencePair[]; dropped: number; fit: FitCounts } {
  const pairs: PreferencePair[] = [];
  const fit = newFitCounts();
  for (const ex of examples) {
    fit.rows++;
    const longest = (prompt: ChatMessage[]) => Math.max(
      tokenizer.encodePromptCompletion(prompt, ex.chosen).ids.length, tokenizer.encodePromptCompletion(prompt, ex.rejected).ids.length);
    const fitted = fitConversation(ex.prompt, longest, seqLen);
    if (!fitted.ok) {
      fit.dropped[fitted.reason] = (fit.dropped[fitted.reason] ?? 0) + 1;
      continue;
    }
    const chosen = truncateSequence(tokenizer.encodePromptCompletion(fitted.messages, ex.chosen), seqLen).seq;
    const rejected = truncateSequence(tokenizer.encodePromptCompletion(fitted.messages, ex.rejected), seqLen).seq;
    if (targetCount(chosen) === 0 || targetCount(rejected) === 0) {
      fit.dropped['no-targets'] = (fit.dropped['no-targets'] ?? 0) + 1;
      continue;
    }
    fit.kept++;
    if (fitted.resumeShortened) fit.resumeShortened++;
    pairs.push({ chosen, rejected });
  }
  return { pairs, dropped: fit.rows - fit.kept, fit };
}

/** Per-sequence sums of target log-probs of a batch, plus the softmax probs backward needs. */
function batchLogProbs(model: LlamaModel, batch: CausalBatch, logits: Float32Array): { logp: Float64Array; probs: Float32Array; losses: Float32Array } {
  const V = model.config.vocabSize;
  const BT = batch.B * batch.T;
  const losses = new Float32Array(BT);
  const probs = new Float32Array(BT * V);
  crossEntropyForward(losses, probs, logits, batch.targets, BT, V);
  const logp = new Float64Array(batch.B);
  for (let b = 0; b < batch.B; b++) for (let t = 0; t < batch.T; t++) logp[b] -= losses[b * batch.T + t];
  return { logp, probs, losses };
}

/** Completion log-probs of sequences under `lora` (null = reference: adapters disabled), batched. */
export function sequenceLogProbs(model: LlamaModel, lora: LoraAdapters | null, seqs: readonly TokenSequence[], batchSize: number): Float64Array {
  const out = new Float64Array(seqs.length);
  for (let i = 0; i < seqs.length; i += batchSize) {
    const batch = causalBatch(seqs.slice(i, i + batchSize));
    const acts = llamaForward(model, batch.tokens, batch.B, batch.T, { positions: batch.positions, segments: batch.segments, lora });
    out.set(batchLogProbs(model, batch, acts.logits).logp, i);
  }
  return out;
}

/** The reference model's log-probs for every pair (adapters disabled): run once before training. */
export function referenceLogProbs(model: LlamaModel, pairs: readonly PreferencePair[], batchSize: number): ReferenceLogProbs {
  return {
    chosen: sequenceLogProbs(model, null, pairs.map((p) => p.chosen), batchSize),
    rejected: sequenceLogProbs(model, null, pairs.map((p) => p.rejected), batchSize)
  };
}

const softplus = (x: number): number => (x > 30 ? x : Math.log1p(Math.exp(x)));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** DPO loss, reward accuracy and mean policy margin (log π(chosen) − log π(rejected)) of pairs under `lora`. */
export function evaluatePreferences(
  model: LlamaModel, lora: LoraAdapters | null, pairs: readonly PreferencePair[], ref: ReferenceLogProbs, beta: number, batchSize: number
): { loss: number; accuracy: number; margin: number } {
  const pc = sequenceLogProbs(model, lora, pairs.map((p) => p.chosen), batchSize);
  const pr = sequenceLogProbs(model, lora, pairs.map((p) => p.rejected), batchSize);
  let loss = 0, correct = 0, margin = 0;
  for (let i = 0; i < pairs.length; i++) {
    const z = beta * (pc[i] - ref.chosen[i] - (pr[i] - ref.rejected[i]));
    loss += softplus(-z);
    if (z > 0) correct++;
    margin += pc[i] - pr[i];
  }
  const n = Math.max(1, pairs.length);
  return { loss: loss / n, accuracy: correct / n, margin: margin / n };
}

/**
 * DPO terms of one micro-batch: `logp` holds n chosen then n rejected completion log-probs of the pairs
 * `indices` (into `ref`). Returns the mean loss and each sequence's weight on its per-token CE losses
 * (chosen +β·σ(−z)·lossScale/n, rejected the negative), plus reward-accuracy and margin sums.
 */
export function dpoPairTerms(
  logp: Float64Array, indices: readonly number[], ref: ReferenceLogProbs, beta: number, lossScale: number
): { loss: number; seqWeight: Float32Array; correct: number; marginSum: number } {
  const n = indices.length;
  const seqWeight = new Float32Array(2 * n);
  let loss = 0, correct = 0, marginSum = 0;
  indices.forEach((ex, k) => {
    const z = beta * (logp[k] - ref.chosen[ex] - (logp[n + k] - ref.rejected[ex]));
    loss += softplus(-z) / n;
    if (z > 0) correct++;
    marginSum += logp[k] - logp[n + k];
    const g = (beta * sigmoid(-z) * lossScale) / n; // −∂loss/∂z·β, per unit of −log p
    seqWeight[k] = g;
    seqWeight[n + k] = -g;
  });
  return { loss, seqWeight, correct, marginSum };
}

/** The DPO objective; `ref`/`valRef` come from referenceLogProbs and are never recomputed. */
export function createDpoObjective(
  model: LlamaModel, lora: LoraAdapters | null, grads: DecoderGrads, beta: number,
  train: readonly PreferencePair[], ref: ReferenceLogProbs, val: readonly PreferencePair[], valRef: ReferenceLogProbs | null, batchSize: number,
  memory: DecoderMemoryOptions = {}
): CpuObjective {
  const V = model.config.vocabSize;
  const release = isFullGrads(grads) ? undefined : model.cpuOps?.freeze?.(model.params.arena); // LoRA: frozen base (see sft.ts)
  return {
    trainSize: train.length,
    accumulate(indices: number[], lossScale: number, dropoutSeed: number): MicroResult {
      const batch = causalBatch([...indices.map((i) => train[i].chosen), ...indices.map((i) => train[i].rejected)]);
      const BT = batch.B * batch.T;
      const acts = llamaForward(model, batch.tokens, batch.B, batch.T, {
        positions: batch.positions, segments: batch.segments, lora, training: true, dropoutSeed, ...memory
      });
      const { logp, probs } = batchLogProbs(model, batch, acts.logits);
      const { loss, seqWeight } = dpoPairTerms(logp, indices, ref, beta, lossScale);
      const dlosses = new Float32Array(BT);
      for (let b = 0; b < batch.B; b++) dlosses.fill(seqWeight[b], b * batch.T, (b + 1) * batch.T);
      const dlogits = new Float32Array(BT * V);
      crossEntropyBackward(dlogits, dlosses, probs, batch.targets, BT, V);
      llamaBackward(model, acts, dlogits, decoderGradients(grads), lora);
      return { loss, tokens: batch.realTokens };
    },
    evaluate: val.length > 0 && valRef
      ? (): EvalResult => {
        const r = evaluatePreferences(model, lora, val, valRef, beta, batchSize);
        return { loss: r.loss, metrics: { reward_accuracy: r.accuracy, margin: r.margin } };
      }
      : undefined,
    destroy: () => release?.()
  };
}
