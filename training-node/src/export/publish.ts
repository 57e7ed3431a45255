/**
 * `training-node publish RUN --out DIR`: turn a training run into a folder any static host can serve and the app
 * installs by URL. A matcher run (`model/`, BERT) becomes a transformers.js feature-extraction folder (fp32 + q8);
 * a decoder run (`merged/`, Llama-family; tokenizer.json or a llama2.c tok*.bin) becomes a transformers.js
 * text-generation folder with a KV cache (fp32 + q4 + q4f16) and, where a catalog web-llm library fits, MLC shards
 * under `mlc/<quantisation>/`. `manifest.json` (version 2) lists every file with size and SHA-256, the variants and
 * the model card. Everything is written into a staging folder beside DIR and renamed into place at the end, so a
 * failed publish leaves DIR as it was.
 *
 * Non-goals: uploading, signing, LoRA adapters on their own (publish reads the merged weights the run wrote).
 * Shape legend: paths in the manifest are relative to DIR with "/" separators.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hfConfigFromBert, hfConfigFromLlama } from '../io/export-hf';
import { loadHfBert, loadHfLlama } from '../io/hf';
import { readLlama2cTokenizer } from '../io/llama2c-tokenizer';
import { nodeModelFiles } from '../io/node-files';
import type { LlamaConfig, LlamaParams } from '../models/llama-params';
import { bertOnnxGraph } from './bert-onnx';
import { llamaOnnxGraph } from './llama-onnx';
import { buildManifest, type ManifestVariant, type ModelManifestV2, modelCard, type TrainSummaryLike } from './manifest';
import { MLC_QUANTIZATIONS, type MlcQuantization, mlcTensors, shardTensors } from './mlc';
import { architectureFromMlcConfig, catalogBaseName, type CatalogWebLlmEntry, matchMlcBase } from './mlc-bases';
import { MLC_TOKENIZER_FILES, mlcChatConfig } from './mlc-chat-config';
import type { OnnxGraph } from './onnx-graph';
import { ONNX_FILE_OF, type OnnxWeightFormat } from './onnx-linear';
import { inlineChatTemplate, llama2cTokenizerConfig, llama2cTokenizerJson, specialTokenId } from './tokenizer-export';

/** Options of one publish. */
export interface PublishOptions {
  run: string; // run folder (model/ or merged/ inside), or a model folder itself
  out: string;
  id?: string; // manifest id, e.g. "acme/screening-matcher" (default: the run folder's name)
  label?: string;
  license?: string;
  formats?: OnnxWeightFormat[]; // default: fp32,q8 (encoders), fp32,q4,q4f16 (decoders)
  mlc?: 'auto' | 'none' | MlcQuantization[]; // auto: every quantisation a catalog library fits, skip the rest
  mlcBaseConfig?: string; // the base model's mlc-chat-config.json (conv_template and architecture facts)
  catalog?: string; // models/catalog.json (default: the app's)
  evalFile?: string; // an evaluation summary JSON (default: RUN/eval/summary.json or RUN/eval-summary.json)
  chatTemplate?: string; // a file with a Jinja chat template overriding the tokenizer's
  force?: boolean; // replace an existing DIR
  maxInlineOnnxBytes?: number; // weights beyond this go to onnx/<file>_data (default 1.5 GiB; protobuf stops at 2 GiB)
  log?: (line: string) => void;
  now?: () => Date;
}

/** What a publish wrote. */
export interface PublishResult {
  out: string;
  manifest: ModelManifestV2;
  /** MLC quantisations not written, with the reason (auto mode). */
  mlcSkipped: { quantization: MlcQuantization; reason: string }[];
}

/** Bad input for publish (the CLI prints the message and exits 1; nothing is written). */
export class PublishError extends Error {
  override name = 'PublishError';
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The app's model catalog, which names the web-llm libraries the app self-hosts. */
export const DEFAULT_CATALOG = path.resolve(here, '../../../models/catalog.json');

function readJsonFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PublishError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new PublishError(`${file}: invalid JSON (${(e as Error).message})`);
  }
}

