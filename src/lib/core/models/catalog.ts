/**
 * The model catalog (models/catalog.json) and organisation manifests: TypeScript types, the JSON schemas ajv
 * validates them with, and lookups. The catalog is data, not code; unknown sizes and hashes stay null (never
 * invented) and are filled when an organisation mirrors a model and publishes its manifest with real sha256s.
 *
 * Non-goals: downloading (manager.ts), hashing (integrity.ts). Shape legend: sizes in bytes, VRAM in MB,
 * sha256 lowercase hex (64 chars); `upstream` is where a mirror copies from — the app itself only fetches from its
 * own origin or an organisation's static hosting (no CDNs at run time).
 */
import Ajv from 'ajv';
import { err, ok, type Result } from '../result';

export type ModelTask = 'embeddings' | 'text-generation';
export type ModelRuntime = 'transformers.js' | 'web-llm';
export type ModelDtype = 'fp32' | 'fp16' | 'q8' | 'q4' | 'q4f16' | 'q4f16_1' | 'q4f32_1';

export interface ModelFile {
  /** Path relative to the model folder, e.g. "onnx/model_quantized.onnx". */
  path: string;
  size_bytes: number | null;
  sha256: string | null;
}

export interface CatalogModel {
  /** Unique id; for web-llm the model_id, for transformers.js "<repo>@<dtype>". */
  id: string;
  label: string;
  task: ModelTask;
  runtime: ModelRuntime;
  /** Hub-style repository name (folder under the hosting root) and revision. */
  repo: string;
  revision: string;
  /** Where a mirror fetches the original files (documentation for admins; never fetched by the app). */
  upstream: string;
  dtype: ModelDtype;
  files: ModelFile[];
  /** web-llm only: the compiled model library the app must self-host. */
  model_lib?: { file: string; upstream: string; sha256: string | null };
  vram_required_MB: number | null;
  required_features?: string[];
  /** Embedding width (embeddings only). */
  dims?: number;
  context_window?: number;
  license: string;
  default?: boolean;
}

export interface ModelCatalog {
  version: 1;
  /** web-llm's modelVersion the model_lib files were compiled for. */
  webllm_model_version: string;
  models: CatalogModel[];
}

/** The model card a published model carries (training-node publish writes it; the settings screen shows it). */
export interface ModelCard {
  /** One line a recruiter can read, e.g. "Matcher fine-tuned from all-MiniLM-L6-v2 on 1,200 job/resume pairs". */
  summary: string;
  base_model?: string;
  created?: string;
  producer?: string;
  training?: {
    mode: string;
    method: string;
    steps: number;
    examples?: number | null;
    final_loss?: number | null;
    device?: string;
    seconds?: number;
  };
  /** Evaluation metrics by name (eval loss, MRR, accuracy...), and where they come from. */
  eval?: { source: string; metrics: Record<string, number> } | null;
}

/** The prebuilt web-llm library a published variant reuses: the catalog base model's, self-hosted by the app. */
export interface BaseModelLib {
  catalog_id: string;
  /** Path on the app's origin, as the catalog's model_lib.file. */
  file: string;
  sha256: string | null;
}

/** What an organisation publishes at `<baseUrl>/manifest.json` next to its model files (version 1: one variant). */
export interface ModelManifest {
  format: 'shortlist-model-manifest';
  version: 1;
  id: string;
  label?: string;
  task: ModelTask;
  runtime: ModelRuntime;
  dtype: ModelDtype;
  license: string;
  vram_required_MB?: number | null;
  /** Every file, with its real size and sha256 (required here: this is what makes integrity checks possible). */
  files: { path: string; size_bytes: number; sha256: string }[];
  model_lib?: { path: string; sha256: string };
  /** web-llm: the catalog library to load instead of a model_lib file in the folder. */
  base_model_lib?: BaseModelLib;
  /** Subfolder (ending in "/") holding a web-llm variant's mlc-chat-config.json; absent = the folder itself. */
  root?: string;
  required_features?: string[];
  dims?: number;
  context_window?: number;
  model_card?: ModelCard;
}

/** One runnable form of a published model (version 2): its runtime, dtype and the files it needs. */
export interface ManifestVariant {
  id: string;
  runtime: ModelRuntime;
  dtype: ModelDtype;
  /** Paths into the manifest's `files` (relative to the manifest's folder). */
  files: string[];
  root?: string;
  base_model_lib?: BaseModelLib;
  vram_required_MB?: number | null;
  required_features?: string[];
  default?: boolean;
}

/**
 * Version 2 (training-node publish): one folder, several variants (fp32/q8 ONNX for embeddings; fp32/q4/q4f16 ONNX
 * and web-llm q4f16_1/q4f32_1 shards for LLMs). `files` lists every file once with size and sha256; the app picks the
 * variant this device runs and downloads only that variant's files.
 */
