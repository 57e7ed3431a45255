/**
 * RoPE inverse frequencies with rope_scaling (reference/rope.ts ropeInvFreq) and their use by the CPU rope
 * and the GPU cos/sin table (Dawn/SwiftShader, f32).
 *
 * The llama3 expectations are computed here in float64 straight from the rule transformers documents in
 * `_compute_llama3_parameters` (not by calling ropeInvFreq); the default path is compared with the pre-scaling
 * table formula. Shapes: BT tokens, NH heads, HS head size; invFreq [HS/2].
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineDevice } from '../../src/engine/device';
import { readF32, upload } from '../../src/engine/buffers';
import * as gpu from '../../src/engine/kernels/index';
import * as ref from '../../src/engine/reference/index';
import { createNodeEngineDevice, makeRandom, maxAbsDiff } from './gpu';
import { centralDifference, expectGradClose } from '../models/finite-diff';
import { seededRandom } from '../../src/data/random';
import { allocLlamaParams, llamaForward, type LlamaConfig, type LlamaModel } from '../../src/models/index';
import { llamaForwardGpu, uploadLlamaModel } from '../../src/models/llama-gpu';

const randn = makeRandom(7);

/** Llama-3.2-1B config.json: rope_theta 500000, head_dim 64, rope_scaling llama3 (32, 1, 4, 8192). */
const LLAMA32 = { theta: 500000, HS: 64, factor: 32, low: 1, high: 4, original: 8192 };

/** float64 llama3 inverse frequencies, written from the published formula. */
function llama3InvFreqF64(p: typeof LLAMA32): { inv: number[]; regions: string[] } {
  const inv: number[] = [];
  const regions: string[] = [];
  for (let j = 0; j < p.HS; j += 2) {
    const base = 1 / Math.pow(p.theta, j / p.HS);
    const wavelen = (2 * Math.PI) / base;
    if (wavelen < p.original / p.high) {
      inv.push(base);
      regions.push('high');
    } else if (wavelen > p.original / p.low) {
      inv.push(base / p.factor);
      regions.push('low');
    } else {
      const smooth = (p.original / wavelen - p.low) / (p.high - p.low);
      inv.push(((1 - smooth) * base) / p.factor + smooth * base);
      regions.push('medium');
    }
  }
  return { inv, regions };
}

describe('ropeInvFreq', () => {
  it('llama3 (Llama-3.2-1B config) matches the float64 formula in all three wavelength bands', () => {
    const got = ref.ropeInvFreq({
      theta: LLAMA32.theta, headDim: LLAMA32.HS,
      scaling: { type: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 8192 }
    });
    const { inv, regions } = llama3InvFreqF64(LLAMA32);
    expect(got.length).toBe(32);
    for (const band of ['high', 'medium', 'low']) expect(regions).toContain(band);
    for (let i = 0; i < inv.length; i++) {
      expect(Math.abs(got[i] - inv[i]) / inv[i], `invFreq[${i}] (${regions[i]})`).toBeLessThan(2e-6);
    }
  });

  it('linear divides every frequency by the factor; rope at position 8 with factor 4 equals plain rope at 2', () => {
    const plain = ref.ropeInvFreq({ theta: 10000, headDim: 8 });
    const linear = ref.ropeInvFreq({ theta: 10000, headDim: 8, scaling: { type: 'linear', factor: 4 } });
    for (let i = 0; i < 4; i++) expect(Math.abs(linear[i] - (1 / Math.pow(10000, (2 * i) / 8)) / 4)).toBeLessThan(1e-7 * (1 + plain[i]));
    const inp = randn(2 * 8), a = new Float32Array(16), b = new Float32Array(16);
    ref.ropeForward(a, inp, Int32Array.from([8]), 1, 2, 8, linear);
    ref.ropeForward(b, inp, Int32Array.from([2]), 1, 2, 8, plain);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-5);
  });

  it('default path (theta) is bit-identical to the pre-scaling table formula', () => {
    const [maxPos, HS, theta] = [300, 64, 500000];
    const before = new Float32Array(maxPos * HS);
    for (let i = 0; i < HS / 2; i++) {
      const invFreq = Math.fround(1 / Math.fround(Math.pow(theta, Math.fround((2 * i) / HS))));
      for (let p = 0; p < maxPos; p++) {
        before[(p * (HS / 2) + i) * 2] = Math.cos(Math.fround(p * invFreq));
        before[(p * (HS / 2) + i) * 2 + 1] = Math.sin(Math.fround(p * invFreq));
      }
    }
    expect(ref.ropeTable(maxPos, HS, theta)).toEqual(before);
    expect(ref.ropeTable(maxPos, HS, ref.ropeInvFreq({ theta, headDim: HS }))).toEqual(before);
  });

  it('rejects bad scaling numbers and an invFreq of the wrong length', () => {
    expect(() => ref.ropeInvFreq({ theta: 1e4, headDim: 8, scaling: { type: 'linear', factor: 0 } })).toThrow(/factor must be > 0/);
    expect(() => ref.ropeInvFreq({
      theta: 1e4, headDim: 8, scaling: { type: 'llama3', factor: 8, lowFreqFactor: 4, highFreqFactor: 1, originalMaxPositions: 64 }
    })).toThrow(/low_freq_factor < high_freq_factor/);
    expect(() => ref.ropeTable(4, 8, new Float32Array(3))).toThrow(/invFreq has 3 entries/);
  });

  it('gradcheck: rope backward with a llama3-scaled invFreq matches central differences', () => {
    const [BT, NH, HS] = [4, 2, 8];
    const invFreq = ref.ropeInvFreq({
      theta: 500000, headDim: HS, scaling: { type: 'llama3', factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 64 }
    });
    const inp = randn(BT * NH * HS), w = randn(BT * NH * HS), positions = Int32Array.from([0, 3, 17, 250]);
    const out = new Float32Array(BT * NH * HS);
    const loss = (): number => {
      ref.ropeForward(out, inp, positions, BT, NH, HS, invFreq);
      let s = 0;
      for (let i = 0; i < out.length; i++) s += out[i] * w[i];
      return s;
    };
    const dinp = new Float32Array(BT * NH * HS);
    ref.ropeBackward(dinp, w, positions, BT, NH, HS, invFreq);
    for (let i = 0; i < inp.length; i++) expectGradClose(dinp[i], centralDifference(inp, i, loss), `rope dinp[${i}]`);
    expect(maxAbsDiff(dinp, w)).toBeGreaterThan(1e-3); // the rotation is not the identity at these positions
  });
});

