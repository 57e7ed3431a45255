/**
 * Adapting the active embedding model to a job family's decisions (issue 14, on the device): whether it can run
 * (an embedding model is active and its installed variant is the float32 ONNX the engine reads), gathering the
 * family's decided candidates as masked text chunks (the semantic signal's own chunks, core/embed/semantic-input)
 * and each job's text (title + the requirements judged by meaning), the LoRA in the adapt worker, installing the
 * result as a model of its own (its own id, a new version on every re-run) made active with the family re-scored,
 * reverting to the model active before (re-scored: the same scores, since scoring is deterministic and the old
 * model's vectors are still cached), and the zip for central training (`training-node import-adapter`).
 * Non-goals: the training and export (training-node/src/adapt), layout (components/refit/AdaptPanel.svelte).
 */
import { zipSync } from 'fflate';
import { isSemanticRequirement } from '../core/embed/semantic';
import { prepareSemanticInput } from '../core/embed/semantic-input';
import type { Result } from '../core/result';
import { listDecidedScores } from '../db';
import { CacheApiModelStore, type InstalledModelRecord } from '../db/model-cache';
import { modelsState } from '../state/models.svelte';
import { adaptInWorker } from '../workers/adapt.client';
import type { AdaptResult } from '../../../workers/adapt/api';
import type { AdaptDecision, AdaptProgress, EmbedLoraOptions } from '../../../training-node/src/adapt/embed-lora';
import { chooseActiveModel, detectDeviceCaps, ensureInstalledLoaded, installModelFiles } from './models.service';
import { parsesOf } from './parses';
import { familyJobs, rescoreFamily } from './refit.service';
import { downloadText, slug } from './download';

/** The adapted model's files are read from here; manifest paths of the float32 transformers.js variant. */
const ONNX_F32 = 'onnx/model.onnx';
const PREVIOUS_KEY = 'shortlist.adapt.previous';

export type AdaptAvailability = { ok: true; model: InstalledModelRecord; webgpu: boolean } | { ok: false; reason: string };

/** Whether the active embedding model can be adapted here (nothing to show when no embedding model is active). */
export async function adaptAvailability(): Promise<AdaptAvailability> {
  await ensureInstalledLoaded(); // a job page opened directly has not read the installed list yet
  const model = modelsState.activeModel('embeddings');
  if (!model) return { ok: false, reason: 'no embedding model is active' };
  if (!model.manifest.files.some((f) => f.path === ONNX_F32)) {
    return { ok: false, reason: `${model.manifest.label ?? model.id} is installed as ${model.manifest.dtype}; adapting needs its float32 variant (${ONNX_F32})` };
  }
  const caps = modelsState.caps.checked ? modelsState.caps : await detectDeviceCaps();
  return { ok: true, model, webgpu: caps.webgpu };
}

/** An adapted model waiting for the recruiter's use, export or discard. */
export interface AdaptProposal extends AdaptResult {
  family: string;
  /** The model it adapts (active when it ran). */
  baseId: string;
}

/** The family's decided candidates with a parse, as masked chunks, and each job's text. */
async function familyDecisions(jobId: string): Promise<{ family: string; jobs: Record<string, string>; decisions: AdaptDecision[] }> {
  const { family, jobs } = await familyJobs(jobId);
  const decided = await listDecidedScores(jobs.map((j) => j.id));
  const texts: Record<string, string> = {};
  const decisions: AdaptDecision[] = [];
  for (const job of jobs) {
    const mine = decided.filter((d) => d.jobId === job.id);
    if (!mine.length) continue;
    const labels = job.job.requirements.filter((r) => isSemanticRequirement(r)).map((r) => r.label);
    texts[job.id] = [job.title, ...labels].join('. ');
    const parses = await parsesOf(job.id, new Set(mine.map((d) => d.candidateId)));
    for (const d of mine) {
      const resume = parses.get(d.candidateId)?.resume;
      if (!resume) continue;
      const chunks = prepareSemanticInput(job.job, resume, true).chunks.map((c) => c.text); // masked text only
      decisions.push({ key: d.sha256, jobId: job.id, selected: d.decision === 'selected', chunks });
    }
  }
  return { family, jobs: texts, decisions };
}

