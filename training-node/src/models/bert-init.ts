/**
 * A seeded random-init BERT (Hugging Face BertPreTrainedModel._init_weights: weights N(0, 0.02), LayerNorm
 * weight 1, biases and LayerNorm bias 0), for matchers trained from scratch where no pretrained weights
 * exist (tests, the evaluation harness's own matcher).
 * Non-goals: pretrained loading (io/hf.ts). No Node APIs.
 */
import { seededRandom } from '../data/random';
import { allocBertParams, type BertConfig, type BertParams } from './bert';

/** Standard normal from two uniforms (Box–Muller, cosine branch). */
export function normalSample(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** BERT parameters initialised as Hugging Face does, from `seed` (same seed, same weights). */
export function randomInitBert(cfg: BertConfig, seed: number): BertParams {
  const p = allocBertParams(cfg);
  const random = seededRandom(seed);
  for (let i = 0; i < p.arena.length; i++) p.arena[i] = normalSample(random) * 0.02;
  for (const name of ['embLnW', 'ln1W', 'ln2W'] as const) p[name].fill(1);
  for (const name of ['embLnB', 'ln1B', 'ln2B', 'bq', 'bk', 'bv', 'bo', 'bInter', 'bOut'] as const) p[name].fill(0);
  return p;
}
