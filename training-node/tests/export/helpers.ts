/**
 * Shared pieces of the publish tests: tiny training runs made by the real trainers (a BERT matcher with the real
 * MiniLM tokenizer, a Llama decoder with the llama2.c tok512 tokenizer, both CPU, a few steps), ONNX Runtime feeds
 * for the decoder graph, and error measures. Fixtures from ../shared; tests skip with a note when absent.
 *
 * Non-goals: assertions (each test states its own bounds).
 */
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { dequantizeMatMulNBits, quantizeMatMulNBits } from '../../src/export/quantize';
import { floatToHalfBits, halfBitsToFloat } from '../../src/io/half';
import { allocLlamaParams, type LlamaConfig, type LlamaParams } from '../../src/models/llama-params';
import { makeTrainConfig } from '../../src/train/config';
import { runDecoderTraining } from '../../src/train/decoder-run';
import { runMatcherTraining } from '../../src/train/matcher-run';
import { SFT_ROWS, sharedPath, writeJsonl, writeTinyBertDir, writeTinyLlamaDir } from '../train/fixtures';

export const minilmTokenizer = sharedPath('models/minilm-l6-tokenizer');
export const tok512 = sharedPath('models/llama2c-aidreams260k/tok512.bin');
const quiet = { log: () => {} };

/** Job/resume triplets small enough to train on in seconds. */
export const MATCHER_ROWS = [
  { anchor: 'Senior accountant: general ledger, month-end close, GAAP', positive: 'Accountant for six years; reconciliations, GAAP reporting, month-end close in QuickBooks.', negative: 'Line cook, grill and prep.' },
  { anchor: 'Registered nurse for the intensive care unit', positive: 'ICU nurse, ventilator care, patient charting, BLS certified.', negative: 'Java developer building REST services.' },
  { anchor: 'Backend engineer: Kubernetes and Go', positive: 'Ran Kubernetes clusters for 40 services; wrote Go microservices.', negative: 'Primary school teacher, literacy programmes.' },
  { anchor: 'Truck driver with a CDL licence', positive: 'Class A CDL, 8 years long-haul, clean record.', negative: 'Payroll clerk, ADP, timesheets.' }
];

/** Train a tiny BERT matcher (full fine-tune, MNRL, CPU) into `<dir>/run`; returns the run folder. */
export async function trainTinyMatcher(dir: string, steps = 6): Promise<string> {
  writeTinyBertDir(path.join(dir, 'base'), 5);
  const data = writeJsonl(path.join(dir, 'train.jsonl'), MATCHER_ROWS);
  const val = writeJsonl(path.join(dir, 'val.jsonl'), MATCHER_ROWS.slice(0, 3));
  const cfg = makeTrainConfig({ mode: 'matcher', model: path.join(dir, 'base'), data, out: path.join(dir, 'run') }, {
    device: 'cpu', tokenizer: minilmTokenizer.path, val, fullFinetune: true, loss: 'mnrl', steps, lr: 1e-3, warmup: 1, batchSize: 4, seqLen: 32, evalEvery: steps, quiet: true
  });
  await runMatcherTraining(cfg, quiet);
  return cfg.out;
}

/** Train LoRA adapters on a tiny random Llama (llama2.c tokenizer, CPU) into `<dir>/run`; returns the run folder. */
export async function trainTinyDecoder(dir: string, steps = 6): Promise<string> {
  writeTinyLlamaDir(path.join(dir, 'base'), 9);
  const data = writeJsonl(path.join(dir, 'sft.jsonl'), SFT_ROWS);
  const cfg = makeTrainConfig({ mode: 'sft', model: path.join(dir, 'base'), data, out: path.join(dir, 'run') }, {
    device: 'cpu', tokenizer: tok512.path, val: data, steps, lr: 5e-3, warmup: 1, batchSize: 2, seqLen: 64, loraR: 4, evalEvery: steps, quiet: true
  });
  await runDecoderTraining(cfg, quiet);
  return cfg.out;
}

/** ONNX Runtime feeds of one decoder step (batch 1): ids after `past` cached tokens, and the past tensors. */
export function decoderFeeds(
  ids: number[], pastLength: number, layers: number, kvHeads: number, headDim: number, past?: Record<string, ort.Tensor>
): Record<string, ort.Tensor> {
  const total = pastLength + ids.length;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (v) => BigInt(v)), [1, ids.length]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
    position_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (_, i) => BigInt(pastLength + i)), [1, ids.length])
  };
  for (let l = 0; l < layers; l++) {
    for (const kind of ['key', 'value']) {
      feeds[`past_key_values.${l}.${kind}`] = past?.[`present.${l}.${kind}`] ?? new ort.Tensor('float32', new Float32Array(0), [1, kvHeads, 0, headDim]);
    }
  }
  return feeds;
}

/** Largest |a[i] - b[i]| (and where), optionally only where `keep(i)`. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, keep: (i: number) => boolean = () => true): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) if (keep(i)) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Largest |x|. */
export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Index of the largest value in row r of a [rows, V] array. */
export function argmaxRow(a: ArrayLike<number>, r: number, V: number): number {
  let best = 0;
  for (let v = 1; v < V; v++) if (a[r * V + v] > a[r * V + best]) best = v;
  return best;
}

/**
 * A copy of decoder params whose linear weights are what a q4 MatMulNBits kernel multiplies with (quantised and
 * dequantised per layer; `f16Scales` rounds the block scales to float16 as model_q4f16.onnx stores them).
 */
export function q4DequantizedParams(cfg: LlamaConfig, params: LlamaParams, f16Scales = false): LlamaParams {
  const copy = allocLlamaParams(cfg);
  copy.arena.set(params.arena);
  const { hidden: C, intermediate: I } = cfg;
  const QD = cfg.heads * cfg.headDim, KVD = cfg.kvHeads * cfg.headDim;
  const shapes: [keyof LlamaParams, number, number][] = [['wq', QD, C], ['wk', KVD, C], ['wv', KVD, C], ['wo', C, QD], ['wGate', I, C], ['wUp', I, C], ['wDown', C, I]];
  const roundTrip = (w: Float32Array, N: number, K: number): Float32Array => {
    const q = quantizeMatMulNBits(w, N, K);
    const scales = f16Scales ? Float32Array.from(q.scales, (s) => halfBitsToFloat(floatToHalfBits(s))) : q.scales;
    return dequantizeMatMulNBits(q, scales);
  };
  for (const [name, N, K] of shapes) {
    for (let l = 0; l < cfg.layers; l++) (copy[name] as Float32Array).set(roundTrip((params[name] as Float32Array).subarray(l * N * K, (l + 1) * N * K), N, K), l * N * K);
  }
  if (cfg.tiedEmbeddings) throw new Error('q4DequantizedParams: a tied head is quantised apart from the embedding; the engine cannot hold both');
  copy.lmHead.set(roundTrip(params.lmHead, cfg.vocabSize, C));
  return copy;
}