export interface ModelManifestV2 {
  format: 'shortlist-model-manifest';
  version: 2;
  id: string;
  label?: string;
  task: ModelTask;
  license: string;
  dims?: number;
  context_window?: number;
  model_card?: ModelCard;
  files: { path: string; size_bytes: number; sha256: string }[];
  variants: ManifestVariant[];
}

const sha = { type: ['string', 'null'], pattern: '^[0-9a-f]{64}$' };
const relPath = { type: 'string', minLength: 1, pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/@+-]+$' };
const enums = {
  task: { enum: ['embeddings', 'text-generation'] },
  runtime: { enum: ['transformers.js', 'web-llm'] },
  dtype: { enum: ['fp32', 'fp16', 'q8', 'q4', 'q4f16', 'q4f16_1', 'q4f32_1'] }
};

export const catalogSchema = {
  type: 'object',
  required: ['version', 'webllm_model_version', 'models'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    version: { const: 1 },
    webllm_model_version: { type: 'string' },
    models: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label', 'task', 'runtime', 'repo', 'revision', 'upstream', 'dtype', 'files', 'vram_required_MB', 'license'],
        properties: {
          id: { type: 'string', minLength: 1 },
          label: { type: 'string', minLength: 1 },
          ...enums,
          repo: { type: 'string', pattern: '^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$' },
          revision: { type: 'string', minLength: 1 },
          upstream: { type: 'string', pattern: '^https://' },
          files: {
            type: 'array',
            minItems: 1,
            items: { type: 'object', additionalProperties: false, required: ['path', 'size_bytes', 'sha256'], properties: { path: relPath, size_bytes: { type: ['integer', 'null'], minimum: 0 }, sha256: sha } }
          },
          model_lib: { type: 'object', additionalProperties: false, required: ['file', 'upstream', 'sha256'], properties: { file: relPath, upstream: { type: 'string', pattern: '^https://' }, sha256: sha } },
          vram_required_MB: { type: ['number', 'null'], minimum: 0 },
          required_features: { type: 'array', items: { type: 'string' } },
          dims: { type: 'integer', minimum: 1 },
          context_window: { type: 'integer', minimum: 1 },
          license: { type: 'string', minLength: 1 },
          default: { type: 'boolean' }
        }
      }
    }
  }
} as const;

const fileEntry = { type: 'object', additionalProperties: false, required: ['path', 'size_bytes', 'sha256'], properties: { path: relPath, size_bytes: { type: 'integer', minimum: 0 }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } } };
const rootPath = { type: 'string', pattern: '^(?!/)(?!.*(^|/)\\.\\.(/|$))[A-Za-z0-9._/@+-]+/$' };
const baseModelLib = { type: 'object', additionalProperties: false, required: ['catalog_id', 'file', 'sha256'], properties: { catalog_id: { type: 'string', minLength: 1 }, file: relPath, sha256: sha } };
const modelCardSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['summary'],
  properties: {
    summary: { type: 'string', minLength: 1, maxLength: 500 },
    base_model: { type: 'string' },
    created: { type: 'string' },
    producer: { type: 'string' },
    training: {
      type: 'object',
      additionalProperties: false,
      required: ['mode', 'method', 'steps'],
      properties: {
        mode: { type: 'string' }, method: { type: 'string' }, steps: { type: 'integer', minimum: 0 }, examples: { type: ['integer', 'null'], minimum: 0 },
        final_loss: { type: ['number', 'null'] }, device: { type: 'string' }, seconds: { type: 'number', minimum: 0 }
      }
    },
    eval: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['source', 'metrics'],
      properties: { source: { type: 'string' }, metrics: { type: 'object', additionalProperties: { type: 'number' } } }
    }
  }
};
const sharedOptional = {
  dims: { type: 'integer', minimum: 1 },
  context_window: { type: 'integer', minimum: 1 },
  model_card: modelCardSchema
};

export const manifestSchema = {
  type: 'object',
  required: ['format', 'version', 'id', 'task', 'runtime', 'dtype', 'license', 'files'],
  additionalProperties: false,
  properties: {
    format: { const: 'shortlist-model-manifest' },
    version: { const: 1 },
    id: { type: 'string', minLength: 1, maxLength: 200 },
    label: { type: 'string' },
    ...enums,
    license: { type: 'string', minLength: 1 },
    vram_required_MB: { type: ['number', 'null'], minimum: 0 },
    files: { type: 'array', minItems: 1, items: fileEntry },
    model_lib: { type: 'object', additionalProperties: false, required: ['path', 'sha256'], properties: { path: relPath, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } } },
    base_model_lib: baseModelLib,
    root: rootPath,
    required_features: { type: 'array', items: { type: 'string' } },
    ...sharedOptional
  }
} as const;

