/**
 * A sentence-embedding matcher the harness trains itself, on the CPU, with training-node's engine: a small
 * BERT from a seeded random init (no pretrained weights exist offline), the real MiniLM WordPiece tokenizer
 * (../shared/models/minilm-l6-tokenizer), full fine-tune with MultipleNegativesRankingLoss on (anchor,
 * positive) rows, then an `embed` function over the trained weights. The engine's bertForward equals the
 * exported ONNX to ~1e-7, so these vectors are what the app would compute with this model.
 * Purpose: the model of eval/semantic.ts (part `semantic`). Non-goals: choosing rows (semantic.ts), export.
 * Shape legend: vectors are L2-normalised Float32Array[hidden] (mean pooling), one per text; texts longer
 * than the model's window are truncated to MATCHER_SEQ_LEN tokens (keeping [SEP]), as in training.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadHfTokenizer } from '../training-node/src/io/hf';
import { nodeModelFiles, writeHfBertDir } from '../training-node/src/io/node-files';
import type { BertConfig, BertParams } from '../training-node/src/models/bert';
import { randomInitBert } from '../training-node/src/models/bert-init';
import { makeTrainConfig } from '../training-node/src/train/config';
import { cachedTokenizer, encodeTexts } from '../training-node/src/train/matcher';
import { runMatcherTraining } from '../training-node/src/train/matcher-run';
import { DATA } from './data';

export const TOKENIZER_DIR = path.resolve(DATA, '../models/minilm-l6-tokenizer');

/** Tokens per text (the model's position window): a resume chunk (~500 chars) is ~110 tokens, cut here. */
export const MATCHER_SEQ_LEN = 64;

/**
 * The shape: 1 layer, hidden 64, 2 heads, MiniLM's 30,522-token vocabulary (2.0 M parameters, nearly all in
 * the word embeddings). Chosen so three folds train and embed ~24,000 resume chunks in minutes on two shared
 * CPU cores; a deeper or wider model costs time roughly in proportion.
 */
export const MATCHER_SHAPE: BertConfig = {
  vocabSize: 30522, hidden: 64, intermediate: 128, layers: 1, heads: 2, maxPositions: MATCHER_SEQ_LEN, typeVocabSize: 2, layerNormEps: 1e-12
};

export interface MatcherTraining {
  steps: number;
  batchSize: number;
  lr: number;
  seed: number;
}

export const DEFAULT_TRAINING: MatcherTraining = { steps: 80, batchSize: 16, lr: 3e-3, seed: 7 };

export interface TrainedMatcher {
  embed: (texts: string[]) => Float32Array[];
  /** The trained encoder (bench:refit-lora installs it as the base model to adapt). */
  model: { config: BertConfig; params: BertParams };
  /** Mean MNRL loss of the first and last tenth of the steps, and the wall time of training. */
  lossStart: number;
  lossEnd: number;
  seconds: number;
  parameters: number;
}

/** Train a matcher on (anchor, positive) rows with MNRL (in-batch negatives), deterministic for a seed. */
export async function trainMatcher(rows: Array<{ anchor: string; positive: string }>, t: MatcherTraining = DEFAULT_TRAINING, shape: BertConfig = MATCHER_SHAPE): Promise<TrainedMatcher> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shortlist-eval-matcher-'));
  try {
    const init = randomInitBert(shape, t.seed);
    writeHfBertDir(path.join(dir, 'base'), shape, init);
    const parameters = init.arena.length;
    const data = path.join(dir, 'train.jsonl');
    writeFileSync(data, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const cfg = makeTrainConfig({ mode: 'matcher', model: path.join(dir, 'base'), data, out: path.join(dir, 'out') }, {
      device: 'cpu', tokenizer: TOKENIZER_DIR, fullFinetune: true, loss: 'mnrl', steps: t.steps, lr: t.lr, warmup: Math.ceil(t.steps / 10),
      weightDecay: 0.01, batchSize: t.batchSize, seqLen: MATCHER_SEQ_LEN, seed: t.seed, quiet: true
    });
    const { model, session } = await runMatcherTraining(cfg, { log: () => {} });
    const hf = await loadHfTokenizer(nodeModelFiles(TOKENIZER_DIR));
    const tokenize = cachedTokenizer((text) => hf.tokenizer.encode(text).ids, MATCHER_SEQ_LEN);
    const C = shape.hidden;
    const embed = (texts: string[]): Float32Array[] => {
      const flat = encodeTexts(model, tokenize, texts, 32);
      return texts.map((_, i) => flat.slice(i * C, (i + 1) * C));
    };
    const losses = session.history.map((m) => m.loss);
    const tenth = Math.max(1, Math.floor(losses.length / 10));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return { embed, model: { config: model.config, params: model.params }, lossStart: mean(losses.slice(0, tenth)), lossEnd: mean(losses.slice(-tenth)), seconds: session.seconds, parameters };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
