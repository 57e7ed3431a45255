/**
 * 4-bit and 8-bit packing against the published formulas (PUBLISHING-FORMATS.md A8-A9, B4):
 *   - MatMulNBits: a crafted block with codes 0..15 packs low nibble first ([0x10, 0x32, …, 0xFE]) with scale −m/8;
 *     random rows dequantise within |s|/2 (|s| where the +8 code clamps to 15); ONNX Runtime's own MatMulNBits kernel,
 *     fed identity rows, returns exactly our dequantised weights (K not a multiple of 32 included);
 *   - q8 columns: |q| ≤ 63 (reduce_range), error ≤ s/2; embedding rows |q| ≤ 127;
 *   - MLC q4 groups: a crafted group with codes 0..14 packs into 0x76543210 (element 0 in the lowest nibble), zero
 *     point 7, scale max|w|/7; random weights dequantise within scale/2 (plus the float16 rounding of w in q4f16_1).
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { mlcGroupDequantize, mlcGroupQuantize, roundHalfEven } from '../../src/export/mlc';
import { MS_DOMAIN, OnnxDataType, OnnxGraph } from '../../src/export/onnx-graph';
import { dequantizeMatMulNBits, quantizeInt8Columns, quantizeInt8Rows, quantizeMatMulNBits, roundHalfAway } from '../../src/export/quantize';
import { seededRandom } from '../../src/data/random';

function randomMatrix(n: number, seed: number, scale = 1): Float32Array {
  const r = seededRandom(seed);
  return Float32Array.from({ length: n }, () => (2 * r() - 1) * scale * (r() < 0.05 ? 4 : 1)); // a few outliers per block
}

describe('MatMulNBits (ORT q4, block 32)', () => {
  it('packs a crafted block low nibble first with scale −m/8', () => {
    const w = Float32Array.from({ length: 32 }, (_, k) => ((k % 16) - 8) * 0.5); // m = −4 → s = 0.5 → q = k % 16
    const q = quantizeMatMulNBits(w, 1, 32);
    expect(Array.from(q.scales)).toEqual([0.5]);
    expect(Array.from(q.packed)).toEqual([0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe, 0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe]);
    expect(Array.from(dequantizeMatMulNBits(q))).toEqual(Array.from(w));
  });

  it('dequantises random rows within |s|/2 (|s| where the code clamps), and an all-zero block to zeros', () => {
    const N = 7, K = 80; // K padded to 96: 3 blocks
    const w = randomMatrix(N * K, 3);
    w.fill(0, 0, 32); // row 0, block 0 all zero
    const q = quantizeMatMulNBits(w, N, K);
    expect(q.kBlocks).toBe(3);
    expect(q.packed.length).toBe(N * 3 * 16);
    const back = dequantizeMatMulNBits(q);
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) {
        const s = Math.abs(q.scales[n * 3 + Math.floor(k / 32)]);
        const err = Math.abs(back[n * K + k] - w[n * K + k]);
        const clamped = s > 0 && w[n * K + k] / q.scales[n * 3 + Math.floor(k / 32)] + 8 >= 15.5; // code 16 → 15
        expect(err).toBeLessThanOrEqual((clamped ? s : s / 2) * (1 + 1e-6) + 1e-12);
      }
    }
    expect(Array.from(back.subarray(0, 32))).toEqual(new Array(32).fill(0));
  });

  it("ONNX Runtime's MatMulNBits kernel multiplies with exactly our dequantised weights", async () => {
    for (const K of [64, 80]) {
      const N = 5;
      const w = randomMatrix(N * K, 11 + K);
      const q = quantizeMatMulNBits(w, N, K);
      const g = new OnnxGraph('matmulnbits_probe');
      const a = g.input('A', OnnxDataType.FLOAT, ['rows', K]);
      const y = g.op('MatMulNBits', [a, g.u8('B', [N, q.kBlocks, 16], q.packed), g.f32('scales', [N * q.kBlocks], q.scales)], { K: { i: K }, N: { i: N }, bits: { i: 4 }, block_size: { i: 32 } }, { domain: MS_DOMAIN });
      g.output('Y', OnnxDataType.FLOAT, ['rows', N], y);
      const session = await ort.InferenceSession.create(g.encode());
      const eye = new Float32Array(K * K);
      for (let k = 0; k < K; k++) eye[k * K + k] = 1;
      const out = (await session.run({ A: new ort.Tensor('float32', eye, [K, K]) })).Y.data as Float32Array; // [K, N] = W'ᵀ
      const back = dequantizeMatMulNBits(q);
      let worst = 0;
      for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) worst = Math.max(worst, Math.abs(out[k * N + n] - back[n * K + k]));
      expect(worst, `K=${K}`).toBeLessThan(1e-6);
      await session.release();
    }
  });
});

describe('q8 (per-column reduce-range int8, per-row embedding int8)', () => {
  it('keeps |q| ≤ 63 per column, transposes to [K, N], and errs by at most s/2', () => {
    const N = 6, K = 40;
    const w = randomMatrix(N * K, 5);
    const q = quantizeInt8Columns(w, N, K);
    expect(Math.max(...Array.from(q.q, Math.abs))).toBe(63);
    for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) {
      expect(Math.abs(q.q[k * N + n] * q.scales[n] - w[n * K + k])).toBeLessThanOrEqual(q.scales[n] / 2 + 1e-7);
    }
    const rows = quantizeInt8Rows(w, N, K);
    expect(Math.max(...Array.from(rows.q, Math.abs))).toBe(127);
    for (let i = 0; i < N * K; i++) expect(Math.abs(rows.q[i] * rows.scales[Math.floor(i / K)] - w[i])).toBeLessThanOrEqual(rows.scales[Math.floor(i / K)] / 2 + 1e-7);
  });

  it('rounds like C roundf (half away from zero) and MLC like nearbyint (half to even)', () => {
    expect([-2.5, -0.5, 0.5, 1.5, 2.5].map(roundHalfAway)).toEqual([-3, -1, 1, 2, 3]);
    expect([-2.5, -0.5, 0.5, 1.5, 2.5].map(roundHalfEven)).toEqual([-2, 0, 0, 2, 2]);
  });
});

describe('MLC group quantisation (q4f16_1 / q4f32_1, NK layout, group 32)', () => {
  it('packs a crafted group with element 0 in the least significant nibble, zero point 7, scale max|w|/7', () => {
    for (const dtype of ['float32', 'float16'] as const) {
      const w = Float32Array.from({ length: 32 }, (_, k) => ((k % 15) - 7) * 0.5); // max|w| 3.5 → scale 0.5 → q = k % 15
      const q = mlcGroupQuantize(w, 1, 32, dtype);
      expect(Array.from(q.qScale)).toEqual([0.5]);
      expect(Array.from(q.qWeight).map((x) => x.toString(16))).toEqual(['76543210', 'edcba98', '87654321', '10edcba9']);
      const bytes = new Uint8Array(q.qWeight.buffer);
      expect(Array.from(bytes.subarray(0, 4))).toEqual([0x10, 0x32, 0x54, 0x76]); // little-endian: byte t = q[2t] | q[2t+1] << 4
      expect(Array.from(mlcGroupDequantize(q.qWeight, q.qScale, 1, 32))).toEqual(Array.from(w));
    }
  });

  it('dequantises random weights within scale/2 (q4f32_1) and scale/2 + f16 rounding (q4f16_1); codes stay in 0..14', () => {
    const N = 9, K = 72; // 3 groups, the last one padded
    const w = randomMatrix(N * K, 8, 0.2);
    for (const dtype of ['float32', 'float16'] as const) {
      const q = mlcGroupQuantize(w, N, K, dtype);
      expect(q.qWeight.length).toBe(N * 12);
      const back = mlcGroupDequantize(q.qWeight, q.qScale, N, K);
      for (let n = 0; n < N; n++) {
        for (let k = 0; k < K; k++) {
          const scale = q.qScale[n * 3 + (k >> 5)];
          const code = (q.qWeight[n * 12 + (k >> 3)] >>> (4 * (k & 7))) & 0xf;
          expect(code).toBeLessThanOrEqual(14);
          const slack = dtype === 'float16' ? Math.abs(w[n * K + k]) * 2 ** -10 + scale * 2 ** -9 : 1e-7;
          expect(Math.abs(back[n * K + k] - w[n * K + k])).toBeLessThanOrEqual(scale / 2 + slack);
        }
      }
      // Positions past K (72..95) contribute no codes: words 9..11 of every row stay 0.
      for (let n = 0; n < N; n++) expect(Array.from(q.qWeight.subarray(n * 12 + 9, n * 12 + 12))).toEqual([0, 0, 0]);
    }
  });
});
