/**
 * The embedding-model side of the browser re-fit: read an installed transformers.js BERT folder (config.json,
 * onnx/model.onnx f32, tokenizer.json) into our encoder, and write the adapted model back out as a folder the app
 * installs and training-node reads: the LoRA merged into query/key/value (io/peft.ts mergeBertLora), the
 * feature-extraction ONNX (export/bert-onnx.ts), the base's tokenizer files, the adapter itself as PEFT files
 * (adapter/adapter_config.json + adapter/adapter_model.safetensors) and a version 2 manifest.json with every
 * file's size and SHA-256 (export/manifest.ts, the schema of src/lib/core/models/catalog.ts).
 *
 * Non-goals: quantised (q8/q4) base weights (io/onnx.ts reads float initializers only: such a model cannot be
 * adapted), zip packaging (the app's download; training-node import-adapter reads folder or zip). Hashing is
 * injectable; the default is WebCrypto (browser and Node). No DOM, no Node APIs.
 */
import { hfConfigFromBert } from '../io/export-hf';
import { bertConfigFromHf, loadHfTokenizer } from '../io/hf';
import { onnxTensorLookup, readOnnxWeights } from '../io/onnx';
import { mergeBertLora, serializePeftAdapter } from '../io/peft';
import { type BertConfig, type BertParams, bertParamsFromTensors } from '../models/bert';
import type { BertLoraTarget, LoraAdapters } from '../models/lora';
import type { TextTokenizer } from '../train/matcher';
import { bertOnnxModel } from '../export/bert-onnx';
import { buildManifest, type ModelManifestV2 } from '../export/manifest';
import { sha256HexOfBytes } from '../../../src/lib/core/models/integrity';
import type { EmbedLoraReport } from './embed-lora';

/** A model folder in memory: relative path → bytes. */
export type FolderFiles = Record<string, Uint8Array>;

export const ADAPTER_CONFIG = 'adapter/adapter_config.json';
export const ADAPTER_WEIGHTS = 'adapter/adapter_model.safetensors';
export const ADAPTED_ONNX = 'onnx/model.onnx';
const TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];

export interface LoadedEmbeddingModel {
  config: BertConfig;
  params: BertParams;
  tokenize: TextTokenizer;
}

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Our encoder from a transformers.js BERT folder; errors name the file and what is wrong. */
export async function loadEmbeddingModel(files: FolderFiles, source = 'model'): Promise<LoadedEmbeddingModel> {
  const need = (p: string): Uint8Array => {
    const f = files[p];
    if (!f) throw new Error(`${source}/${p}: missing (adapting needs config.json, ${ADAPTED_ONNX} in float32 and tokenizer.json)`);
    return f;
  };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text(need('config.json'))) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${source}/config.json: ${(e as Error).message}`);
  }
  const config = bertConfigFromHf(json as never, `${source}/config.json`);
  const weights = readOnnxWeights(need(ADAPTED_ONNX), undefined, `${source}/${ADAPTED_ONNX}`);
  const params = bertParamsFromTensors(config, onnxTensorLookup(weights), `${source}/${ADAPTED_ONNX}`);
  need('tokenizer.json');
  const tok = await loadHfTokenizer(async (name) => files[name]);
  return { config, params, tokenize: (t) => tok.tokenizer.encode(t).ids };
}

export interface AdaptedExport {
  /** Every file of the folder, manifest.json included. */
  files: FolderFiles;
  manifest: ModelManifestV2;
  /** The merged parameters the ONNX holds (for checks). */
  merged: BertParams;
}

/** The adapted model as a published folder (one fp32 transformers.js variant; the adapter listed as extra files). */
export async function exportAdaptedModel(opts: {
  base: FolderFiles; config: BertConfig; params: BertParams; lora: LoraAdapters<BertLoraTarget>;
  id: string; label: string; baseModel: string; report?: Pick<EmbedLoraReport, 'before' | 'after' | 'losses' | 'device' | 'ms' | 'train'>;
  created?: string; sha256?: (bytes: Uint8Array) => Promise<string>;
}): Promise<AdaptedExport> {
  const hash = opts.sha256 ?? sha256HexOfBytes;
  const merged = mergeBertLora(opts.config, opts.params, opts.lora);
  const enc = new TextEncoder();
  const files: FolderFiles = {};
  const baseCfg = opts.base['config.json'] ? (JSON.parse(text(opts.base['config.json'])) as Record<string, unknown>) : {};
  files['config.json'] = enc.encode(JSON.stringify({ ...baseCfg, ...hfConfigFromBert(opts.config) }, null, 2) + '\n');
  const shared = ['config.json'];
  for (const name of TOKENIZER_FILES) {
    if (opts.base[name]) (files[name] = opts.base[name]), shared.push(name);
  }
  files[ADAPTED_ONNX] = bertOnnxModel(opts.config, merged, 'fp32', { 'shortlist.model_id': opts.id, 'shortlist.base_model': opts.baseModel });
  const peft = serializePeftAdapter(opts.lora, opts.baseModel);
  files[ADAPTER_CONFIG] = enc.encode(peft.adapterConfigJson);
  files[ADAPTER_WEIGHTS] = peft.adapterSafetensors;
  const listed = await Promise.all(Object.entries(files).map(async ([path, bytes]) => ({ path, size_bytes: bytes.byteLength, sha256: await hash(bytes) })));
  listed.sort((a, b) => a.path.localeCompare(b.path));
  const r = opts.report;
  const manifest = buildManifest({
    id: opts.id, label: opts.label, task: 'embeddings', license: 'unspecified', dims: opts.config.hidden,
    model_card: {
      summary: `Embedding model "${opts.label.slice(0, 200)}" adapted on the device from ${opts.baseModel.slice(0, 100)} (LoRA r=${opts.lora.config.rank} on ${opts.lora.config.targets.join('/')}) to a recruiter's decisions.`,
      base_model: opts.baseModel.slice(0, 100), created: opts.created ?? new Date().toISOString(), producer: 'shortlist refit (browser)',
      ...(r ? {
        training: { mode: 'embed-lora', method: `LoRA r=${opts.lora.config.rank}`, steps: r.losses.length, examples: r.train.selected + r.train.rejected, final_loss: r.losses.at(-1) ?? null, device: r.device.slice(0, 100), seconds: Math.round(r.ms / 100) / 10 },
        eval: { source: 'held-out decisions (pairwise agreement)', metrics: { auc_before: r.before.auc, auc_after: r.after.auc, pairs: r.after.pairs } }
      } : {})
    },
    files: listed,
    variants: [{ id: `${opts.id}@fp32`, runtime: 'transformers.js', dtype: 'fp32', files: [...shared, ADAPTED_ONNX], default: true }]
  });
  files['manifest.json'] = enc.encode(JSON.stringify(manifest, null, 2) + '\n');
  return { files, manifest, merged };
}
