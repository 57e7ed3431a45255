/**
 * Finite-difference checks of every CPU reference backward in training-node/src/engine/reference.
 *
 * Method: scalar loss L = Σ w·out with fixed random weights w (float64 sum); the analytic gradient comes from
 * the op's backward with dout = w; the numeric one from central differences (L(x+h) - L(x-h)) / (2h) with
 * h = 1e-2 on the f32 inputs (the actual f32 step is used as denominator). Tolerance per element:
 * |analytic - numeric| <= 2e-3 + 1e-2·|numeric| (f32 storage of outputs limits FD precision to ~1e-4).
 * Shapes are tiny so every input element is checked. Also checks the += / = gradient conventions.
 */
import { describe, expect, it } from 'vitest';
import * as ref from '../../src/engine/reference/index';

const H = 1e-2;
const ATOL = 2e-3;
const RTOL = 1e-2;

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = rng(1234);
function randn(n: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rand() * 2 - 1) * scale;
  return out;
}
function weightedSum(out: Float32Array, w: Float32Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += out[i] * w[i];
  return s;
}

/** Compare analytic gradient of x with central differences of loss(); returns the max abs error. */
function checkGrad(label: string, x: Float32Array, analytic: Float32Array, loss: () => number): number {
  let maxErr = 0;
  for (let i = 0; i < x.length; i++) {
    const orig = x[i];
    x[i] = Math.fround(orig + H);
    const up = x[i];
    const lp = loss();
    x[i] = Math.fround(orig - H);
    const down = x[i];
    const lm = loss();
    x[i] = orig;
    const numeric = (lp - lm) / (up - down);
    const err = Math.abs(analytic[i] - numeric);
    maxErr = Math.max(maxErr, err);
    if (err > ATOL + RTOL * Math.abs(numeric)) {
      throw new Error(`${label}[${i}]: analytic ${analytic[i]} vs numeric ${numeric}`);
    }
  }
  return maxErr;
}

const report: Record<string, number> = {};
function record(op: string, err: number): void {
  report[op] = Math.max(report[op] ?? 0, err);
}

