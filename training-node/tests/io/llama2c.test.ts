/**
 * llama2.c import: the checkpoint parser and the tok512 BPE tokenizer, checked against the canonical
 * llama2.c run.c outputs in ../shared/models/llama2c-aidreams260k/reference_outputs.json.
 */
import { describe, expect, it } from 'vitest';
import { permuteAdjacentToHalf, readLlama2cCheckpoint } from '../../src/io/llama2c';
import { decodeLlama2c, encodeLlama2c, readLlama2cTokenizer } from '../../src/io/llama2c-tokenizer';
import { readShared, sharedModel } from './shared-fixtures';

const fixture = sharedModel('llama2c-aidreams260k');

interface ReferenceCase {
  prompt: string;
  prompt_tokens: number[];
  greedy_steps: { pos: number; input: number; argmax: number }[];
  greedy_text: string;
}

describe('permuteAdjacentToHalf', () => {
  it('moves row 2i+p of each head to p*HS/2+i', () => {
    const heads = 2, headDim = 4, inDim = 3;
    const w = Float32Array.from({ length: heads * headDim * inDim }, (_, i) => i);
    permuteAdjacentToHalf(w, heads, headDim, inDim);
    const rowOf = (r: number): number => w[r * inDim] / inDim; // original row index stored in column 0
    expect([0, 1, 2, 3, 4, 5, 6, 7].map(rowOf)).toEqual([0, 2, 1, 3, 4, 6, 5, 7]);
  });
});

describe.skipIf(!fixture.present)('llama2.c aidreams260K', () => {
  const ref = JSON.parse(new TextDecoder().decode(readShared('llama2c-aidreams260k/reference_outputs.json'))) as {
    cases: ReferenceCase[];
  };
  const model = readLlama2cCheckpoint(readShared('llama2c-aidreams260k/aidreams260K.bin'), 'aidreams260K.bin');
  const tok = readLlama2cTokenizer(readShared('llama2c-aidreams260k/tok512.bin'), model.config.vocabSize);

  it('reads a consistent header and shared classifier', () => {
    expect(model.config.vocabSize).toBe(512);
    expect(model.config.hidden).toBe(64);
    expect(model.config.tiedEmbeddings).toBe(true);
    expect(model.params.lmHead.length).toBe(0);
    expect(model.params.finalNorm.some((v) => v !== 0)).toBe(true);
  });

  it('rejects a truncated checkpoint with a message naming the file', () => {
    const bytes = readShared('llama2c-aidreams260k/aidreams260K.bin');
    expect(() => readLlama2cCheckpoint(bytes.subarray(0, bytes.length - 4), 'cut.bin')).toThrow(/cut\.bin: expected/);
  });

  it('encodes prompts to the exact run.c token ids', () => {
    for (const c of ref.cases) expect(encodeLlama2c(tok, c.prompt)).toEqual(c.prompt_tokens);
  });

  it('decodes the run.c greedy continuation to its text', () => {
    for (const c of ref.cases) {
      const continuation = c.greedy_steps.slice(c.prompt_tokens.length - 1).map((s) => s.argmax);
      const text = decodeLlama2c(tok, [...c.prompt_tokens.slice(1), ...continuation]);
      expect(text.trimStart()).toBe(c.greedy_text);
    }
  });

  it('round-trips text outside the vocab through byte fallback', () => {
    const text = 'naïve café — 🚀 Zürich';
    const ids = encodeLlama2c(tok, text);
    expect(ids.some((id) => id >= 3 && id < 259)).toBe(true); // some byte tokens <0xXX> were needed
    expect(decodeLlama2c(tok, ids.slice(1)).trimStart()).toBe(text); // without BOS, whose piece is '\n<s>\n'
  });
});
