/**
 * The browser re-fit's embedding LoRA (src/adapt): on simulated decisions (tests/fixtures/simulated-decisions.ts)
 * with a tiny random BERT built as a transformers.js folder (real MiniLM tokenizer), training raises the held-out
 * agreement on the CPU reference and on WebGPU (Dawn/SwiftShader), both paths take the same first step, a cancel
 * stops it, and the exported folder (merged ONNX + manifest) reloads in transformers.js with the trained model's
 * embeddings; the PEFT adapter in it reloads to the same adapters.
 */
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { env, pipeline } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { trainEmbedLora, type EmbedLoraOptions } from '../../src/adapt/embed-lora';
import { ADAPTER_CONFIG, ADAPTER_WEIGHTS, exportAdaptedModel, loadEmbeddingModel, type FolderFiles } from '../../src/adapt/export';
import { parseBertPeftAdapter } from '../../src/io/peft';
import { cachedTokenizer, encodeTexts } from '../../src/train/matcher';
import { createNodeEngineDevice } from '../engine/gpu';
import { sharedModel } from '../io/shared-fixtures';
import { buildTinyBertOnnx } from '../../../tests/fixtures/tiny-bert-onnx';
import { simulatedDecisions } from '../../../tests/fixtures/simulated-decisions';

const tokenizerFixture = sharedModel('minilm-l6-tokenizer');
const OPTS: Partial<EmbedLoraOptions> = { steps: 30, lr: 5e-3, seqLen: 32 };

function readFolder(dir: string, rel = ''): FolderFiles {
  const out: FolderFiles = {};
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, readFolder(dir, p));
    else out[p] = new Uint8Array(readFileSync(path.join(dir, p)));
  }
  return out;
}

describe.skipIf(!tokenizerFixture.present)('embedding LoRA from decisions', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'embed-lora-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const baseDir = path.join(dir, 'base');
  buildTinyBertOnnx(baseDir, { tokenizerDir: tokenizerFixture.path, hiddenSize: 32, numLayers: 2, numHeads: 4, intermediateSize: 64, maxPositions: 64, seed: 5 });
  const base = readFolder(baseDir);
  const { jobs, decisions } = simulatedDecisions();

  it('raises held-out agreement on the CPU, and the export reloads in transformers.js with the same embeddings', async () => {
    const model = await loadEmbeddingModel(base, baseDir);
    const progress: number[] = [];
    const report = await trainEmbedLora({ ...model, jobs, decisions, options: OPTS, onProgress: (p) => p.phase === 'train' && progress.push(p.step) });
    console.log(`embed LoRA (cpu): held-out AUC ${report.before.auc.toFixed(3)} → ${report.after.auc.toFixed(3)} on ${report.after.pairs} pairs, loss ${report.losses[0].toFixed(3)} → ${report.losses.at(-1)!.toFixed(3)}`);
    expect(progress).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(report.heldOut.selected).toBeGreaterThan(0);
    expect(report.after.auc).toBeGreaterThan(report.before.auc + 0.1);
    expect(report.after.auc).toBeGreaterThan(0.8);

    const sha256 = async (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const out = await exportAdaptedModel({ base, ...model, lora: report.lora, id: 'tiny-adapted', label: 'Tiny adapted', baseModel: 'tiny', report, sha256 });
    for (const f of out.manifest.files) expect(await sha256(out.files[f.path])).toBe(f.sha256);
    const outDir = path.join(dir, 'tiny-adapted');
    for (const [p, bytes] of Object.entries(out.files)) {
      mkdirSync(path.dirname(path.join(outDir, p)), { recursive: true });
      writeFileSync(path.join(outDir, p), bytes);
    }
    const texts = [jobs['job-0'], ...decisions.slice(0, 5).map((d) => d.chunks[0])];
    const tokenize = cachedTokenizer(model.tokenize, 64);
    const trained = encodeTexts({ config: model.config, params: model.params, lora: report.lora }, tokenize, texts);
    const baseVectors = encodeTexts({ config: model.config, params: model.params, lora: null }, tokenize, texts);
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = dir;
    const extractor = await pipeline('feature-extraction', 'tiny-adapted', { dtype: 'fp32' });
    const reloaded = (await extractor(texts, { pooling: 'mean', normalize: true })).data as Float32Array;
    let worst = 0, moved = 0;
    for (let i = 0; i < trained.length; i++) {
      worst = Math.max(worst, Math.abs(trained[i] - reloaded[i]));
      moved = Math.max(moved, Math.abs(trained[i] - baseVectors[i]));
    }
    console.log(`embed LoRA export: max |Δ| reloaded vs trained ${worst.toExponential(2)} (vs base ${moved.toFixed(3)})`);
    expect(worst).toBeLessThan(1e-4);
    expect(moved).toBeGreaterThan(1e-2); // the adapter changed the model, so the match above means something
    const peft = parseBertPeftAdapter(model.config, new TextDecoder().decode(out.files[ADAPTER_CONFIG]), out.files[ADAPTER_WEIGHTS]);
    expect(peft.arena).toEqual(report.lora.arena);
  });

  it('takes the same first step on WebGPU as on the CPU, and learns there too', async () => {
    const model = await loadEmbeddingModel(base, baseDir);
    const dev = await createNodeEngineDevice();
    try {
      const gpu = await trainEmbedLora({ ...model, jobs, decisions, options: OPTS, device: dev });
      const cpu = await trainEmbedLora({ ...model, jobs, decisions, options: { ...OPTS, steps: 1 } });
      console.log(`embed LoRA (${gpu.device}): held-out AUC ${gpu.before.auc.toFixed(3)} → ${gpu.after.auc.toFixed(3)}`);
      expect(gpu.before.auc).toBeCloseTo(cpu.before.auc, 3);
      expect(Math.abs(gpu.losses[0] - cpu.losses[0])).toBeLessThan(1e-3);
      expect(gpu.after.auc).toBeGreaterThan(gpu.before.auc + 0.1);
    } finally {
      dev.destroy();
    }
  });

  it('stops when cancelled, and refuses too few decisions naming the counts', async () => {
    const model = await loadEmbeddingModel(base, baseDir);
    const controller = new AbortController();
    const steps: number[] = [];
    const run = trainEmbedLora({ ...model, jobs, decisions, options: OPTS, signal: controller.signal, onProgress: (p) => {
      if (p.phase === 'train') (steps.push(p.step), p.step === 3 && controller.abort());
    } });
    await expect(run).rejects.toThrow(/abort/i);
    expect(steps).toEqual([1, 2, 3]);
    await expect(trainEmbedLora({ ...model, jobs, decisions: decisions.slice(0, 8), options: OPTS })).rejects.toThrow(/at least 6 selected and 6 rejected.*there are 4 and 4/);
  });

  it('names the file when the model folder lacks the float32 ONNX', async () => {
    const { ['onnx/model.onnx']: _drop, ...rest } = base;
    await expect(loadEmbeddingModel(rest, 'm')).rejects.toThrow('m/onnx/model.onnx: missing');
  });
});
