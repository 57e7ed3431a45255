/**
 * The CPU reference matmuls are blocked for speed; this checks they still compute exactly (bit for bit) what the
 * textbook triple loops compute, with float64 sums in the same order, for shapes that exercise the blocked
 * body and the remainder (OC, BT not multiples of 4), with and without bias and dinp accumulation.
 */
import { describe, expect, it } from 'vitest';
import { matmulBackward, matmulForward } from '../../src/engine/reference/matmul';
import { makeRandom } from './gpu';

function plainForward(inp: Float32Array, w: Float32Array, bias: Float32Array | null, BT: number, C: number, OC: number): Float32Array {
  const out = new Float32Array(BT * OC);
  for (let bt = 0; bt < BT; bt++) {
    for (let o = 0; o < OC; o++) {
      let sum = bias ? bias[o] : 0;
      for (let c = 0; c < C; c++) sum += inp[bt * C + c] * w[o * C + c];
      out[bt * OC + o] = sum;
    }
  }
  return out;
}

function plainBackward(dout: Float32Array, inp: Float32Array, w: Float32Array, dinp0: Float32Array, dw0: Float32Array, BT: number, C: number, OC: number, acc: boolean) {
  const dinp = Float32Array.from(dinp0), dw = Float32Array.from(dw0);
  for (let bt = 0; bt < BT; bt++) {
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let o = 0; o < OC; o++) sum += dout[bt * OC + o] * w[o * C + c];
      dinp[bt * C + c] = acc ? dinp[bt * C + c] + sum : sum;
    }
  }
  for (let o = 0; o < OC; o++) {
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let bt = 0; bt < BT; bt++) sum += dout[bt * OC + o] * inp[bt * C + c];
      dw[o * C + c] += sum;
    }
  }
  return { dinp, dw };
}

describe('reference matmul blocking keeps the plain loops bit for bit', () => {
  const random = makeRandom(7);
  for (const [BT, C, OC] of [[7, 13, 11], [8, 32, 16], [1, 5, 3], [6, 64, 4097 % 64 + 2]]) {
    it(`forward BT=${BT} C=${C} OC=${OC}`, () => {
      const inp = random(BT * C), w = random(OC * C), bias = random(OC);
      for (const b of [bias, null]) {
        const out = new Float32Array(BT * OC);
        matmulForward(out, inp, w, b, BT, C, OC);
        expect(Array.from(out)).toEqual(Array.from(plainForward(inp, w, b, BT, C, OC)));
      }
    });
    it(`backward BT=${BT} C=${C} OC=${OC}`, () => {
      const inp = random(BT * C), w = random(OC * C), dout = random(BT * OC);
      for (const accumulate of [false, true]) {
        const dinp = random(BT * C), dw = random(OC * C);
        const want = plainBackward(dout, inp, w, dinp, dw, BT, C, OC, accumulate);
        matmulBackward(dinp, dw, null, dout, inp, w, BT, C, OC, accumulate);
        expect(Array.from(dinp)).toEqual(Array.from(want.dinp));
        expect(Array.from(dw)).toEqual(Array.from(want.dw));
      }
    });
  }
});
