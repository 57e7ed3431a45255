/**
 * The fast CPU path (engine/cpu-fast: WebAssembly SIMD GEMM emitted at load time, optional worker_threads
 * split) against the float64 reference ops: dense matmul forward / dinp / dweight / dbias and attention
 * forward / backward on odd shapes (rows, columns and depth not multiples of the 4×8 micro-tile), within
 * float32 tolerance; the 2-thread split gives exactly the 1-thread result (each output is computed by one
 * thread in the same order; a pool whose caller only waits proves the workers' chunks are right). The kernel with
 * relaxed SIMD fused multiply-adds (on here: enableRelaxedSimd) and the plain mul + add kernel both run every
 * check, and agree with each other within 1e-5 relative. Also checks the WASM encoder's LEB128, the module's vector exp
 * against Math.exp, and that bad thread setups fail clearly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createFastCpuOps, REFERENCE_CPU_OPS } from '../../src/engine/cpu-fast/ops';
import { sleb, uleb } from '../../src/engine/cpu-fast/wasm-encoder';
import { createFastGemm, rowMajor, type SpawnWorker, transposed } from '../../src/engine/cpu-fast/gemm';
import { gemmModuleBytes, MEMORY_MAX_PAGES, relaxedSimdSupported } from '../../src/engine/cpu-fast/gemm-kernel';
import { enableRelaxedSimd, spawnNodeWorker } from '../../src/train/node-threads';
import { makeRandom, maxAbsDiff } from './gpu';
import { countTargets, crossEntropyBackward, crossEntropyForward, IGNORE_INDEX } from '../../src/engine/reference/losses';
import { swigluBackward, swigluForward } from '../../src/engine/reference/pointwise';
import { rmsnormBackward, rmsnormForward } from '../../src/engine/reference/norms';
import { loraMatmulBackward, loraMatmulForward } from '../../src/engine/reference/matmul';

const ref = REFERENCE_CPU_OPS;
enableRelaxedSimd(); // before the kernels compile: 'auto' then picks the fused multiply-add kernel
const plain = createFastCpuOps({ threads: 1, relaxedSimd: false });
const one = createFastCpuOps({ threads: 1 });
const two = createFastCpuOps({ threads: 2, spawnWorker: spawnNodeWorker });
const workersOnly = createFastCpuOps({ threads: 3, spawnWorker: spawnNodeWorker, callerWorks: false }); // every chunk on a worker
afterAll(() => { plain.destroy(); one.destroy(); two.destroy(); workersOnly.destroy(); });

/** max |a - b| relative to max |b| (float32 sums vs float64 sums). */
function relErr(a: Float32Array, b: Float32Array): number {
  let scale = 1e-30;
  for (const x of b) scale = Math.max(scale, Math.abs(x));
  return maxAbsDiff(a, b) / scale;
}

describe('wasm encoder', () => {
  it('encodes LEB128 like the spec examples', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(63)).toEqual([0x3f]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(() => uleb(-1)).toThrow(/non-negative/);
  });
  it('refuses threads without a worker spawner', () => {
    expect(() => createFastGemm({ threads: 2 })).toThrow(/spawnWorker/);
  });
});

// [BT, C, OC]: tails in every dimension, a single row, and depth 1
const SHAPES: [number, number, number][] = [[7, 13, 9], [1, 5, 3], [37, 67, 29], [64, 1, 19], [130, 70, 66], [5, 300, 261]];

