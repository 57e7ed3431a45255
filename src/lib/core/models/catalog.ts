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

/** What an organisation publishes at `<baseUrl>/manifest.json` next to its model files. */
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
    files: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', additionalProperties: false, required: ['path', 'size_bytes', 'sha256'], properties: { path: relPath, size_bytes: { type: 'integer', minimum: 0 }, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } } }
    },
    model_lib: { type: 'object', additionalProperties: false, required: ['path', 'sha256'], properties: { path: relPath, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } } }
  }
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const validateCatalogShape = ajv.compile(catalogSchema);
const validateManifestShape = ajv.compile(manifestSchema);

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

/** Validate an organisation's manifest.json (fetched from `url`, named in errors). */
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
