/**
 * Hugging Face folder loading: config.json mapping (llama / qwen2 / mistral incl. sliding windows / bert), single and sharded safetensors
 * checkpoints, the real Llama-2 fast tokenizer and its chat template (rendered with @huggingface/jinja).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { hfConfigFromLlama } from '../../src/io/export-hf';
import { applyChatTemplate, bertConfigFromHf, llamaConfigFromHf, loadHfBert, loadHfLlama, loadHfTokenizer, tokenizeChat } from '../../src/io/hf';
import { nodeModelFiles, writeHfBertDir, writeMergedModelDir } from '../../src/io/node-files';
import { parseSafetensors, serializeSafetensors } from '../../src/io/safetensors';
import { allocBertParams, type BertConfig } from '../../src/models/bert';
import { allocLlamaParams, hfLlamaTensorName, type LlamaConfig } from '../../src/models/llama-params';
import { sharedModel } from './shared-fixtures';

const llamaFixture = sharedModel('tiny-random-llama-onnx');
const minilm = sharedModel('minilm-l6-tokenizer');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hf-io-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const qwenLike: LlamaConfig = {
  vocabSize: 13, hidden: 8, intermediate: 12, layers: 2, heads: 2, kvHeads: 1, headDim: 4, ropeTheta: 1e6,
  rmsEps: 1e-6, tiedEmbeddings: true, attentionBias: true, maxSeqLen: 64
};

describe('config.json mapping', () => {
  it('maps a Qwen2 config (GQA, bias, tied, rope_theta) and defaults head_dim / kv heads', () => {
    const cfg = llamaConfigFromHf({
      model_type: 'qwen2', vocab_size: 151936, hidden_size: 896, intermediate_size: 4864, num_hidden_layers: 24,
      num_attention_heads: 14, num_key_value_heads: 2, rope_theta: 1000000, rms_norm_eps: 1e-6, tie_word_embeddings: true,
      max_position_embeddings: 32768
    });
    expect(cfg).toMatchObject({ headDim: 64, kvHeads: 2, attentionBias: true, tiedEmbeddings: true, ropeTheta: 1e6 });
    const llama = llamaConfigFromHf({ model_type: 'llama', vocab_size: 10, hidden_size: 8, intermediate_size: 4, num_hidden_layers: 1, num_attention_heads: 2 });
    expect(llama).toMatchObject({ kvHeads: 2, headDim: 4, attentionBias: false, tiedEmbeddings: false, ropeTheta: 10000 });
  });

  it('rejects what it cannot run, naming the file and field', () => {
    expect(() => llamaConfigFromHf({ model_type: 'gpt2' }, 'x/config.json')).toThrow(/x\/config\.json: model_type "gpt2"/);
    expect(() => llamaConfigFromHf({ model_type: 'llama', rope_scaling: { rope_type: 'llama3' } })).toThrow(/rope_scaling.*"factor"/);
    expect(() => llamaConfigFromHf({ model_type: 'llama', hidden_size: '8' })).toThrow(/"hidden_size" must be a number/);
  });

  it('maps rope_scaling llama3 (Llama-3.2-1B) and linear, and rejects yarn / dynamic naming the type', () => {
    const base = { model_type: 'llama', vocab_size: 10, hidden_size: 8, intermediate_size: 4, num_hidden_layers: 1, num_attention_heads: 2 };
    const llama32 = llamaConfigFromHf({
      ...base, rope_theta: 500000,
      rope_scaling: { factor: 32.0, high_freq_factor: 4.0, low_freq_factor: 1.0, original_max_position_embeddings: 8192, rope_type: 'llama3' }
    });
    expect(llama32.ropeScaling).toEqual({ type: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 8192 });
    expect(llamaConfigFromHf({ ...base, rope_scaling: { type: 'linear', factor: 2 } }).ropeScaling).toEqual({ type: 'linear', factor: 2 });
    expect(llamaConfigFromHf({ ...base, rope_scaling: { rope_type: 'default' } }).ropeScaling).toBeUndefined();
    expect(llamaConfigFromHf(base).ropeScaling).toBeUndefined();
    expect(() => llamaConfigFromHf({ ...base, rope_scaling: { rope_type: 'yarn', factor: 4 } }, 'q/config.json'))
      .toThrow(/q\/config\.json: rope_scaling type "yarn" is not supported/);
    expect(() => llamaConfigFromHf({ ...base, rope_scaling: { type: 'dynamic', factor: 2 } })).toThrow(/"dynamic"/);
    expect(() => llamaConfigFromHf({ ...base, rope_scaling: { type: 'linear', factor: -1 } })).toThrow(/config\.json: rope_scaling linear: factor/);
  });

  it('writes rope_scaling back on export, so a merged Llama 3.x keeps its scaling when reloaded', () => {
    const base = { model_type: 'llama', vocab_size: 10, hidden_size: 8, intermediate_size: 4, num_hidden_layers: 1, num_attention_heads: 2 };
    for (const rope_scaling of [
      { rope_type: 'llama3', factor: 32, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8192 },
      { rope_type: 'linear', factor: 2 }
    ]) {
      const cfg = llamaConfigFromHf({ ...base, rope_theta: 500000, rope_scaling });
      const exported = hfConfigFromLlama(cfg);
      expect(exported.rope_scaling).toEqual(rope_scaling);
      expect(llamaConfigFromHf(exported).ropeScaling).toEqual(cfg.ropeScaling);
    }
    expect(hfConfigFromLlama(llamaConfigFromHf(base))).not.toHaveProperty('rope_scaling');
  });

  it('maps sliding windows: Mistral on every layer, Qwen2 only with use_sliding_window from max_window_layers, Llama never', () => {
    const dims = { vocab_size: 10, hidden_size: 8, intermediate_size: 4, num_hidden_layers: 4, num_attention_heads: 2 };
    const mistral = llamaConfigFromHf({ ...dims, model_type: 'mistral', sliding_window: 4096, head_dim: null });
    expect(mistral).toMatchObject({ slidingWindow: 4096, headDim: 4, attentionBias: false });
    expect(mistral.slidingWindowFromLayer).toBeUndefined();
    expect(llamaConfigFromHf({ ...dims, model_type: 'mistral', sliding_window: null }).slidingWindow).toBeUndefined();
    // Qwen2.5 checkpoints ship sliding_window with use_sliding_window false: HF ignores it.
    const qwen = { ...dims, model_type: 'qwen2', sliding_window: 131072, max_window_layers: 3 };
    expect(llamaConfigFromHf(qwen).slidingWindow).toBeUndefined();
    expect(llamaConfigFromHf({ ...qwen, use_sliding_window: true })).toMatchObject({ slidingWindow: 131072, slidingWindowFromLayer: 3 });
    const types = ['full_attention', 'full_attention', 'sliding_attention', 'sliding_attention'];
    expect(llamaConfigFromHf({ ...qwen, use_sliding_window: true, layer_types: types })).toMatchObject({ slidingWindowFromLayer: 2 });
    expect(() => llamaConfigFromHf({ ...qwen, use_sliding_window: true, layer_types: [...types].reverse() }, 'w/config.json'))
      .toThrow(/w\/config\.json: layer_types .* is not supported/);
    expect(() => llamaConfigFromHf({ ...qwen, use_sliding_window: true, sliding_window: null })).toThrow(/use_sliding_window is true but "sliding_window"/);
    expect(() => llamaConfigFromHf({ ...dims, model_type: 'mistral', sliding_window: 0 })).toThrow(/"sliding_window" must be a positive integer/);
    expect(llamaConfigFromHf({ ...dims, model_type: 'llama', sliding_window: 16 }).slidingWindow).toBeUndefined();
    for (const cfg of [mistral, llamaConfigFromHf({ ...qwen, use_sliding_window: true })]) {
      expect(llamaConfigFromHf(hfConfigFromLlama(cfg))).toEqual(cfg); // export writes the window back
    }
    expect(hfConfigFromLlama(mistral)).toMatchObject({ model_type: 'mistral', architectures: ['MistralForCausalLM'] });
  });

  it.skipIf(!minilm.present)('maps the real MiniLM-L6 config', async () => {
    const json = JSON.parse(new TextDecoder().decode(await nodeModelFiles(minilm.path)('config.json'))) as Record<string, unknown>;
    expect(bertConfigFromHf(json)).toMatchObject({ hidden: 384, layers: 6, heads: 12, intermediate: 1536, vocabSize: 30522 });
  });
});

describe('safetensors checkpoints', () => {
  const params = allocLlamaParams(qwenLike);
  const rand = seededRandom(4);
  for (let i = 0; i < params.arena.length; i++) params.arena[i] = rand() - 0.5;

  it('round-trips a single-file checkpoint written under HF names', async () => {
    const dir = path.join(tmp, 'single');
    writeMergedModelDir(dir, qwenLike, params, null);
    const loaded = await loadHfLlama(nodeModelFiles(dir));
    expect(loaded.config).toEqual({ ...qwenLike });
    expect(loaded.params.arena).toEqual(params.arena);
  });

  it('loads a Mistral folder (Llama weights, model_type mistral, sliding_window) with its window', async () => {
    const mistralLike: LlamaConfig = { ...qwenLike, attentionBias: false, slidingWindow: 3 };
    const mistralParams = allocLlamaParams(mistralLike);
    mistralParams.arena.set(params.arena.subarray(0, mistralParams.arena.length));
    const dir = path.join(tmp, 'mistral');
    writeMergedModelDir(dir, mistralLike, mistralParams, null);
    expect(JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'))).toMatchObject({ model_type: 'mistral', sliding_window: 3 });
    const loaded = await loadHfLlama(nodeModelFiles(dir));
    expect(loaded.config).toEqual(mistralLike);
    expect(loaded.params.arena).toEqual(mistralParams.arena);
  });

  it('treats a checkpoint without lm_head.weight as tied when config.json is silent', async () => {
    const dir = path.join(tmp, 'silent-tie');
    writeMergedModelDir(dir, qwenLike, params, null); // tied: no lm_head.weight written
    const configFile = path.join(dir, 'config.json');
    const json = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    delete json.tie_word_embeddings;
    writeFileSync(configFile, JSON.stringify(json));
    const loaded = await loadHfLlama(nodeModelFiles(dir));
    expect(loaded.config.tiedEmbeddings).toBe(true);
    expect(loaded.params.arena).toEqual(params.arena);
  });

  it('loads a sharded checkpoint through model.safetensors.index.json', async () => {
    const dir = path.join(tmp, 'sharded');
    writeMergedModelDir(dir, qwenLike, params, null);
    const whole = parseSafetensors(new Uint8Array(await nodeModelFiles(dir)('model.safetensors') as Uint8Array));
    rmSync(path.join(dir, 'model.safetensors'));
    const names = [...whole.entries.keys()];
    const weightMap: Record<string, string> = {};
    const shards = [names.slice(0, 7), names.slice(7)];
    shards.forEach((group, s) => {
      const file = `model-0000${s + 1}-of-00002.safetensors`;
      const tensors = group.map((name) => {
        const e = whole.entries.get(name)!;
        weightMap[name] = file;
        return { name, shape: e.shape, data: new Float32Array(whole.data.slice(e.begin, e.end).buffer) };
      });
      writeFileSync(path.join(dir, file), serializeSafetensors(tensors));
    });
    writeFileSync(path.join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    const loaded = await loadHfLlama(nodeModelFiles(dir));
    expect(loaded.params.arena).toEqual(params.arena);
    expect(weightMap[hfLlamaTensorName('bq', 1)]).toBeDefined();
    await expect(nodeModelFiles(dir)('../../etc/passwd')).rejects.toThrow(/must live inside the model folder/);
    rmSync(path.join(dir, 'model-00002-of-00002.safetensors'));
    await expect(loadHfLlama(nodeModelFiles(dir))).rejects.toThrow(/shard "model-00002-of-00002\.safetensors" is listed but not present/);
  });
});

describe('BERT export', () => {
  it('round-trips a BERT encoder through an HF folder under BertModel names', async () => {
    const cfg: BertConfig = { vocabSize: 20, hidden: 8, intermediate: 16, layers: 2, heads: 2, maxPositions: 10, typeVocabSize: 2, layerNormEps: 1e-12 };
    const params = allocBertParams(cfg);
    const rand = seededRandom(8);
    for (let i = 0; i < params.arena.length; i++) params.arena[i] = rand() - 0.5;
    const dir = path.join(tmp, 'bert');
    writeHfBertDir(dir, cfg, params);
    const file = parseSafetensors(new Uint8Array((await nodeModelFiles(dir)('model.safetensors'))!));
    expect(file.entries.get('encoder.layer.1.intermediate.dense.weight')?.shape).toEqual([16, 8]);
    const loaded = await loadHfBert(nodeModelFiles(dir));
    expect(loaded.config).toEqual(cfg);
    expect(loaded.params.arena).toEqual(params.arena);
  });
});

describe.skipIf(!llamaFixture.present)('real Llama-2 tokenizer and chat template', () => {
  it('encodes with BOS and decodes back', async () => {
    const tok = await loadHfTokenizer(nodeModelFiles(llamaFixture.path));
    const ids = tok.tokenizer.encode('Hello world').ids;
    expect(ids[0]).toBe(1);
    expect(tok.tokenizer.decode(ids, { skip_special_tokens: true })).toBe('Hello world');
  });

  it('renders the Llama-2 [INST] <<SYS>> format', async () => {
    const tok = await loadHfTokenizer(nodeModelFiles(llamaFixture.path));
    const text = applyChatTemplate(tok, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Rank this resume.' },
      { role: 'assistant', content: 'Strong fit.' }
    ]);
    expect(text).toBe('<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nRank this resume. [/INST] Strong fit. </s>');
    expect(() => applyChatTemplate(tok, [{ role: 'assistant', content: 'x' }])).toThrow(/roles must alternate/);
  });
});

describe.skipIf(!llamaFixture.present)('assistant-token masks from the chat template', () => {
  it('marks exactly the assistant replies and their </s>', async () => {
    const tok = await loadHfTokenizer(nodeModelFiles(llamaFixture.path));
    const messages = [
      { role: 'user', content: 'Summarise the CV.' },
      { role: 'assistant', content: 'Backend engineer.' },
      { role: 'user', content: 'Seniority?' },
      { role: 'assistant', content: 'Senior.' }
    ];
    const { ids, assistantMask } = tokenizeChat(tok, messages);
    expect(ids.length).toBe(assistantMask.length);
    const spans: string[] = [];
    let start = -1;
    for (let k = 0; k <= ids.length; k++) {
      const on = k < ids.length && assistantMask[k] === 1;
      if (on && start < 0) start = k;
      if (!on && start >= 0) {
        spans.push(tok.tokenizer.decode(ids.slice(start, k)));
        start = -1;
      }
    }
    expect(spans.map((s) => s.trim())).toEqual(['Backend engineer. </s>', 'Senior. </s>']);
    expect(ids.filter((id) => id === 1).length).toBe(2); // one BOS per [INST] turn, from the template itself
  });
});
