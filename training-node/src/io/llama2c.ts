/**
 * Import a llama2.c checkpoint (karpathy/llama2.c `export.py` legacy v0 layout) into our Llama params.
 *
 * Layout (float32, little-endian; matrices [out, in]): header of 7 int32 (dim, hidden_dim, n_layers,
 * n_heads, n_kv_heads, vocab_size — negative means an unshared classifier follows — , seq_len), then
 * token_embedding (V, C), rms_att (L, C), wq (L, C, C), wk (L, KVD, C), wv (L, KVD, C), wo (L, C, C),
 * rms_ffn (L, C), w1 (L, I, C), w2 (L, C, I), w3 (L, I, C), rms_final (C), two unused RoPE tables of
 * seq_len*HS/2 floats each, then wcls (V, C) when unshared.
 *
 * llama2.c's RoPE rotates ADJACENT pairs (2i, 2i+1) of each head; ours rotates halves (i, i+HS/2) like
 * Hugging Face. As HF's conversion script does, the rows of wq and wk are permuted within each head
 * (new row h*HS/2+i = old row 2i+h) so both conventions give identical attention scores.
 * Non-goals: the versioned `ak42` export formats (v1/v2, int8). Pure bytes in, no Node APIs.
 */
import { allocLlamaParams, type LlamaConfig, type LlamaParams } from '../models/llama-params';

const HEADER_INTS = 7;

/** A llama2.c model: our config plus the params (q/k already permuted to rotate-half). */
export interface Llama2cModel {
  config: LlamaConfig;
  params: LlamaParams;
}

/** Parse a llama2.c `.bin` checkpoint. `source` names the file in error messages. */
export function readLlama2cCheckpoint(bytes: Uint8Array, source = 'llama2.c checkpoint'): Llama2cModel {
  if (bytes.byteLength < HEADER_INTS * 4) throw new Error(`${source}: file too short for the 28-byte header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = Array.from({ length: HEADER_INTS }, (_, i) => view.getInt32(i * 4, true));
  const [dim, hiddenDim, nLayers, nHeads, nKvHeads, signedVocab, seqLen] = header;
  if (header.some((v, i) => i !== 5 && v <= 0) || signedVocab === 0) {
    throw new Error(`${source}: implausible header ${JSON.stringify(header)} (is this a llama2.c v0 export?)`);
  }
  if (dim % nHeads !== 0) throw new Error(`${source}: dim ${dim} is not divisible by n_heads ${nHeads}`);
  const headDim = dim / nHeads;
  const config: LlamaConfig = {
    vocabSize: Math.abs(signedVocab),
    hidden: dim,
    intermediate: hiddenDim,
    layers: nLayers,
    heads: nHeads,
    kvHeads: nKvHeads,
    headDim,
    ropeTheta: 10000,
    rmsEps: 1e-5,
    tiedEmbeddings: signedVocab > 0,
    attentionBias: false,
    maxSeqLen: seqLen
  };
  const params = allocLlamaParams(config);
  const kvDim = nKvHeads * headDim;
  const ropeTableFloats = seqLen * (headDim / 2);
  const expectedFloats =
    params.arena.length + 2 * ropeTableFloats;
  const floatBytes = bytes.byteLength - HEADER_INTS * 4;
  if (floatBytes !== expectedFloats * 4) {
    throw new Error(
      `${source}: expected ${expectedFloats * 4} bytes of weights after the header for ${JSON.stringify(header)}, found ${floatBytes}`
    );
  }
  // Copy to an aligned buffer: the header is 28 bytes, so floats are 4-byte aligned only via an offset.
  const floats = new Float32Array(expectedFloats);
  new Uint8Array(floats.buffer).set(bytes.subarray(HEADER_INTS * 4));
  let cursor = 0;
  const take = (target: Float32Array): void => {
    target.set(floats.subarray(cursor, cursor + target.length));
    cursor += target.length;
  };
  take(params.embed);
  take(params.attnNorm);
  take(params.wq);
  take(params.wk);
  take(params.wv);
  take(params.wo);
  take(params.ffnNorm);
  take(params.wGate); // w1
  take(params.wDown); // w2
  take(params.wUp); // w3
  take(params.finalNorm);
  cursor += 2 * ropeTableFloats; // freq_cis_real, freq_cis_imag (unused)
  if (!config.tiedEmbeddings) take(params.lmHead);
  for (let l = 0; l < nLayers; l++) {
    permuteAdjacentToHalf(params.wq.subarray(l * dim * dim, (l + 1) * dim * dim), nHeads, headDim, dim);
    permuteAdjacentToHalf(params.wk.subarray(l * kvDim * dim, (l + 1) * kvDim * dim), nKvHeads, headDim, dim);
  }
  return { config, params };
}

/**
 * Reorder the rows of a projection weight (heads*HS, inDim) in place so that, within each head,
 * rows (2i, 2i+1) move to (i, i+HS/2): adjacent-pair RoPE becomes rotate-half RoPE.
 */
export function permuteAdjacentToHalf(weight: Float32Array, heads: number, headDim: number, inDim: number): void {
  const half = headDim / 2;
  const headBlock = new Float32Array(headDim * inDim);
  for (let h = 0; h < heads; h++) {
    const base = h * headDim * inDim;
    headBlock.set(weight.subarray(base, base + headDim * inDim));
    for (let i = 0; i < half; i++) {
      for (let parity = 0; parity < 2; parity++) {
        const from = (2 * i + parity) * inDim;
        const to = base + (parity * half + i) * inDim;
        weight.set(headBlock.subarray(from, from + inDim), to);
      }
    }
  }
}
