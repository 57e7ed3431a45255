/**
 * PEFT adapter files and merged export: PEFT key names and shapes, adapter round trip, and the defining
 * property of a merge — the merged model's logits equal the base+adapter model's logits.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { loadHfLlama } from '../../src/io/hf';
import { nodeModelFiles, writeMergedModelDir, writePeftAdapterDir } from '../../src/io/node-files';
import { mergeLoraIntoParams, parseBertPeftAdapter, parsePeftAdapter, peftKey } from '../../src/io/peft';
import { parseSafetensors } from '../../src/io/safetensors';
import { allocLlamaParams, llamaForward, type LlamaConfig } from '../../src/models/index';
import type { BertConfig } from '../../src/models/bert';
import { allocBertLoraAdapters, allocLoraAdapters, type LoraConfig } from '../../src/models/lora';

const cfg: LlamaConfig = {
  vocabSize: 17, hidden: 8, intermediate: 12, layers: 2, heads: 2, kvHeads: 1, headDim: 4, ropeTheta: 10000,
  rmsEps: 1e-5, tiedEmbeddings: false, attentionBias: false, maxSeqLen: 32
};
const loraCfg: LoraConfig = { rank: 4, alpha: 8, dropout: 0.05, targets: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'] };
const tmp = mkdtempSync(path.join(os.tmpdir(), 'peft-io-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fixtures() {
  const params = allocLlamaParams(cfg);
  const rand = seededRandom(11);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() - 0.5) * 0.8;
  const lora = allocLoraAdapters(cfg, loraCfg, 12);
  for (const layer of lora.layers) for (const pair of Object.values(layer)) for (let i = 0; i < pair!.B.length; i++) pair!.B[i] = rand() - 0.5;
  return { params, lora };
}

describe('PEFT adapters', () => {
  it('writes PEFT key names, [r,in]/[out,r] shapes and a LoraConfig PEFT can read', () => {
    const { lora } = fixtures();
    const dir = path.join(tmp, 'adapter');
    writePeftAdapterDir(dir, lora, 'tiny-test-model');
    const config = JSON.parse(readFileSync(path.join(dir, 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ peft_type: 'LORA', r: 4, lora_alpha: 8, lora_dropout: 0.05, bias: 'none', task_type: 'CAUSAL_LM' });
    expect(config.target_modules).toEqual(['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj']);
    const file = parseSafetensors(new Uint8Array(readFileSync(path.join(dir, 'adapter_model.safetensors'))));
    expect(file.entries.get('base_model.model.model.layers.1.self_attn.k_proj.lora_A.weight')?.shape).toEqual([4, 8]);
    expect(file.entries.get('base_model.model.model.layers.1.self_attn.k_proj.lora_B.weight')?.shape).toEqual([4, 4]);
    expect(file.entries.get('base_model.model.model.layers.0.mlp.down_proj.lora_A.weight')?.shape).toEqual([4, 12]);
    expect(file.entries.size).toBe(2 * 7 * 2);
    expect(peftKey(0, 'gate', 'B')).toBe('base_model.model.model.layers.0.mlp.gate_proj.lora_B.weight');
  });

  it('reads back the same adapters', () => {
    const { lora } = fixtures();
    const dir = path.join(tmp, 'roundtrip');
    writePeftAdapterDir(dir, lora, 'tiny');
    const back = parsePeftAdapter(cfg, readFileSync(path.join(dir, 'adapter_config.json'), 'utf8'),
      new Uint8Array(readFileSync(path.join(dir, 'adapter_model.safetensors'))));
    expect(back.config).toEqual({ ...loraCfg, useRslora: false });
    expect(back.scale).toBe(2);
    expect(back.arena).toEqual(lora.arena);
  });

  it('rejects adapters for a different model shape, naming the tensor', () => {
    const { lora } = fixtures();
    const dir = path.join(tmp, 'mismatch');
    writePeftAdapterDir(dir, lora, 'tiny');
    const wider = { ...cfg, hidden: 16 };
    expect(() => parsePeftAdapter(wider, readFileSync(path.join(dir, 'adapter_config.json'), 'utf8'),
      new Uint8Array(readFileSync(path.join(dir, 'adapter_model.safetensors'))))).toThrow(/lora_A\.weight" has 32 values, expected 64/);
  });

  it('merged weights give the same logits as base + adapters, also after a safetensors round trip', async () => {
    const { params, lora } = fixtures();
    const tokens = Int32Array.from([1, 5, 9, 16, 2, 7]);
    const withAdapters = llamaForward({ config: cfg, params }, tokens, 1, tokens.length, { lora }).logits;
    const base = llamaForward({ config: cfg, params }, tokens, 1, tokens.length).logits;
    const merged = mergeLoraIntoParams(cfg, params, lora);
    const mergedLogits = llamaForward({ config: cfg, params: merged }, tokens, 1, tokens.length).logits;
    let diff = 0, effect = 0;
    for (let i = 0; i < base.length; i++) {
      diff = Math.max(diff, Math.abs(mergedLogits[i] - withAdapters[i]));
      effect = Math.max(effect, Math.abs(withAdapters[i] - base[i]));
    }
    expect(effect).toBeGreaterThan(1e-2); // the adapters really change the model
    expect(diff).toBeLessThan(1e-5);
    const dir = path.join(tmp, 'merged');
    writeMergedModelDir(dir, cfg, params, lora);
    const loaded = await loadHfLlama(nodeModelFiles(dir));
    expect(loaded.params.arena).toEqual(merged.arena);
  });

  it('writes and reads BERT query/key/value adapters under PEFT encoder keys', () => {
    const bert: BertConfig = { vocabSize: 20, hidden: 8, intermediate: 16, layers: 2, heads: 2, maxPositions: 10, typeVocabSize: 2, layerNormEps: 1e-12 };
    const lora = allocBertLoraAdapters(bert, { rank: 2, alpha: 16, dropout: 0, targets: ['query', 'value'] }, 3);
    const dir = path.join(tmp, 'bert-adapter');
    writePeftAdapterDir(dir, lora, 'sentence-transformers/all-MiniLM-L6-v2');
    const config = JSON.parse(readFileSync(path.join(dir, 'adapter_config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ task_type: 'FEATURE_EXTRACTION', target_modules: ['query', 'value'], r: 2, lora_alpha: 16 });
    const bytes = new Uint8Array(readFileSync(path.join(dir, 'adapter_model.safetensors')));
    expect(parseSafetensors(bytes).entries.get('base_model.model.encoder.layer.1.attention.self.value.lora_B.weight')?.shape).toEqual([8, 2]);
    const back = parseBertPeftAdapter(bert, JSON.stringify(config), bytes);
    expect(back.arena).toEqual(lora.arena);
    expect(back.scale).toBe(8);
  });
});
