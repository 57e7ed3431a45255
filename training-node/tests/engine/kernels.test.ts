/**
 * WGSL kernels vs the CPU reference (training-node/src/engine/reference) on Dawn/SwiftShader, f32.
 *
 * Random inputs, tiny shapes including sizes that are not multiples of the GEMM tiles (32, 64 or 128 by
 * min(M, N); all three tilings run, plain and transposed) or of the workgroup (64).
 * Tolerance: max |gpu - cpu| <= 1e-4 · (1 + max|cpu|) for every output unless noted (f32 GPU sums vs the
 * reference's float64 sums). One device for the whole file; destroyed in afterAll so the process exits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineDevice, GpuTensor } from '../../src/engine/device';
import { readF32, upload } from '../../src/engine/buffers';
import * as ref from '../../src/engine/reference/index';
import * as mm from '../../src/engine/kernels/matmul';
import * as lora from '../../src/engine/kernels/lora';
import * as gpu from '../../src/engine/kernels/index';
import { uploadMask } from '../../src/engine/buffers';
import { createNodeEngineDevice, makeRandom, maxAbsDiff } from './gpu';
import { GEMM_V1_NAIVE_WGSL, GEMM_V2_TILED_WGSL, GEMM_V3_TILED4_WGSL } from '../../dev/matmul-versions.wgsl';

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
const zeros = (n: number) => up(new Float32Array(n));

describe('matmul kernels', () => {
  for (const [BT, C, OC] of [[5, 7, 6], [33, 40, 35], [64, 32, 96], [130, 70, 133]]) {
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

  it('kernel lab versions v1 (naive), v2 (previous engine tile) and v3 (4x4 loops) equal the reference too', async () => {
    const [M, N, K] = [37, 70, 45];
    const a = randn(M * K), b = randn(N * K), out = new Float32Array(M * N);
    ref.matmulForward(out, a, b, null, M, K, N);
    const gA = up(a), gB = up(b);
    const uniforms = mm.gemmUniforms(M, N, K, mm.forwardStrides(K), false, 1, 0);
    for (const [label, code, tile] of [['gemm_v1', GEMM_V1_NAIVE_WGSL, 16], ['gemm_v2', GEMM_V2_TILED_WGSL, 32], ['gemm_v3', GEMM_V3_TILED4_WGSL, 64]] as const) {
      const gOut = zeros(M * N);
      dev.dispatch({ label, code, entry: 'main' }, uniforms, [gOut, gA, gB, dev.none], [Math.ceil(N / tile), Math.ceil(M / tile)]);
      await expectClose(label, gOut, out);
    }
  });

  for (const [BT, C, OC] of [[7, 64, 33], [70, 96, 65], [130, 160, 129]]) it(`dequant 4-bit matmul forward/backward (incl. accumulate) BT=${BT} C=${C} OC=${OC}`, async () => {
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


describe('elementwise and lookup kernels', () => {
  const N = 203; // not a multiple of the 64-wide workgroup

  it('swiglu forward/backward', async () => {
    const gate = randn(N, 4), upv = randn(N), dout = randn(N);
    const out = new Float32Array(N), dgate = new Float32Array(N), dup = new Float32Array(N);
    ref.swigluForward(out, gate, upv, N);
    ref.swigluBackward(dgate, dup, dout, gate, upv, N);
    const gOut = zeros(N), gDgate = zeros(N), gDup = zeros(N), gGate = up(gate), gUp = up(upv);
    gpu.swigluForward(dev, gOut, gGate, gUp, N);
    gpu.swigluBackward(dev, gDgate, gDup, up(dout), gGate, gUp, N);
    await expectClose('swigluForward', gOut, out);
    await expectClose('swigluBackward', gDgate, dgate);
    await expectClose('swigluBackward', gDup, dup);
  });

  it('gelu forward/backward', async () => {
    const inp = randn(N, 4), dout = randn(N);
    const out = new Float32Array(N), dinp = new Float32Array(N);
    ref.geluForward(out, inp, N);
    ref.geluBackward(dinp, dout, inp, N);
    const gOut = zeros(N), gDinp = zeros(N), gInp = up(inp);
    gpu.geluForward(dev, gOut, gInp, N);
    gpu.geluBackward(dev, gDinp, up(dout), gInp, N);
    await expectClose('geluForward', gOut, out);
    await expectClose('geluBackward', gDinp, dinp);
  });

  it('residual forward/backward (accumulating)', async () => {
    const a = randn(N), b = randn(N), dout = randn(N), da = randn(N), db = randn(N);
    const out = new Float32Array(N);
    const gDa = up(da), gDb = up(db);
    ref.residualForward(out, a, b, N);
    ref.residualBackward(da, db, dout, N);
    const gOut = zeros(N);
    gpu.residualForward(dev, gOut, up(a), up(b), N);
    gpu.residualBackward(dev, gDa, gDb, up(dout), N);
    await expectClose('residualForward', gOut, out);
    await expectClose('residualBackward', gDa, da);
    await expectClose('residualBackward', gDb, db);
  });

  it('multiply (its own backward)', async () => {
    const a = randn(N), b = randn(N), out = new Float32Array(N);
    ref.multiplyForward(out, a, b, N);
    const gOut = zeros(N);
    gpu.multiplyForward(dev, gOut, up(a), up(b), N);
    await expectClose('multiplyForward', gOut, out);
  });

  it('embedding forward/backward with repeated tokens', async () => {
    const [V, C, BT] = [11, 70, 9];
    const table = randn(V * C), tokens = Int32Array.from([3, 0, 10, 3, 3, 7, 1, 0, 9]), dout = randn(BT * C);
    const out = new Float32Array(BT * C), dtable = randn(V * C);
    const gDtable = up(dtable), gTokens = up(tokens);
    ref.embeddingForward(out, tokens, table, BT, C);
    ref.embeddingBackward(dtable, dout, tokens, BT, C);
    const gOut = zeros(BT * C);
    gpu.embeddingForward(dev, gOut, gTokens, up(table), BT, C);
    gpu.embeddingBackward(dev, gDtable, up(dout), gTokens, BT, C);
    await expectClose('embeddingForward', gOut, out);
    await expectClose('embeddingBackward', gDtable, dtable);
  });
});

describe('dropout kernel', () => {
  it('drops exactly the elements the CPU reference drops (out-of-place and in place)', async () => {
    const N = 1000, p = 0.25, seed = 1234567;
    const inp = randn(N), dout = randn(N), out = new Float32Array(N), dinp = new Float32Array(N);
    ref.dropoutForward(out, inp, N, p, seed);
    ref.dropoutBackward(dinp, dout, N, p, seed);
    const gOut = zeros(N), gInPlace = up(dout);
    gpu.dropoutForward(dev, gOut, up(inp), N, p, seed);
    gpu.dropoutBackward(dev, gInPlace, gInPlace, N, p, seed);
    const got = await readF32(dev, gOut);
    for (let i = 0; i < N; i++) expect(got[i] === 0, `element ${i}`).toBe(out[i] === 0);
    await expectClose('dropoutForward', gOut, out);
    await expectClose('dropoutBackward', gInPlace, dinp);
  });
});

describe('normalisation kernels', () => {
  const [BT, C] = [6, 100];

  it('rmsnorm forward/backward (accumulating dinp, dweight)', async () => {
    const inp = randn(BT * C, 2), weight = randn(C), dout = randn(BT * C);
    const out = new Float32Array(BT * C), rstd = new Float32Array(BT), dinp = randn(BT * C), dweight = randn(C);
    const gDinp = up(dinp), gDweight = up(dweight);
    ref.rmsnormForward(out, rstd, inp, weight, BT, C, 1e-5);
    ref.rmsnormBackward(dinp, dweight, dout, inp, weight, rstd, BT, C);
    const gOut = zeros(BT * C), gRstd = zeros(BT), gInp = up(inp), gW = up(weight);
    gpu.rmsnormForward(dev, gOut, gRstd, gInp, gW, BT, C, 1e-5);
    gpu.rmsnormBackward(dev, gDinp, gDweight, up(dout), gInp, gW, gRstd, BT, C);
    await expectClose('rmsnormForward', gOut, out);
    await expectClose('rmsnormForward', gRstd, rstd);
    await expectClose('rmsnormBackward', gDinp, dinp);
    await expectClose('rmsnormBackward', gDweight, dweight);
  });

  it('layernorm forward/backward (accumulating dinp, dweight, dbias)', async () => {
    const inp = randn(BT * C, 2), weight = randn(C), bias = randn(C), dout = randn(BT * C);
    const out = new Float32Array(BT * C), mean = new Float32Array(BT), rstd = new Float32Array(BT);
    const dinp = randn(BT * C), dweight = randn(C), dbias = randn(C);
    const gDinp = up(dinp), gDweight = up(dweight), gDbias = up(dbias);
    ref.layernormForward(out, mean, rstd, inp, weight, bias, BT, C, 1e-12);
    ref.layernormBackward(dinp, dweight, dbias, dout, inp, weight, mean, rstd, BT, C);
    const gOut = zeros(BT * C), gMean = zeros(BT), gRstd = zeros(BT), gInp = up(inp), gW = up(weight);
    gpu.layernormForward(dev, gOut, gMean, gRstd, gInp, gW, up(bias), BT, C, 1e-12);
    gpu.layernormBackward(dev, gDinp, gDweight, gDbias, up(dout), gInp, gW, gMean, gRstd, BT, C);
    await expectClose('layernormForward', gOut, out);
    await expectClose('layernormBackward', gDinp, dinp);
    await expectClose('layernormBackward', gDweight, dweight);
    await expectClose('layernormBackward', gDbias, dbias);
  });
});

describe('rope and attention kernels', () => {
  it('rope forward/backward, out-of-place and in place', async () => {
    const [BT, NH, HS] = [5, 3, 8];
    const positions = Int32Array.from([0, 1, 2, 300, 4]), inp = randn(BT * NH * HS), dout = randn(BT * NH * HS);
    const out = new Float32Array(BT * NH * HS), dinp = new Float32Array(BT * NH * HS);
    ref.ropeForward(out, inp, positions, BT, NH, HS, 10000);
    ref.ropeBackward(dinp, dout, positions, BT, NH, HS, 10000);
    const table = up(ref.ropeTable(512, HS, 10000)), gPos = up(positions);
    const gOut = zeros(BT * NH * HS), gInPlace = up(dout);
    gpu.ropeForward(dev, gOut, up(inp), gPos, table, BT, NH, HS);
    gpu.ropeBackward(dev, gInPlace, gInPlace, gPos, table, BT, NH, HS);
    await expectClose('ropeForward', gOut, out);
    await expectClose('ropeBackward', gInPlace, dinp);
  });

  for (const variant of [
    { name: 'causal GQA', B: 2, T: 7, NH: 6, NKV: 2, HS: 5, causal: true, mask: null as Uint8Array | null },
    { name: 'bidirectional, padding mask', B: 2, T: 5, NH: 2, NKV: 2, HS: 4, causal: false,
      mask: Uint8Array.from([1, 1, 1, 0, 0, 1, 1, 1, 1, 1]) },
    { name: 'causal GQA, packed segment ids + padding, window 3', B: 2, T: 7, NH: 4, NKV: 2, HS: 5, causal: true,
      mask: Uint8Array.from([1, 1, 1, 1, 1, 2, 2, 5, 5, 6, 6, 6, 6, 0]), window: 3 },
    // Larger than the 64-lane workgroups: T > 64 keys per lane stride, HS 32 (two key parts per column) and
    // HS 80 (lanes loop over columns), so every lane layout of the workgroup-per-row kernels runs.
    { name: 'causal GQA, T 70, HS 32, window 50', B: 1, T: 70, NH: 4, NKV: 2, HS: 32, causal: true,
      mask: null as Uint8Array | null, window: 50 },
    { name: 'bidirectional, T 67, HS 80, packed segments + padding', B: 1, T: 67, NH: 2, NKV: 1, HS: 80, causal: false,
      mask: Uint8Array.from({ length: 67 }, (_, i) => (i < 30 ? 1 : i < 60 ? 2 : 0)) }
  ]) {
    it(`attention forward/backward (${variant.name})`, async () => {
      const { B, T, NH, NKV, HS, causal, mask } = variant;
      const window = variant.window ?? 0;
      const q = randn(B * T * NH * HS), k = randn(B * T * NKV * HS), v = randn(B * T * NKV * HS);
      const dout = randn(B * T * NH * HS);
      const out = new Float32Array(q.length), att = new Float32Array(B * NH * T * T);
      const dq = new Float32Array(q.length), dk = new Float32Array(k.length), dv = new Float32Array(v.length);
      ref.attentionForward(out, att, q, k, v, B, T, NH, NKV, HS, causal, mask, window);
      ref.attentionBackward(dq, dk, dv, dout, q, k, v, att, B, T, NH, NKV, HS);
      const gQ = up(q), gK = up(k), gV = up(v), gOut = zeros(q.length), gAtt = zeros(att.length);
      const gDq = zeros(q.length), gDk = zeros(k.length), gDv = zeros(v.length);
      gpu.attentionForward(dev, gOut, gAtt, gQ, gK, gV, B, T, NH, NKV, HS, causal, mask ? uploadMask(dev, mask) : null, window);
      gpu.attentionBackward(dev, gDq, gDk, gDv, zeros(att.length), up(dout), gQ, gK, gV, gAtt, B, T, NH, NKV, HS);
      await expectClose('attentionForward', gOut, out);
      await expectClose('attentionForward', gAtt, att);
      await expectClose('attentionBackward', gDq, dq);
      await expectClose('attentionBackward', gDk, dk);
      await expectClose('attentionBackward', gDv, dv);
    });
  }
});

describe('loss and pooling kernels', () => {
  it('cross-entropy forward/backward with ignore index, per-token and scalar scale', async () => {
    const [BT, V] = [6, 130];
    const logits = randn(BT * V, 5), targets = Int32Array.from([5, ref.IGNORE_INDEX, 129, 0, 64, ref.IGNORE_INDEX]);
    const dlosses = randn(BT);
    const losses = new Float32Array(BT), probs = new Float32Array(BT * V), dlogits = new Float32Array(BT * V);
    ref.crossEntropyForward(losses, probs, logits, targets, BT, V);
    ref.crossEntropyBackward(dlogits, dlosses, probs, targets, BT, V);
    const gLosses = zeros(BT), gProbs = zeros(BT * V), gTargets = up(targets), gDlogits = zeros(BT * V);
    gpu.crossEntropyForward(dev, gLosses, gProbs, up(logits), gTargets, BT, V);
    gpu.crossEntropyBackward(dev, gDlogits, up(dlosses), gProbs, gTargets, BT, V);
    await expectClose('crossEntropyForward', gLosses, losses);
    await expectClose('crossEntropyForward', gProbs, probs);
    await expectClose('crossEntropyBackward', gDlogits, dlogits);
    const scalar = new Float32Array(BT * V);
    ref.crossEntropyBackward(scalar, 0.25, probs, targets, BT, V);
    gpu.crossEntropyBackward(dev, gDlogits, 0.25, gProbs, gTargets, BT, V);
    await expectClose('crossEntropyBackward', gDlogits, scalar);
  });

  it('mean pool + L2 forward/backward', async () => {
    const [B, T, C] = [3, 4, 70];
    const inp = randn(B * T * C), mask = Uint8Array.from([1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0, 1]), dout = randn(B * C);
    const out = new Float32Array(B * C), norm = new Float32Array(B), dinp = new Float32Array(B * T * C);
    ref.meanPoolL2Forward(out, norm, inp, mask, B, T, C);
    ref.meanPoolL2Backward(dinp, dout, out, norm, mask, B, T, C);
    const gOut = zeros(B * C), gNorm = zeros(B), gMask = uploadMask(dev, mask), gDinp = up(randn(B * T * C));
    gpu.meanPoolL2Forward(dev, gOut, gNorm, up(inp), gMask, B, T, C);
    gpu.meanPoolL2Backward(dev, gDinp, up(dout), gOut, gNorm, gMask, B, T, C);
    await expectClose('meanPoolL2Forward', gOut, out);
    await expectClose('meanPoolL2Backward', gDinp, dinp);
  });
});

describe('optimiser kernels', () => {
  it('adamw step (3 steps, with grad scale) equals the CPU reference', async () => {
    const N = 1000;
    const params = randn(N), m = new Float32Array(N), v = new Float32Array(N);
    const gP = up(params), gM = zeros(N), gV = zeros(N);
    for (let step = 1; step <= 3; step++) {
      const grads = randn(N);
      const scaled = grads.map((g) => g * 0.5);
      ref.adamwStep(params, scaled, m, v, 1e-2, 0.9, 0.999, 1e-8, 0.1, step);
      gpu.adamwStep(dev, gP, up(grads), gM, gV, { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1, step, gradScale: 0.5 });
    }
    await expectClose('adamwStep', gP, params);
    await expectClose('adamwStep', gM, m);
    await expectClose('adamwStep', gV, v);
  });

  it('global grad norm and clipping equal the CPU reference', async () => {
    const a = randn(3000), b = randn(5), c = randn(1100);
    const gA = up(a), gB = up(b), gC = up(c);
    const cpuNorm = ref.clipGradNorm([a, b, c], 1.0);
    const gpuNorm = await gpu.clipGradNorm(dev, [gA, gB, gC], 1.0);
    errors.gradNorm = Math.abs(gpuNorm - cpuNorm);
    expect(Math.abs(gpuNorm - cpuNorm)).toBeLessThan(1e-4 * cpuNorm);
    await expectClose('clipGradNorm', gA, a);
    await expectClose('clipGradNorm', gC, c);
  });

  it('grad-norm plan: Σg² reduced on the GPU (> 64 partials, so lanes stride) equals the CPU sum, on every record()', async () => {
    const a = randn(70_000), b = randn(5), c = randn(3000);
    const plan = gpu.createGradNormPlan(dev, [up(a), up(b), up(c)]);
    let ss = 0;
    for (const x of [a, b, c]) for (const g of x) ss += g * g;
    for (let round = 0; round < 2; round++) {
      plan.record();
      const got = (await readF32(dev, plan.sumSquares))[0];
      expect(Math.abs(got - ss)).toBeLessThan(1e-5 * ss);
    }
    plan.destroy();
  });
});
