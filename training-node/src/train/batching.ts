/**
 * Token sequences → decoder micro-batches: right-padding to the longest sequence of the batch (padding is
 * never attended by earlier tokens under the causal mask, and its targets are IGNORE_INDEX), next-token
 * targets from the loss mask, and optional packing of several short examples into one row of seqLen
 * tokens (first-fit decreasing, whole examples only, like TRL's bin packing).
 *
 * Packed examples stay independent, as with Hugging Face's padding-free / position_ids packing: a batch with
 * a packed row carries per-token segment ids (attention is block-diagonal causal: each example attends only
 * within itself) and positions restarting at 0 for each example (RoPE), and the last token of an example
 * never predicts the first token of the next. So a packed row gives the same logits, and the same token-mean
 * loss and gradients, as its examples batched unpacked.
 *
 * Non-goals: tokenization (chat-tokenizer.ts), BERT batches (matcher.ts). No Node APIs.
 * Shape legend: B = sequences in the batch, T = padded length, BT = B*T.
 */
import { IGNORE_INDEX } from '../engine/reference/index';
import type { TokenSequence } from './chat-tokenizer';

/** A padded decoder batch: tokens (BT), next-token targets (BT), real-token count, packing inputs. */
export interface CausalBatch {
  B: number;
  T: number;
  tokens: Int32Array; // (BT)
  targets: Int32Array; // (BT) IGNORE_INDEX where no loss
  realTokens: number;
  // Only when a row is packed (absent = plain causal, positions 0..T-1): pass both to the model's forward.
  positions?: Int32Array; // (BT) restarting at 0 for every example (and for the padding tail)
  segments?: Int32Array; // (BT) example id within its row, 1-based; 0 = padding
}

/** The examples' lengths of a sequence: its packed parts, or the whole sequence as one example. */
function exampleLengths(s: TokenSequence): readonly number[] {
  if (!s.packed) return [s.ids.length];
  if (s.packed.reduce((a, n) => a + n, 0) !== s.ids.length) throw new Error(`causalBatch: packed lengths do not sum to ${s.ids.length} tokens`);
  return s.packed;
}

/** Right-pad `seqs` into one batch; targets[b,t] = ids[t+1] when mask[t+1] is set and t+1 is in t's example. */
export function causalBatch(seqs: readonly TokenSequence[], padId = 0): CausalBatch {
  const B = seqs.length;
  const T = Math.max(1, ...seqs.map((s) => s.ids.length));
  const tokens = new Int32Array(B * T).fill(padId);
  const targets = new Int32Array(B * T).fill(IGNORE_INDEX);
  const packed = seqs.some((s) => s.packed !== undefined);
  const positions = packed ? new Int32Array(B * T) : undefined;
  const segments = packed ? new Int32Array(B * T) : undefined;
  let realTokens = 0;
  seqs.forEach((s, b) => {
    realTokens += s.ids.length;
    let start = 0;
    exampleLengths(s).forEach((len, e) => {
      for (let t = start; t < start + len; t++) {
        tokens[b * T + t] = s.ids[t];
        if (t + 1 < start + len && s.mask[t + 1]) targets[b * T + t] = s.ids[t + 1];
        if (positions && segments) {
          positions[b * T + t] = t - start;
          segments[b * T + t] = e + 1;
        }
      }
      start += len;
    });
    if (positions) for (let t = start; t < T; t++) positions[b * T + t] = t - start;
  });
  return { B, T, tokens, targets, realTokens, ...(packed ? { positions, segments } : {}) };
}

/**
 * Pack sequences (each ≤ seqLen) into rows of at most seqLen tokens, first-fit decreasing, deterministic.
 * Each row records its examples' lengths (`packed`) so causalBatch keeps them independent.
 */
export function packSequences(seqs: readonly TokenSequence[], seqLen: number): TokenSequence[] {
  const order = seqs.map((s, i) => i).sort((a, b) => seqs[b].ids.length - seqs[a].ids.length || a - b);
  const rows: { parts: number[]; length: number }[] = [];
  for (const i of order) {
    const len = seqs[i].ids.length;
    if (len > seqLen) throw new Error(`packSequences: sequence ${i} has ${len} tokens, more than seqLen ${seqLen} (truncate first)`);
    if (seqs[i].packed) throw new Error(`packSequences: sequence ${i} is already a packed row`);
    const row = rows.find((r) => r.length + len <= seqLen);
    if (row) {
      row.parts.push(i);
      row.length += len;
    } else rows.push({ parts: [i], length: len });
  }
  return rows.map((r) => {
    const parts = [...r.parts].sort((a, b) => a - b); // restore data order inside the row
    const ids: number[] = [];
    const mask = new Uint8Array(r.length);
    let offset = 0;
    for (const i of parts) {
      ids.push(...seqs[i].ids);
      mask.set(seqs[i].mask, offset);
      offset += seqs[i].ids.length;
    }
    return { ids, mask, packed: parts.map((i) => seqs[i].ids.length) };
  });
}
