/**
 * The whole BERT encoder's backward (CPU) against central finite differences of a loss on the pooled,
 * L2-normalised embeddings, with a padded batch and token types: every parameter tensor is probed.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { allocBertParams, BERT_PARAM_NAMES, bertBackward, bertForward, type BertConfig } from '../../src/models/bert';

const cfg: BertConfig = { vocabSize: 13, hidden: 8, intermediate: 12, layers: 2, heads: 2, maxPositions: 8, typeVocabSize: 2, layerNormEps: 1e-12 };
const B = 2, T = 4;
const tokens = Int32Array.from([2, 5, 7, 3, 2, 9, 3, 0]);
const mask = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 0]);
const types = Int32Array.from([0, 0, 1, 1, 0, 1, 1, 0]);
const direction = Float32Array.from({ length: B * cfg.hidden }, (_, i) => Math.sin(i + 1)); // loss = <emb, direction>

describe('BERT backward vs finite differences', () => {
  it('matches on every parameter tensor', () => {
    const params = allocBertParams(cfg);
    const rand = seededRandom(3);
    for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.5;
    for (const ln of ['embLnW', 'ln1W', 'ln2W'] as const) for (let i = 0; i < params[ln].length; i++) params[ln][i] += 1;
    const loss = (): number => {
      const e = bertForward(cfg, params, tokens, mask, B, T, types).embeddings;
      let s = 0;
      for (let i = 0; i < e.length; i++) s += e[i] * direction[i];
      return s;
    };
    const grads = allocBertParams(cfg);
    bertBackward(cfg, params, bertForward(cfg, params, tokens, mask, B, T, types), direction, grads);
    let checked = 0;
    for (const name of BERT_PARAM_NAMES) {
      const p = params[name];
      // embedding tables: probe rows that are used; others must have zero gradient
      const indices = name === 'wordEmb' ? [5 * 8 + 1, 9 * 8 + 6] : name === 'posEmb' ? [3 * 8 + 2] : name === 'typeEmb' ? [8 + 4] : [0, 5, p.length - 1];
      for (const i of indices) {
        const eps = 1e-2;
        const old = p[i];
        p[i] = old + eps;
        const up = loss();
        p[i] = old - eps;
        const down = loss();
        p[i] = old;
        const numeric = (up - down) / (2 * eps);
        const tol = 1e-3 + 3e-2 * Math.abs(numeric);
        if (Math.abs(grads[name][i] - numeric) > tol) throw new Error(`${name}[${i}]: analytic ${grads[name][i]} vs numeric ${numeric}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(grads.wordEmb[11 * 8]).toBe(0); // token 11 never occurs
    expect(grads.posEmb.subarray(4 * 8).every((g) => g === 0)).toBe(true); // positions ≥ T unused
  });
});