/** The model folder of a run and what it holds. */
export function locateModel(run: string): { kind: 'encoder' | 'decoder'; dir: string } {
  if (!existsSync(run) || !statSync(run).isDirectory()) throw new PublishError(`${run}: not a folder (expected a training run with model/ or merged/)`);
  for (const dir of [path.join(run, 'model'), path.join(run, 'merged'), run]) {
    const cfgFile = path.join(dir, 'config.json');
    if (!existsSync(cfgFile)) continue;
    const type = String(readJsonFile(cfgFile).model_type ?? '');
    if (type === 'bert') return { kind: 'encoder', dir };
    if (['llama', 'qwen2', 'mistral'].includes(type)) return { kind: 'decoder', dir };
    throw new PublishError(`${cfgFile}: model_type "${type}" cannot be published (bert encoders and llama/qwen2/mistral decoders can)`);
  }
  throw new PublishError(`${run}: no model/config.json (matcher run), merged/config.json (sft/dpo run) or config.json`);
}

/** Writes files into a staging folder, hashing each as it goes. */
class StagedFolder {
  readonly files = new Map<string, { size_bytes: number; sha256: string }>();
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }
  write(rel: string, data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const file = path.join(this.dir, ...rel.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    this.files.set(rel, { size_bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  json(rel: string, value: unknown): void {
    this.write(rel, JSON.stringify(value, null, 2) + '\n');
  }
  /** Write a file from chunks in order (an external data file can pass what one buffer holds). */
  writeChunks(rel: string, chunks: Uint8Array[]): void {
    const file = path.join(this.dir, ...rel.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    const hash = createHash('sha256');
    const fd = openSync(file, 'w');
    let size = 0;
    try {
      for (const c of chunks) {
        for (let at = 0; at < c.byteLength; ) at += writeSync(fd, c, at, c.byteLength - at);
        hash.update(c);
        size += c.byteLength;
      }
    } finally {
      closeSync(fd);
    }
    this.files.set(rel, { size_bytes: size, sha256: hash.digest('hex') });
  }
}

/** Write onnx/<file> (and onnx/<file>_data when the weights go external); returns the paths and whether they did. */
function writeOnnx(staging: StagedFolder, format: OnnxWeightFormat, graph: OnnxGraph, opts: PublishOptions): { paths: string[]; external: boolean } {
  const name = ONNX_FILE_OF[format];
  const files = graph.encodeFiles(name, { maxInlineBytes: opts.maxInlineOnnxBytes });
  staging.write(`onnx/${name}`, files.model);
  if (!files.data) return { paths: [`onnx/${name}`], external: false };
  staging.writeChunks(`onnx/${name}_data`, files.data);
  return { paths: [`onnx/${name}`, `onnx/${name}_data`], external: true };
}

/** config.json's transformers.js_config naming the ONNX files whose weights are external (A3), if any. */
function transformersJsConfig(external: string[]): Record<string, unknown> {
  return external.length ? { 'transformers.js_config': { use_external_data_format: Object.fromEntries(external.map((f) => [f, true])) } } : {};
}

/** Publish a run; see the file comment. */
export async function publishRun(opts: PublishOptions): Promise<PublishResult> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const out = path.resolve(opts.out);
  if (existsSync(out) && !opts.force) throw new PublishError(`${out}: already exists (pass --force to replace it)`);
  const { kind, dir } = locateModel(opts.run);
  const runName = path.basename(path.resolve(opts.run));
  const id = opts.id ?? runName;
  const label = opts.label ?? id;
  const summaryFile = path.join(opts.run, 'train-summary.json');
  const summary = existsSync(summaryFile) ? (readJsonFile(summaryFile) as TrainSummaryLike) : undefined;
  if (!summary) log(`[training-node] publish: ${summaryFile} not found; the model card will say nothing about training`);
  const evalFile = opts.evalFile ?? [path.join(opts.run, 'eval', 'summary.json'), path.join(opts.run, 'eval-summary.json')].find(existsSync);
  const evalJson = evalFile ? readJsonFile(evalFile) : undefined;
  // The card names what was measured ("training-node eval on test.jsonl (120 rows)") when the summary says so.
  const evaluation = evalFile && evalJson ? { source: typeof evalJson.source === 'string' && evalJson.source.trim() ? evalJson.source : path.basename(evalFile), json: evalJson } : undefined;
  const created = (opts.now?.() ?? new Date()).toISOString();
  const staging = new StagedFolder(path.join(path.dirname(out), `.${path.basename(out)}.staging-${process.pid}-${Date.now()}`));
  try {
    const task = kind === 'encoder' ? 'embeddings' : 'text-generation';
    const card = modelCard({ task, label, summary, evaluation, created });
    let variants: ManifestVariant[];
    let extra: { dims?: number; context_window?: number };
    let mlcSkipped: PublishResult['mlcSkipped'] = [];
    if (kind === 'encoder') {
      ({ variants, extra } = await publishEncoder(dir, id, opts, staging, log));
    } else {
      ({ variants, extra, mlcSkipped } = await publishDecoder(dir, id, opts, staging, log));
    }
    const files = [...staging.files].map(([p, f]) => ({ path: p, ...f })).sort((a, b) => a.path.localeCompare(b.path));
    const manifest = buildManifest({ id, label, task, license: opts.license ?? 'unspecified', ...extra, model_card: card, files, variants });
    staging.json('manifest.json', manifest);
    if (existsSync(out)) {
      const old = `${out}.old-${process.pid}-${Date.now()}`;
      renameSync(out, old);
      renameSync(staging.dir, out);
      rmSync(old, { recursive: true, force: true });
    } else {
      mkdirSync(path.dirname(out), { recursive: true });
      renameSync(staging.dir, out);
    }
    const bytes = files.reduce((n, f) => n + f.size_bytes, 0);
    log(`[training-node] publish: ${files.length} files (${(bytes / 1e6).toFixed(1)} MB), variants ${variants.map((v) => v.id).join(', ')} → ${out}`);
    return { out, manifest, mlcSkipped };
  } catch (e) {
    rmSync(staging.dir, { recursive: true, force: true });
    throw e;
  }
}

const HF_TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

function transformersVariant(id: string, format: OnnxWeightFormat, shared: string[], onnx: string[], isDefault: boolean): ManifestVariant {
  return {
    id: `${id}@${format}`, runtime: 'transformers.js', dtype: format, files: [...shared, ...onnx],
    ...(format === 'q4f16' ? { required_features: ['shader-f16'] } : {}), ...(isDefault ? { default: true } : {})
  };
}

async function publishEncoder(dir: string, id: string, opts: PublishOptions, staging: StagedFolder, log: (line: string) => void) {
  const formats = opts.formats ?? ['fp32', 'q8'];
  for (const f of formats) if (f !== 'fp32' && f !== 'q8') throw new PublishError(`--formats ${f}: encoders are published as fp32 and/or q8`);
  const { config, params } = await loadHfBert(nodeModelFiles(dir));
  const tokenizerJson = path.join(dir, 'tokenizer.json');
  if (!existsSync(tokenizerJson)) throw new PublishError(`${dir}: no tokenizer.json (transformers.js needs the fast tokenizer file)`);
  const onnx = new Map<OnnxWeightFormat, { paths: string[]; external: boolean }>();
  for (const format of formats) {
    log(`[training-node] publish: onnx/${ONNX_FILE_OF[format]} (BERT, ${format})`);
    onnx.set(format, writeOnnx(staging, format, bertOnnxGraph(config, params, format, { 'shortlist.model_id': id }), opts));
  }
  const external = formats.filter((f) => onnx.get(f)!.external).map((f) => ONNX_FILE_OF[f]);
  staging.json('config.json', { ...hfConfigFromBert(config), ...transformersJsConfig(external) });
  staging.write('tokenizer.json', new Uint8Array(readFileSync(tokenizerJson)));
  const tokCfgFile = path.join(dir, 'tokenizer_config.json');
  const tokCfg = existsSync(tokCfgFile) ? readJsonFile(tokCfgFile) : {};
  // Longer inputs would index past the position table: let the tokenizer truncate to it.
  const maxLength = Math.min(typeof tokCfg.model_max_length === 'number' ? tokCfg.model_max_length : Infinity, config.maxPositions);
  staging.json('tokenizer_config.json', { ...tokCfg, model_max_length: maxLength });
  const shared = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];
  const def = formats.includes('q8') ? 'q8' : formats[0];
  return { variants: formats.map((f) => transformersVariant(id, f, shared, onnx.get(f)!.paths, f === def)), extra: { dims: config.hidden } };
}

/** Tokenizer files of a decoder folder: its tokenizer.json, or one exported from a llama2.c tok*.bin. */
function decoderTokenizer(dir: string, cfg: LlamaConfig, opts: PublishOptions): { json: Record<string, unknown>; config: Record<string, unknown>; extra: Record<string, Uint8Array> } {
  const override = opts.chatTemplate ? readFileSync(opts.chatTemplate, 'utf8') : undefined;
  if (existsSync(path.join(dir, 'tokenizer.json'))) {
    const json = readJsonFile(path.join(dir, 'tokenizer.json'));
    const cfgFile = path.join(dir, 'tokenizer_config.json');
    const templateFile = path.join(dir, 'chat_template.jinja');
    const config = inlineChatTemplate(existsSync(cfgFile) ? readJsonFile(cfgFile) : {}, existsSync(templateFile) ? readFileSync(templateFile, 'utf8') : undefined, override);
    const extra: Record<string, Uint8Array> = {};
    const map = path.join(dir, 'special_tokens_map.json');
    if (existsSync(map)) extra['special_tokens_map.json'] = new Uint8Array(readFileSync(map));
    return { json, config, extra };
  }
  const bins = readdirSync(dir).filter((n) => /^tok.*\.bin$/.test(n)).sort();
  if (bins.length === 0) throw new PublishError(`${dir}: no tokenizer.json and no llama2.c tok*.bin tokenizer`);
  const file = path.join(dir, bins[0]);
  const tok = readLlama2cTokenizer(new Uint8Array(readFileSync(file)), cfg.vocabSize, file);
  return { json: llama2cTokenizerJson(tok, file), config: llama2cTokenizerConfig(cfg.maxSeqLen, override), extra: {} };
}

async function publishDecoder(dir: string, id: string, opts: PublishOptions, staging: StagedFolder, log: (line: string) => void) {
  const formats = opts.formats ?? ['fp32', 'q4', 'q4f16'];
  const { config: cfg, params } = await loadHfLlama(nodeModelFiles(dir));
  const tok = decoderTokenizer(dir, cfg, opts);
  const ids = { bos: specialTokenId(tok.json, tok.config.bos_token), eos: specialTokenId(tok.json, tok.config.eos_token), pad: specialTokenId(tok.json, tok.config.pad_token) };
  if (ids.eos === undefined) throw new PublishError(`${dir}: tokenizer_config.json names no eos_token found in tokenizer.json; generation would never stop`);
  const idFields = { bos_token_id: ids.bos ?? null, eos_token_id: ids.eos, ...(ids.pad !== undefined ? { pad_token_id: ids.pad } : {}) };
  const onnx = new Map<OnnxWeightFormat, { paths: string[]; external: boolean }>();
  for (const format of formats) {
    log(`[training-node] publish: onnx/${ONNX_FILE_OF[format]} (${cfg.attentionBias ? 'Qwen2' : 'Llama'}-family decoder, ${format})`);
    onnx.set(format, writeOnnx(staging, format, llamaOnnxGraph(cfg, params, format, { 'shortlist.model_id': id }), opts));
  }
  const external = formats.filter((f) => onnx.get(f)!.external).map((f) => ONNX_FILE_OF[f]);
  staging.json('config.json', { ...hfConfigFromLlama(cfg), ...idFields, ...transformersJsConfig(external) });
  staging.json('generation_config.json', idFields);
  staging.json('tokenizer.json', tok.json);
  staging.json('tokenizer_config.json', tok.config);
  for (const [name, data] of Object.entries(tok.extra)) staging.write(name, data);
  const shared = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];
  const def = formats.includes('q4') ? 'q4' : formats[0];
  const variants = formats.map((f) => transformersVariant(id, f, shared, onnx.get(f)!.paths, f === def));
  const mlc = writeMlc(cfg, params, id, tok.json, ids, opts, staging, log);
  return { variants: [...variants, ...mlc.variants], extra: { context_window: cfg.maxSeqLen }, mlcSkipped: mlc.skipped };
}

/** MLC shards for every requested quantisation a catalog library fits; refusals are errors when asked for explicitly. */
function writeMlc(
  cfg: LlamaConfig, params: LlamaParams, id: string, tokenizerJson: Record<string, unknown>, ids: { bos?: number; eos?: number; pad?: number },
  opts: PublishOptions, staging: StagedFolder, log: (line: string) => void
): { variants: ManifestVariant[]; skipped: PublishResult['mlcSkipped'] } {
  const mode = opts.mlc ?? 'auto';
  if (mode === 'none') return { variants: [], skipped: [] };
  const wanted = mode === 'auto' ? [...MLC_QUANTIZATIONS] : mode;
  const catalog = readJsonFile(opts.catalog ?? DEFAULT_CATALOG).models as CatalogWebLlmEntry[];
  const baseConfig = opts.mlcBaseConfig ? readJsonFile(opts.mlcBaseConfig) : undefined;
  const override = baseConfig && opts.mlcBaseConfig ? { name: baseNameOf(baseConfig, opts.mlcBaseConfig, catalog), arch: architectureFromMlcConfig(baseConfig, opts.mlcBaseConfig) } : undefined;
  const variants: ManifestVariant[] = [];
  const skipped: PublishResult['mlcSkipped'] = [];
  for (const quantization of wanted) {
    const matched = matchMlcBase(cfg, quantization, catalog, override);
    if (!matched.ok || !baseConfig) {
      const reason = !matched.ok ? matched.reason
        : `the model fits ${matched.match.catalogId}, but MLC shards need that base's mlc-chat-config.json for its conversation template: pass --mlc-base-config <mirror>/${matched.match.catalogId}/mlc-chat-config.json`;
      if (mode !== 'auto') throw new PublishError(`--mlc ${quantization}: ${reason}`);
      log(`[training-node] publish: MLC ${quantization} not written: ${reason}`);
      skipped.push({ quantization, reason });
      continue;
    }
    const root = `mlc/${quantization}/`;
    log(`[training-node] publish: ${root} (web-llm ${quantization}, reusing ${matched.match.modelLib.file})`);
    const cache = shardTensors(mlcTensors(cfg, params, quantization));
    for (const shard of cache.shards) staging.write(`${root}${shard.path}`, shard.data);
    staging.json(`${root}tensor-cache.json`, cache.json);
    staging.json(`${root}ndarray-cache.json`, cache.json); // web-llm ≤ 0.2.79 reads this name (B1)
    staging.json(`${root}mlc-chat-config.json`, mlcChatConfig(baseConfig, cfg, quantization, matched.match, tokenizerJson, ids));
    for (const name of MLC_TOKENIZER_FILES) staging.write(`${root}${name}`, readFileSync(path.join(staging.dir, name)));
    const files = [...staging.files.keys()].filter((p) => p.startsWith(root));
    variants.push({
      id: `${id}@${quantization}`, runtime: 'web-llm', dtype: quantization, root, files,
      base_model_lib: { catalog_id: matched.match.catalogId, file: matched.match.modelLib.file, sha256: matched.match.modelLib.sha256 },
      vram_required_MB: matched.match.vramRequiredMB,
      ...(matched.match.requiredFeatures.length ? { required_features: matched.match.requiredFeatures } : {})
    });
  }
  return { variants, skipped };
}

/** Which catalog base a base mlc-chat-config.json belongs to: its folder name (the mirror's model id). */
function baseNameOf(json: Record<string, unknown>, file: string, catalog: CatalogWebLlmEntry[]): string {
  const folder = path.basename(path.dirname(path.resolve(file)));
  const names = new Set(catalog.filter((m) => m.runtime === 'web-llm').map((m) => catalogBaseName(m.id)));
  const name = catalogBaseName(folder);
  if (names.has(name)) return name;
  throw new PublishError(`${file}: its folder "${folder}" is not a catalog web-llm model (${[...names].join(', ')}); keep the mirror's folder name (model_type ${String(json.model_type)})`);
}
