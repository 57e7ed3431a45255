/**
 * ORACLE: our Llama forward (CPU reference ops) on the real llama2.c checkpoint aidreams260K reproduces the
 * canonical llama2.c run.c outputs in reference_outputs.json: the first 8 logits at every position within
 * 1e-4 (the file prints 6 decimals) and the exact greedy argmax sequence, decoding greedily ourselves.
 */
import { describe, expect, it } from 'vitest';
import { readLlama2cCheckpoint } from '../../src/io/llama2c';
import { encodeLlama2c, readLlama2cTokenizer } from '../../src/io/llama2c-tokenizer';
import { llamaForward, type LlamaModel } from '../../src/models/index';
import { readShared, sharedModel } from '../io/shared-fixtures';

const fixture = sharedModel('llama2c-aidreams260k');
const LOGIT_TOLERANCE = 1e-4;

interface ReferenceStep { pos: number; input: number; logits_head: number[]; argmax: number }
interface ReferenceCase { prompt: string; prompt_tokens: number[]; greedy_steps: ReferenceStep[] }

function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Greedy decoding exactly like run.c: feed the prompt, then our own argmax, for `steps` positions. */
function greedyRun(model: LlamaModel, prompt: number[], steps: number): { inputs: number[]; rows: Float32Array[] } {
  const V = model.config.vocabSize;
  const inputs = [prompt[0]];
  let rows: Float32Array[] = [];
  for (let pos = 0; pos < steps; pos++) {
    const acts = llamaForward(model, Int32Array.from(inputs), 1, inputs.length);
    rows = inputs.map((_, t) => acts.logits.slice(t * V, (t + 1) * V));
    if (pos + 1 < steps) inputs.push(pos + 1 < prompt.length ? prompt[pos + 1] : argmax(rows[pos]));
  }
  return { inputs, rows };
}

describe.skipIf(!fixture.present)('llama2.c oracle (CPU reference)', () => {
  const ref = JSON.parse(new TextDecoder().decode(readShared('llama2c-aidreams260k/reference_outputs.json'))) as {
    cases: ReferenceCase[];
  };
  const model = readLlama2cCheckpoint(readShared('llama2c-aidreams260k/aidreams260K.bin'), 'aidreams260K.bin');
  const tok = readLlama2cTokenizer(readShared('llama2c-aidreams260k/tok512.bin'), model.config.vocabSize);

  for (const c of ref.cases) {
    it(`reproduces run.c on "${c.prompt}"`, () => {
      const prompt = encodeLlama2c(tok, c.prompt);
      expect(prompt).toEqual(c.prompt_tokens);
      const steps = c.greedy_steps.length;
      const { inputs, rows } = greedyRun(model, prompt, steps);
      expect(inputs).toEqual(c.greedy_steps.map((s) => s.input));
      expect(rows.map(argmax)).toEqual(c.greedy_steps.map((s) => s.argmax));
      let maxDelta = 0;
      c.greedy_steps.forEach((step, t) => {
        step.logits_head.forEach((expected, i) => {
          maxDelta = Math.max(maxDelta, Math.abs(rows[t][i] - expected));
        });
      });
      console.log(`llama2.c oracle "${c.prompt}": max |Δlogit| = ${maxDelta.toExponential(2)} over ${steps} positions`);
      expect(maxDelta).toBeLessThan(LOGIT_TOLERANCE);
    });
  }
});
