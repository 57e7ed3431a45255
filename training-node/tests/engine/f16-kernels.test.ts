/**
 * Mixed-precision kernels on Mesa lavapipe (shader-f16): every kernel that reads an f16 tensor — the GEMM
 * with f16 B (matmul forward, input gradient, LoRA over an f16 base), the 4-bit GEMM with f16 group scales and
 * the embedding lookup — against the
 * CPU reference run on the f16-ROUNDED inputs, plus f16 upload/readback and mixed-dtype arenas.
 *
 * Tolerance: max |gpu - cpu| <= 1e-4 · (1 + max|cpu|), the f32 kernels' tolerance (kernels.test.ts): the GPU
 * widens f16 exactly and accumulates in f32, so only f32-vs-float64 summation differs. The embedding is exact.
 * Each GEMM check also asserts the result is further from the UNROUNDED reference than from the rounded one,
 * i.e. the kernel really read half-precision storage. Skips (with the reason) without lavapipe or shader-f16;
 * lavapipe is selected for this process only (vitest runs each test file in its own fork).
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineDevice, GpuTensor } from '../../src/engine/device';
import { arenaLayout, createArena, readF32, upload, uploadF16 } from '../../src/engine/buffers';
import * as ref from '../../src/engine/reference/index';
import { roundToF16 } from '../../src/engine/reference/half';
import * as mm from '../../src/engine/kernels/matmul';
import { loraMatmulBackward, loraMatmulForward } from '../../src/engine/kernels/lora';
import { embeddingForward } from '../../src/engine/kernels/embedding';
import { makeRandom, maxAbsDiff, openLavapipeDevice } from './gpu';

const lavapipe = await openLavapipeDevice();
if (!lavapipe.dev) console.warn(`[skip] f16 kernel tests: ${lavapipe.reason}`);
const randn = makeRandom(1234);
const errors: Record<string, number> = {};

function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const x of a) m = Math.max(m, Math.abs(x));
  return m;
}

describe.skipIf(!lavapipe.dev)('f16 kernels on lavapipe', () => {
  const dev = lavapipe.dev as EngineDevice;
  afterAll(() => {
    console.log(`f16 kernel max |gpu - cpu(f16-rounded inputs)| on ${dev.adapterDescription}:`, JSON.stringify(errors));
    dev.destroy();
  });
  const up = (x: Float32Array | Int32Array) => upload(dev, x);
  /** Compare with the reference on rounded inputs (recorded under op) and check the unrounded one is further. */
  async function expectF16Close(op: string, gpu: GpuTensor, rounded: Float32Array, unrounded?: Float32Array): Promise<void> {
    const got = await readF32(dev, gpu);
    const err = maxAbsDiff(got, rounded);
    errors[op] = Math.max(errors[op] ?? 0, err);
    expect(err, `${op}: max abs error ${err}`).toBeLessThanOrEqual(1e-4 * (1 + maxAbs(rounded)));
    if (unrounded) expect(maxAbsDiff(got, unrounded), `${op}: f16 storage made no difference`).toBeGreaterThan(err);
  }

  it('reports f16 precision and round-trips odd-length f16 tensors at the nearest half', async () => {
    expect(dev.hasShaderF16).toBe(true);
    expect(dev.precision).toBe('f16');
    const x = Float32Array.from([0.1, -1 / 3, 65504, 1e-8, 7]);
    const t = uploadF16(dev, x);
    expect(Array.from(await readF32(dev, t))).toEqual(Array.from(roundToF16(x)));
    expect(Array.from(roundToF16(x))).toEqual([0.0999755859375, -0.333251953125, 65504, 0, 7]);
  });

  it('an arena stores f16 tensors in half the bytes, aligned, without overlap', async () => {
    const table = { w: [300, 64], norm: [64], v: [3] };
    const f16 = new Set(['w', 'v']);
    expect(arenaLayout(table, f16).bytes).toBe(300 * 64 * 2 + 256 + 256);
    expect(arenaLayout(table).bytes).toBe(300 * 64 * 4 + 256 + 256);
    const arena = createArena(dev, 'mixed', table, f16);
    const w = randn(300 * 64), norm = randn(64), v = Float32Array.from([1.5, 2.5, -3]);
    dev.write(arena.tensors.w, w);
    dev.write(arena.tensors.norm, norm);
    dev.write(arena.tensors.v, v);
    expect(Array.from(await readF32(dev, arena.tensors.w))).toEqual(Array.from(roundToF16(w)));
    expect(Array.from(await readF32(dev, arena.tensors.norm))).toEqual(Array.from(norm));
    expect(Array.from(await readF32(dev, arena.tensors.v))).toEqual([1.5, 2.5, -3]);
    expect(() => dev.write(arena.tensors.norm, new Uint16Array(2))).toThrow(TypeError);
    arena.destroy();
  });

  for (const [BT, C, OC] of [[5, 7, 6], [33, 40, 35], [64, 96, 130], [130, 70, 133]]) {
    it(`matmul forward and input gradient with an f16 weight, BT=${BT} C=${C} OC=${OC}`, async () => {
      const inp = randn(BT * C), weight = randn(OC * C), bias = randn(OC), dout = randn(BT * OC);
      const w16 = roundToF16(weight);
      const out = new Float32Array(BT * OC), outExact = new Float32Array(BT * OC);
      ref.matmulForward(out, inp, w16, bias, BT, C, OC);
      ref.matmulForward(outExact, inp, weight, bias, BT, C, OC);
      const dinp = new Float32Array(BT * C), dinpExact = new Float32Array(BT * C);
      ref.matmulBackward(dinp, null, null, dout, inp, w16, BT, C, OC);
      ref.matmulBackward(dinpExact, null, null, dout, inp, weight, BT, C, OC);
      const gW = uploadF16(dev, weight), gInp = up(inp), gOut = up(new Float32Array(BT * OC)), gDinp = up(randn(BT * C));
      mm.matmulForward(dev, gOut, gInp, gW, up(bias), BT, C, OC);
      mm.matmulBackward(dev, gDinp, null, null, up(dout), gInp, gW, BT, C, OC);
      await expectF16Close('matmulForward', gOut, out, outExact);
      await expectF16Close('matmulBackward.dinp', gDinp, dinp, dinpExact);
    });
  }

  it('LoRA forward/backward over an f16 base: adapters and their gradients stay f32', async () => {
    const [BT, C, OC, R] = [17, 48, 40, 4];
    const scale = 16 / R;
    const weight = randn(OC * C), A = randn(R * C), B = randn(OC * R), inp = randn(BT * C), dout = randn(BT * OC);
    const w16 = roundToF16(weight);
    const out = new Float32Array(BT * OC), hidden = new Float32Array(BT * R);
    ref.loraMatmulForward(out, hidden, inp, w16, null, A, B, BT, C, OC, R, scale);
    const dinp = new Float32Array(BT * C), dA = new Float32Array(R * C), dB = new Float32Array(OC * R);
    ref.loraMatmulBackward(dinp, dA, dB, dout, inp, hidden, w16, A, B, BT, C, OC, R, scale);
    const gOut = up(new Float32Array(BT * OC)), gHidden = up(new Float32Array(BT * R)), gInp = up(inp);
    const gA = up(A), gB = up(B), gDA = up(new Float32Array(R * C)), gDB = up(new Float32Array(OC * R));
    const gDinp = up(new Float32Array(BT * C)), gW = uploadF16(dev, weight);
    loraMatmulForward(dev, gOut, gHidden, gInp, gW, null, gA, gB, BT, C, OC, R, scale);
    loraMatmulBackward(dev, gDinp, gDA, gDB, up(new Float32Array(BT * R)), up(dout), gInp, gHidden, gW, gA, gB, BT, C, OC, R, scale);
    await expectF16Close('loraMatmulForward', gOut, out);
    await expectF16Close('loraMatmulBackward.dinp', gDinp, dinp);
    await expectF16Close('loraMatmulBackward.dA', gDA, dA);
    await expectF16Close('loraMatmulBackward.dB', gDB, dB);
  });

  for (const [BT, C, OC] of [[19, 64, 40], [70, 96, 65], [130, 160, 129]]) it(`4-bit base with f16 group scales (QLoRA under mixed precision): forward and input gradient BT=${BT} C=${C} OC=${OC}`, async () => {
    const weight = randn(OC * C), inp = randn(BT * C), dout = randn(BT * OC), bias = randn(OC);
    const q = ref.quantize4bit(weight, OC, C);
    const q16 = { ...q, scales: roundToF16(q.scales) };
    const out = new Float32Array(BT * OC), outExact = new Float32Array(BT * OC), dinp = new Float32Array(BT * C);
    ref.dequant4bitMatmulForward(out, inp, q16, bias, BT, C, OC);
    ref.dequant4bitMatmulForward(outExact, inp, q, bias, BT, C, OC);
    ref.dequant4bitMatmulBackward(dinp, dout, q16, BT, C, OC);
    const gq = mm.uploadQuantized4bit(dev, q, 'f16');
    expect(gq.scales.dtype).toBe('f16');
    const gOut = up(new Float32Array(BT * OC)), gDinp = up(new Float32Array(BT * C));
    mm.dequant4bitMatmulForward(dev, gOut, up(inp), gq, up(bias), BT, C, OC);
    mm.dequant4bitMatmulBackward(dev, gDinp, up(dout), gq, BT, C, OC);
    await expectF16Close('dequant4bitMatmulForward', gOut, out, outExact);
    await expectF16Close('dequant4bitMatmulBackward', gDinp, dinp);
  });

  it('embedding lookup from an f16 table equals the rounded table rows exactly', async () => {
    const [V, C, BT] = [50, 33, 12];
    const table = randn(V * C);
    const tokens = Int32Array.from({ length: BT }, (_, i) => (i * 7) % V);
    const expected = new Float32Array(BT * C);
    ref.embeddingForward(expected, tokens, roundToF16(table), BT, C);
    const gOut = up(new Float32Array(BT * C));
    embeddingForward(dev, gOut, up(tokens), uploadF16(dev, table), BT, C);
    const got = await readF32(dev, gOut);
    errors.embeddingForward = maxAbsDiff(got, expected);
    expect(Array.from(got)).toEqual(Array.from(expected));
  });

  it('refuses an f16 A operand (activations are f32 by design)', () => {
    const a16 = uploadF16(dev, randn(4)), b = up(randn(4)), c = up(new Float32Array(4));
    expect(() => mm.gemm(dev, c, a16, b, null, 2, 2, 2, mm.forwardStrides(2))).toThrow(/only B may be f16/);
  });
});
