/**
 * Matcher training on WebGPU (Dawn; SwiftShader in CI) follows the CPU reference path: the same `matcher` run
 * (tiny random-init BERT, real MiniLM WordPiece tokenizer from ../shared) gives the same per-step losses,
 * gradient norms, eval loss/MRR and trained weights within f32 tolerance, for a full fine-tune with MNRL over
 * anchor/positive/negative rows, LoRA with adapter dropout and the cosine loss, and LoRA with the triplet loss.
 * Also: the exported merged model of a GPU LoRA run equals mergeBertLora of its adapters (io/peft).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadHfBert } from '../../src/io/hf';
import { nodeModelFiles } from '../../src/io/node-files';
import { mergeBertLora } from '../../src/io/peft';
import { makeTrainConfig, type TrainConfig } from '../../src/train/config';
import { runMatcherTraining } from '../../src/train/matcher-run';
import type { StepMetrics } from '../../src/train/loop';
import { readMetrics } from '../../src/train/metrics';
import { openDawnDevice } from '../../src/train/node-gpu';
import { sharedPath, tempDir, writeJsonl, writeTinyBertDir } from './fixtures';

const tokDir = sharedPath('models/minilm-l6-tokenizer');
const probe = await openDawnDevice();
probe.dev?.destroy();
if (!probe.dev) console.warn(`[skip] no WebGPU adapter (${probe.reason}): GPU matcher tests are skipped`);
const quiet = { log: () => {} };

const TRIPLETS = [
  { anchor: 'python developer', positive: 'writes python services every day', negative: 'bakes sourdough bread at night' },
  { anchor: 'registered nurse', positive: 'cares for patients on a hospital ward', negative: 'repairs diesel car engines' },
  { anchor: 'data analyst', positive: 'builds dashboards from sales tables', negative: 'teaches piano to children' },
  { anchor: 'electrician', positive: 'installs wiring in new houses', negative: 'translates legal contracts' }
];
const PAIRS = [
  { sentence1: 'python developer', sentence2: 'writes python code daily', score: 0.9 },
  { sentence1: 'python developer', sentence2: 'bakes bread at night', score: 0.1 },
  { sentence1: 'nurse', sentence2: 'cares for patients in a hospital', score: 1 },
  { sentence1: 'nurse', sentence2: 'repairs car engines', score: 0 }
];

const relClose = (a: number, b: number): number => Math.abs(a - b) / (1 + Math.abs(a));

/** Max |a−b| over two arenas, and max |a| (for a relative bound). */
function arenaDiff(a: Float32Array, b: Float32Array): { maxDiff: number; maxAbs: number } {
  let maxDiff = 0, maxAbs = 0;
  for (let i = 0; i < a.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
    maxAbs = Math.max(maxAbs, Math.abs(a[i]));
  }
  return { maxDiff, maxAbs };
}

/** Per-step differences of every numeric metric the CPU run logged. */
function metricDiffs(a: StepMetrics[], b: StepMetrics[]): number {
  expect(b.map((m) => m.step)).toEqual(a.map((m) => m.step));
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    for (const key of ['loss', 'grad_norm', 'eval_loss', 'eval_mrr'] as const) {
      if (a[i][key] === undefined) continue;
      expect(b[i][key], `${key} at step ${a[i].step}`).toBeDefined();
      worst = Math.max(worst, relClose(a[i][key]!, b[i][key]!));
    }
  }
  return worst;
}

