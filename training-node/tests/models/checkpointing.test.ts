/**
 * Activation checkpointing on the CPU reference models: with `gradientCheckpointing` forward keeps only each
 * layer's input and backward recomputes the layer, so every gradient must be BITWISE the one of a normal
 * forward — Llama (GQA, q/k/v bias, padding mask, all seven LoRA targets with adapter dropout, plus full
 * parameter gradients) and BERT (full fine-tune, and LoRA query/key/value with dropout). Dropout masks must
 * be redrawn identically in the recompute (a wrong restart point changes the gradients; the dropout-seed
 * check shows the masks matter). The saved bytes (savedActivationBytes) must fall by exactly L layers'
 * activations, written out below from the layer shapes, not from the code.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom, seededRandomAt } from '../../src/data/random';
import {
  allocBertLoraAdapters, allocBertParams, allocLlamaParams, allocLoraAdapters, BERT_LORA_TARGETS, bertBackward, bertForward,
  type BertConfig, type BertParams, causalLmLoss, llamaBackward, llamaForward, LORA_TARGETS, type LlamaConfig, type LlamaModel,
  savedActivationBytes
} from '../../src/models/index';
import { IGNORE_INDEX } from '../../src/engine/reference/index';

const llamaCfg: LlamaConfig = {
  vocabSize: 37, hidden: 16, intermediate: 24, layers: 3, heads: 4, kvHeads: 2, headDim: 4, ropeTheta: 10000,
  rmsEps: 1e-5, tiedEmbeddings: false, attentionBias: true, maxSeqLen: 16
};
const B = 2, T = 6;
const tokens = Int32Array.from([1, 5, 9, 30, 2, 7, 1, 4, 4, 36, 0, 0]);
const keyMask = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
const targets = Int32Array.from([5, 9, 30, 2, 7, 3, 4, 4, 36, 8, IGNORE_INDEX, IGNORE_INDEX]);

function randomLlama(seed: number): LlamaModel {
  const params = allocLlamaParams(llamaCfg);
  const rand = seededRandom(seed);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.5;
  for (const norm of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) for (let i = 0; i < params[norm].length; i++) params[norm][i] += 1;
  return { config: llamaCfg, params };
}

function randomB<T extends string>(layers: Partial<Record<T, { B: Float32Array }>>[], seed: number): void {
  const rand = seededRandom(seed);
  for (const layer of layers) for (const pair of Object.values(layer) as { B: Float32Array }[]) for (let i = 0; i < pair.B.length; i++) pair.B[i] = rand() - 0.5;
}

/** Same length and every element identical (NaN would fail too). */
function expectBitwise(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);
}

describe('seededRandomAt', () => {
  it('continues seededRandom(seed) after `skip` draws', () => {
    const stream = seededRandom(1234);
    const drawn = Array.from({ length: 50 }, () => stream());
    for (const skip of [0, 1, 17, 49]) expect(seededRandomAt(1234, skip)()).toBe(drawn[skip]);
  });
});

describe('Llama: gradient checkpointing leaves gradients bitwise unchanged', () => {
  const loraCfg = { rank: 3, alpha: 6, dropout: 0.25, targets: [...LORA_TARGETS] };
  const model = randomLlama(3);
  const lora = allocLoraAdapters(llamaCfg, loraCfg, 4);
  randomB(lora.layers, 5);

  function run(gradientCheckpointing: boolean, dropoutSeed = 17) {
    const acts = llamaForward(model, tokens, B, T, { keyMask, lora, training: true, dropoutSeed, gradientCheckpointing });
    const bytes = savedActivationBytes(acts);
    const { loss, dlogits } = causalLmLoss(acts.logits, targets, B * T, llamaCfg.vocabSize);
    const grads = { params: allocLlamaParams(llamaCfg), lora: allocLoraAdapters(llamaCfg, loraCfg, 0, true) };
    llamaBackward(model, acts, dlogits, grads, lora);
    return { loss, logits: acts.logits, grads, bytes };
  }

  it('LoRA and full parameter gradients, with adapter dropout and a padding mask', () => {
    const full = run(false), ckpt = run(true);
    expect(ckpt.loss).toBe(full.loss);
    expectBitwise(ckpt.logits, full.logits);
    expectBitwise(ckpt.grads.lora.arena, full.grads.lora.arena);
    expectBitwise(ckpt.grads.params.arena, full.grads.params.arena);
    expect(full.grads.lora.arena.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    // The dropout masks matter: another seed gives other gradients, so a wrong redraw could not pass.
    expect(run(true, 18).grads.lora.arena).not.toEqual(full.grads.lora.arena);
  });

  it('packed segments, restarting positions and a sliding window on later layers are recomputed too', () => {
    const windowed = { ...llamaCfg, slidingWindow: 2, slidingWindowFromLayer: 1 };
    const wModel = { config: windowed, params: model.params };
    const segments = Uint8Array.from([1, 1, 1, 2, 2, 2, 1, 1, 2, 2, 2, 0]);
    const positions = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 0, 1, 2, 0]);
    const gradsOf = (m: LlamaModel, gradientCheckpointing: boolean) => {
      const acts = llamaForward(m, tokens, B, T, { segments, positions, lora, training: true, dropoutSeed: 5, gradientCheckpointing });
      const grads = allocLoraAdapters(llamaCfg, loraCfg, 0, true);
      llamaBackward(m, acts, causalLmLoss(acts.logits, targets, B * T, llamaCfg.vocabSize).dlogits, { lora: grads }, lora);
      return grads.arena;
    };
    const full = gradsOf(wModel, false);
    expectBitwise(gradsOf(wModel, true), full);
    expect(gradsOf(model, true)).not.toEqual(full); // the window changes the gradients, so dropping it in the recompute would show
  });

  it('saved activation bytes drop by exactly L layers of activations', () => {
    const { hidden: C, intermediate: I, heads: NH, kvHeads: NKV, headDim: HS, layers: L, vocabSize: V } = llamaCfg;
    const BT = B * T, QD = NH * HS, KVD = NKV * HS, R = loraCfg.rank;
    // Per layer besides its input: ln1, rstd1, q, k, v, att, atty, mid, ln2, rstd2, gate, up, h; per adapted
    // linear its (BT, R) bottleneck, and with dropout its keep mask and dropped input (BT, in features) each.
    const adapterIn = C + C + C + QD + C + C + I; // q k v o gate up down
    const perLayer = BT * C + BT + BT * QD + 2 * BT * KVD + B * NH * T * T + BT * QD + BT * C + BT * C + BT + 3 * BT * I +
      7 * BT * R + 2 * BT * adapterIn;
    const full = run(false).bytes, ckpt = run(true).bytes;
    expect(full - ckpt).toBe(4 * L * perLayer);
    // Checkpointed: L layer inputs, the final residual, lnf, rstdf, logits; plus tokens, positions (i32) and the u8 mask.
    expect(ckpt).toBe(4 * (L * BT * C + BT * C + BT * C + BT + BT * V) + 4 * BT + 4 * BT + BT);
  });
});

