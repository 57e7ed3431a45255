/**
 * Token sequences → decoder micro-batches: right-padding to the longest sequence of the batch (padding is
 * never attended by earlier tokens under the causal mask, and its targets are IGNORE_INDEX), next-token
 * targets from the loss mask, and optional packing of several short examples into one row of seqLen
 * tokens (first-fit decreasing, whole examples only, like TRL's bin packing; positions run on across the
 * row, as with TRL's classic ConstantLengthDataset, since the reference attention has no block mask).
 *
 * Non-goals: tokenization (chat-tokenizer.ts), BERT batches (matcher.ts). No Node APIs.
 * Shape legend: B = sequences in the batch, T = padded length, BT = B*T.
 */
import { IGNORE_INDEX } from '../engine/reference/index';
import type { TokenSequence } from './chat-tokenizer';

/** A padded decoder batch: tokens (BT), next-token targets (BT), real-token count. */
export interface CausalBatch {
  B: number;
  T: number;
  tokens: Int32Array; // (BT)
  targets: Int32Array; // (BT) IGNORE_INDEX where no loss
  realTokens: number;
}

/** Right-pad `seqs` into one batch; targets[b,t] = ids[t+1] when mask[t+1] is set. */
export function causalBatch(seqs: readonly TokenSequence[], padId = 0): CausalBatch {
  const B = seqs.length;
  const T = Math.max(1, ...seqs.map((s) => s.ids.length));
  const tokens = new Int32Array(B * T).fill(padId);
  const targets = new Int32Array(B * T).fill(IGNORE_INDEX);
  let realTokens = 0;
  seqs.forEach((s, b) => {
    realTokens += s.ids.length;
    for (let t = 0; t < s.ids.length; t++) {
      tokens[b * T + t] = s.ids[t];
      if (t + 1 < s.ids.length && s.mask[t + 1]) targets[b * T + t] = s.ids[t + 1];
    }
  });
  return { B, T, tokens, targets, realTokens };
}

/** Pack sequences (each ≤ seqLen) into rows of at most seqLen tokens, first-fit decreasing, deterministic. */
export function packSequences(seqs: readonly TokenSequence[], seqLen: number): TokenSequence[] {
  const order = seqs.map((s, i) => i).sort((a, b) => seqs[b].ids.length - seqs[a].ids.length || a - b);
  const rows: { parts: number[]; length: number }[] = [];
  for (const i of order) {
    const len = seqs[i].ids.length;
    if (len > seqLen) throw new Error(`packSequences: sequence ${i} has ${len} tokens, more than seqLen ${seqLen} (truncate first)`);
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
    return { ids, mask };
  });
}