describe.each([['1 thread, plain SIMD', plain], ['1 thread', one], ['2 threads', two], ['2 workers, caller idle', workersOnly]] as const)('fast matmul (%s) vs reference', (_, fast) => {
  it.each(SHAPES)('forward BT=%i C=%i OC=%i, with and without bias', (BT, C, OC) => {
    const rand = makeRandom(BT * 1000 + C * 10 + OC);
    const inp = rand(BT * C), w = rand(OC * C), bias = rand(OC);
    for (const b of [null, bias]) {
      const want = new Float32Array(BT * OC), got = new Float32Array(BT * OC).fill(7);
      ref.matmulForward(want, inp, w, b, BT, C, OC);
      fast.matmulForward(got, inp, w, b, BT, C, OC);
      expect(relErr(got, want)).toBeLessThan(1e-5);
    }
  });
  it.each(SHAPES)('backward BT=%i C=%i OC=%i: dinp (= and +=), dweight and dbias accumulate', (BT, C, OC) => {
    const rand = makeRandom(BT + C * 7 + OC * 31);
    const dout = rand(BT * OC), inp = rand(BT * C), w = rand(OC * C);
    const dinp0 = rand(BT * C), dw0 = rand(OC * C), db0 = rand(OC);
    for (const acc of [false, true]) {
      const want = { dinp: Float32Array.from(dinp0), dw: Float32Array.from(dw0), db: Float32Array.from(db0) };
      const got = { dinp: Float32Array.from(dinp0), dw: Float32Array.from(dw0), db: Float32Array.from(db0) };
      ref.matmulBackward(want.dinp, want.dw, want.db, dout, inp, w, BT, C, OC, acc);
      fast.matmulBackward(got.dinp, got.dw, got.db, dout, inp, w, BT, C, OC, acc);
      expect(relErr(got.dinp, want.dinp)).toBeLessThan(1e-5);
      expect(relErr(got.dw, want.dw)).toBeLessThan(1e-5);
      expect(relErr(got.db, want.db)).toBeLessThan(1e-6);
      expect(maxAbsDiff(got.dinp, dinp0)).toBeGreaterThan(0); // it wrote something
    }
  });

  // [B, T, NH, NKV, HS, causal, window, segmented]
  const ATT: [number, number, number, number, number, boolean, number, boolean][] = [
    [2, 9, 4, 2, 6, true, 0, false], [1, 13, 3, 3, 10, false, 0, true], [2, 21, 4, 1, 8, true, 5, true], [1, 1, 2, 1, 4, true, 0, false],
    [2, 40, 4, 2, 16, true, 0, true], // large enough for the pool tasks to split (threads > 1)
    [1, 10, 2, 1, 5, true, 0, true] // odd head size: the per-head path instead of pool tasks
  ];
  it.each(ATT)('attention B=%i T=%i NH=%i NKV=%i HS=%i causal=%s window=%i segments=%s', (B, T, NH, NKV, HS, causal, window, seg) => {
    const rand = makeRandom(B * 100 + T * 10 + NH + HS);
    const q = rand(B * T * NH * HS), k = rand(B * T * NKV * HS), v = rand(B * T * NKV * HS), dout = rand(B * T * NH * HS);
    const segments = seg ? Int32Array.from({ length: B * T }, (_, i) => (i % T < T / 2 ? 1 : i % T === T - 1 ? 0 : 2)) : null;
    const run = (ops: typeof ref) => {
      const out = new Float32Array(B * T * NH * HS), att = new Float32Array(B * NH * T * T);
      ops.attentionForward(out, att, q, k, v, B, T, NH, NKV, HS, causal, segments, window);
      const dq = new Float32Array(q.length), dk = new Float32Array(k.length).fill(3), dv = new Float32Array(v.length).fill(3);
      ops.attentionBackward(dq, dk, dv, dout, q, k, v, att, B, T, NH, NKV, HS);
      return { out, att, dq, dk, dv };
    };
    const want = run(ref), got = run(fast);
    for (const key of ['out', 'att', 'dq', 'dk', 'dv'] as const) expect(relErr(got[key], want[key]), key).toBeLessThan(2e-5);
  });
});

