/**
 * web-llm / MLC shards (PUBLISHING-FORMATS.md B1-B7):
 *   - parameter names and shapes for the catalog's bases equal the tables of B5 (the Qwen2.5-0.5B worked example
 *     number for number), and each base's config selects its catalog library;
 *   - tvmjs sharding: 32 MiB cap, a record of ≥ half the cap alone in the next shard, offsets contiguous;
 *   - publish with a base's mlc-chat-config.json (a tiny test base registered in a test catalog): tensor-cache.json
 *     (and the identical ndarray-cache.json) lists exactly the B5 names/shapes/dtypes; the shards round-trip through
 *     the loader rules and dequantise to the source weights (q, k, v and gate, up stacked) within scale/2;
 *     mlc-chat-config.json keeps the base's conversation template and says the fine-tune's vocabulary, tokenizer and
 *     ids; the manifest's web-llm variants name the base library and their subfolder;
 *   - refusal: an explicit --mlc for a model no library fits fails with the reason; in auto mode a base without
 *     architecture facts is skipped, saying to pass its mlc-chat-config.json.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlcGroupDequantize, mlcParamSpecs, readTensorCache, shardTensors, type MlcTensor } from '../../src/export/mlc';
import { BASE_ARCHITECTURES, matchMlcBase, type CatalogWebLlmEntry } from '../../src/export/mlc-bases';
import { DEFAULT_CATALOG, publishRun, PublishError, type PublishResult } from '../../src/export/publish';
import { halfBitsToFloat } from '../../src/io/half';
import { loadHfLlama } from '../../src/io/hf';
import { nodeModelFiles } from '../../src/io/node-files';
import type { LlamaConfig } from '../../src/models/llama-params';
import { tempDir, writeTinyLlamaDir } from '../train/fixtures';
import { tok512 } from './helpers';

const Q = 'q4f16_1';

/** B5's tables, written out: [name, shape, dtype] for a Llama (qkv_proj) or Qwen2 (c_attn + bias) config. */
function b5Table(c: { L: number; H: number; I: number; hq: number; hkv: number; d: number; V: number; tied: boolean; qwen: boolean }, dt: string): [string, number[], string][] {
  const rows: [string, number[], string][] = [['model.embed_tokens.q_weight', [c.V, c.H / 8], 'uint32'], ['model.embed_tokens.q_scale', [c.V, c.H / 32], dt]];
  const qkv = (c.hq + 2 * c.hkv) * c.d;
  for (let l = 0; l < c.L; l++) {
    const p = `model.layers.${l}.`;
    const attn = c.qwen ? 'c_attn' : 'qkv_proj';
    rows.push([`${p}self_attn.${attn}.q_weight`, [qkv, c.H / 8], 'uint32'], [`${p}self_attn.${attn}.q_scale`, [qkv, c.H / 32], dt]);
    if (c.qwen) rows.push([`${p}self_attn.c_attn.bias`, [qkv], dt]);
    rows.push([`${p}self_attn.o_proj.q_weight`, [c.H, (c.hq * c.d) / 8], 'uint32'], [`${p}self_attn.o_proj.q_scale`, [c.H, (c.hq * c.d) / 32], dt]);
    rows.push([`${p}mlp.gate_up_proj.q_weight`, [2 * c.I, c.H / 8], 'uint32'], [`${p}mlp.gate_up_proj.q_scale`, [2 * c.I, c.H / 32], dt]);
    rows.push([`${p}mlp.down_proj.q_weight`, [c.H, c.I / 8], 'uint32'], [`${p}mlp.down_proj.q_scale`, [c.H, c.I / 32], dt]);
    rows.push([`${p}input_layernorm.weight`, [c.H], dt], [`${p}post_attention_layernorm.weight`, [c.H], dt]);
  }
  rows.push(['model.norm.weight', [c.H], dt]);
  if (!c.tied) rows.push(['lm_head.q_weight', [c.V, c.H / 8], 'uint32'], ['lm_head.q_scale', [c.V, c.H / 32], dt]);
  return rows;
}