export const manifestV2Schema = {
  type: 'object',
  required: ['format', 'version', 'id', 'task', 'license', 'files', 'variants'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    format: { const: 'shortlist-model-manifest' },
    version: { const: 2 },
    id: { type: 'string', minLength: 1, maxLength: 200 },
    label: { type: 'string' },
    task: enums.task,
    license: { type: 'string', minLength: 1 },
    ...sharedOptional,
    files: { type: 'array', minItems: 1, items: fileEntry },
    variants: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'runtime', 'dtype', 'files'],
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 200 },
          runtime: enums.runtime,
          dtype: enums.dtype,
          files: { type: 'array', minItems: 1, items: relPath },
          root: rootPath,
          base_model_lib: baseModelLib,
          vram_required_MB: { type: ['number', 'null'], minimum: 0 },
          required_features: { type: 'array', items: { type: 'string' } },
          default: { type: 'boolean' }
        }
      }
    }
  }
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const validateCatalogShape = ajv.compile(catalogSchema);
const validateManifestShape = ajv.compile(manifestSchema);
const validateManifestV2Shape = ajv.compile(manifestV2Schema);

/** Validate a parsed catalog: schema, unique ids, web-llm entries carry model_lib, one default per task. */
export function validateCatalog(value: unknown, file = 'models/catalog.json'): Result<ModelCatalog> {
  if (!validateCatalogShape(value)) return err({ code: 'models/catalog-invalid', file, message: `${file}: ${ajv.errorsText(validateCatalogShape.errors, { dataVar: 'catalog' })}` });
  const catalog = value as unknown as ModelCatalog;
  const seen = new Set<string>();
  for (const [i, m] of catalog.models.entries()) {
    if (seen.has(m.id)) return err({ code: 'models/catalog-invalid', file, message: `${file}: models[${i}].id "${m.id}" is duplicated` });
    seen.add(m.id);
    if (m.runtime === 'web-llm' && !m.model_lib) return err({ code: 'models/catalog-invalid', file, message: `${file}: models[${i}] ("${m.id}") is a web-llm model without model_lib` });
    if (m.task === 'embeddings' && !m.dims) return err({ code: 'models/catalog-invalid', file, message: `${file}: models[${i}] ("${m.id}") is an embedding model without dims` });
  }
  for (const task of ['embeddings', 'text-generation'] as const) {
    const defaults = catalog.models.filter((m) => m.task === task && m.default);
    if (defaults.length > 1) return err({ code: 'models/catalog-invalid', file, message: `${file}: ${defaults.length} default models for task ${task}; at most one` });
  }
  return ok(catalog);
}

/** Validate an organisation's manifest.json, version 1 (fetched from `url`, named in errors). */
export function validateManifest(value: unknown, url: string): Result<ModelManifest> {
  if (!validateManifestShape(value)) return err({ code: 'models/manifest-invalid', file: url, message: `${url}: ${ajv.errorsText(validateManifestShape.errors, { dataVar: 'manifest' })}` });
  const m = value as unknown as ModelManifest;
  const paths = new Set<string>();
  for (const f of m.files) {
    if (paths.has(f.path)) return err({ code: 'models/manifest-invalid', file: url, message: `${url}: file "${f.path}" is listed twice` });
    paths.add(f.path);
  }
  return ok(m);
}

/** Validate a version 1 or 2 manifest: schema, unique files, every variant file listed, unique variant ids. */
export function validateAnyManifest(value: unknown, url: string): Result<ModelManifest | ModelManifestV2> {
  if ((value as { version?: unknown } | null)?.version !== 2) return validateManifest(value, url);
  const bad = (message: string) => err({ code: 'models/manifest-invalid', file: url, message: `${url}: ${message}` });
  if (!validateManifestV2Shape(value)) return bad(ajv.errorsText(validateManifestV2Shape.errors, { dataVar: 'manifest' }));
  const m = value as unknown as ModelManifestV2;
  const paths = new Set<string>();
  for (const f of m.files) {
    if (paths.has(f.path)) return bad(`file "${f.path}" is listed twice`);
    paths.add(f.path);
  }
  const ids = new Set<string>();
  for (const v of m.variants) {
    if (ids.has(v.id)) return bad(`variant id "${v.id}" is listed twice`);
    ids.add(v.id);
    const missing = v.files.find((p) => !paths.has(p));
    if (missing) return bad(`variant "${v.id}" needs "${missing}", which "files" does not list`);
    if (v.runtime === 'web-llm' && !v.base_model_lib) return bad(`variant "${v.id}" is a web-llm variant without base_model_lib`);
  }
  return ok(m);
}

