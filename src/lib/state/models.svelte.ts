/**
 * On-device models as the screens see them (runes singleton): the catalog, this device's capabilities, the models
 * installed from an organisation's hosting, which one is active per task, download progress, storage used, whether
 * each task's runtime is cached for offline use, and the LLM worker's status. The recruiter's picks live in localStorage (preferences, not candidate data).
 *
 * Non-goals: actions (services/models.service.ts), persistence of files/vectors (db/model-cache.ts).
 * Shape legend: ids are manifest/catalog model ids; bytes are bytes; progress is 0..100.
 */
import catalogJson from '../../../models/catalog.json';
import { runnableModels, validateCatalog, type CatalogModel, type DeviceCaps, type ModelCatalog, type ModelTask } from '../core/models/catalog';
import type { StorageUsage } from '../core/models/manager';
import type { InstalledModelRecord } from '../db/model-cache';

const ACTIVE_KEY = 'shortlist.models.active.v1';

export interface DetectedCaps extends DeviceCaps {
  /** False until the WebGPU probe finished. */
  checked: boolean;
  /** Adapter description when WebGPU is present (vendor / architecture). */
  adapter?: string;
}

export interface DownloadView {
  url: string;
  modelId?: string;
  file?: string;
  /** Bytes of the current file loaded / expected. */
  loaded: number;
  total: number;
  filesDone: number;
  state: 'downloading' | 'failed' | 'done';
  error?: string;
}

export type ActiveModels = Record<ModelTask, string | null>;

/** What each kind of model adds, in the recruiter's words (Settings → Smart features). */
export const SMART_FEATURES: Record<ModelTask, { name: string; adds: string }> = {
  embeddings: {
    name: 'Semantic matching',
    adds: 'Finds the passage of each resume that best matches every requirement, even when it is worded differently (“closing the books” for “month-end close”), and counts it in the score.'
  },
  'text-generation': {
    name: 'Screening assistant',
    adds: 'Rates each requirement from 0 to 5 with quotes checked against the resume, suggests select or reject (advice only: you decide) and writes interview questions.'
  }
};

function loadCatalog(): ModelCatalog {
  const checked = validateCatalog(catalogJson);
  if (!checked.ok) throw new Error(checked.error.message);
  return checked.value;
}

function loadActive(): ActiveModels {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(ACTIVE_KEY) : null;
    const parsed = raw ? (JSON.parse(raw) as Partial<ActiveModels>) : {};
    return { embeddings: parsed.embeddings ?? null, 'text-generation': parsed['text-generation'] ?? null };
  } catch {
    return { embeddings: null, 'text-generation': null };
  }
}

export type LlmStatus = { state: 'idle' } | { state: 'loading'; progress: number; text: string } | { state: 'ready'; model: string; device: string } | { state: 'error'; message: string };

class ModelsState {
  readonly catalog: ModelCatalog = loadCatalog();
  caps = $state<DetectedCaps>({ checked: false, webgpu: false, shaderF16: false });
  installed = $state<InstalledModelRecord[]>([]);
  active = $state<ActiveModels>(loadActive());
  download = $state<DownloadView | null>(null);
  usage = $state<StorageUsage | null>(null);
  vectorsByModel = $state<Record<string, number>>({});
  llm = $state<LlmStatus>({ state: 'idle' });
  /** Per task: the runtime that runs its models is cached on this device (services/model-runtimes.ts). */
  offlineReady = $state<Record<ModelTask, boolean>>({ embeddings: false, 'text-generation': false });

  /** Catalog models of `task` this device can run, best first (empty until caps are checked). */
  runnable(task: ModelTask): CatalogModel[] {
    return this.caps.checked ? runnableModels(this.catalog, task, this.caps) : [];
  }

  /** Installed models for a task. */
  installedFor(task: ModelTask): InstalledModelRecord[] {
    return this.installed.filter((m) => m.manifest.task === task);
  }

  /** The installed record of the active model for `task`, if it is still installed. */
  activeModel(task: ModelTask): InstalledModelRecord | undefined {
    const id = this.active[task];
    return id ? this.installed.find((m) => m.id === id) : undefined;
  }

  /** Remembers the active model for a task (null = none: the default scorer only). */
  setActive(task: ModelTask, id: string | null): void {
    this.active = { ...this.active, [task]: id };
    try {
      localStorage.setItem(ACTIVE_KEY, JSON.stringify(this.active));
    } catch {
      // Storage disabled: the pick still applies for this session.
    }
  }
}

export const modelsState = new ModelsState();