describe.skipIf(!tokDir.present || !probe.dev)('matcher training on WebGPU equals the CPU path (tiny BERT)', () => {
  const runBoth = async (tag: string, rows: unknown[], options: Partial<TrainConfig>) => {
    const dir = tempDir(`matcher-gpu-${tag}`);
    writeTinyBertDir(path.join(dir, 'base'), 5);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), rows);
    const config = (device: 'cpu' | 'webgpu'): TrainConfig => makeTrainConfig(
      { mode: 'matcher', model: path.join(dir, 'base'), data, out: path.join(dir, device) },
      { device, tokenizer: tokDir.path, val: data, steps: 2, batchSize: 2, gradAccum: 2, evalEvery: 2, seqLen: 16, quiet: true, ...options }
    );
    const cpu = await runMatcherTraining(config('cpu'), quiet);
    const gpu = await runMatcherTraining(config('webgpu'), quiet);
    const metrics = { cpu: readMetrics(path.join(dir, 'cpu/metrics.jsonl')), gpu: readMetrics(path.join(dir, 'webgpu/metrics.jsonl')) };
    const deviceOf = (out: string): string => (JSON.parse(readFileSync(path.join(dir, out, 'train-summary.json'), 'utf8')) as { device: string }).device;
    expect(deviceOf('cpu')).toBe('cpu');
    expect(deviceOf('webgpu')).toMatch(/^webgpu \(/); // the GPU objective really ran
    return { dir, cpu, gpu, metrics };
  };

  it('full fine-tune, MNRL with hard negatives: same losses, eval MRR and weights', async () => {
    const r = await runBoth('full', TRIPLETS, { fullFinetune: true, loss: 'mnrl', lr: 1e-3, weightDecay: 0.1 }); // decay skips biases and LayerNorm (per-segment on both paths)
    const worst = metricDiffs(r.metrics.cpu, r.metrics.gpu);
    const w = arenaDiff(r.cpu.model.params.arena, r.gpu.model.params.arena);
    const moved = arenaDiff(r.cpu.model.params.arena, (await loadHfBert(nodeModelFiles(path.join(r.dir, 'base')))).params.arena);
    console.log(`[matcher-gpu] full/mnrl: worst metric rel diff ${worst.toExponential(2)}, weights max |Δ| ${w.maxDiff.toExponential(2)} (max |w| ${w.maxAbs.toFixed(3)}, training moved weights by up to ${moved.maxDiff.toExponential(2)})`);
    expect(r.metrics.cpu[0].loss).toBeGreaterThan(0);
    expect(r.metrics.cpu[1].eval_mrr).toBeDefined();
    expect(worst).toBeLessThan(1e-3);
    expect(moved.maxDiff).toBeGreaterThan(5e-4); // the runs trained (Adam moves each touched weight by ~lr)
    expect(w.maxDiff).toBeLessThan(1e-5 * (1 + w.maxAbs) + moved.maxDiff * 1e-2);
  }, 60_000);

  it('LoRA with adapter dropout, cosine loss: same losses and adapters; exported model = mergeBertLora(adapters)', async () => {
    const r = await runBoth('lora', PAIRS, { loss: 'cosine', lr: 2e-2, loraR: 4, loraDropout: 0.1, targetModules: ['query', 'key', 'value'] });
    const worst = metricDiffs(r.metrics.cpu, r.metrics.gpu);
    const a = arenaDiff(r.cpu.model.lora!.arena, r.gpu.model.lora!.arena);
    console.log(`[matcher-gpu] lora/cosine: worst metric rel diff ${worst.toExponential(2)}, adapters max |Δ| ${a.maxDiff.toExponential(2)} (max |a| ${a.maxAbs.toFixed(3)})`);
    expect(worst).toBeLessThan(1e-3);
    expect(a.maxDiff).toBeLessThan(1e-4 * (1 + a.maxAbs));
    const exported = await loadHfBert(nodeModelFiles(path.join(r.dir, 'webgpu/model')));
    const expected = mergeBertLora(r.gpu.model.config, r.gpu.model.params, r.gpu.model.lora!);
    expect(arenaDiff(expected.arena, exported.params.arena).maxDiff).toBeLessThan(1e-6);
    expect(arenaDiff(expected.wq, r.gpu.model.params.wq).maxDiff).toBeGreaterThan(0); // the adapters were folded in
  }, 60_000);

  it('LoRA, triplet loss: same losses and adapters', async () => {
    const r = await runBoth('triplet', TRIPLETS, { loss: 'triplet', margin: 0.5, lr: 2e-2, loraR: 2, targetModules: ['query', 'value'] });
    const worst = metricDiffs(r.metrics.cpu, r.metrics.gpu);
    const a = arenaDiff(r.cpu.model.lora!.arena, r.gpu.model.lora!.arena);
    console.log(`[matcher-gpu] lora/triplet: worst metric rel diff ${worst.toExponential(2)}, adapters max |Δ| ${a.maxDiff.toExponential(2)}`);
    expect(r.metrics.cpu[0].loss).toBeGreaterThan(0); // margin 0.5 keeps the hinge active on near-identical random embeddings
    expect(worst).toBeLessThan(1e-3);
    expect(a.maxDiff).toBeLessThan(1e-4 * (1 + a.maxAbs));
  }, 60_000);
});