describe('reference backward vs finite differences', () => {
  it('the harness rejects a wrong gradient (a 10% scale error is caught)', () => {
    const x = randn(4), w = randn(4), out = new Float32Array(4);
    const loss = () => (ref.geluForward(out, x, 4), weightedSum(out, w));
    const dx = new Float32Array(4);
    ref.geluBackward(dx, w, x, 4);
    const wrong = dx.map((g) => g * 0.9);
    expect(() => checkGrad('wrong', x, wrong, loss)).toThrow(/analytic/);
  });

  it('matmul: dinp, dweight, dbias', () => {
    const [BT, C, OC] = [5, 7, 6];
    const inp = randn(BT * C), weight = randn(OC * C), bias = randn(OC), w = randn(BT * OC);
    const out = new Float32Array(BT * OC);
    const loss = () => (ref.matmulForward(out, inp, weight, bias, BT, C, OC), weightedSum(out, w));
    const dinp = new Float32Array(BT * C), dweight = new Float32Array(OC * C), dbias = new Float32Array(OC);
    ref.matmulBackward(dinp, dweight, dbias, w, inp, weight, BT, C, OC);
    record('matmul', checkGrad('dinp', inp, dinp, loss));
    record('matmul', checkGrad('dweight', weight, dweight, loss));
    record('matmul', checkGrad('dbias', bias, dbias, loss));
  });

  it('matmul follows the convention: dweight/dbias accumulate, dinp is assigned unless asked to accumulate', () => {
    const [BT, C, OC] = [3, 4, 2];
    const inp = randn(BT * C), weight = randn(OC * C), dout = randn(BT * OC);
    const fresh = { dinp: new Float32Array(BT * C), dw: new Float32Array(OC * C), db: new Float32Array(OC) };
    ref.matmulBackward(fresh.dinp, fresh.dw, fresh.db, dout, inp, weight, BT, C, OC);
    const dinp = new Float32Array(BT * C).fill(5), dw = new Float32Array(OC * C).fill(1), db = new Float32Array(OC).fill(1);
    ref.matmulBackward(dinp, dw, db, dout, inp, weight, BT, C, OC);
    for (let i = 0; i < dinp.length; i++) expect(dinp[i]).toBeCloseTo(fresh.dinp[i], 6);
    for (let i = 0; i < dw.length; i++) expect(dw[i]).toBeCloseTo(fresh.dw[i] + 1, 5);
    for (let i = 0; i < db.length; i++) expect(db[i]).toBeCloseTo(fresh.db[i] + 1, 5);
    const acc = new Float32Array(BT * C).fill(5);
    ref.matmulBackward(acc, null, null, dout, inp, weight, BT, C, OC, true);
    for (let i = 0; i < acc.length; i++) expect(acc[i]).toBeCloseTo(fresh.dinp[i] + 5, 5);
  });

  it('embedding: dtable (accumulated scatter, repeated tokens)', () => {
    const [V, C, BT] = [6, 4, 5];
    const table = randn(V * C), tokens = Int32Array.from([1, 3, 1, 5, 0]), w = randn(BT * C);
    const out = new Float32Array(BT * C);
    const loss = () => (ref.embeddingForward(out, tokens, table, BT, C), weightedSum(out, w));
    const dtable = new Float32Array(V * C);
    ref.embeddingBackward(dtable, w, tokens, BT, C);
    record('embedding', checkGrad('dtable', table, dtable, loss));
    expect(() => ref.embeddingForward(out, Int32Array.from([0, 0, 0, 0, 6]), table, BT, C)).toThrow(/outside/);
  });

  it('rmsnorm: dinp, dweight', () => {
    const [BT, C] = [4, 8];
    const inp = randn(BT * C), weight = randn(C), w = randn(BT * C);
    const out = new Float32Array(BT * C), rstd = new Float32Array(BT);
    const loss = () => (ref.rmsnormForward(out, rstd, inp, weight, BT, C, 1e-5), weightedSum(out, w));
    loss();
    const dinp = new Float32Array(BT * C), dweight = new Float32Array(C);
    ref.rmsnormBackward(dinp, dweight, w, inp, weight, rstd, BT, C);
    record('rmsnorm', checkGrad('dinp', inp, dinp, loss));
    record('rmsnorm', checkGrad('dweight', weight, dweight, loss));
  });

  it('layernorm: dinp, dweight, dbias', () => {
    const [BT, C] = [4, 8];
    const inp = randn(BT * C), weight = randn(C), bias = randn(C), w = randn(BT * C);
    const out = new Float32Array(BT * C), mean = new Float32Array(BT), rstd = new Float32Array(BT);
    const loss = () => (ref.layernormForward(out, mean, rstd, inp, weight, bias, BT, C, 1e-5), weightedSum(out, w));
    loss();
    const dinp = new Float32Array(BT * C), dweight = new Float32Array(C), dbias = new Float32Array(C);
    ref.layernormBackward(dinp, dweight, dbias, w, inp, weight, mean, rstd, BT, C);
    record('layernorm', checkGrad('dinp', inp, dinp, loss));
    record('layernorm', checkGrad('dweight', weight, dweight, loss));
    record('layernorm', checkGrad('dbias', bias, dbias, loss));
  });

  it('rope (rotate-half): dinp, and position 0 is the identity', () => {
    const [BT, NH, HS] = [4, 2, 6];
    const inp = randn(BT * NH * HS), positions = Int32Array.from([0, 1, 2, 7]), w = randn(BT * NH * HS);
    const out = new Float32Array(BT * NH * HS);
    const loss = () => (ref.ropeForward(out, inp, positions, BT, NH, HS, 10000), weightedSum(out, w));
    loss();
    for (let i = 0; i < NH * HS; i++) expect(out[i]).toBe(inp[i]);
    const dinp = new Float32Array(BT * NH * HS);
    ref.ropeBackward(dinp, w, positions, BT, NH, HS, 10000);
    record('rope', checkGrad('dinp', inp, dinp, loss));
  });

  for (const variant of [
    { name: 'causal GQA', B: 2, T: 4, NH: 4, NKV: 2, HS: 3, causal: true, mask: null as Uint8Array | null },
    { name: 'bidirectional with padding mask', B: 2, T: 4, NH: 2, NKV: 2, HS: 3, causal: false,
      mask: Uint8Array.from([1, 1, 1, 0, 1, 1, 0, 0]) },
    { name: 'causal GQA, packed segments + padding, window 2', B: 2, T: 5, NH: 4, NKV: 2, HS: 3, causal: true,
      mask: Uint8Array.from([1, 1, 2, 2, 2, 3, 3, 3, 7, 0]), window: 2 }
  ]) {
    it(`attention (${variant.name}): dq, dk, dv`, () => {
      const { B, T, NH, NKV, HS, causal, mask } = variant;
      const window = variant.window ?? 0;
      const q = randn(B * T * NH * HS), k = randn(B * T * NKV * HS), v = randn(B * T * NKV * HS);
      const w = randn(B * T * NH * HS);
      const out = new Float32Array(B * T * NH * HS), att = new Float32Array(B * NH * T * T);
      const loss = () => (ref.attentionForward(out, att, q, k, v, B, T, NH, NKV, HS, causal, mask, window), weightedSum(out, w));
      loss();
      const dq = new Float32Array(q.length), dk = new Float32Array(k.length), dv = new Float32Array(v.length);
      ref.attentionBackward(dq, dk, dv, w, q, k, v, att, B, T, NH, NKV, HS);
      record(window > 0 ? 'attentionPackedWindow' : 'attention', checkGrad('dq', q, dq, loss));
      record(window > 0 ? 'attentionPackedWindow' : 'attention', checkGrad('dk', k, dk, loss));
      record(window > 0 ? 'attentionPackedWindow' : 'attention', checkGrad('dv', v, dv, loss));
    });
  }

  it('swiglu: dgate, dup', () => {
    const N = 12;
    const gate = randn(N, 3), up = randn(N), w = randn(N), out = new Float32Array(N);
    const loss = () => (ref.swigluForward(out, gate, up, N), weightedSum(out, w));
    const dgate = new Float32Array(N), dup = new Float32Array(N);
    ref.swigluBackward(dgate, dup, w, gate, up, N);
    record('swiglu', checkGrad('dgate', gate, dgate, loss));
    record('swiglu', checkGrad('dup', up, dup, loss));
  });

  it('gelu (exact erf): dinp; erf matches known values', () => {
    expect(ref.erf(0.5)).toBeCloseTo(0.5204998778, 6);
    expect(ref.erf(-1.5)).toBeCloseTo(-0.9661051465, 6);
    const N = 16;
    const inp = randn(N, 3), w = randn(N), out = new Float32Array(N);
    const loss = () => (ref.geluForward(out, inp, N), weightedSum(out, w));
    const dinp = new Float32Array(N);
    ref.geluBackward(dinp, w, inp, N);
    record('gelu', checkGrad('dinp', inp, dinp, loss));
  });

  it('residual: da, db accumulate', () => {
    const N = 6;
    const a = randn(N), b = randn(N), w = randn(N), out = new Float32Array(N);
    const loss = () => (ref.residualForward(out, a, b, N), weightedSum(out, w));
    const da = new Float32Array(N), db = new Float32Array(N).fill(1);
    ref.residualBackward(da, db, w, N);
    record('residual', checkGrad('da', a, da, loss));
    for (let i = 0; i < N; i++) expect(db[i]).toBeCloseTo(1 + w[i], 6);
  });

  it('multiply: d(a) = dout·b computed with multiplyForward itself', () => {
    const N = 8;
    const a = randn(N), b = randn(N), w = randn(N), out = new Float32Array(N);
    const loss = () => (ref.multiplyForward(out, a, b, N), weightedSum(out, w));
    const da = new Float32Array(N);
    ref.multiplyForward(da, w, b, N);
    record('multiply', checkGrad('da', a, da, loss));
  });

  it('crossEntropy with ignore index and per-token scale: dlogits', () => {
    const [BT, V] = [5, 7];
    const logits = randn(BT * V, 2), targets = Int32Array.from([3, ref.IGNORE_INDEX, 0, 6, ref.IGNORE_INDEX]);
    const dlosses = randn(BT);
    const losses = new Float32Array(BT), probs = new Float32Array(BT * V);
    const loss = () => (ref.crossEntropyForward(losses, probs, logits, targets, BT, V), weightedSum(losses, dlosses));
    loss();
    expect(losses[1]).toBe(0);
    expect(ref.countTargets(targets, BT)).toBe(3);
    const dlogits = new Float32Array(BT * V);
    ref.crossEntropyBackward(dlogits, dlosses, probs, targets, BT, V);
    record('crossEntropy', checkGrad('dlogits', logits, dlogits, loss));
    const dscalar = new Float32Array(BT * V);
    ref.crossEntropyBackward(dscalar, 1 / 3, probs, targets, BT, V);
    expect(dscalar[3 * V + 6]).toBeCloseTo((probs[3 * V + 6] - 1) / 3, 6);
  });

  it('meanPoolL2: dinp (masked tokens get zero)', () => {
    const [B, T, C] = [2, 3, 4];
    const inp = randn(B * T * C), mask = Uint8Array.from([1, 1, 0, 1, 0, 1]), w = randn(B * C);
    const out = new Float32Array(B * C), norm = new Float32Array(B);
    const loss = () => (ref.meanPoolL2Forward(out, norm, inp, mask, B, T, C), weightedSum(out, w));
    loss();
    let ss = 0;
    for (let c = 0; c < C; c++) ss += out[c] * out[c];
    expect(Math.sqrt(ss)).toBeCloseTo(1, 6);
    const dinp = new Float32Array(B * T * C);
    ref.meanPoolL2Backward(dinp, w, out, norm, mask, B, T, C);
    record('meanPoolL2', checkGrad('dinp', inp, dinp, loss));
  });

  it('lora matmul (dense and 4-bit base): dA, dB, dinp; base gets no gradient', () => {
    const [BT, C, OC, R] = [4, 32, 5, 3];
    const inp = randn(BT * C), weight = randn(OC * C), bias = randn(OC), A = randn(R * C), Bm = randn(OC * R);
    const w = randn(BT * OC), scale = 16 / R;
    for (const base of [weight, ref.quantize4bit(weight, OC, C)] as ref.BaseWeight[]) {
      const out = new Float32Array(BT * OC), hidden = new Float32Array(BT * R);
      const loss = () => (ref.loraMatmulForward(out, hidden, inp, base, bias, A, Bm, BT, C, OC, R, scale), weightedSum(out, w));
      loss();
      const dinp = new Float32Array(BT * C), dA = new Float32Array(R * C), dB = new Float32Array(OC * R);
      ref.loraMatmulBackward(dinp, dA, dB, w, inp, hidden, base, A, Bm, BT, C, OC, R, scale);
      record('loraMatmul', checkGrad('dA', A, dA, loss));
      record('loraMatmul', checkGrad('dB', Bm, dB, loss));
      record('loraMatmul', checkGrad('dinp', inp, dinp, loss));
    }
  });

  it('4-bit quantisation: error within half a step per group, dequant matmul dinp', () => {
    const [BT, C, OC] = [3, 64, 4];
    const weight = randn(OC * C);
    const q = ref.quantize4bit(weight, OC, C, 32);
    const deq = ref.dequantize4bit(q);
    for (let i = 0; i < weight.length; i++) {
      expect(Math.abs(deq[i] - weight[i])).toBeLessThanOrEqual(q.scales[Math.floor(i / 32)] / 2 + 1e-7);
    }
    expect(() => ref.quantize4bit(weight, OC * 2, C / 2 + 8)).toThrow(/multiple/);
    const inp = randn(BT * C), w = randn(BT * OC), out = new Float32Array(BT * OC);
    const loss = () => (ref.dequant4bitMatmulForward(out, inp, q, null, BT, C, OC), weightedSum(out, w));
    const dinp = new Float32Array(BT * C);
    ref.dequant4bitMatmulBackward(dinp, w, q, BT, C, OC);
    record('dequant4bitMatmul', checkGrad('dinp', inp, dinp, loss));
  });

  it('dropout: dinp with the recomputed mask; keep rate and seed dependence', () => {
    const N = 40, p = 0.3, seed = 17;
    const inp = randn(N), w = randn(N), out = new Float32Array(N);
    const loss = () => (ref.dropoutForward(out, inp, N, p, seed), weightedSum(out, w));
    const dinp = new Float32Array(N);
    ref.dropoutBackward(dinp, w, N, p, seed);
    record('dropout', checkGrad('dinp', inp, dinp, loss));
    const big = 20000, threshold = ref.dropoutThreshold(0.1);
    let kept = 0, same = 0;
    for (let i = 0; i < big; i++) {
      const a = ref.dropoutKeeps(1, i, threshold);
      if (a) kept++;
      if (a === ref.dropoutKeeps(2, i, threshold)) same++;
    }
    expect(Math.abs(kept - 0.9 * big)).toBeLessThan(5 * Math.sqrt(big * 0.09)); // 5 sigma
    expect(same).toBeLessThan(big * 0.85); // independent masks agree ~82% of the time at p = 0.1
    expect(() => ref.dropoutThreshold(1)).toThrow(/\[0, 1\)/);
  });

  it('reports the max abs error per op', () => {
    console.log('gradcheck max |analytic - numeric| per op:', JSON.stringify(report));
    expect(Object.keys(report).length).toBeGreaterThanOrEqual(12);
  });
});

