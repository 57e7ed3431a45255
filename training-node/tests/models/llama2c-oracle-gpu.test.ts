/**
 * ORACLE on WebGPU: the same llama2.c aidreams260K check as llama2c-oracle.test.ts, with the forward pass
 * dispatched to the engine's WGSL kernels (Dawn; SwiftShader in CI, f32). One batched forward per prompt over
 * run.c's 40 input tokens (causal attention makes position t independent of later inputs), then: first-8
 * logits within 1e-4 of run.c, and the argmax at every position equal to run.c's greedy choice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineDevice } from '../../src/engine/device';
import { readLlama2cCheckpoint } from '../../src/io/llama2c';
import { readF32 } from '../../src/engine/buffers';
import { llamaForwardGpu, uploadLlamaModel } from '../../src/models/llama-gpu';
import { createNodeEngineDevice } from '../engine/gpu';
import { readShared, sharedModel } from '../io/shared-fixtures';

const fixture = sharedModel('llama2c-aidreams260k');

interface ReferenceStep { pos: number; input: number; logits_head: number[]; argmax: number }

describe.skipIf(!fixture.present)('llama2.c oracle (WebGPU)', () => {
  let dev: EngineDevice;
  beforeAll(async () => {
    dev = await createNodeEngineDevice();
  });
  afterAll(() => dev?.destroy());

  it('reproduces run.c logits and greedy argmax for both prompts', async () => {
    const ref = JSON.parse(new TextDecoder().decode(readShared('llama2c-aidreams260k/reference_outputs.json'))) as {
      cases: { prompt: string; greedy_steps: ReferenceStep[] }[];
    };
    const model = readLlama2cCheckpoint(readShared('llama2c-aidreams260k/aidreams260K.bin'), 'aidreams260K.bin');
    const gpu = uploadLlamaModel(dev, model);
    const V = model.config.vocabSize;
    for (const c of ref.cases) {
      const inputs = Int32Array.from(c.greedy_steps.map((s) => s.input));
      const acts = llamaForwardGpu(dev, gpu, inputs, 1, inputs.length);
      const logits = await readF32(dev, acts.logits);
      acts.destroy();
      let maxDelta = 0;
      const argmaxes = c.greedy_steps.map((step, t) => {
        step.logits_head.forEach((expected, i) => {
          maxDelta = Math.max(maxDelta, Math.abs(logits[t * V + i] - expected));
        });
        let best = 0;
        for (let i = 1; i < V; i++) if (logits[t * V + i] > logits[t * V + best]) best = i;
        return best;
      });
      console.log(`llama2.c oracle on ${dev.adapterDescription} "${c.prompt}": max |Δlogit| = ${maxDelta.toExponential(2)}`);
      expect(argmaxes).toEqual(c.greedy_steps.map((s) => s.argmax));
      expect(maxDelta).toBeLessThan(1e-4);
    }
    gpu.destroy();
  });
});
