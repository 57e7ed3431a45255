/**
 * manifest.json of a published model folder: the app's version 2 manifest (src/lib/core/models/catalog.ts, the one
 * schema both sides validate with) — every file with its size and SHA-256, the variants (runtime, dtype, the files
 * each needs, the base web-llm library it reuses) and a model card built from the run's train-summary.json and
 * evaluation summary. Pure: hashing and file reading are the caller's (publish.ts).
 *
 * Non-goals: choosing variants (publish.ts), signing. Shape legend: sizes in bytes, sha256 lowercase hex.
 */
import {
  type ManifestVariant, type ModelCard, type ModelManifestV2, type ModelTask, validateAnyManifest
} from '../../../src/lib/core/models/catalog';

export type { ManifestVariant, ModelCard, ModelManifestV2 };

/** One published file. */
export interface PublishedFile {
  path: string;
  size_bytes: number;
  sha256: string;
}

/** The fields of train-summary.json the card reads (session.ts writeSummary). */
export interface TrainSummaryLike {
  mode?: string;
  steps?: number;
  seconds?: number;
  finalLoss?: number;
  finalEval?: Record<string, unknown> | null;
  device?: string;
  trainRows?: number;
  trainableParameters?: number;
  fullFinetune?: boolean;
  data?: Record<string, unknown>;
  config?: { model?: string; loraR?: number; fullFinetune?: boolean; qlora?: boolean; loss?: string };
}

/** Numeric metrics of an evaluation summary: top-level numbers and one level of nesting ("split.metric"). */
export function numericMetrics(json: Record<string, unknown>, skip: ReadonlySet<string> = new Set()): Record<string, number> {
  const out: Record<string, number> = {};
  const source = json.metrics && typeof json.metrics === 'object' && !Array.isArray(json.metrics) ? (json.metrics as Record<string, unknown>) : json;
  for (const [k, v] of Object.entries(source)) {
    if (skip.has(k)) continue;
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) if (typeof v2 === 'number' && Number.isFinite(v2)) out[`${k}.${k2}`] = v2;
    }
  }
  return out;
}

/** How a run trained, in words ("LoRA r=8", "full fine-tune", "QLoRA r=16"). */
function methodOf(s: TrainSummaryLike): string {
  if (s.fullFinetune || s.config?.fullFinetune) return 'full fine-tune';
  const r = s.config?.loraR;
  return `${s.config?.qlora ? 'QLoRA' : 'LoRA'}${r ? ` r=${r}` : ''}`;
}

function examplesOf(s: TrainSummaryLike): number | null {
  if (typeof s.trainRows === 'number') return s.trainRows;
  const d = s.data ?? {};
  for (const key of ['trainSequences', 'trainPairs']) if (typeof d[key] === 'number') return d[key] as number;
  return null;
}

/**
 * The model card: a one-line summary, base model (folder name only: local paths stay on the workstation), how it
 * trained, and evaluation metrics — from a separate evaluation summary when there is one, else the validation
 * metrics of the last eval step in train-summary.json.
 */
export function modelCard(opts: {
  task: ModelTask; label: string; summary?: TrainSummaryLike; evaluation?: { source: string; json: Record<string, unknown> }; created: string;
}): ModelCard {
  const s = opts.summary;
  const base = s?.config?.model ? s.config.model.split(/[\\/]/).filter(Boolean).pop() : undefined;
  const kind = opts.task === 'embeddings' ? 'Resume/job matcher (embeddings)' : 'Screening language model';
  const examples = s ? examplesOf(s) : null;
  const card: ModelCard = {
    // The app's schema caps the summary at 500 characters; a long label is shortened, not refused.
    summary: `${kind} "${opts.label.length > 200 ? `${opts.label.slice(0, 199)}…` : opts.label}"${base ? ` fine-tuned from ${base.slice(0, 100)}` : ''}${s ? ` (${methodOf(s)}, ${s.steps ?? 0} steps${examples !== null ? ` on ${examples} examples` : ''})` : ''}.`,
    ...(base ? { base_model: base } : {}),
    created: opts.created,
    producer: 'training-node publish'
  };
  if (s) {
    card.training = {
      mode: s.mode ?? 'unknown', method: methodOf(s), steps: s.steps ?? 0, examples,
      final_loss: typeof s.finalLoss === 'number' ? s.finalLoss : null,
      ...(s.device ? { device: s.device } : {}), ...(typeof s.seconds === 'number' ? { seconds: Math.round(s.seconds * 10) / 10 } : {})
    };
  }
  if (opts.evaluation) {
    card.eval = { source: opts.evaluation.source, metrics: numericMetrics(opts.evaluation.json) };
  } else if (s?.finalEval) {
    const metrics = Object.fromEntries(Object.entries(numericMetrics(s.finalEval)).filter(([k]) => k.startsWith('eval_')));
    card.eval = { source: `validation set at step ${String(s.finalEval.step ?? s.steps ?? '?')} (train-summary.json)`, metrics };
  } else card.eval = null;
  return card;
}

/** Assemble and validate the version 2 manifest (throws naming what is wrong; the app would refuse it too). */
export function buildManifest(m: Omit<ModelManifestV2, 'format' | 'version'>): ModelManifestV2 {
  const manifest: ModelManifestV2 = { format: 'shortlist-model-manifest', version: 2, ...m };
  const checked = validateAnyManifest(manifest, 'manifest.json');
  if (!checked.ok) throw new Error(`publish: the manifest would be invalid: ${checked.error.message}`);
  return manifest;
}