describe('GPU rope with a scaled table', () => {
  let dev: EngineDevice;
  beforeAll(async () => {
    dev = await createNodeEngineDevice();
  });
  afterAll(() => dev?.destroy());

  it('forward and backward agree with the CPU reference (llama3 invFreq)', async () => {
    const [BT, NH, HS, maxPos] = [5, 3, 16, 512];
    const invFreq = ref.ropeInvFreq({
      theta: 500000, headDim: HS, scaling: { type: 'llama3', factor: 32, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 128 }
    });
    const positions = Int32Array.from([0, 1, 40, 300, 511]), inp = randn(BT * NH * HS), dout = randn(BT * NH * HS);
    const out = new Float32Array(BT * NH * HS), dinp = new Float32Array(BT * NH * HS);
    ref.ropeForward(out, inp, positions, BT, NH, HS, invFreq);
    ref.ropeBackward(dinp, dout, positions, BT, NH, HS, invFreq);
    const table = upload(dev, ref.ropeTable(maxPos, HS, invFreq), 'rope-table');
    const gPos = upload(dev, positions, 'positions');
    const gOut = upload(dev, new Float32Array(BT * NH * HS), 'out'), gGrad = upload(dev, dout, 'dout');
    gpu.ropeForward(dev, gOut, upload(dev, inp, 'inp'), gPos, table, BT, NH, HS);
    gpu.ropeBackward(dev, gGrad, gGrad, gPos, table, BT, NH, HS);
    expect(maxAbsDiff(await readF32(dev, gOut), out)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await readF32(dev, gGrad), dinp)).toBeLessThan(1e-5);
    const plain = new Float32Array(BT * NH * HS);
    ref.ropeForward(plain, inp, positions, BT, NH, HS, 500000);
    expect(maxAbsDiff(plain, out)).toBeGreaterThan(1e-2); // the scaling changed the rotation
  });

  it('a Llama with rope_scaling llama3: GPU logits equal the CPU model, and differ from unscaled RoPE', async () => {
    const config: LlamaConfig = {
      vocabSize: 23, hidden: 16, intermediate: 24, layers: 2, heads: 2, kvHeads: 1, headDim: 8, ropeTheta: 10000,
      rmsEps: 1e-5, tiedEmbeddings: true, attentionBias: false, maxSeqLen: 32,
      ropeScaling: { type: 'llama3', factor: 4, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositions: 8 }
    };
    const params = allocLlamaParams(config);
    const rand = seededRandom(3);
    for (let i = 0; i < params.arena.length; i++) params.arena[i] = (rand() * 2 - 1) * 0.5;
    const model: LlamaModel = { config, params };
    const [B, T] = [1, 12];
    const tokens = Int32Array.from({ length: T }, (_, i) => (i * 7 + 3) % config.vocabSize);
    const cpu = llamaForward(model, tokens, B, T).logits;
    const plain = llamaForward({ config: { ...config, ropeScaling: undefined }, params }, tokens, B, T).logits;
    const gpuModel = uploadLlamaModel(dev, model);
    const acts = llamaForwardGpu(dev, gpuModel, tokens, B, T);
    const logits = await readF32(dev, acts.logits);
    acts.destroy();
    gpuModel.destroy();
    let m = 0;
    for (const x of cpu) m = Math.max(m, Math.abs(x));
    expect(maxAbsDiff(logits, cpu)).toBeLessThanOrEqual(1e-4 * (1 + m));
    expect(maxAbsDiff(plain, cpu)).toBeGreaterThan(1e-3);
  });
});