describe('pointwise functions of the kernel module (exp-kernel.ts: expSum, rowMax, scaleRow)', () => {
  const memory = new WebAssembly.Memory({ initial: 2, maximum: MEMORY_MAX_PAGES });
  const expSum = new WebAssembly.Instance(new WebAssembly.Module(gemmModuleBytes(false)), { env: { memory } }).exports.expSum as (p: number, n: number, s: number) => number;
  const heap = new Float32Array(memory.buffer);
  it.each([[0], [1], [3], [4], [7], [1001]])('n=%i: exp(x − shift) in place within 2 f32 ulp of Math.exp, the f64 sum of what it wrote, nothing else touched', (n) => {
    const rand = makeRandom(n + 5);
    const x = rand(n, 80), shift = 3.25; // x − shift in [-83.25, 76.75]
    if (n > 4) { x[1] = -Infinity; x[2] = -200; x[3] = shift; }
    heap.fill(9, 0, n + 8);
    heap.set(x, 3); // an unaligned start
    const sum = expSum(12, n, shift);
    let want = 0;
    for (let i = 0; i < n; i++) {
      const e = Math.exp(Math.fround(x[i] - shift)), got = heap[3 + i];
      want += got;
      if (e < 1.2e-38) expect(got, `x=${x[i]}`).toBe(0); // underflow (and −Infinity, a masked score) gives 0
      else expect(Math.abs(got - e) / e, `x=${x[i]}`).toBeLessThan(2 * 2 ** -23);
    }
    expect(Math.abs(sum - want)).toBeLessThanOrEqual(1e-12 * want);
    expect([heap[0], heap[1], heap[2], heap[3 + n], heap[4 + n]]).toEqual([9, 9, 9, 9, 9]);
    if (n > 4) expect([heap[4], heap[5], heap[6]]).toEqual([0, 0, 1]);
  });
  const ex = new WebAssembly.Instance(new WebAssembly.Module(gemmModuleBytes(false)), { env: { memory } }).exports as unknown as
    { rowMax(p: number, n: number): number; scaleRow(p: number, n: number, s: number): void };
  it.each([[0], [1], [5], [8], [11]])('n=%i: rowMax is the largest (NaN skipped) and scaleRow the f32 products, nothing else touched', (n) => {
    const x = makeRandom(n + 9)(n, 50);
    if (n === 11) { x[9] = 77; x[2] = NaN; } // the largest in the tail; a NaN in the vector part
    heap.fill(9, 0, n + 8);
    heap.set(x, 1);
    let want = -Infinity;
    for (const v of x) if (v > want) want = v;
    expect(ex.rowMax(4, n)).toBe(want);
    ex.scaleRow(4, n, 0.3);
    for (let i = 0; i < n; i++) expect(Object.is(heap[1 + i], Math.fround(x[i] * Math.fround(0.3))), `i=${i}`).toBe(true);
    expect([heap[0], heap[1 + n], heap[2 + n]]).toEqual([9, 9, 9]);
  });
});

describe.each([['1 thread', one], ['2 threads', two]] as const)('fused causal-LM loss (fast path, %s) vs the reference ops', (_, fast) => {
  it.each([[7, 13], [1, 1], [40, 301]])('BT=%i V=%i with ignored rows', (BT, V) => {
    const logits = makeRandom(BT * V)(BT * V, 4);
    const targets = Int32Array.from({ length: BT }, (_, i) => (i % 3 === 1 ? IGNORE_INDEX : (i * 7) % V));
    const losses = new Float32Array(BT), probs = new Float32Array(BT * V), want = new Float32Array(BT * V).fill(5);
    crossEntropyForward(losses, probs, logits, targets, BT, V);
    const n = countTargets(targets, BT);
    crossEntropyBackward(want, 1 / Math.max(n, 1), probs, targets, BT, V);
    let wantLoss = 0;
    for (const l of losses) wantLoss += l;
    wantLoss /= Math.max(n, 1);
    const got = fast.causalLmLoss!(logits, targets, BT, V);
    expect(Math.abs(got.loss - wantLoss)).toBeLessThan(1e-5 * Math.max(1, wantLoss));
    expect(maxAbsDiff(got.dlogits, want)).toBeLessThan(1e-6);
  });
  it('rows as pool tasks: 2 threads and workers only give exactly the 1-thread loss and dlogits', () => {
    const [BT, V] = [40, 2003]; // above the split threshold
    const logits = makeRandom(3)(BT * V, 4);
    const targets = Int32Array.from({ length: BT }, (_, i) => (i % 5 === 2 ? IGNORE_INDEX : (i * 131) % V));
    const want = one.causalLmLoss!(logits, targets, BT, V);
    for (const ops of [two, workersOnly]) {
      const got = ops.causalLmLoss!(logits, targets, BT, V);
      expect(got.loss).toBe(want.loss);
      expect(maxAbsDiff(got.dlogits, want.dlogits)).toBe(0);
    }
    expect(want.loss).toBeGreaterThan(0);
  });
  it('throws on a target outside the vocabulary, naming the row', () => {
    expect(() => two.causalLmLoss!(new Float32Array(6), Int32Array.from([0, 3]), 2, 3)).toThrow(/target 3 at row 1/);
  });
});