function configOf(name: keyof typeof BASE_ARCHITECTURES): LlamaConfig {
  const a = BASE_ARCHITECTURES[name];
  return {
    vocabSize: a.vocabSize, hidden: a.hidden, intermediate: a.intermediate, layers: a.layers, heads: a.heads, kvHeads: a.kvHeads, headDim: a.headDim,
    ropeTheta: a.ropeTheta, rmsEps: a.rmsEps, tiedEmbeddings: a.tiedEmbeddings, attentionBias: a.modelType === 'qwen2', maxSeqLen: 4096,
    ...(a.ropeScaling ? { ropeScaling: { type: 'llama3' as const, ...a.ropeScaling } } : {})
  };
}

const catalog = JSON.parse(readFileSync(DEFAULT_CATALOG, 'utf8')).models as CatalogWebLlmEntry[];

describe('MLC parameter names for the catalog bases', () => {
  it('Qwen2.5-0.5B: the worked example of B5, and its library is the catalog Qwen2-0.5B one', () => {
    const specs = mlcParamSpecs(configOf('Qwen2.5-0.5B-Instruct'), Q);
    const shape = (n: string) => specs.find((s) => s.name === n)?.shape;
    expect(shape('model.layers.0.self_attn.c_attn.q_weight')).toEqual([1152, 112]);
    expect(shape('model.layers.0.self_attn.c_attn.q_scale')).toEqual([1152, 28]);
    expect(shape('model.layers.0.self_attn.c_attn.bias')).toEqual([1152]);
    expect(shape('model.layers.23.mlp.gate_up_proj.q_weight')).toEqual([9728, 112]);
    expect(shape('model.layers.5.mlp.down_proj.q_weight')).toEqual([896, 608]);
    expect(shape('model.layers.5.mlp.down_proj.q_scale')).toEqual([896, 152]);
    expect(shape('model.embed_tokens.q_weight')).toEqual([151936, 112]);
    expect(shape('lm_head.q_weight')).toBeUndefined(); // tied
    expect(specs).toHaveLength(2 + 24 * 11 + 1);
    const m = matchMlcBase(configOf('Qwen2.5-0.5B-Instruct'), Q, catalog);
    expect(m.ok && m.match.modelLib.file).toBe('webllm-libs/v0_2_86/Qwen2-0.5B-Instruct-q4f16_1_cs1k-webgpu.wasm');
  });

  for (const name of Object.keys(BASE_ARCHITECTURES) as (keyof typeof BASE_ARCHITECTURES)[]) {
    it(`${name}: names, shapes and dtypes equal B5's table for both quantisations; its catalog libraries fit`, () => {
      const a = BASE_ARCHITECTURES[name];
      for (const q of ['q4f16_1', 'q4f32_1'] as const) {
        const table = b5Table({ L: a.layers, H: a.hidden, I: a.intermediate, hq: a.heads, hkv: a.kvHeads, d: a.headDim, V: a.vocabSize, tied: a.tiedEmbeddings, qwen: a.modelType === 'qwen2' }, q === Q ? 'float16' : 'float32');
        expect(mlcParamSpecs(configOf(name), q).map((s) => [s.name, s.shape, s.dtype])).toEqual(table);
        const m = matchMlcBase(configOf(name), q, catalog);
        expect(m.ok && m.match.catalogId).toBe(`${name}-${q}-MLC`);
      }
    });
  }
});

