/**
 * Load what a training run starts from: a Llama-family decoder (Hugging Face folder, or llama2.c `.bin`
 * with its `tok*.bin` tokenizer beside it) with a ChatTokenizer, or a BERT encoder folder with its
 * WordPiece tokenizer. `--tokenizer` overrides where the tokenizer comes from (an HF folder or a tok*.bin).
 *
 * Non-goals: hub downloads, sharded writes. Node APIs (reads files through io/node-files).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadHfBert, loadHfLlama, loadHfTokenizer, type HfTokenizer } from '../io/hf';
import { readLlama2cCheckpoint } from '../io/llama2c';
import type { MergedSource } from '../io/export-hf';
import { LLAMA2C_BOS, LLAMA2C_EOS, readLlama2cTokenizer } from '../io/llama2c-tokenizer';
import { nodeModelFiles } from '../io/node-files';
import type { BertConfig, BertParams } from '../models/bert';
import type { LlamaModel } from '../models/llama';
import { type ChatTokenizer, hfChatTokenizer, llama2cChatTokenizer } from './chat-tokenizer';
import { TrainConfigError } from './config';

/** A decoder ready to train, plus the files its tokenizer came from (copied next to exports). */
export interface LoadedDecoder {
  model: LlamaModel;
  tokenizer: ChatTokenizer;
  tokenizerFiles: string[];
  source: MergedSource; // what merged/ keeps from the source: token ids, generation_config.json, dtype
}

const HF_TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];

function isDir(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}

/** Load a decoder from an HF folder or a llama2.c .bin (tokenizer: --tokenizer, else beside the model). */
export async function loadDecoder(modelPath: string, tokenizerPath?: string): Promise<LoadedDecoder> {
  let model: LlamaModel;
  let source: MergedSource;
  let tokenizerSource = tokenizerPath;
  if (isDir(modelPath)) {
    const loaded = await loadHfLlama(nodeModelFiles(modelPath));
    model = { config: loaded.config, params: loaded.params };
    source = loaded.source;
    tokenizerSource ??= modelPath;
  } else if (existsSync(modelPath)) {
    model = readLlama2cCheckpoint(new Uint8Array(readFileSync(modelPath)), modelPath);
    source = { dtype: 'F32', tokenIds: { bos: LLAMA2C_BOS, eos: LLAMA2C_EOS } }; // llama2.c: f32 weights, BOS 1, EOS 2
    if (!tokenizerSource) {
      const dir = path.dirname(modelPath);
      const candidates = readdirSync(dir).filter((n) => /^tok.*\.bin$/.test(n)).sort();
      if (candidates.length === 0) throw new TrainConfigError(`${modelPath}: no tok*.bin tokenizer beside the llama2.c model; pass --tokenizer`);
      tokenizerSource = path.join(dir, candidates[0]);
    }
  } else {
    throw new TrainConfigError(`--model ${modelPath}: not found (expected a Hugging Face folder or a llama2.c .bin)`);
  }
  if (isDir(tokenizerSource)) {
    const tok = await loadHfTokenizer(nodeModelFiles(tokenizerSource));
    const files = HF_TOKENIZER_FILES.map((n) => path.join(tokenizerSource!, n)).filter(existsSync);
    return { model, tokenizer: hfChatTokenizer(tok), tokenizerFiles: files, source };
  }
  if (!existsSync(tokenizerSource)) throw new TrainConfigError(`--tokenizer ${tokenizerSource}: not found`);
  const tok = readLlama2cTokenizer(new Uint8Array(readFileSync(tokenizerSource)), model.config.vocabSize, tokenizerSource);
  return { model, tokenizer: llama2cChatTokenizer(tok), tokenizerFiles: [tokenizerSource], source };
}

/**
 * The longest input, in tokens, the app embeds with this encoder: transformers.js' feature-extraction pipeline
 * (workers/embed/pipeline.ts) tokenizes with `truncation: true` and no max_length, so it cuts at the tokenizer's
 * `model_max_length` (tokenizer_config.json; 512 for MiniLM), which cannot exceed the position table. The matcher
 * trains at this length by default so training sees what serving embeds.
 */
export function servingMaxLength(tokenizerConfig: Record<string, unknown>, config: Pick<BertConfig, 'maxPositions'>): number {
  const declared = tokenizerConfig.model_max_length;
  const fromTokenizer = typeof declared === 'number' && Number.isFinite(declared) && declared > 0 ? Math.floor(declared) : Infinity;
  return Math.min(fromTokenizer, config.maxPositions);
}

/** A BERT encoder ready to train, with its tokenizer. */
export interface LoadedEncoder {
  config: BertConfig;
  params: BertParams;
  tokenizer: HfTokenizer;
  tokenizerFiles: string[];
}

/** Load a BERT HF folder; the tokenizer comes from --tokenizer (an HF folder) or the model folder. */
export async function loadEncoder(modelDir: string, tokenizerDir?: string): Promise<LoadedEncoder> {
  if (!isDir(modelDir)) throw new TrainConfigError(`--model ${modelDir}: not a folder (the matcher needs a Hugging Face BERT folder)`);
  const { config, params } = await loadHfBert(nodeModelFiles(modelDir));
  const tokDir = tokenizerDir ?? modelDir;
  if (!isDir(tokDir)) throw new TrainConfigError(`--tokenizer ${tokDir}: not a folder with tokenizer.json`);
  const tokenizer = await loadHfTokenizer(nodeModelFiles(tokDir));
  return { config, params, tokenizer, tokenizerFiles: HF_TOKENIZER_FILES.map((n) => path.join(tokDir, n)).filter(existsSync) };
}
