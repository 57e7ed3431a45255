/**
 * Mixed precision on a real model, on Mesa lavapipe (shader-f16): the llama2.c aidreams260K checkpoint with its
 * matrices stored as f16 (embedding = tied lm head, q/k/v/o, gate/up/down; norms f32) against run.c's canonical
 * outputs, the same checkpoint uploaded f32 on the same adapter as the baseline, and the parameter arena size.
 *
 * Tolerances (measured errors are printed): f32 upload |Δlogit| < 1e-4 (as llama2c-oracle-gpu.test.ts); f16
 * upload |Δlogit| < 1e-2 (f16 keeps 11 significant bits, relative rounding ≤ 2^-11 ≈ 4.9e-4 per weight;
 * measured 2.5e-3 on lavapipe) and at least 95% of the 80 greedy argmaxes equal run.c's (measured 80/80;
 * near-ties may flip when weights round on another adapter). Arena: f16 bytes / f32 bytes within [0.5, 0.52] (only norms stay 4-byte, plus alignment).
 * Skips (with the reason) without the fixture, lavapipe or shader-f16.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineDevice } from '../../src/engine/device';
import { readF32 } from '../../src/engine/buffers';
import { readLlama2cCheckpoint } from '../../src/io/llama2c';
import { llamaForwardGpu, uploadLlamaModel } from '../../src/models/llama-gpu';
import { openLavapipeDevice } from '../engine/gpu';
import { readShared, sharedModel } from '../io/shared-fixtures';

const fixture = sharedModel('llama2c-aidreams260k');
const lavapipe = await openLavapipeDevice();
if (!lavapipe.dev) console.warn(`[skip] f16 model tests: ${lavapipe.reason}`);

interface ReferenceStep { input: number; logits_head: number[]; argmax: number }

describe.skipIf(!fixture.present || !lavapipe.dev)('llama2.c oracle with f16 base weights (lavapipe)', () => {
  const dev = lavapipe.dev as EngineDevice;
  afterAll(() => dev.destroy());
  const model = fixture.present ? readLlama2cCheckpoint(readShared('llama2c-aidreams260k/aidreams260K.bin'), 'aidreams260K.bin') : null!;
  const ref = fixture.present
    ? (JSON.parse(new TextDecoder().decode(readShared('llama2c-aidreams260k/reference_outputs.json'))) as { cases: { prompt: string; greedy_steps: ReferenceStep[] }[] })
    : null!;

  /** Max |Δ| over run.c's logged logits and the argmaxes that match, over both prompts. */
  async function compare(precision: 'f32' | 'f16'): Promise<{ maxDelta: number; matches: number; total: number; arenaBytes: number }> {
    const gpu = uploadLlamaModel(dev, model, { precision });
    expect(gpu.precision).toBe(precision);
    const V = model.config.vocabSize;
    let maxDelta = 0, matches = 0, total = 0;
    for (const c of ref.cases) {
      const inputs = Int32Array.from(c.greedy_steps.map((s) => s.input));
      const acts = llamaForwardGpu(dev, gpu, inputs, 1, inputs.length);
      const logits = await readF32(dev, acts.logits);
      acts.destroy();
      c.greedy_steps.forEach((step, t) => {
        step.logits_head.forEach((expected, i) => (maxDelta = Math.max(maxDelta, Math.abs(logits[t * V + i] - expected))));
        let best = 0;
        for (let i = 1; i < V; i++) if (logits[t * V + i] > logits[t * V + best]) best = i;
        if (best === step.argmax) matches++;
        total++;
      });
    }
    const arenaBytes = gpu.arena.bytes;
    gpu.destroy();
    console.log(`aidreams260K ${precision} base on ${dev.adapterDescription}: max |Δlogit| vs run.c = ${maxDelta.toExponential(2)}, ` +
      `greedy argmax ${matches}/${total} equal, parameter arena ${(arenaBytes / 1024).toFixed(1)} KiB`);
    return { maxDelta, matches, total, arenaBytes };
  }

  it('f16 weights: logits near run.c, greedy argmaxes (almost) all equal, half the parameter memory', async () => {
    const f32 = await compare('f32');
    const f16 = await compare('f16');
    expect(f32.maxDelta).toBeLessThan(1e-4);
    expect(f32.matches).toBe(f32.total);
    expect(f16.maxDelta).toBeLessThan(1e-2);
    expect(f16.maxDelta).toBeGreaterThan(f32.maxDelta); // the f16 upload really rounded the weights
    expect(f16.matches / f16.total).toBeGreaterThanOrEqual(0.95);
    const ratio = f16.arenaBytes / f32.arenaBytes;
    console.log(`parameter arena f16/f32 = ${ratio.toFixed(4)}`);
    expect(ratio).toBeGreaterThanOrEqual(0.5);
    expect(ratio).toBeLessThanOrEqual(0.52);
  });
});
