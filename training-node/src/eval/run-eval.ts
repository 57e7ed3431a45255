/**
 * A whole `training-node eval` run: find the tuned model in a training run (merged/ for sft/dpo, model/ for the
 * matcher; export/publish locateModel), its base (--base, else the run's train-summary.json `config.model`),
 * run both on the held-out file — screening tasks through the app's prompts, schemas and checkers for decoders,
 * retrieval against BM25 for matchers — and write eval.json (schema-checked), eval.html and summary.json (what
 * `publish` reads as the model card's evaluation) into --out, default RUN/eval, each file atomically.
 *
 * Non-goals: flag parsing (cli/commands/eval.ts), metric arithmetic (metrics.ts). Node APIs (files).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { locateModel } from '../export/publish';
import { writeFileAtomic } from '../io/node-files';
import { cachedTokenizer } from '../train/matcher';
import { TrainConfigError } from '../train/config';
import { loadDecoder, loadEncoder, servingMaxLength } from '../train/model-load';
import { readEvalRows, runDecoderEval } from './decoder-eval';
import { engineGenerator } from './generate';
import { bm25Retrieval, encoderRetrieval, readRetrievalSet } from './matcher-eval';
import { decoderMetrics } from './metrics';
import { chartJsSource, checkEvalReport, type EncoderResult, evalHtml, evalSummary, type EvalReport } from './report';

/** Settings of an eval run. */
export interface EvalOptions {
  run: string;
  data: string;
  out?: string; // default RUN/eval
  base?: string; // default: train-summary.json config.model
  tokenizer?: string; // default: the tuned folder's own tokenizer, else the run's --tokenizer
  limit?: number;
  maxNewTokens?: number; // default 256
  context?: number; // default: the model's positions
  bins?: number; // reliability bins, default 10
  log?: (line: string) => void;
  now?: () => Date;
}

/** What the run wrote. */
export interface EvalResult {
  report: EvalReport;
  files: { json: string; html: string; summary: string };
}