describe('SwiGLU (f32x4 swiglu / swigluBack of the kernel module, as pool tasks) vs the reference', () => {
  it.each([[50001], [7]])('N=%i: forward and backward within f32 rounding of the reference, bit-identical for every thread setup', (N) => {
    const rand = makeRandom(N);
    const gate = rand(N, 6), up = rand(N), dout = rand(N);
    gate.set([-100, 100, 0, -1.2784645]); // exp(−g) saturating and vanishing, silu(0), 1 + g·(1 − s) ≈ 0
    const want = { out: new Float32Array(N), dg: new Float32Array(N), du: new Float32Array(N) };
    swigluForward(want.out, gate, up, N);
    swigluBackward(want.dg, want.du, dout, gate, up, N);
    const runs = [one, two, workersOnly].map((ops) => {
      const got = { out: new Float32Array(N), dg: new Float32Array(N), du: new Float32Array(N) };
      ops.swigluForward!(got.out, gate, up, N);
      ops.swigluBackward!(got.dg, got.du, dout, gate, up, N);
      return got;
    });
    for (const key of ['out', 'dg', 'du'] as const) {
      expect(relErr(runs[0][key], want[key]), key).toBeLessThan(1e-6);
      for (const got of runs.slice(1)) expect(maxAbsDiff(got[key], runs[0][key]), key).toBe(0);
    }
    expect(maxAbsDiff(want.dg, new Float32Array(N))).toBeGreaterThan(0);
  });
});

describe('relaxed SIMD kernel (f32x4.relaxed_madd)', () => {
  it('is detected once V8 allows it, and used by default', () => {
    expect(relaxedSimdSupported()).toBe(true); // Node 20 with --experimental-wasm-relaxed-simd set at run time, or newer
    expect(one.relaxedSimd).toBe(true);
    expect(two.relaxedSimd).toBe(true);
    expect(plain.relaxedSimd).toBe(false);
  });
  it('agrees with the plain mul + add kernel within 1e-5 relative on a bench-like shape (plain, transposed, accumulating)', () => {
    const [M, N, K] = [67, 301, 259];
    const rand = makeRandom(11);
    const a = rand(M * K), b = rand(N * K), init = rand(M * N);
    const fused = createFastGemm({ threads: 1, relaxedSimd: true }), mulAdd = createFastGemm({ threads: 1, relaxedSimd: false });
    for (const [bView, accumulate] of [[transposed(rowMajor(b, K)), false], [rowMajor(b, N), true]] as const) {
      const x = Float32Array.from(init), y = Float32Array.from(init);
      fused.gemm(M, N, K, rowMajor(a, K), bView, rowMajor(x, N), accumulate);
      mulAdd.gemm(M, N, K, rowMajor(a, K), bView, rowMajor(y, N), accumulate);
      expect(relErr(x, y)).toBeLessThan(1e-5);
    }
  });
});

describe('frozen weights (packed once, reused)', () => {
  it('give bit-identical products, pack each frozen view once, and drop the cache on release', () => {
    const [BT, C, OC] = [37, 67, 29];
    const rand = makeRandom(21);
    const arena = rand(2 * OC * C + 5); // two layers' weights at odd offsets inside one frozen arena
    const w = [arena.subarray(5, 5 + OC * C), arena.subarray(5 + OC * C)];
    const inp = rand(BT * C), dout = rand(BT * OC);
    const g = createFastGemm({ threads: 1 }), plainG = createFastGemm({ threads: 1 });
    const products = (gemm: typeof g) => w.flatMap((wl) => {
      const y = new Float32Array(BT * OC), dx = new Float32Array(BT * C);
      gemm.gemm(BT, OC, C, rowMajor(inp, C), transposed(rowMajor(wl, C)), rowMajor(y, OC), false); // forward: inp·Wᵀ
      gemm.gemm(BT, C, OC, rowMajor(dout, OC), rowMajor(wl, C), rowMajor(dx, C), false); // input gradient: dout·W
      return [y, dx];
    });
    const release = g.freeze(arena);
    const want = products(plainG);
    const first = products(g);
    const bytes = g.cachedBytes();
    expect(bytes).toBeGreaterThan(0);
    const again = products(g); // served from the cache: no new entries
    expect(g.cachedBytes()).toBe(bytes);
    for (let i = 0; i < want.length; i++) {
      expect(maxAbsDiff(first[i], want[i])).toBe(0);
      expect(maxAbsDiff(again[i], want[i])).toBe(0);
    }
    const other = rand(OC * C); // not inside the frozen arena: packed per call, never cached
    g.gemm(BT, OC, C, rowMajor(inp, C), transposed(rowMajor(other, C)), rowMajor(new Float32Array(BT * OC), OC), false);
    expect(g.cachedBytes()).toBe(bytes);
    release();
    expect(g.cachedBytes()).toBe(0);
    arena.fill(0.5); // writes after the release are seen
    const y = new Float32Array(BT * OC), yWant = new Float32Array(BT * OC);
    g.gemm(BT, OC, C, rowMajor(inp, C), transposed(rowMajor(w[0], C)), rowMajor(y, OC), false);
    plainG.gemm(BT, OC, C, rowMajor(inp, C), transposed(rowMajor(w[0], C)), rowMajor(yWant, OC), false);
    expect(maxAbsDiff(y, yWant)).toBe(0);
  });
});

