/**
 * Issue 11 fixes in io/: transformers 5 `rope_parameters` is read (theta and llama3 scaling) or refused by name,
 * never silently taken as theta 10000; a merged decoder folder keeps the source's bos/eos/pad ids,
 * generation_config.json and weight dtype, and reloads with the same config and weights.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { hfConfigFromLlama, mergedDecoderFiles } from '../../src/io/export-hf';
import { llamaConfigFromHf, loadHfLlama, parseRope } from '../../src/io/hf';
import { nodeModelFiles, writeMergedModelDir } from '../../src/io/node-files';
import { parseSafetensors } from '../../src/io/safetensors';
import { allocLlamaParams, type LlamaConfig } from '../../src/models/llama-params';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'rope-merged-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const base = { model_type: 'llama', vocab_size: 10, hidden_size: 8, intermediate_size: 4, num_hidden_layers: 1, num_attention_heads: 2 };
const llama3 = { rope_type: 'llama3', factor: 32, high_freq_factor: 4, low_freq_factor: 1, original_max_position_embeddings: 8192 };

describe('rope_parameters (transformers 5)', () => {
  it('reads theta and llama3 scaling from rope_parameters', () => {
    const cfg = llamaConfigFromHf({ ...base, rope_parameters: { rope_theta: 500000, ...llama3 } });
    expect(cfg.ropeTheta).toBe(500000);
    expect(cfg.ropeScaling).toEqual({ type: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 8192 });
    expect(parseRope({ rope_parameters: { rope_type: 'default', rope_theta: 1e6 } })).toEqual({ ropeTheta: 1e6 });
    expect(parseRope({ rope_parameters: { rope_theta: 1e6 } })).toEqual({ ropeTheta: 1e6 }); // rope_type absent = default
  });

  it('agrees with the transformers 4 spelling of the same config', () => {
    const v5 = llamaConfigFromHf({ ...base, rope_parameters: { rope_theta: 500000, ...llama3 } });
    const v4 = llamaConfigFromHf({ ...base, rope_theta: 500000, rope_scaling: llama3 });
    expect(v5).toEqual(v4);
    expect(parseRope({ rope_theta: 500000, rope_scaling: llama3, rope_parameters: { rope_theta: 500000, ...llama3 } }).ropeTheta).toBe(500000);
  });

  it('refuses what it cannot read faithfully, naming the file and field', () => {
    expect(() => parseRope({ rope_parameters: { rope_type: 'default' } }, 'm/config.json')).toThrow(/m\/config\.json: rope_parameters\.rope_theta must be a number/);
    expect(() => parseRope({ rope_parameters: { full_attention: { rope_theta: 1e6 }, sliding_attention: { rope_theta: 1e4 } } }))
      .toThrow(/rope_parameters per layer type \(full_attention, sliding_attention\) is not supported/);
    expect(() => parseRope({ rope_theta: 10000, rope_parameters: { rope_theta: 1e6 } })).toThrow(/rope_theta 10000 disagrees with rope_parameters\.rope_theta 1000000/);
    expect(() => parseRope({ rope_scaling: { rope_type: 'linear', factor: 2 }, rope_parameters: { rope_theta: 1e4, ...llama3 } })).toThrow(/rope_scaling disagrees with rope_parameters/);
    expect(() => parseRope({ rope_parameters: { rope_theta: 1e4, rope_type: 'yarn', factor: 4 } })).toThrow(/type "yarn" is not supported/);
    expect(() => parseRope({ rope_parameters: 5 })).toThrow(/rope_parameters must be an object/);
  });
});

const cfg: LlamaConfig = {
  vocabSize: 13, hidden: 8, intermediate: 12, layers: 2, heads: 2, kvHeads: 1, headDim: 4, ropeTheta: 1e6,
  rmsEps: 1e-6, tiedEmbeddings: false, attentionBias: false, maxSeqLen: 64
};

function randomParams() {
  const p = allocLlamaParams(cfg);
  const r = seededRandom(3);
  for (let i = 0; i < p.arena.length; i++) p.arena[i] = r() - 0.5;
  return p;
}

describe('merged/ keeps what the source said', () => {
  it('mergedDecoderFiles: source ids win, llama2.c ids fill in, generation_config falls back to the ids', () => {
    const fromHf = mergedDecoderFiles(cfg, { config: { bos_token_id: 151643, eos_token_id: [151645, 151643], pad_token_id: null }, generationConfig: { do_sample: true, eos_token_id: 151645 }, dtype: 'BF16' });
    expect(fromHf.config).toMatchObject({ ...hfConfigFromLlama(cfg), bos_token_id: 151643, eos_token_id: [151645, 151643], torch_dtype: 'bfloat16' });
    expect(fromHf.config).not.toHaveProperty('pad_token_id');
    expect(fromHf.generationConfig).toEqual({ do_sample: true, eos_token_id: 151645 });
    expect(fromHf.dtype).toBe('BF16');
    const fromLlama2c = mergedDecoderFiles(cfg, { dtype: 'F32', tokenIds: { bos: 1, eos: 2 } });
    expect(fromLlama2c.config).toMatchObject({ bos_token_id: 1, eos_token_id: 2, torch_dtype: 'float32' });
    expect(fromLlama2c.generationConfig).toEqual({ bos_token_id: 1, eos_token_id: 2 });
    expect(mergedDecoderFiles(cfg).generationConfig).toBeNull();
  });

  it('an f16 source with generation_config.json round-trips through merged/ in f16 with its ids', async () => {
    const src = path.join(tmp, 'src');
    const params = randomParams();
    writeMergedModelDir(src, cfg, params, null, { config: { bos_token_id: 1, eos_token_id: 2, pad_token_id: 0 }, dtype: 'F16' });
    writeFileSync(path.join(src, 'generation_config.json'), JSON.stringify({ bos_token_id: 1, eos_token_id: 2, max_new_tokens: 77 }));
    const loaded = await loadHfLlama(nodeModelFiles(src));
    expect(loaded.source.dtype).toBe('F16');
    expect(loaded.source.generationConfig).toEqual({ bos_token_id: 1, eos_token_id: 2, max_new_tokens: 77 });

    const out = path.join(tmp, 'merged');
    writeMergedModelDir(out, loaded.config, loaded.params, null, loaded.source);
    const config = JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ bos_token_id: 1, eos_token_id: 2, pad_token_id: 0, torch_dtype: 'float16' });
    expect(JSON.parse(readFileSync(path.join(out, 'generation_config.json'), 'utf8')).max_new_tokens).toBe(77);
    const st = parseSafetensors(new Uint8Array(readFileSync(path.join(out, 'model.safetensors'))));
    expect([...new Set([...st.entries.values()].map((e) => e.dtype))]).toEqual(['F16']);
    const again = await loadHfLlama(nodeModelFiles(out));
    expect(again.config).toEqual(loaded.config);
    expect(Array.from(again.params.arena)).toEqual(Array.from(loaded.params.arena)); // f16 → f16: exact
    let maxErr = 0;
    for (let i = 0; i < params.arena.length; i++) maxErr = Math.max(maxErr, Math.abs(again.params.arena[i] - params.arena[i]));
    expect(maxErr).toBeLessThan(1e-3); // f16 rounding of values in ±0.5
    expect(maxErr).toBeGreaterThan(0);
  });
});