function readSummaryConfig(run: string): { model?: string; tokenizer?: string } {
  const file = path.join(run, 'train-summary.json');
  if (!existsSync(file)) return {};
  try {
    const cfg = (JSON.parse(readFileSync(file, 'utf8')) as { config?: { model?: unknown; tokenizer?: unknown } }).config ?? {};
    return { ...(typeof cfg.model === 'string' ? { model: cfg.model } : {}), ...(typeof cfg.tokenizer === 'string' ? { tokenizer: cfg.tokenizer } : {}) };
  } catch (e) {
    throw new TrainConfigError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** The tokenizer a model folder carries: the folder (tokenizer.json) or its llama2.c tok*.bin. */
function tokenizerIn(dir: string): string | undefined {
  if (existsSync(path.join(dir, 'tokenizer.json'))) return dir;
  const bin = existsSync(dir) ? readdirSync(dir).filter((n) => /^tok.*\.bin$/.test(n)).sort()[0] : undefined;
  return bin ? path.join(dir, bin) : undefined;
}

function mustExist(file: string, flag: string): void {
  if (!existsSync(file)) throw new TrainConfigError(`${flag} ${file}: not found`);
}

/** Token ids that end an answer according to a model's config (eos_token_id: a number or a list). */
function configStopIds(source: { config?: Record<string, unknown>; tokenIds?: { eos?: number } }): number[] {
  const eos = source.config?.eos_token_id ?? source.tokenIds?.eos;
  return (Array.isArray(eos) ? eos : [eos]).filter((id): id is number => typeof id === 'number');
}

/** Run the evaluation as configured and write its files. */
export async function runEval(opts: EvalOptions): Promise<EvalResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  mustExist(opts.data, '--data');
  const { kind, dir: tunedDir } = locateModel(opts.run);
  const summary = readSummaryConfig(opts.run);
  const base = opts.base ?? summary.model;
  if (!base) throw new TrainConfigError(`${opts.run}: no train-summary.json naming the base model; pass --base <model>`);
  mustExist(base, '--base');
  const tokenizer = opts.tokenizer ?? tokenizerIn(tunedDir) ?? summary.tokenizer;
  if (tokenizer) mustExist(tokenizer, '--tokenizer');
  const out = opts.out ?? path.join(opts.run, 'eval');
  const notes: string[] = [];
  const settings: EvalReport['settings'] = {};
  let report: EvalReport;
  const common = {
    format: 'shortlist-eval' as const, version: 1 as const, created: (opts.now?.() ?? new Date()).toISOString(), run: path.basename(path.resolve(opts.run)),
    models: { base, tuned: tunedDir }
  };
  if (kind === 'decoder') {
    const rows = readEvalRows(opts.data, opts.limit ?? Infinity);
    const maxNewTokens = opts.maxNewTokens ?? 256;
    const metricsOf = async (who: 'base' | 'tuned', modelPath: string) => {
      const loaded = await loadDecoder(modelPath, tokenizer);
      const context = opts.context ?? loaded.model.config.maxSeqLen;
      settings[`${who}Context`] = context;
      log(`[training-node] eval: ${who} ${modelPath} on ${rows.length} rows (context ${context}, up to ${maxNewTokens} new tokens)`);
      const generator = engineGenerator(loaded.model, loaded.tokenizer, configStopIds(loaded.source));
      const outcomes = await runDecoderEval(generator, rows, { maxNewTokens, context, onRow: (done, total) => { if (done % 10 === 0 || done === total) log(`[training-node] eval: ${who} ${done}/${total}`); } });
      return decoderMetrics(outcomes, opts.bins ?? 10);
    };
    const baseMetrics = await metricsOf('base', base);
    const tunedMetrics = await metricsOf('tuned', tunedDir);
    Object.assign(settings, { maxNewTokens, decoding: 'greedy, temperature 0, no schema constraint' });
    notes.push(
      'Prompts, schemas and checkers are the app\'s (core/llm): the held-out rows carry the prompts its builders wrote; answers go through runScreeningTask with checkRecommendation / checkSkillScores.',
      'Decoding is greedy without the JSON-schema constraint the app adds in the browser (web-llm xgrammar), so validity measures what the model writes on its own; rows cut off at the token cap count as invalid.',
      'Calibration: confidence is the probability the model gave the tokens of its own decision; rows without a parseable decision are not in the reliability diagram but count as wrong in accuracy.',
      `Prompts longer than the context are fitted by shortening the resume (as training does); rows that still do not fit count as failures (eval/prompt-too-long).`
    );
    report = { ...common, kind, data: { file: opts.data, rows: rows.length }, settings, decoder: { base: baseMetrics, tuned: tunedMetrics }, notes };
  } else {
    const set = readRetrievalSet(opts.data);
    const resultOf = async (who: 'base' | 'tuned', modelPath: string): Promise<EncoderResult> => {
      const loaded = await loadEncoder(modelPath, tokenizer);
      const maxLength = servingMaxLength(loaded.tokenizer.config, loaded.config);
      settings[`${who}MaxLength`] = maxLength;
      const tokenize = cachedTokenizer((text) => loaded.tokenizer.tokenizer.encode(text).ids, maxLength);
      const started = performance.now();
      const metrics = encoderRetrieval({ config: loaded.config, params: loaded.params, lora: null }, tokenize, set);
      const texts = set.queries.length + set.candidates.length;
      return { ...metrics, msPerText: texts > 0 ? (performance.now() - started) / texts : null };
    };
    log(`[training-node] eval: matcher on ${set.queries.length} job descriptions × ${set.candidates.length} passages`);
    const baseResult = await resultOf('base', base);
    const tunedResult = await resultOf('tuned', tunedDir);
    notes.push(
      'Each distinct job description is a query over every distinct passage of the file; relevant = score >= 0.5 (or the positive of a triplet).',
      'Encoders embed with mean pooling + L2 normalisation at the length the app embeds at (tokenizer model_max_length), on the training engine (equal to the exported ONNX within 1e-6); BM25 is eval/bm25.ts (Okapi, k1 1.5, b 0.75) on the same candidates.',
      'precision@10 divides by min(10, candidates).'
    );
    report = {
      ...common, kind: 'matcher', data: { file: opts.data, rows: set.queries.length }, settings,
      matcher: { queries: set.queries.length, candidates: set.candidates.length, base: baseResult, tuned: tunedResult, bm25: bm25Retrieval(set) }, notes
    };
  }
  checkEvalReport(report);
  const files = { json: path.join(out, 'eval.json'), html: path.join(out, 'eval.html'), summary: path.join(out, 'summary.json') };
  writeFileAtomic(files.json, JSON.stringify(report, null, 2) + '\n');
  writeFileAtomic(files.html, evalHtml(report, chartJsSource()));
  writeFileAtomic(files.summary, JSON.stringify(evalSummary(report), null, 2) + '\n');
  log(`[training-node] eval: wrote ${files.json}, ${files.html}, ${files.summary}`);
  return { report, files };
}
