/**
 * ORACLE: a tiny random BERT built as ONNX by tests/fixtures/tiny-bert-onnx.ts (real MiniLM tokenizer) is read
 * back through our ONNX initializer reader into our BERT; our CPU forward must match
 *  (1) onnxruntime-node's `last_hidden_state` on the same graph, token by token (padding included in the batch),
 *  (2) transformers.js `pipeline('feature-extraction', …, {pooling: 'mean', normalize: true})` embeddings,
 * both f32: tolerance 1e-4 on hidden states and 1e-5 on unit-norm embeddings; (3) the WebGPU forward against
 * transformers.js's embeddings too (SwiftShader, f32, same 1e-5).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { readF32 } from '../../src/engine/buffers';
import { bertForwardGpu, uploadBertParams } from '../../src/models/bert-gpu';
import { createNodeEngineDevice } from '../engine/gpu';
import { buildTinyBertOnnx } from '../../../tests/fixtures/tiny-bert-onnx';
import { bertConfigFromHf, loadHfTokenizer, readHfConfig } from '../../src/io/hf';
import { nodeModelFiles } from '../../src/io/node-files';
import { onnxTensorLookup, readOnnxWeights } from '../../src/io/onnx';
import { bertForward, bertParamsFromTensors } from '../../src/models/bert';
import { sharedModel } from '../io/shared-fixtures';

const tokenizerFixture = sharedModel('minilm-l6-tokenizer');
const texts = ['Senior TypeScript engineer, 7 years of WebGPU and Svelte.', 'Nurse', 'Data analyst: SQL, Python & dashboards'];

describe.skipIf(!tokenizerFixture.present)('tiny BERT ONNX oracle', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tiny-bert-oracle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  buildTinyBertOnnx(dir, { tokenizerDir: tokenizerFixture.path, hiddenSize: 32, numLayers: 2, numHeads: 4, intermediateSize: 64, seed: 7 });
  const modelFile = path.join(dir, 'onnx', 'model.onnx');

  async function loadOurs() {
    const files = nodeModelFiles(dir);
    const config = bertConfigFromHf(await readHfConfig(files), path.join(dir, 'config.json'));
    const weights = readOnnxWeights(new Uint8Array(readFileSync(modelFile)), undefined, modelFile);
    const params = bertParamsFromTensors(config, onnxTensorLookup(weights), modelFile);
    const tok = await loadHfTokenizer(files);
    // Right-pad the batch to the longest text, as the sentence-transformers collator does.
    const encoded = texts.map((t) => tok.tokenizer.encode(t).ids);
    const T = Math.max(...encoded.map((ids) => ids.length));
    const B = texts.length;
    const tokens = new Int32Array(B * T), mask = new Uint8Array(B * T);
    encoded.forEach((ids, b) => ids.forEach((id, t) => { tokens[b * T + t] = id; mask[b * T + t] = 1; }));
    return { config, params, tokens, mask, B, T, acts: bertForward(config, params, tokens, mask, B, T) };
  }

  it('matches onnxruntime last_hidden_state on a padded batch', async () => {
    const { config, tokens, mask, B, T, acts } = await loadOurs();
    const session = await ort.InferenceSession.create(modelFile);
    const out = await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(tokens, (v) => BigInt(v)), [B, T]),
      attention_mask: new ort.Tensor('int64', BigInt64Array.from(mask, (v) => BigInt(v)), [B, T]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(B * T), [B, T])
    });
    const expected = out.last_hidden_state.data as Float32Array;
    let worst = 0;
    for (let bt = 0; bt < B * T; bt++) {
      if (!mask[bt]) continue; // padded query rows are undefined in both and never pooled
      for (let c = 0; c < config.hidden; c++) worst = Math.max(worst, Math.abs(acts.hidden[bt * config.hidden + c] - expected[bt * config.hidden + c]));
    }
    console.log(`tiny BERT ONNX oracle: max |Δhidden| = ${worst.toExponential(2)} vs onnxruntime`);
    expect(worst).toBeLessThan(1e-4);
  });

  it('matches transformers.js feature-extraction (mean pooling + L2), on the CPU and on WebGPU', async () => {
    const { config, params, tokens, mask, T, acts, B } = await loadOurs();
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = path.dirname(dir);
    const extractor = await pipeline('feature-extraction', path.basename(dir), { dtype: 'fp32' });
    const result = await extractor(texts, { pooling: 'mean', normalize: true });
    const expected = result.data as Float32Array;
    expect(result.dims).toEqual([B, config.hidden]);
    let worst = 0;
    for (let i = 0; i < B * config.hidden; i++) worst = Math.max(worst, Math.abs(acts.embeddings[i] - expected[i]));
    const dev = await createNodeEngineDevice();
    const gpu = uploadBertParams(dev, config, params);
    const gpuActs = bertForwardGpu(dev, gpu, tokens, mask, B, T);
    const gpuEmbeddings = await readF32(dev, gpuActs.embeddings);
    gpuActs.destroy();
    gpu.destroy();
    dev.destroy();
    let worstGpu = 0;
    for (let i = 0; i < B * config.hidden; i++) worstGpu = Math.max(worstGpu, Math.abs(gpuEmbeddings[i] - expected[i]));
    console.log(`tiny BERT ONNX oracle: max |Δembedding| vs transformers.js = ${worst.toExponential(2)} (CPU), ${worstGpu.toExponential(2)} (WebGPU)`);
    expect(worst).toBeLessThan(1e-5);
    expect(worstGpu).toBeLessThan(1e-5);
    await extractor.dispose();
  });
});
