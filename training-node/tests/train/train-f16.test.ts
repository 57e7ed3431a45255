/**
 * Mixed-precision training end to end on Mesa lavapipe (shader-f16): the same short run with the frozen base
 * stored as f16 (`--precision f16`) and as f32 reaches nearly the same losses — LoRA SFT on a dense base, LoRA
 * SFT on a 4-bit QLoRA base (its embedding / lm head f16, 4-bit codes unchanged) and LoRA matcher training on a
 * tiny BERT — and train-summary.json records the precision used.
 *
 * Tolerance: per-step |loss_f16 − loss_f32| ≤ 1e-3 · (1 + loss_f32) (measured on lavapipe: ≤ 3.6e-5; f16 rounds
 * each base weight by ≤ 2^-11 relative, adapters/gradients/AdamW/loss stay f32) but > 0 (the f16 base really
 * ran), and both runs' losses fall.
 * Skips (with the reason) without lavapipe, shader-f16, or the tokenizer fixtures.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTrainConfig, type TrainConfig } from '../../src/train/config';
import { runDecoderTraining } from '../../src/train/decoder-run';
import { runMatcherTraining } from '../../src/train/matcher-run';
import type { StepMetrics } from '../../src/train/loop';
import { readMetrics } from '../../src/train/metrics';
import { openLavapipeDevice } from '../engine/gpu';
import { SFT_ROWS, sharedPath, tempDir, writeJsonl, writeTinyBertDir, writeTinyLlamaDir } from './fixtures';

const tok = sharedPath('models/llama2c-aidreams260k/tok512.bin');
const bertTok = sharedPath('models/minilm-l6-tokenizer');
const lavapipe = await openLavapipeDevice(); // selects lavapipe for the trainer's own Dawn devices below
lavapipe.dev?.destroy();
if (!lavapipe.dev) console.warn(`[skip] f16 training tests: ${lavapipe.reason}`);
const quiet = { log: () => {} };

/** Largest per-step relative loss difference; also checks both runs logged the same steps. */
function worstLossDiff(a: StepMetrics[], b: StepMetrics[]): number {
  expect(b.map((m) => m.step)).toEqual(a.map((m) => m.step));
  return Math.max(...a.map((m, i) => Math.abs(b[i].loss - m.loss) / (1 + m.loss)));
}

const summaryOf = (out: string) => JSON.parse(readFileSync(path.join(out, 'train-summary.json'), 'utf8')) as { precision: string; device: string };

describe.skipIf(!lavapipe.dev)('training with an f16 base on lavapipe', () => {
  /** Run the same config at f32 and f16; returns both loss curves after checking the summaries. */
  async function bothPrecisions(tag: string, run: (cfg: TrainConfig) => Promise<unknown>, make: (precision: 'f32' | 'f16', out: string) => TrainConfig) {
    const dir = tempDir(`f16-${tag}`);
    const curves: Record<'f32' | 'f16', StepMetrics[]> = { f32: [], f16: [] };
    for (const precision of ['f32', 'f16'] as const) {
      const out = path.join(dir, precision);
      await run(make(precision, out));
      curves[precision] = readMetrics(path.join(out, 'metrics.jsonl'));
      expect(summaryOf(out).precision).toBe(precision);
      expect(summaryOf(out).device).toMatch(/llvmpipe/);
    }
    const worst = worstLossDiff(curves.f32, curves.f16);
    const fmt = (c: StepMetrics[]) => c.map((m) => m.loss.toFixed(4)).join(' ');
    console.log(`[f16] ${tag}: losses f32 ${fmt(curves.f32)} | f16 ${fmt(curves.f16)} | worst rel diff ${worst.toExponential(2)}`);
    for (const c of Object.values(curves)) expect(c[c.length - 1].loss).toBeLessThan(c[0].loss);
    expect(worst).toBeLessThan(1e-3);
    expect(worst).toBeGreaterThan(0);
    return curves;
  }

  it.skipIf(!tok.present)('LoRA SFT on a dense base and on a 4-bit QLoRA base', async () => {
    const dir = tempDir('f16-sft-data');
    writeTinyLlamaDir(path.join(dir, 'base'), 6);
    const data = writeJsonl(path.join(dir, 'train.jsonl'), SFT_ROWS);
    for (const qlora of [false, true]) {
      await bothPrecisions(qlora ? 'qlora-sft' : 'sft', (cfg) => runDecoderTraining(cfg, quiet), (precision, out) => makeTrainConfig(
        { mode: 'sft', model: path.join(dir, 'base'), data, out },
        { device: 'webgpu', precision, qlora, tokenizer: tok.path, steps: 6, lr: 1e-2, batchSize: 2, targetModules: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'], quiet: true }
      ));
    }
  }, 120_000);

  it.skipIf(!bertTok.present)('LoRA matcher (cosine) on a frozen f16 encoder', async () => {
    const dir = tempDir('f16-matcher-data');
    writeTinyBertDir(path.join(dir, 'base'), 5);
    const rows = [
      { sentence1: 'python developer', sentence2: 'writes python code daily', score: 0.9 },
      { sentence1: 'python developer', sentence2: 'bakes bread at night', score: 0.1 },
      { sentence1: 'nurse', sentence2: 'cares for patients in a hospital', score: 1 },
      { sentence1: 'nurse', sentence2: 'repairs car engines', score: 0 }
    ];
    const data = writeJsonl(path.join(dir, 'train.jsonl'), rows);
    await bothPrecisions('matcher', (cfg) => runMatcherTraining(cfg, quiet), (precision, out) => makeTrainConfig(
      { mode: 'matcher', model: path.join(dir, 'base'), data, out },
      { device: 'webgpu', precision, tokenizer: bertTok.path, loss: 'cosine', steps: 4, lr: 2e-2, loraR: 4, batchSize: 4, seqLen: 16,
        targetModules: ['query', 'key', 'value'], quiet: true }
    ));
  }, 120_000);
});