const bertCfg: BertConfig = { vocabSize: 50, hidden: 16, intermediate: 32, layers: 3, heads: 4, maxPositions: 12, typeVocabSize: 2, layerNormEps: 1e-12 };
const bB = 3, bT = 5;
const bTokens = Int32Array.from([2, 11, 17, 3, 0, 2, 40, 3, 0, 0, 2, 5, 6, 7, 3]);
const bMask = Uint8Array.from([1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1]);
const tokenTypes = Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1]);
const dembeddings = Float32Array.from({ length: bB * bertCfg.hidden }, (_, i) => Math.cos(i * 0.7));

function randomBert(): BertParams {
  const params = allocBertParams(bertCfg);
  const rand = seededRandom(13);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.5;
  for (const ln of ['embLnW', 'ln1W', 'ln2W'] as const) for (let i = 0; i < params[ln].length; i++) params[ln][i] += 1;
  return params;
}

describe('BERT: gradient checkpointing leaves gradients bitwise unchanged', () => {
  const params = randomBert();
  const { hidden: C, intermediate: I, heads: NH, layers: L } = bertCfg;
  const BT = bB * bT;
  // Per layer besides its input: q, k, v, att, atty, res1, x1, mean1, rstd1, pre, act, res2, mean2, rstd2.
  const perLayer = 3 * BT * C + bB * NH * bT * bT + BT * C + 2 * BT * C + 2 * BT + 2 * BT * I + BT * C + 2 * BT;

  it('full fine-tune gradients', () => {
    const run = (gradientCheckpointing: boolean) => {
      const acts = bertForward(bertCfg, params, bTokens, bMask, bB, bT, { tokenTypes, gradientCheckpointing });
      const grads = allocBertParams(bertCfg);
      const bytes = savedActivationBytes(acts);
      bertBackward(bertCfg, params, acts, dembeddings, { params: grads });
      return { grads, bytes, embeddings: acts.embeddings };
    };
    const full = run(false), ckpt = run(true);
    expectBitwise(ckpt.embeddings, full.embeddings);
    expectBitwise(ckpt.grads.arena, full.grads.arena);
    expect(full.bytes - ckpt.bytes).toBe(4 * L * perLayer);
  });

  it('LoRA query/key/value gradients with adapter dropout', () => {
    const loraCfg = { rank: 2, alpha: 4, dropout: 0.2, targets: [...BERT_LORA_TARGETS] };
    const lora = allocBertLoraAdapters(bertCfg, loraCfg, 1);
    randomB(lora.layers, 2);
    const run = (gradientCheckpointing: boolean, dropoutSeed = 3) => {
      const acts = bertForward(bertCfg, params, bTokens, bMask, bB, bT, { tokenTypes, lora, training: true, dropoutSeed, gradientCheckpointing });
      const grads = allocBertLoraAdapters(bertCfg, loraCfg, 0, true);
      const bytes = savedActivationBytes(acts);
      bertBackward(bertCfg, params, acts, dembeddings, { lora: grads }, lora);
      return { grads, bytes };
    };
    const full = run(false), ckpt = run(true);
    expectBitwise(ckpt.grads.arena, full.grads.arena);
    expect(run(true, 4).grads.arena).not.toEqual(full.grads.arena);
    // + per adapted linear: (BT, R) bottleneck, keep mask and dropped input (BT, C).
    expect(full.bytes - ckpt.bytes).toBe(4 * L * (perLayer + 3 * (BT * loraCfg.rank + 2 * BT * C)));
  });
});
