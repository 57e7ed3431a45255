/**
 * WGSL kernels vs the CPU reference (training-node/src/engine/reference) on Dawn/SwiftShader, f32.
 *
 * Random inputs, tiny shapes including sizes that are not multiples of the GEMM tile (32) or workgroup (64).
 * Tolerance: max |gpu - cpu| <= 1e-4 · (1 + max|cpu|) for every output unless noted (f32 GPU sums vs the
 * reference's float64 sums). One device for the whole file; destroyed in afterAll so the process exits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineDevice, GpuTensor } from '../../src/engine/device';
import { readF32, upload } from '../../src/engine/buffers';
import * as ref from '../../src/engine/reference/index';
import * as mm from '../../src/engine/kernels/matmul';
import * as lora from '../../src/engine/kernels/lora';
import { createNodeEngineDevice, makeRandom, maxAbsDiff } from './gpu';

let dev: EngineDevice;
const randn = makeRandom(42);
const errors: Record<string, number> = {};

beforeAll(async () => {
  dev = await createNodeEngineDevice();
});
afterAll(() => {
  console.log('kernel max |gpu - cpu| per op:', JSON.stringify(errors));
  dev?.destroy();
});

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const x of a) m = Math.max(m, Math.abs(x));
  return m;
}
/** Read a GPU tensor and compare with the CPU result; records the error under `op`. */
async function expectClose(op: string, gpu: GpuTensor, cpu: Float32Array, rtol = 1e-4): Promise<void> {
  const got = await readF32(dev, gpu);
  const err = maxAbsDiff(got, cpu);
  errors[op] = Math.max(errors[op] ?? 0, err);
  expect(err, `${op}: max abs error ${err}`).toBeLessThanOrEqual(rtol * (1 + maxAbs(cpu)));
}
const up = (x: Float32Array | Int32Array | Uint32Array) => upload(dev, x);

describe('matmul kernels', () => {
  for (const [BT, C, OC] of [[5, 7, 6], [33, 40, 35], [64, 32, 96]]) {
    it(`forward/backward BT=${BT} C=${C} OC=${OC}`, async () => {
      const inp = randn(BT * C), weight = randn(OC * C), bias = randn(OC), dout = randn(BT * OC);
      const out = new Float32Array(BT * OC);
      ref.matmulForward(out, inp, weight, bias, BT, C, OC);
      const dinp = new Float32Array(BT * C), dweight = randn(OC * C), dbias = randn(OC);
      const gDweight = up(dweight), gDbias = up(dbias);
      ref.matmulBackward(dinp, dweight, dbias, dout, inp, weight, BT, C, OC);
      const gInp = up(inp), gW = up(weight), gOut = up(new Float32Array(BT * OC)), gDinp = up(randn(BT * C));
      mm.matmulForward(dev, gOut, gInp, gW, up(bias), BT, C, OC);
      mm.matmulBackward(dev, gDinp, gDweight, gDbias, up(dout), gInp, gW, BT, C, OC);
      await expectClose('matmulForward', gOut, out);
      await expectClose('matmulBackward', gDinp, dinp);
      await expectClose('matmulBackward', gDweight, dweight);
      await expectClose('matmulBackward', gDbias, dbias);
    });
  }

  it('naive and tiled GEMM agree (lab kernel)', async () => {
    const [M, N, K] = [37, 29, 45];
    const a = randn(M * K), b = randn(N * K), out = new Float32Array(M * N);
    ref.matmulForward(out, a, b, null, M, K, N);
    const gA = up(a), gB = up(b), gNaive = up(new Float32Array(M * N));
    mm.gemm(dev, gNaive, gA, gB, null, M, N, K, mm.forwardStrides(K), 1, 0, 'naive');
    await expectClose('gemmNaive', gNaive, out);
  });

  it('dequant 4-bit matmul forward/backward (incl. accumulate)', async () => {
    const [BT, C, OC] = [7, 64, 33];
    const weight = randn(OC * C), q = ref.quantize4bit(weight, OC, C, 32), gq = mm.uploadQuantized4bit(dev, q);
    const inp = randn(BT * C), bias = randn(OC), dout = randn(BT * OC);
    const out = new Float32Array(BT * OC), dinp = randn(BT * C);
    const gDinp = up(dinp);
    ref.dequant4bitMatmulForward(out, inp, q, bias, BT, C, OC);
    ref.dequant4bitMatmulBackward(dinp, dout, q, BT, C, OC, true);
    const gOut = up(new Float32Array(BT * OC));
    mm.dequant4bitMatmulForward(dev, gOut, up(inp), gq, up(bias), BT, C, OC);
    mm.dequant4bitMatmulBackward(dev, gDinp, up(dout), gq, BT, C, OC, true);
    await expectClose('dequant4bitMatmulForward', gOut, out);
    await expectClose('dequant4bitMatmulBackward', gDinp, dinp);
  });

  for (const quantized of [false, true]) {
    it(`lora matmul forward/backward (${quantized ? '4-bit' : 'dense'} base)`, async () => {
      const [BT, C, OC, R] = [9, 32, 20, 4];
      const scale = 8 / R;
      const weight = randn(OC * C), bias = randn(OC), A = randn(R * C), B = randn(OC * R);
      const inp = randn(BT * C), dout = randn(BT * OC);
      const q = ref.quantize4bit(weight, OC, C);
      const base: ref.BaseWeight = quantized ? q : weight;
      const gBase = quantized ? mm.uploadQuantized4bit(dev, q) : up(weight);
      const out = new Float32Array(BT * OC), hidden = new Float32Array(BT * R);
      ref.loraMatmulForward(out, hidden, inp, base, bias, A, B, BT, C, OC, R, scale);
      const dinp = new Float32Array(BT * C), dA = randn(R * C), dB = randn(OC * R);
      const gDA = up(dA), gDB = up(dB);
      ref.loraMatmulBackward(dinp, dA, dB, dout, inp, hidden, base, A, B, BT, C, OC, R, scale);
      const gOut = up(new Float32Array(BT * OC)), gHidden = up(new Float32Array(BT * R));
      const gInp = up(inp), gA = up(A), gB = up(B), gDinp = up(new Float32Array(BT * C));
      lora.loraMatmulForward(dev, gOut, gHidden, gInp, gBase, up(bias), gA, gB, BT, C, OC, R, scale);
      lora.loraMatmulBackward(dev, gDinp, gDA, gDB, up(new Float32Array(BT * R)), up(dout), gInp, gHidden, gBase, gA, gB,
        BT, C, OC, R, scale);
      await expectClose('loraMatmulForward', gOut, out);
      await expectClose('loraMatmulForward', gHidden, hidden);
      await expectClose('loraMatmulBackward', gDA, dA);
      await expectClose('loraMatmulBackward', gDB, dB);
      await expectClose('loraMatmulBackward', gDinp, dinp);
    });
  }
});
