/**
 * The whole BERT encoder's backward (CPU) against central finite differences of a loss on the pooled,
 * L2-normalised embeddings, with a padded batch and token types: every parameter tensor is probed, and
 * LoRA query/key/value adapters on a frozen base (with seeded, hence repeatable, adapter dropout).
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { allocBertParams, BERT_PARAM_NAMES, bertBackward, bertForward, type BertConfig, type BertParams } from '../../src/models/bert';
import { allocBertLoraAdapters, BERT_LORA_TARGETS, type LoraAdapters, type BertLoraTarget } from '../../src/models/lora';
import { centralDifference, expectGradClose } from './finite-diff';

const cfg: BertConfig = { vocabSize: 13, hidden: 8, intermediate: 12, layers: 2, heads: 2, maxPositions: 8, typeVocabSize: 2, layerNormEps: 1e-12 };
const B = 2, T = 4;
const tokens = Int32Array.from([2, 5, 7, 3, 2, 9, 3, 0]);
const mask = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 0]);
const types = Int32Array.from([0, 0, 1, 1, 0, 1, 1, 0]);
const direction = Float32Array.from({ length: B * cfg.hidden }, (_, i) => Math.sin(i + 1)); // loss = <emb, direction>

function randomParams(): BertParams {
  const params = allocBertParams(cfg);
  const rand = seededRandom(3);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.5;
  for (const ln of ['embLnW', 'ln1W', 'ln2W'] as const) for (let i = 0; i < params[ln].length; i++) params[ln][i] += 1;
  return params;
}

function lossOf(params: BertParams, lora: LoraAdapters<BertLoraTarget> | null = null): number {
  const e = bertForward(cfg, params, tokens, mask, B, T, { tokenTypes: types, lora, training: true, dropoutSeed: 2 }).embeddings;
  let s = 0;
  for (let i = 0; i < e.length; i++) s += e[i] * direction[i];
  return s;
}

describe('BERT backward vs finite differences', () => {
  it('matches on every parameter tensor', () => {
    const params = randomParams();
    const loss = (): number => lossOf(params);
    const grads = allocBertParams(cfg);
    bertBackward(cfg, params, bertForward(cfg, params, tokens, mask, B, T, { tokenTypes: types }), direction, { params: grads });
    let checked = 0;
    for (const name of BERT_PARAM_NAMES) {
      const p = params[name];
      // embedding tables: probe rows that are used; others must have zero gradient
      const indices = name === 'wordEmb' ? [5 * 8 + 1, 9 * 8 + 6] : name === 'posEmb' ? [3 * 8 + 2] : name === 'typeEmb' ? [8 + 4] : [0, 5, p.length - 1];
      for (const i of indices) {
        const n = centralDifference(p, i, loss);
        expectGradClose(grads[name][i], n, `${name}[${i}]`, 1e-3);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(grads.wordEmb[11 * 8]).toBe(0); // token 11 never occurs
    expect(grads.posEmb.subarray(4 * 8).every((g) => g === 0)).toBe(true); // positions ≥ T unused
  });

  it('matches on LoRA query/key/value adapters over a frozen base (dropout 0.1)', () => {
    const params = randomParams();
    const loraCfg = { rank: 2, alpha: 4, dropout: 0.1, targets: [...BERT_LORA_TARGETS] };
    const lora = allocBertLoraAdapters(cfg, loraCfg, 5);
    const rand = seededRandom(6);
    for (const layer of lora.layers) for (const pair of Object.values(layer)) for (let i = 0; i < pair!.B.length; i++) pair!.B[i] = rand() - 0.5;
    const grads = allocBertLoraAdapters(cfg, loraCfg, 0, true);
    const acts = bertForward(cfg, params, tokens, mask, B, T, { tokenTypes: types, lora, training: true, dropoutSeed: 2 });
    bertBackward(cfg, params, acts, direction, { lora: grads }, lora);
    for (let l = 0; l < cfg.layers; l++) {
      for (const target of BERT_LORA_TARGETS) {
        for (const which of ['A', 'B'] as const) {
          for (const i of [0, 7]) {
            const n = centralDifference(lora.layers[l][target]![which], i, () => lossOf(params, lora));
            const a = grads.layers[l][target]![which][i];
            expectGradClose(a, n, `layer ${l} ${target}.${which}[${i}]`, 1e-3);
          }
        }
      }
    }
    expect(grads.arena.some((g) => Math.abs(g) > 1e-4)).toBe(true);
  });
});
