/**
 * ORACLE: the fp16 tiny-random Llama ONNX (onnxruntime-genai export, ../shared/models/tiny-random-llama-onnx)
 * loaded through our ONNX initializer reader into our Llama model; our CPU forward (f32 math on the fp16
 * weights) must match onnxruntime-node running the very same file (fp16 activations) on the same ids.
 * Tolerance: fp16 output precision. |logits| stay below ~0.4 here, where one fp16 ulp is 2^-12..2^-13, so we
 * allow 1e-3 absolute (≈4 ulps) and require the same argmax wherever ORT's top-2 margin exceeds that.
 * The WebGPU forward is held to the same tolerance against onnxruntime.
 */
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { readF32 } from '../../src/engine/buffers';
import { llamaForwardGpu, uploadLlamaModel } from '../../src/models/llama-gpu';
import { createNodeEngineDevice } from '../engine/gpu';
import { halfBitsToFloat } from '../../src/io/half';
import { llamaConfigFromHf, loadHfTokenizer, readHfConfig } from '../../src/io/hf';
import { llamaParamsFromTensors } from '../../src/io/llama-weights';
import { nodeExternalData, nodeModelFiles } from '../../src/io/node-files';
import { onnxTensorLookup, readOnnxWeights } from '../../src/io/onnx';
import { llamaForward, type LlamaConfig } from '../../src/models/index';
import { readShared, sharedModel } from '../io/shared-fixtures';

const fixture = sharedModel('tiny-random-llama-onnx');
const TOLERANCE = 1e-3;

function toFloat32(tensor: ort.Tensor): Float32Array {
  const data = tensor.data as unknown;
  if (data instanceof Uint16Array) return Float32Array.from(data, halfBitsToFloat); // float16 bits
  return Float32Array.from(data as ArrayLike<number>);
}

describe.skipIf(!fixture.present)('tiny-random-llama ONNX oracle (onnxruntime-node)', () => {
  const modelFile = path.join(fixture.path, 'onnx/model_fp16.onnx');
  const weights = readOnnxWeights(readShared('tiny-random-llama-onnx/onnx/model_fp16.onnx'), nodeExternalData(path.dirname(modelFile)), modelFile);

  it('matches onnxruntime logits on real Llama-2 tokenizer ids', async () => {
    const files = nodeModelFiles(fixture.path);
    const hf = await readHfConfig(files);
    // The fixture's config.json omits intermediate_size and rms_norm_eps: take them from the graph itself.
    const gate = weights.initializers.get('model.layers.0.mlp.gate_proj.MatMul.weight');
    const norm = weights.nodes.find((n) => n.opType === 'SimplifiedLayerNormalization');
    expect(gate && norm).toBeTruthy();
    const config: LlamaConfig = {
      ...llamaConfigFromHf({ ...hf, intermediate_size: gate!.dims[1] }, 'tiny-random-llama-onnx/config.json'),
      rmsEps: norm!.attributes.epsilon as number
    };
    const params = llamaParamsFromTensors(config, onnxTensorLookup(weights), modelFile);
    const tok = await loadHfTokenizer(files);
    const session = await ort.InferenceSession.create(modelFile);
    const dev = await createNodeEngineDevice();
    const gpu = uploadLlamaModel(dev, { config, params });
    let worstGpu = 0;
    const texts = ['The quick brown fox jumps over the lazy dog.', 'Résumé: 7 years of TypeScript, WebGPU'];
    let worst = 0;
    for (const text of texts) {
      const ids = tok.tokenizer.encode(text).ids;
      expect(ids[0]).toBe(1); // BOS from the real tokenizer's post-processor
      const T = ids.length;
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (i) => BigInt(i)), [1, T]),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(T).fill(1n), [1, T]),
        position_ids: new ort.Tensor('int64', BigInt64Array.from(ids, (_, i) => BigInt(i)), [1, T])
      };
      for (const name of session.inputNames) {
        if (name.startsWith('past_key_values')) {
          feeds[name] = new ort.Tensor('float16', new Uint16Array(0), [1, config.kvHeads, 0, config.headDim]);
        }
      }
      const expected = toFloat32((await session.run(feeds)).logits);
      const ours = llamaForward({ config, params }, Int32Array.from(ids), 1, T).logits;
      expect(ours.length).toBe(expected.length);
      const V = config.vocabSize;
      for (let t = 0; t < T; t++) {
        const row = expected.subarray(t * V, (t + 1) * V);
        let best = 0, second = -Infinity;
        for (let i = 1; i < V; i++) if (row[i] > row[best]) best = i;
        for (let i = 0; i < V; i++) if (i !== best) second = Math.max(second, row[i]);
        let oursBest = 0;
        for (let i = 1; i < V; i++) if (ours[t * V + i] > ours[t * V + oursBest]) oursBest = i;
        if (row[best] - second > TOLERANCE) expect(oursBest).toBe(best);
      }
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - expected[i]));
      const gpuActs = llamaForwardGpu(dev, gpu, Int32Array.from(ids), 1, T);
      const gpuLogits = await readF32(dev, gpuActs.logits);
      gpuActs.destroy();
      for (let i = 0; i < gpuLogits.length; i++) worstGpu = Math.max(worstGpu, Math.abs(gpuLogits[i] - expected[i]));
    }
    gpu.destroy();
    dev.destroy();
    console.log(`tiny-random-llama ONNX oracle: max |Δlogit| = ${worst.toExponential(2)} (CPU), ${worstGpu.toExponential(2)} (WebGPU); fp16 graph, tolerance ${TOLERANCE}`);
    expect(worst).toBeLessThan(TOLERANCE);
    expect(worstGpu).toBeLessThan(TOLERANCE);
  });
});
