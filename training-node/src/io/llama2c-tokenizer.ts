/**
 * llama2.c's sentencepiece-exported BPE tokenizer (`tok*.bin`), ported from run.c's encode()/decode().
 *
 * File: int32 max_token_length, then per token: float32 score, int32 len, len bytes.
 * Encode: optional BOS (1), a dummy-prefix " " token, one token per UTF-8 code point (byte fallback
 * = byte + 3 for code points not in the vocab), then repeatedly merge the adjacent pair whose merged
 * string has the highest score (first such pair on ties) until no pair merges. EOS = 2 optionally.
 * Non-goals: sentencepiece normalisation beyond what run.c does. Pure bytes in, no Node APIs.
 */

/** Begin- and end-of-sequence ids of every llama2.c sentencepiece vocab. */
export const LLAMA2C_BOS = 1;
export const LLAMA2C_EOS = 2;
const BYTE_FALLBACK_OFFSET = 3;

/** A loaded llama2.c tokenizer. */
export interface Llama2cTokenizer {
  vocab: Uint8Array[]; // token id → raw bytes
  scores: Float32Array; // token id → merge score
  maxTokenLength: number;
  lookup: Map<string, number>; // latin1 key of the bytes → id
}

/** Parse a `tok*.bin` file; `vocabSize` comes from the model header. */
export function readLlama2cTokenizer(bytes: Uint8Array, vocabSize: number, source = 'llama2.c tokenizer'): Llama2cTokenizer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  const need = (n: number, what: string): void => {
    if (offset + n > bytes.byteLength) throw new Error(`${source}: truncated while reading ${what} at byte ${offset}`);
  };
  need(4, 'max_token_length');
  const maxTokenLength = view.getInt32(0, true);
  offset = 4;
  const vocab: Uint8Array[] = [];
  const scores = new Float32Array(vocabSize);
  const lookup = new Map<string, number>();
  for (let id = 0; id < vocabSize; id++) {
    need(8, `token ${id} header`);
    scores[id] = view.getFloat32(offset, true);
    const len = view.getInt32(offset + 4, true);
    offset += 8;
    if (len < 0 || len > maxTokenLength) throw new Error(`${source}: token ${id} has invalid length ${len}`);
    need(len, `token ${id} bytes`);
    const piece = bytes.slice(offset, offset + len);
    offset += len;
    vocab.push(piece);
    const key = latin1(piece);
    if (!lookup.has(key)) lookup.set(key, id);
  }
  return { vocab, scores, maxTokenLength, lookup };
}

/** Encode text exactly like llama2.c run.c `encode(t, text, bos, eos, ...)`. */
export function encodeLlama2c(tok: Llama2cTokenizer, text: string, bos = true, eos = false): number[] {
  const tokens: number[] = [];
  if (bos) tokens.push(LLAMA2C_BOS);
  const utf8 = new TextEncoder().encode(text);
  if (utf8.length > 0) {
    const space = tok.lookup.get(' ');
    if (space === undefined) throw new Error('llama2.c tokenizer: vocab has no " " token for the dummy prefix');
    tokens.push(space);
  }
  for (let i = 0; i < utf8.length; ) {
    let end = i + 1;
    while (end < utf8.length && (utf8[end] & 0xc0) === 0x80 && end - i < 4) end++;
    const codepoint = utf8.subarray(i, end);
    const id = tok.lookup.get(latin1(codepoint));
    if (id !== undefined) tokens.push(id);
    else for (const byte of codepoint) tokens.push(byte + BYTE_FALLBACK_OFFSET);
    i = end;
  }
  mergeByScore(tok, tokens);
  if (eos) tokens.push(LLAMA2C_EOS);
  return tokens;
}

function mergeByScore(tok: Llama2cTokenizer, tokens: number[]): void {
  for (;;) {
    let bestScore = -1e10;
    let bestId = -1;
    let bestIdx = -1;
    for (let i = 0; i < tokens.length - 1; i++) {
      const merged = latin1(tok.vocab[tokens[i]]) + latin1(tok.vocab[tokens[i + 1]]);
      const id = tok.lookup.get(merged);
      if (id !== undefined && tok.scores[id] > bestScore) {
        bestScore = tok.scores[id];
        bestId = id;
        bestIdx = i;
      }
    }
    if (bestIdx === -1) return;
    tokens.splice(bestIdx, 2, bestId);
  }
}

/** Decode a token sequence like run.c `decode()` (strip the space after BOS, map <0xXX> to bytes). */
export function decodeLlama2c(tok: Llama2cTokenizer, ids: readonly number[]): string {
  const out: number[] = [];
  let prev = -1;
  for (const id of ids) {
    if (id < 0 || id >= tok.vocab.length) throw new Error(`llama2.c tokenizer: token id ${id} out of range`);
    let piece = tok.vocab[id];
    if (prev === LLAMA2C_BOS && piece[0] === 0x20) piece = piece.subarray(1);
    const text = latin1(piece);
    const byteToken = /^<0x([0-9A-Fa-f]{2})>$/.exec(text);
    if (byteToken) out.push(parseInt(byteToken[1], 16));
    else out.push(...piece);
    prev = id;
  }
  return new TextDecoder().decode(new Uint8Array(out));
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