describe('thread split', () => {
  it('2 threads give exactly the 1-thread result on a shape large enough to split', () => {
    const BT = 96, C = 200, OC = 150;
    const rand = makeRandom(5);
    const inp = rand(BT * C), w = rand(OC * C), dout = rand(BT * OC);
    const a = new Float32Array(BT * OC);
    one.matmulForward(a, inp, w, null, BT, C, OC);
    const dwa = new Float32Array(OC * C), dia = new Float32Array(BT * C);
    one.matmulBackward(dia, dwa, null, dout, inp, w, BT, C, OC);
    for (const ops of [two, workersOnly]) {
      const b = new Float32Array(BT * OC);
      ops.matmulForward(b, inp, w, null, BT, C, OC);
      expect(maxAbsDiff(a, b)).toBe(0);
      const dwb = new Float32Array(OC * C), dib = new Float32Array(BT * C);
      ops.matmulBackward(dib, dwb, null, dout, inp, w, BT, C, OC);
      expect(maxAbsDiff(dia, dib)).toBe(0);
      expect(maxAbsDiff(dwa, dwb)).toBe(0);
    }
    expect(two.threads).toBe(2);
  });
  it('attention as pool tasks: 2 threads and workers only give exactly the 1-thread result', () => {
    const [B, T, NH, NKV, HS] = [2, 48, 4, 2, 16]; // 2·B·NH·T²·HS above the split threshold
    const rand = makeRandom(11);
    const q = rand(B * T * NH * HS), k = rand(B * T * NKV * HS), v = rand(B * T * NKV * HS), dout = rand(B * T * NH * HS);
    const segments = Int32Array.from({ length: B * T }, (_, i) => (i % T < 5 ? 0 : i % T < 30 ? 1 : 2));
    const run = (ops: typeof one) => {
      const out = new Float32Array(q.length), att = new Float32Array(B * NH * T * T);
      ops.attentionForward(out, att, q, k, v, B, T, NH, NKV, HS, true, segments, 0);
      const dq = new Float32Array(q.length), dk = new Float32Array(k.length), dv = new Float32Array(v.length);
      ops.attentionBackward(dq, dk, dv, dout, q, k, v, att, B, T, NH, NKV, HS);
      return [out, att, dq, dk, dv];
    };
    const want = run(one);
    for (const ops of [two, workersOnly]) {
      const got = run(ops);
      for (let i = 0; i < got.length; i++) expect(maxAbsDiff(got[i], want[i]), `tensor ${i}`).toBe(0);
    }
    expect(maxAbsDiff(want[2], new Float32Array(q.length))).toBeGreaterThan(0);
  });
});

describe('RMSNorm on the pool vs the reference', () => {
  it.each([[301, 223], [5, 9]])('BT=%i C=%i: forward and backward (dinp +=, with and without dweight) bit-identical for every thread setup', (BT, C) => {
    const rand = makeRandom(BT * C);
    const inp = rand(BT * C, 3), weight = rand(C), dout = rand(BT * C), dinp0 = rand(BT * C), dw0 = rand(C);
    const want = { out: new Float32Array(BT * C), rstd: new Float32Array(BT), dinp: Float32Array.from(dinp0), dw: Float32Array.from(dw0) };
    rmsnormForward(want.out, want.rstd, inp, weight, BT, C, 1e-5);
    rmsnormBackward(want.dinp, want.dw, dout, inp, weight, want.rstd, BT, C);
    for (const ops of [one, two, workersOnly]) {
      for (const withDw of [true, false]) {
        const got = { out: new Float32Array(BT * C), rstd: new Float32Array(BT), dinp: Float32Array.from(dinp0), dw: Float32Array.from(dw0) };
        ops.rmsnormForward!(got.out, got.rstd, inp, weight, BT, C, 1e-5);
        ops.rmsnormBackward!(got.dinp, withDw ? got.dw : null, dout, inp, weight, got.rstd, BT, C);
        for (const key of ['out', 'rstd', 'dinp'] as const) expect(maxAbsDiff(got[key], want[key]), key).toBe(0);
        expect(maxAbsDiff(got.dw, withDw ? want.dw : dw0)).toBe(0);
      }
    }
    expect(maxAbsDiff(want.dinp, dinp0)).toBeGreaterThan(0);
  });
});