describe('tensor-cache sharding (tvmjs rule)', () => {
  it('appends while under the cap, puts a large record alone in the next shard, keeps offsets contiguous', () => {
    const t = (name: string, n: number): MlcTensor => ({ name, shape: [n], dtype: 'float16', data: new Uint8Array(n).fill(name.charCodeAt(0)) });
    const cache = shardTensors([t('a', 30), t('b', 30), t('c', 60), t('d', 30), t('e', 45)], 100);
    expect(cache.json.records.map((s) => [s.dataPath, s.records.map((r) => [r.name, r.byteOffset, r.nbytes])])).toEqual([
      ['params_shard_0.bin', [['c', 0, 60]]],
      ['params_shard_1.bin', [['a', 0, 30], ['b', 30, 30], ['d', 60, 30]]],
      ['params_shard_2.bin', [['e', 0, 45]]]
    ]);
    const back = readTensorCache(cache.json, (p) => cache.shards.find((s) => s.path === p)!.data);
    expect([...back.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    for (const [name, { data }] of back) expect(data.every((b) => b === name.charCodeAt(0))).toBe(true);
    expect(() => readTensorCache({ ...cache.json, records: [{ ...cache.json.records[0], nbytes: 59 }] }, () => new Uint8Array(59))).toThrow(/outside params_shard_0\.bin/);
  });
});

describe.skipIf(!tok512.present)('publish writes MLC shards for a model a catalog library fits', () => {
  let root: string, modelDir: string, catalogFile: string, baseConfigFile: string, result: PublishResult;
  const baseChat = {
    version: '0.1.0', model_type: 'llama', quantization: 'q4f16_1',
    model_config: { hidden_size: 32, intermediate_size: 64, num_attention_heads: 4, num_hidden_layers: 2, rms_norm_eps: 1e-5, vocab_size: 512, tie_word_embeddings: false, position_embedding_base: 10000, context_window_size: 2048, prefill_chunk_size: 1024, num_key_value_heads: 2, head_dim: 8 },
    vocab_size: 512, context_window_size: 2048, sliding_window_size: -1, prefill_chunk_size: 1024, attention_sink_size: -1, temperature: 0.7, top_p: 0.9,
    tokenizer_files: ['tokenizer.model'],
    conv_template: { name: 'tiny-plain', system_template: '{system_message}', system_message: '', roles: { user: 'user', assistant: 'assistant' }, seps: ['\n'], role_content_sep: ': ', role_empty_sep: ':', stop_str: [], stop_token_ids: [2] }
  };

  beforeAll(() => {
    root = tempDir('publish-mlc');
    modelDir = path.join(root, 'tiny');
    writeTinyLlamaDir(modelDir, 4);
    copyFileSync(tok512.path, path.join(modelDir, 'tok512.bin'));
    const entry = (q: string) => ({ id: `Tiny-Test-${q}-MLC`, runtime: 'web-llm', dtype: q, model_lib: { file: `webllm-libs/test/Tiny-Test-${q}-webgpu.wasm`, upstream: 'https://example.org/lib.wasm', sha256: null }, vram_required_MB: 12.5, context_window: 1024, ...(q === Q ? { required_features: ['shader-f16'] } : {}) });
    catalogFile = path.join(root, 'catalog.json');
    writeFileSync(catalogFile, JSON.stringify({ models: [entry('q4f16_1'), entry('q4f32_1')] }));
    baseConfigFile = path.join(root, 'mirror', 'Tiny-Test-q4f16_1-MLC', 'mlc-chat-config.json');
    mkdirSync(path.dirname(baseConfigFile), { recursive: true });
    writeFileSync(baseConfigFile, JSON.stringify(baseChat));
  });

  it('writes tensor-cache.json with B5 names, shards that dequantise to the source weights, and the chat config', async () => {
    const out = path.join(root, 'out');
    result = await publishRun({ run: modelDir, out, id: 'acme/tiny', catalog: catalogFile, mlcBaseConfig: baseConfigFile, formats: ['fp32'], log: () => {} });
    expect(result.mlcSkipped).toEqual([]);
    const { config: cfg, params } = await loadHfLlama(nodeModelFiles(modelDir));
    for (const q of ['q4f16_1', 'q4f32_1'] as const) {
      const dir = path.join(out, 'mlc', q);
      const json = JSON.parse(readFileSync(path.join(dir, 'tensor-cache.json'), 'utf8'));
      expect(readFileSync(path.join(dir, 'ndarray-cache.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'tensor-cache.json'), 'utf8'));
      const dt = q === Q ? 'float16' : 'float32';
      const table = b5Table({ L: 2, H: 32, I: 64, hq: 4, hkv: 2, d: 8, V: 512, tied: false, qwen: false }, dt);
      const records = (json.records as { records: { name: string; shape: number[]; dtype: string }[] }[]).flatMap((s) => s.records);
      expect(records.map((r) => [r.name, r.shape, r.dtype])).toEqual(table);
      const tensors = readTensorCache(json, (p) => new Uint8Array(readFileSync(path.join(dir, p))));
      const floats = (name: string): Float32Array => {
        const { record, data } = tensors.get(name)!;
        return record.dtype === 'float16' ? Float32Array.from(new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2), halfBitsToFloat) : new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
      };
      const dequant = (name: string, N: number, K: number) => {
        const qw = tensors.get(`${name}.q_weight`)!.data;
        return mlcGroupDequantize(new Uint32Array(qw.buffer, qw.byteOffset, qw.byteLength / 4), floats(`${name}.q_scale`), N, K);
      };
      let worstRatio = 0;
      const check = (name: string, source: Float32Array[], K: number) => {
        const src = new Float32Array(source.reduce((n, s) => n + s.length, 0));
        source.reduce((at, s) => (src.set(s, at), at + s.length), 0);
        const N = src.length / K;
        const back = dequant(name, N, K);
        const scales = floats(`${name}.q_scale`);
        for (let i = 0; i < src.length; i++) {
          const scale = scales[Math.floor(i / K) * Math.ceil(K / 32) + Math.floor((i % K) / 32)];
          const bound = scale / 2 + (dt === 'float16' ? Math.abs(src[i]) * 2 ** -10 + scale * 2 ** -7 : 1e-7);
          worstRatio = Math.max(worstRatio, Math.abs(back[i] - src[i]) / bound);
        }
      };
      const C = 32, QD = 32, KVD = 16, I = 64;
      const sl = (a: Float32Array, n: number, l: number) => a.subarray(l * n, (l + 1) * n);
      check('model.embed_tokens', [params.embed], C);
      check('lm_head', [params.lmHead], C);
      for (let l = 0; l < 2; l++) {
        const p = `model.layers.${l}`;
        check(`${p}.self_attn.qkv_proj`, [sl(params.wq, QD * C, l), sl(params.wk, KVD * C, l), sl(params.wv, KVD * C, l)], C);
        check(`${p}.self_attn.o_proj`, [sl(params.wo, C * QD, l)], QD);
        check(`${p}.mlp.gate_up_proj`, [sl(params.wGate, I * C, l), sl(params.wUp, I * C, l)], C);
        check(`${p}.mlp.down_proj`, [sl(params.wDown, C * I, l)], I);
        expect(Array.from(floats(`${p}.input_layernorm.weight`))).toEqual(Array.from(sl(params.attnNorm, C, l)));
      }
      console.log(`[mlc] ${q}: worst |dequantised − source| / bound = ${worstRatio.toFixed(3)} over every quantised tensor`);
      expect(worstRatio).toBeLessThanOrEqual(1);

      const chat = JSON.parse(readFileSync(path.join(dir, 'mlc-chat-config.json'), 'utf8'));
      expect(chat).toMatchObject({
        quantization: q, vocab_size: 512, context_window_size: 1024, conv_template: baseChat.conv_template, temperature: 0.7,
        tokenizer_files: ['tokenizer.json', 'tokenizer_config.json'], bos_token_id: 1, eos_token_id: 2,
        tokenizer_info: { token_postproc_method: 'byte_fallback', prepend_space_in_encode: true, strip_space_in_decode: true }
      });
      expect(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')).toBe(readFileSync(path.join(out, 'tokenizer.json'), 'utf8'));
    }
    const web = result.manifest.variants.filter((v) => v.runtime === 'web-llm');
    expect(web.map((v) => [v.id, v.root, v.base_model_lib?.catalog_id, v.required_features ?? []])).toEqual([
      ['acme/tiny@q4f16_1', 'mlc/q4f16_1/', 'Tiny-Test-q4f16_1-MLC', ['shader-f16']], ['acme/tiny@q4f32_1', 'mlc/q4f32_1/', 'Tiny-Test-q4f32_1-MLC', []]
    ]);
    expect(web[0].files).toContain('mlc/q4f16_1/params_shard_0.bin');
  });

  it('refuses: explicit --mlc that no library fits fails with the reason; auto mode skips a base it has no facts for', async () => {
    const refused = publishRun({ run: modelDir, out: path.join(root, 'refused'), mlc: ['q4f32_1'], formats: ['fp32'], log: () => {} });
    await expect(refused).rejects.toBeInstanceOf(PublishError);
    await expect(refused).rejects.toThrow(/--mlc q4f32_1: no prebuilt web-llm library fits this model for q4f32_1 — SmolLM2-360M-Instruct-q4f32_1-MLC: layers 2 ≠ 32/);
    const skipped = await publishRun({ run: modelDir, out: path.join(root, 'skipped'), catalog: catalogFile, formats: ['fp32'], log: () => {} });
    expect(skipped.mlcSkipped.map((s) => s.reason)).toEqual(['q4f16_1', 'q4f32_1'].map((q) =>
      `no prebuilt web-llm library fits this model for ${q} — Tiny-Test-${q}-MLC: no architecture facts for base "Tiny-Test" (pass its mlc-chat-config.json)`));
    expect(skipped.manifest.variants.every((v) => v.runtime === 'transformers.js')).toBe(true);
  });
});