describe('optimiser pieces', () => {
  it('adamwStep: first step moves each weight by ~lr·sign(g) after decoupled decay', () => {
    const params = Float32Array.from([1, -2, 0.5]), grads = Float32Array.from([0.3, -4, 1e-3]);
    const m = new Float32Array(3), v = new Float32Array(3);
    const lr = 0.1, wd = 0.01;
    ref.adamwStep(params, grads, m, v, lr, 0.9, 0.999, 1e-8, wd, 1);
    const expected = [1 * (1 - lr * wd) - lr, -2 * (1 - lr * wd) + lr, 0.5 * (1 - lr * wd) - lr];
    for (let i = 0; i < 3; i++) expect(params[i]).toBeCloseTo(expected[i], 5);
    expect(m[1]).toBeCloseTo(0.1 * -4, 6);
    expect(v[1]).toBeCloseTo(0.001 * 16, 6);
    expect(() => ref.adamwStep(params, grads, m, v, lr, 0.9, 0.999, 1e-8, wd, 0)).toThrow(/1-based/);
  });

  it('cosineSchedule: warmup ramp, peak, midpoint, floor', () => {
    expect(ref.cosineSchedule(0, 10, 110, 1e-3, 1e-4)).toBe(0);
    expect(ref.cosineSchedule(5, 10, 110, 1e-3, 1e-4)).toBeCloseTo(5e-4, 12);
    expect(ref.cosineSchedule(10, 10, 110, 1e-3, 1e-4)).toBeCloseTo(1e-3, 12);
    expect(ref.cosineSchedule(60, 10, 110, 1e-3, 1e-4)).toBeCloseTo(5.5e-4, 12);
    expect(ref.cosineSchedule(110, 10, 110, 1e-3, 1e-4)).toBeCloseTo(1e-4, 12);
    expect(ref.cosineSchedule(500, 10, 110, 1e-3, 1e-4)).toBeCloseTo(1e-4, 12);
  });

  it('clipGradNorm: returns the global norm and rescales only above maxNorm', () => {
    const a = Float32Array.from([3, 0]), b = Float32Array.from([0, 4]);
    expect(ref.clipGradNorm([a, b], 10)).toBeCloseTo(5, 6);
    expect(a[0]).toBe(3);
    expect(ref.clipGradNorm([a, b], 1)).toBeCloseTo(5, 6);
    expect(Math.hypot(a[0], b[1])).toBeCloseTo(1, 5);
  });
});