describe('LoRA adapter ops (loraForward / loraBackward)', () => {
  // odd shapes, a rank under the 8-column panel, a scale that is not a power of two; the second is large enough to split
  it.each([[37, 29, 23, 3, 1.7], [256, 96, 80, 8, 0.75]])('BT=%i C=%i OC=%i R=%i scale=%f: base + adapter match the reference; 2 threads = 1 thread', (BT, C, OC, R, scale) => {
    const rand = makeRandom(BT + C + OC + R);
    const inp = rand(BT * C), w = rand(OC * C), A = rand(R * C), B = rand(OC * R), dout = rand(BT * OC);
    const dinp0 = rand(BT * C), dA0 = rand(R * C), dB0 = rand(OC * R);
    const want = { out: new Float32Array(BT * OC), hidden: new Float32Array(BT * R), dinp: Float32Array.from(dinp0), dA: Float32Array.from(dA0), dB: Float32Array.from(dB0) };
    loraMatmulForward(want.out, want.hidden, inp, w, null, A, B, BT, C, OC, R, scale);
    loraMatmulBackward(want.dinp, want.dA, want.dB, dout, inp, want.hidden, w, A, B, BT, C, OC, R, scale, true);
    const runs = [one, two, workersOnly].map((ops) => {
      const got = { out: new Float32Array(BT * OC), hidden: new Float32Array(BT * R), dinp: Float32Array.from(dinp0), dA: Float32Array.from(dA0), dB: Float32Array.from(dB0) };
      ops.matmulForward(got.out, inp, w, null, BT, C, OC);
      ops.loraForward!(got.out, got.hidden, inp, A, B, BT, C, OC, R, scale);
      ops.matmulBackward(got.dinp, null, null, dout, inp, w, BT, C, OC, true);
      ops.loraBackward!(got.dinp, got.dA, got.dB, dout, inp, got.hidden, A, B, null, BT, C, OC, R, scale);
      for (const key of ['out', 'hidden', 'dinp', 'dA', 'dB'] as const) expect(relErr(got[key], want[key]), key).toBeLessThan(2e-5);
      return got;
    });
    for (const got of runs.slice(1)) for (const key of ['out', 'hidden', 'dinp', 'dA', 'dB'] as const) expect(maxAbsDiff(got[key], runs[0][key]), key).toBe(0);
  });
});

describe('pool failures', () => {
  const [M, N, K] = [96, 120, 80]; // above the split threshold
  const product = (g: ReturnType<typeof createFastGemm>) =>
    g.gemm(M, N, K, rowMajor(new Float32Array(M * K).fill(1), K), rowMajor(new Float32Array(K * N).fill(1), N), rowMajor(new Float32Array(M * N), N), false);
  it('a worker whose task throws fails the call with its error instead of leaving the caller waiting, and every later threaded call too', () => {
    const g = createFastGemm({ threads: 2, spawnWorker: spawnNodeWorker, callerWorks: false }); // only the worker computes
    try {
      product(g); // healthy first
      expect(() => g.tasks(99, 4, [], 0, 1 << 20)).toThrow(/fast CPU pool: worker 0 failed: TypeError/); // no task kind 99: the worker throws
      expect(() => product(g)).toThrow(/worker 0 failed/);
    } finally {
      g.destroy();
    }
  }, 20_000);
  it('a worker that exits is reported by the spawner and later threaded calls throw instead of hanging', async () => {
    let exited!: (reason: string) => void;
    const gone = new Promise<string>((resolve) => (exited = resolve));
    const spawnDying: SpawnWorker = (_source, init, onExit) =>
      spawnNodeWorker('(() => process.exit(3))', init, (reason) => { onExit?.(reason); exited(reason); });
    const g = createFastGemm({ threads: 2, spawnWorker: spawnDying, callerWorks: false });
    try {
      expect(await gone).toBe('exited (code 3)');
      expect(() => product(g)).toThrow(/fast CPU pool: worker 0 exited \(code 3\)/);
    } finally {
      g.destroy();
    }
  }, 20_000);
});
