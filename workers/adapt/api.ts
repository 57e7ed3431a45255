/**
 * The embedding-adapt worker's interface and its in-thread implementation (workers/adapt.worker.ts exposes it with
 * comlink; tests may call it directly): read the installed embedding model's files, train a LoRA on the family's
 * decisions with training-node's engine on `navigator.gpu` (the CPU reference when there is no adapter, or when
 * asked), and export the adapted model (merged ONNX, tokenizer, PEFT adapter, v2 manifest) as files.
 * Non-goals: reading decisions or installing the result (services/adapt.service.ts), DOM access. Cancel = the
 * page terminates the worker (a step on the GPU cannot be interrupted half-way anyway).
 */
import { createEngineDevice, type EngineDevice } from '../../training-node/src/engine/device';
import { trainEmbedLora, type AdaptDecision, type AdaptProgress, type EmbedLoraOptions, type EmbedLoraReport } from '../../training-node/src/adapt/embed-lora';
import { exportAdaptedModel, loadEmbeddingModel, type FolderFiles } from '../../training-node/src/adapt/export';
import type { ModelManifestV2 } from '../../src/lib/core/models/catalog';
import { err, ok, type Result } from '../../src/lib/core/result';

export interface AdaptArgs {
  /** The installed model's files (config.json, onnx/model.onnx, tokenizer files). */
  files: FolderFiles;
  jobs: Record<string, string>;
  decisions: AdaptDecision[];
  options?: Partial<EmbedLoraOptions>;
  /** 'cpu' forces the CPU reference (tests); 'auto' uses WebGPU when there is an adapter. */
  device?: 'auto' | 'cpu';
  /** Manifest id and label of the adapted model, and the installed model it adapts. */
  id: string;
  label: string;
  baseModel: string;
}

export type AdaptResult = Omit<EmbedLoraReport, 'lora'> & { files: FolderFiles; manifest: ModelManifestV2 };

export interface AdaptApi {
  'embed.adapt'(args: AdaptArgs, onProgress?: (p: AdaptProgress) => void): Promise<Result<AdaptResult>>;
}

async function engineDevice(choice: AdaptArgs['device']): Promise<EngineDevice | null> {
  if (choice === 'cpu') return null;
  try {
    return await createEngineDevice({ precision: 'f32' });
  } catch {
    return null; // no WebGPU adapter here: the CPU reference path trains the same adapter, slower
  }
}

export const adaptApi: AdaptApi = {
  async 'embed.adapt'(args, onProgress) {
    let dev: EngineDevice | null = null;
    try {
      const model = await loadEmbeddingModel(args.files, args.baseModel);
      dev = await engineDevice(args.device);
      const report = await trainEmbedLora({ ...model, jobs: args.jobs, decisions: args.decisions, options: args.options, device: dev, onProgress });
      const out = await exportAdaptedModel({ base: args.files, ...model, lora: report.lora, id: args.id, label: args.label, baseModel: args.baseModel, report });
      const { lora: _lora, ...rest } = report;
      return ok({ ...rest, files: out.files, manifest: out.manifest });
    } catch (error) {
      return err({ code: 'adapt/failed', message: (error as Error).message });
    } finally {
      dev?.destroy();
    }
  }
};