async function readModelFiles(model: InstalledModelRecord): Promise<Record<string, Uint8Array>> {
  const store = new CacheApiModelStore(location.origin);
  const files: Record<string, Uint8Array> = {};
  for (const f of model.manifest.files) {
    const bytes = await store.get(model.slot ?? model.id, f.path);
    if (!bytes) throw new Error(`${model.id}: ${f.path} is missing from this browser's model storage; install the model again`);
    files[f.path] = bytes;
  }
  return files;
}

/** The adapted model's id for a family (one id per family: a re-run is a new version of it). */
export function adaptedModelId(family: string): string {
  return `local/adapted-${slug(family)}`;
}

/** Trains the LoRA in the adapt worker; a Result error when it refuses (too few decisions, unsupported model). */
export async function adaptFamily(jobId: string, opts: { signal?: AbortSignal; onProgress?: (p: AdaptProgress) => void; options?: Partial<EmbedLoraOptions>; device?: 'auto' | 'cpu' } = {}): Promise<Result<AdaptProposal>> {
  const available = await adaptAvailability();
  if (!available.ok) return { ok: false, error: { code: 'adapt/unavailable', message: `Cannot adapt: ${available.reason}.` } };
  const { family, jobs, decisions } = await familyDecisions(jobId);
  const model = available.model;
  const files = await readModelFiles(model);
  const id = adaptedModelId(family);
  const label = `${model.manifest.label ?? model.id}, adapted to “${family}” decisions`;
  const result = await adaptInWorker({ files, jobs, decisions, id, label, baseModel: model.id, options: opts.options, device: opts.device }, opts);
  return result.ok ? { ok: true, value: { ...result.value, family, baseId: model.id } } : result;
}

function previousModels(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(PREVIOUS_KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

/** Installs the adapted model as its own model version, makes it the active embedding model and re-scores the family. */
export async function useAdaptedModel(proposal: AdaptProposal): Promise<InstalledModelRecord> {
  const record = await installModelFiles(proposal.files, `${location.origin}/adapted-models/${encodeURIComponent(proposal.manifest.id)}/`);
  // Adapting an adapted model again replaces it (same id): revert still goes back to the model before the first one.
  const known = previousModels();
  localStorage.setItem(PREVIOUS_KEY, JSON.stringify({ ...known, [record.id]: known[proposal.baseId] ?? proposal.baseId }));
  chooseActiveModel('embeddings', record.id);
  await rescoreFamily(proposal.family);
  return record;
}

/** The model an active adapted model replaced, when the active embedding model is one this device adapted. */
export function adaptedFrom(): { adapted: string; previous: string } | null {
  const active = modelsState.active.embeddings;
  const previous = active ? previousModels()[active] : undefined;
  return active && previous && previous !== active ? { adapted: active, previous } : null;
}

/** Makes the model active before the adapted one active again and re-scores the family with it. */
export async function revertAdaptedModel(family: string): Promise<string> {
  const from = adaptedFrom();
  if (!from) throw new Error('The active embedding model is not one adapted on this device; nothing to revert.');
  chooseActiveModel('embeddings', from.previous);
  await rescoreFamily(family);
  return from.previous;
}

/** The zip for central training: manifest.json, the merged ONNX, tokenizer files and the PEFT adapter. */
export function adaptedZip(proposal: AdaptProposal): Uint8Array<ArrayBuffer> {
  return zipSync(proposal.files, { level: 6 }) as Uint8Array<ArrayBuffer>;
}

/** Downloads the zip (nothing is sent anywhere; the recruiter hands it to whoever trains centrally). */
export function exportAdaptedModel(proposal: AdaptProposal): void {
  downloadText(adaptedZip(proposal), `${slug(proposal.manifest.id)}.zip`, 'application/zip');
}