/** The version 1 manifest of one variant of a version 2 manifest (what an installed model records). */
export function resolveManifestVariant(m: ModelManifestV2, variantId: string): ModelManifest {
  const v = m.variants.find((x) => x.id === variantId);
  if (!v) throw new Error(`manifest ${m.id}: no variant "${variantId}" (variants: ${m.variants.map((x) => x.id).join(', ')})`);
  const byPath = new Map(m.files.map((f) => [f.path, f]));
  return {
    format: m.format, version: 1, id: v.id, ...(m.label ? { label: m.label } : {}), task: m.task, runtime: v.runtime, dtype: v.dtype, license: m.license,
    ...(v.vram_required_MB !== undefined ? { vram_required_MB: v.vram_required_MB } : {}),
    files: v.files.map((p) => byPath.get(p)!),
    ...(v.base_model_lib ? { base_model_lib: v.base_model_lib } : {}),
    ...(v.root ? { root: v.root } : {}),
    ...(v.required_features ? { required_features: v.required_features } : {}),
    ...(m.dims ? { dims: m.dims } : {}),
    ...(m.context_window ? { context_window: m.context_window } : {}),
    ...(m.model_card ? { model_card: m.model_card } : {})
  };
}

/**
 * The variant of a version 2 manifest this device should install: web-llm with WebGPU (q4f16_1 only with
 * shader-f16), then transformers.js on WebGPU (q4f16/fp16 need shader-f16), then transformers.js on WASM — the
 * same tiers as runnableModels; within a tier the publisher's default first, then the listed order.
 * Undefined when no variant runs here.
 */
export function pickManifestVariant(m: ModelManifestV2, caps: DeviceCaps): ManifestVariant | undefined {
  const tier = (v: ManifestVariant): number => {
    if ((v.required_features ?? []).includes('shader-f16') && !caps.shaderF16) return -1;
    if (caps.vramMB !== undefined && v.vram_required_MB != null && v.vram_required_MB > caps.vramMB) return -1;
    if (v.runtime === 'web-llm') return caps.webgpu && (v.dtype !== 'q4f16_1' || caps.shaderF16) ? 0 : -1;
    if (v.dtype === 'q4f16' || v.dtype === 'fp16') return caps.webgpu && caps.shaderF16 ? 1 : -1;
    return 2;
  };
  return m.variants
    .map((v, i) => ({ v, i, t: tier(v) }))
    .filter((x) => x.t >= 0)
    .sort((a, b) => a.t - b.t || Number(!!b.v.default) - Number(!!a.v.default) || a.i - b.i)[0]?.v;
}

/** Catalog entries for a task (optionally a runtime), default first. */
export function modelsFor(catalog: ModelCatalog, task: ModelTask, runtime?: ModelRuntime): CatalogModel[] {
  return catalog.models.filter((m) => m.task === task && (!runtime || m.runtime === runtime)).sort((a, b) => Number(!!b.default) - Number(!!a.default));
}

/** Total known download size of a model (null when any file size is unknown). */
export function knownDownloadBytes(model: CatalogModel): number | null {
  let total = 0;
  for (const f of model.files) {
    if (f.size_bytes === null) return null;
    total += f.size_bytes;
  }
  return total;
}

/** What this machine can run (the page detects it: navigator.gpu adapter, its features and limits). */
export interface DeviceCaps {
  webgpu: boolean;
  shaderF16: boolean;
  /** Rough budget for model memory on the GPU; unknown = no VRAM filtering. */
  vramMB?: number;
}

/**
 * Models of `task` this machine can run, best first: web-llm with WebGPU (q4f16_1 only with shader-f16, else
 * q4f32_1), then transformers.js on WebGPU (q4f16 needs shader-f16), then transformers.js on WASM. Within a tier
 * the catalog default comes first. An empty list means the feature needs a model this device cannot run.
 */
export function runnableModels(catalog: ModelCatalog, task: ModelTask, caps: DeviceCaps): CatalogModel[] {
  const fits = (m: CatalogModel) =>
    (m.required_features ?? []).every((f) => f !== 'shader-f16' || caps.shaderF16) && (caps.vramMB === undefined || m.vram_required_MB === null || m.vram_required_MB <= caps.vramMB);
  const tier = (m: CatalogModel): number => {
    if (m.runtime === 'web-llm') return caps.webgpu ? 0 : -1;
    const needsGpu = m.dtype === 'q4f16' || m.dtype === 'fp16';
    if (needsGpu) return caps.webgpu ? 1 : -1;
    return 2;
  };
  return catalog.models
    .filter((m) => m.task === task && tier(m) >= 0 && fits(m))
    .sort((a, b) => tier(a) - tier(b) || Number(!!b.default) - Number(!!a.default));
}
