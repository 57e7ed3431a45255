/**
 * Supervised fine-tuning objective: causal-LM cross-entropy on the assistant tokens only (mask from the chat
 * template), LoRA adapters (optionally over a 4-bit QLoRA base) as the only trainable parameters — or, for a full
 * fine-tune, every weight of model.params (trained in place) — on the CPU reference model (models/llama.ts). Also builds the token sequences (truncation, optional packing; packed
 * rows keep their examples independent: segment ids and restarted positions go to the model, see batching.ts).
 * Loss: token mean over the micro-batch's target tokens, so packing does not change the objective.
 *
 * Non-goals: file I/O and outputs (session.ts / decoder-run.ts), generation. No Node APIs.
 * Shape legend: B = sequences per micro-batch, T = padded length, V = vocab.
 */
import { causalLmLoss, llamaBackward, llamaForward, type LlamaGradients, type LlamaModel } from '../models/llama';
import { createStepBuffers } from '../models/step-buffers';
import { savedActivationBytes } from '../models/activation-bytes';
import type { LlamaParams } from '../models/llama-params';
import type { LoraAdapters } from '../models/lora';
import type { ChatMessage } from '../io/hf';
import { causalBatch, packSequences } from './batching';
import { type ChatTokenizer, targetCount, truncateSequence, type TokenSequence } from './chat-tokenizer';
import { fitConversation, type FitCounts, newFitCounts } from './fit-length';
import type { CpuObjective, EvalResult, MicroResult } from './loop';

/** Token sequences ready for SFT plus what fitting did (resumes shortened, rows dropped and why). */
export interface SftSequences {
  sequences: TokenSequence[];
  truncated: number; // rows whose resume was shortened to fit (the answer is never cut)
  droppedNoTargets: number;
  fit: FitCounts;
}

/** Tokenize conversations, fit each into seqLen by shortening its resume (fit-length.ts), then pack if asked. */
export function buildSftSequences(conversations: ChatMessage[][], tokenizer: ChatTokenizer, seqLen: number, pack: boolean): SftSequences {
  const fit = newFitCounts();
  const sequences: TokenSequence[] = [];
  for (const messages of conversations) {
    fit.rows++;
    const fitted = fitConversation(messages, (m) => tokenizer.encodeChat(m).ids.length, seqLen);
    if (!fitted.ok) {
      fit.dropped[fitted.reason] = (fit.dropped[fitted.reason] ?? 0) + 1;
      continue;
    }
    const seq = truncateSequence(tokenizer.encodeChat(fitted.messages), seqLen).seq; // a no-op after fitting; the hard bound
    if (targetCount(seq) === 0) {
      fit.dropped['no-targets'] = (fit.dropped['no-targets'] ?? 0) + 1;
      continue;
    }
    fit.kept++;
    if (fitted.resumeShortened) fit.resumeShortened++;
    sequences.push(seq);
  }
  return { sequences: pack ? packSequences(sequences, seqLen) : sequences, truncated: fit.resumeShortened, droppedNoTargets: fit.dropped['no-targets'] ?? 0, fit };
}

/** Mean assistant-token loss of `seqs` under `lora` (null = base model), batched, no dropout. */
export function meanCausalLoss(model: LlamaModel, lora: LoraAdapters | null, seqs: readonly TokenSequence[], batchSize: number): number {
  let weighted = 0, targets = 0;
  for (let i = 0; i < seqs.length; i += batchSize) {
    const batch = causalBatch(seqs.slice(i, i + batchSize));
    const acts = llamaForward(model, batch.tokens, batch.B, batch.T, { positions: batch.positions, segments: batch.segments, lora });
    const n = batch.targets.reduce((s, t) => s + (t >= 0 ? 1 : 0), 0);
    if (n === 0) continue;
    weighted += causalLmLoss(acts.logits, batch.targets, batch.B * batch.T, model.config.vocabSize, model.cpuOps).loss * n;
    targets += n;
  }
  return targets > 0 ? weighted / targets : NaN;
}

/** Memory options of a decoder objective (gradientCheckpointing: see models/llama.ts). */
export interface DecoderMemoryOptions {
  gradientCheckpointing?: boolean;
}

/**
 * Where a decoder objective's gradients go: LoRA gradients (layout of the adapters), or full fine-tune gradients
 * (layout of model.params; then the objective's `lora` is null and model.params is what the optimizer updates).
 */
export type DecoderGrads = LoraAdapters | LlamaParams;

/** Whether `grads` is a full fine-tune gradient arena (model.params layout) rather than LoRA gradients. */
export function isFullGrads(grads: DecoderGrads): grads is LlamaParams {
  return 'embed' in grads;
}

/** The llamaBackward target for `grads`. */
export function decoderGradients(grads: DecoderGrads): LlamaGradients {
  return isFullGrads(grads) ? { params: grads } : { lora: grads };
}

/** The SFT objective over `train` (and optional `val`) sequences; gradients go into `grads` (see DecoderGrads). */
export function createSftObjective(
  model: LlamaModel, lora: LoraAdapters | null, grads: DecoderGrads, train: readonly TokenSequence[], val: readonly TokenSequence[], batchSize: number,
  memory: DecoderMemoryOptions = {}
): CpuObjective {
  const V = model.config.vocabSize;
  let peakBytes = 0;
  // LoRA: the base stays frozen for the whole run, so the fast CPU ops may pack its weights once (not per step).
  const release = isFullGrads(grads) ? undefined : model.cpuOps?.freeze?.(model.params.arena);
  // each step is done with the previous one's activations when it starts: reuse the arrays (no GC churn)
  const buffers = createStepBuffers();
  return {
    trainSize: train.length,
    accumulate(indices: number[], lossScale: number, dropoutSeed: number): MicroResult {
      const batch = causalBatch(indices.map((i) => train[i]));
      const BT = batch.B * batch.T;
      const acts = llamaForward(model, batch.tokens, batch.B, batch.T, {
        positions: batch.positions, segments: batch.segments, lora, training: true, dropoutSeed, buffers, ...memory
      });
      peakBytes = Math.max(peakBytes, savedActivationBytes(acts));
      const { loss, dlogits } = causalLmLoss(acts.logits, batch.targets, BT, V, model.cpuOps);
      if (lossScale !== 1) for (let i = 0; i < dlogits.length; i++) dlogits[i] *= lossScale;
      llamaBackward(model, acts, dlogits, decoderGradients(grads), lora);
      return { loss, tokens: batch.realTokens };
    },
    evaluate: val.length > 0 ? (): EvalResult => ({ loss: meanCausalLoss(model, lora, val, batchSize) }) : undefined,
    activationPeakBytes: () => peakBytes,
    destroy: () => release?.()
  };
}
