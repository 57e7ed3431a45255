/**
 * `publish` of an SFT run (LoRA on a tiny random Llama with GQA, llama2.c tok512 tokenizer, trained here on CPU):
 *   - layout: config/generation_config with the tokenizer's bos/eos ids, tokenizer.json exported from tok512.bin with
 *     the plain chat template inlined, onnx/model.onnx + model_q4.onnx + model_q4f16.onnx; no MLC shards, and the
 *     reason names what differs from each catalog library;
 *   - onnxruntime-node vs the engine's forward on the merged weights: fp32 logits within 1e-4; the KV-cache path
 *     (prefix, then the rest with past_key_values) equals one full pass within 1e-5 for every variant; q4 equals the
 *     engine run on the q4-dequantised weights within 1e-4 (the quantiser and MatMulNBits agree); q4f16 within 2e-2
 *     of that (float16 activations into MatMulNBits); both against the f32 model within 0.25 · max|logit|;
 *   - transformers.js in Node: the tokenizer encodes like llama2.c and the chat template gives the training tokens;
 *     fp32 logits equal the engine within 1e-4; greedy generate with its KV cache picks the engine's tokens; q4 and
 *     q4f16 load and give ORT's logits;
 *   - weights over the inline limit go to onnx/model.onnx_data (config.json says so): ORT and transformers.js load
 *     it and give the inline model's logits exactly.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env, Tensor, type PreTrainedModel } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelManifestV2 } from '../../../src/lib/core/models/catalog';
import { publishRun, type PublishResult } from '../../src/export/publish';
import { loadHfLlama } from '../../src/io/hf';
import { encodeLlama2c, readLlama2cTokenizer } from '../../src/io/llama2c-tokenizer';
import { nodeModelFiles } from '../../src/io/node-files';
import { llamaForward, type LlamaModel } from '../../src/models/llama';
import { llama2cChatTokenizer } from '../../src/train/chat-tokenizer';
import { SFT_ROWS, tempDir } from '../train/fixtures';
import { argmaxRow, decoderFeeds, maxAbs, maxAbsDiff, q4DequantizedParams, tok512, trainTinyDecoder } from './helpers';

const PROMPT = [21, 300, 45, 17, 260, 99, 411, 7, 88, 150];

describe.skipIf(!tok512.present)('publish a decoder run', () => {
  let root: string, run: string, out: string, result: PublishResult, manifest: ModelManifestV2, model: LlamaModel;

  beforeAll(async () => {
    root = tempDir('publish-decoder');
    run = await trainTinyDecoder(root);
    out = path.join(root, 'published');
    result = await publishRun({ run, out, id: 'acme/screener', label: 'Acme screener', license: 'mit', log: () => {} });
    manifest = result.manifest;
    model = await loadHfLlama(nodeModelFiles(path.join(run, 'merged')));
  }, 120_000);

  it('writes the text-generation layout, bos/eos ids and the variants; MLC is refused with the reason', () => {
    for (const f of ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model_q4.onnx', 'onnx/model_q4f16.onnx']) {
      expect(existsSync(path.join(out, f)), f).toBe(true);
    }
    expect(JSON.parse(readFileSync(path.join(out, 'generation_config.json'), 'utf8'))).toEqual({ bos_token_id: 1, eos_token_id: 2, pad_token_id: 0 });
    const config = JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'llama', num_hidden_layers: 2, num_key_value_heads: 2, head_dim: 8, eos_token_id: 2 });
    expect(manifest.variants.map((v) => [v.id, v.dtype, v.default ?? false, v.required_features ?? []])).toEqual([
      ['acme/screener@fp32', 'fp32', false, []], ['acme/screener@q4', 'q4', true, []], ['acme/screener@q4f16', 'q4f16', false, ['shader-f16']]
    ]);
    expect(existsSync(path.join(out, 'mlc'))).toBe(false);
    expect(result.mlcSkipped.map((s) => s.quantization)).toEqual(['q4f16_1', 'q4f32_1']);
    for (const s of result.mlcSkipped) {
      expect(s.reason).toMatch(/no prebuilt web-llm library fits this model/);
      expect(s.reason).toMatch(/SmolLM2-360M-Instruct-q4f\d\d_1-MLC: layers 2 ≠ 32, hidden 32 ≠ 960/);
      expect(s.reason).toMatch(/Qwen2\.5-0\.5B-Instruct-q4f\d\d_1-MLC: architecture llama ≠ qwen2/);
    }
    expect(manifest.model_card?.training).toMatchObject({ mode: 'sft', method: 'LoRA r=4', steps: 6 });
  });

  it('onnxruntime-node: fp32 logits equal the engine; q4/q4f16 within their bounds; the KV cache equals a full pass', async () => {
    const cfg = model.config;
    const V = cfg.vocabSize, T = PROMPT.length;
    const ref = llamaForward(model, Int32Array.from(PROMPT), 1, T).logits;
    const refQ4 = llamaForward({ config: cfg, params: q4DequantizedParams(cfg, model.params) }, Int32Array.from(PROMPT), 1, T).logits;
    const refQ4f16 = llamaForward({ config: cfg, params: q4DequantizedParams(cfg, model.params, true) }, Int32Array.from(PROMPT), 1, T).logits;
    const scale = maxAbs(ref);
    const report: string[] = [];
    for (const file of ['model.onnx', 'model_q4.onnx', 'model_q4f16.onnx']) {
      const session = await ort.InferenceSession.create(path.join(out, 'onnx', file));
      const full = await session.run(decoderFeeds(PROMPT, 0, cfg.layers, cfg.kvHeads, cfg.headDim));
      const logits = full.logits.data as Float32Array;
      const first = await session.run(decoderFeeds(PROMPT.slice(0, 6), 0, cfg.layers, cfg.kvHeads, cfg.headDim));
      const rest = await session.run(decoderFeeds(PROMPT.slice(6), 6, cfg.layers, cfg.kvHeads, cfg.headDim, first));
      const cacheErr = maxAbsDiff(rest.logits.data as Float32Array, logits.subarray(6 * V));
      expect((rest['present.1.key'].dims as number[])).toEqual([1, cfg.kvHeads, T, cfg.headDim]);
      expect(cacheErr, `${file} KV cache`).toBeLessThan(1e-5);
      const vsF32 = maxAbsDiff(logits, ref);
      if (file === 'model.onnx') expect(vsF32).toBeLessThan(1e-4);
      if (file === 'model_q4.onnx') expect(maxAbsDiff(logits, refQ4)).toBeLessThan(1e-4);
      if (file === 'model_q4f16.onnx') expect(maxAbsDiff(logits, refQ4f16)).toBeLessThan(2e-2);
      if (file !== 'model.onnx') {
        expect(vsF32).toBeLessThan(0.25 * scale);
        expect(vsF32).toBeGreaterThan(0); // really quantised
      }
      const same = Array.from({ length: T }, (_, t) => argmaxRow(logits, t, V) === argmaxRow(ref, t, V)).filter(Boolean).length;
      report.push(`${file}: max |Δ| vs f32 engine ${vsF32.toExponential(2)} (max |logit| ${scale.toFixed(2)}), vs dequantised engine ${maxAbsDiff(logits, file === 'model_q4f16.onnx' ? refQ4f16 : file === 'model_q4.onnx' ? refQ4 : ref).toExponential(2)}, argmax agrees ${same}/${T}, KV cache vs full ${cacheErr.toExponential(2)}`);
      await session.release();
    }
    console.log(`[publish-decoder] ORT\n  ${report.join('\n  ')}`);
  });

  it('transformers.js (Node): tokenizer and chat template as trained; fp32 logits and greedy generation equal the engine', async () => {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = `${root}/`;
    const tokenizer = await AutoTokenizer.from_pretrained('published');
    const llama2c = readLlama2cTokenizer(new Uint8Array(readFileSync(tok512.path)), 512);
    for (const text of ['Once upon a time, there was a little girl named Lily.', 'Skills: Kubernetes, Go; 7 years ✓', '{"status": "select"}']) {
      expect(Array.from(tokenizer(text).input_ids.data as BigInt64Array, Number)).toEqual(encodeLlama2c(llama2c, text, true, false));
    }
    const messages = SFT_ROWS[2].messages;
    const rendered = tokenizer.apply_chat_template(messages, { tokenize: false }) as unknown as string;
    const ids = Array.from(tokenizer(rendered, { add_special_tokens: false }).input_ids.data as BigInt64Array, Number);
    expect(ids).toEqual(llama2cChatTokenizer(llama2c).encodeChat(messages).ids);

    const lm = (await AutoModelForCausalLM.from_pretrained('published', { device: 'cpu', dtype: 'fp32' })) as PreTrainedModel;
    const input = new Tensor('int64', BigInt64Array.from(PROMPT, (v) => BigInt(v)), [1, PROMPT.length]);
    const mask = new Tensor('int64', new BigInt64Array(PROMPT.length).fill(1n), [1, PROMPT.length]);
    const { logits } = (await lm({ input_ids: input, attention_mask: mask })) as { logits: Tensor };
    const ref = llamaForward(model, Int32Array.from(PROMPT), 1, PROMPT.length).logits;
    const err = maxAbsDiff(logits.data as Float32Array, ref);
    const steps = 8;
    const generated = (await lm.generate({ input_ids: input, attention_mask: mask, max_new_tokens: steps, do_sample: false } as Parameters<PreTrainedModel['generate']>[0])) as Tensor;
    const tokens = Array.from(generated.data as BigInt64Array, Number).slice(PROMPT.length);
    const expected: number[] = [];
    const seq = [...PROMPT];
    for (let s = 0; s < steps; s++) {
      const next = argmaxRow(llamaForward(model, Int32Array.from(seq), 1, seq.length).logits, seq.length - 1, model.config.vocabSize);
      if (next === 2) break; // EOS stops generate too
      expected.push(next);
      seq.push(next);
    }
    await lm.dispose();
    // The quantised variants load in transformers.js too (KV cache dtype read from the graph) and run as ORT does.
    for (const dtype of ['q4', 'q4f16'] as const) {
      const q = (await AutoModelForCausalLM.from_pretrained('published', { device: 'cpu', dtype })) as PreTrainedModel;
      const viaTjs = ((await q({ input_ids: input, attention_mask: mask })) as { logits: Tensor }).logits.data as Float32Array;
      await q.dispose();
      const session = await ort.InferenceSession.create(path.join(out, 'onnx', `model_${dtype}.onnx`));
      const viaOrt = (await session.run(decoderFeeds(PROMPT, 0, model.config.layers, model.config.kvHeads, model.config.headDim))).logits.data as Float32Array;
      await session.release();
      expect(maxAbsDiff(viaTjs, viaOrt), dtype).toBeLessThan(1e-6);
    }
    console.log(`[publish-decoder] transformers.js fp32 logits vs engine: max |Δ| ${err.toExponential(2)}; greedy tokens ${tokens.join(',')} (engine ${expected.join(',')})`);
    expect(err).toBeLessThan(1e-4);
    expect(tokens.slice(0, expected.length)).toEqual(expected);
  });

  it('external data: weights past the inline limit go to onnx/model.onnx_data and load in ORT and transformers.js', async () => {
    const ext = path.join(root, 'published-external');
    const r = await publishRun({ run, out: ext, id: 'acme/screener', formats: ['fp32'], mlc: 'none', maxInlineOnnxBytes: 1, log: () => {} });
    expect(r.manifest.variants[0].files).toEqual(['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx', 'onnx/model.onnx_data']);
    expect(JSON.parse(readFileSync(path.join(ext, 'config.json'), 'utf8'))['transformers.js_config']).toEqual({ use_external_data_format: { 'model.onnx': true } });
    const size = (f: string) => readFileSync(path.join(ext, 'onnx', f)).byteLength;
    expect(size('model.onnx')).toBeLessThan(50_000);
    expect(size('model.onnx_data')).toBeGreaterThan(4 * (model.params.arena.length - 2000));
    const cfg = model.config;
    const inline = await ort.InferenceSession.create(path.join(out, 'onnx/model.onnx'));
    const external = await ort.InferenceSession.create(path.join(ext, 'onnx/model.onnx'));
    const feeds = decoderFeeds(PROMPT, 0, cfg.layers, cfg.kvHeads, cfg.headDim);
    const a = (await inline.run(feeds)).logits.data as Float32Array;
    expect(maxAbsDiff((await external.run(feeds)).logits.data as Float32Array, a)).toBe(0);
    await inline.release();
    await external.release();
    env.localModelPath = `${root}/`;
    const lm = (await AutoModelForCausalLM.from_pretrained('published-external', { device: 'cpu', dtype: 'fp32' })) as PreTrainedModel;
    const { logits } = (await lm({
      input_ids: new Tensor('int64', BigInt64Array.from(PROMPT, (v) => BigInt(v)), [1, PROMPT.length]),
      attention_mask: new Tensor('int64', new BigInt64Array(PROMPT.length).fill(1n), [1, PROMPT.length])
    })) as { logits: Tensor };
    await lm.dispose();
    expect(maxAbsDiff(logits.data as Float32Array, a)).toBe(0);
  });
});
