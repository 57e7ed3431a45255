/**
 * The GEMM module's pointwise and row functions (emitted with wasm-encoder.ts next to the kernel, gemm-kernel.ts),
 * built on a vector exp: `expSum(p, n, shift)` replaces the n f32 at byte address p by exp(x − shift) and returns
 * their sum in float64 (the row sum of the loss's and attention's softmax); `swiglu` / `swigluBack` (SwiGLU in
 * f32); `rowMax`, `scaleRow` (the loss's other row passes, the softmax's normalisation); `softmaxGrad` (a row of
 * attention's softmax backward). Each runs 4 lanes at a time, then one lane at a time for the last n mod 4, so
 * any length and alignment works.
 *
 * The exp (Cephes expf): x clamped to [ln FLT_MIN, ln FLT_MAX], n = nearest(x·log2 e) (by adding 1.5·2^23, whose
 * bits then also hold n: no float-to-int conversion), r = x − n·ln2 (ln2 split in two), e^r by a degree-7
 * polynomial, times 2^n built in the exponent bits. Below ln FLT_MIN (≈ −87.34) the result is 0, so −Infinity (a
 * masked score) gives 0; NaN gives 0; above ln FLT_MAX it saturates near 2^127·1.4 (no Infinity). Relative error
 * ≲ 2 f32 ulp against Math.exp (tests/engine/cpu-fast.test.ts). Plain f32x4 mul + add only (no relaxed fused
 * multiply-add), so every engine and thread gets the same bits for the same input: results do not depend on the
 * thread count. f64 sums are in a fixed order (lanes 0+1 and 2+3 per vector, then the tail). No Node APIs.
 */
import { Code, F32, F64, type FunctionDef, I32, V128, type ValType } from './wasm-encoder';

const LOG2E = 1.44269504088896341;
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;
const X_MIN = -87.33654; // ln(FLT_MIN): 2^n stays a normal exponent
const X_MAX = 88.3762626647949;
const MAGIC = 12582912; // 1.5·2^23
const POLY = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];

/** Locals the exp body needs: the input x (replaced by the result), the underflow mask, n, r and y. */
interface ExpLocals { x: number; m: number; n: number; r: number; y: number }

/** exp of the four lanes of local x, left in x. */
function emitExp(code: Code, l: ExpLocals): void {
  code.get(l.x).f32x4Const(X_MIN).f32x4Ge().set(l.m); // lanes that do not underflow (false for NaN)
  code.get(l.x).f32x4Const(X_MIN).f32x4Pmax().f32x4Const(X_MAX).f32x4Pmin().set(l.x); // pseudo-max/min: NaN stays NaN (masked above)
  // n = nearest(x·log2 e) by adding 1.5·2^23 (rounds to an integer, ties to even); its bits then hold 0x4B400000 + n
  code.get(l.x).f32x4Const(LOG2E).f32x4Mul().f32x4Const(MAGIC).f32x4Add().set(l.y);
  code.get(l.y).f32x4Const(MAGIC).f32x4Sub().set(l.n);
  code.get(l.x).get(l.n).f32x4Const(LN2_HI).f32x4Mul().f32x4Sub().get(l.n).f32x4Const(LN2_LO).f32x4Mul().f32x4Sub().set(l.r);
  code.f32x4Const(POLY[0]);
  for (const c of POLY.slice(1)) code.get(l.r).f32x4Mul().f32x4Const(c).f32x4Add();
  // p·r² + r + 1, times 2^n: (0x4B400000 + n + 127) << 23 keeps n + 127 (in 1..254) as the exponent bits
  code.get(l.r).f32x4Mul().get(l.r).f32x4Mul().get(l.r).f32x4Add().f32x4Const(1).f32x4Add();
  code.get(l.y).i32(127).i32x4Splat().i32x4Add().i32(23).i32x4Shl();
  code.f32x4Mul().get(l.m).v128And().set(l.x);
}

/** The `expSum(p, n, shift) → f64` function (see above). */
export function expSumFunction(): FunctionDef {
  const p = 0, n = 1, shift = 2; // params
  const q = 3, end = 4, tail = 5; // i32 locals
  const s = 6, x = 7, m = 8, nv = 9, r = 10, y = 11, a0 = 12, a1 = 13; // v128 locals
  const total = 14; // f64
  const locals: ValType[] = [I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128, F64];
  const l: ExpLocals = { x, m, n: nv, r, y };
  const code = new Code();
  code.get(shift).f32x4Splat().set(s);
  code.get(p).set(q);
  code.get(n).i32(-4).and().i32(4).mul().get(p).add().set(end);
  code.get(n).i32(4).mul().get(p).add().set(tail);
  code.block(() => code.loop(() => { // whole vectors
    code.get(q).get(end).ltU().eqz().brIf(1);
    code.get(q).v128Load(0).get(s).f32x4Sub().set(x);
    emitExp(code, l);
    code.get(q).get(x).v128Store(0);
    code.get(a0).get(x).f64x2PromoteLowF32x4().f64x2Add().set(a0);
    code.get(a1).get(x).get(x).i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]).f64x2PromoteLowF32x4().f64x2Add().set(a1);
    code.get(q).i32(16).add().set(q).br(0);
  }));
  code.block(() => code.loop(() => { // the last n mod 4, one lane each
    code.get(q).get(tail).ltU().eqz().brIf(1);
    code.get(q).v128Load32Splat(0).get(s).f32x4Sub().set(x);
    emitExp(code, l);
    code.get(q).get(x).f32x4Extract(0).f32Store(0);
    code.get(total).get(x).f32x4Extract(0).f64PromoteF32().f64Add().set(total);
    code.get(q).i32(4).add().set(q).br(0);
  }));
  code.get(a0).f64x2Extract(0).get(a0).f64x2Extract(1).f64Add();
  code.get(a1).f64x2Extract(0).get(a1).f64x2Extract(1).f64Add().f64Add();
  code.get(total).f64Add();
  return { name: 'expSum', params: [I32, I32, F32], locals, body: code, result: F64 };
}

/**
 * An elementwise function over n floats: `inputs` arrays read and `outputs` written at byte addresses (params in
 * that order, then n), 4 lanes at a time and then one lane at a time for the last n mod 4 (a splat load, lane 0
 * stored), so any range of any alignment works. `body(code, ins, outs, l)` computes the output vectors into the
 * `outs` locals from the `ins` locals (v128), with the exp locals `l` free to use.
 */
function elementwise(name: string, inputs: number, outputs: number, body: (code: Code, ins: number[], outs: number[], l: ExpLocals) => void): FunctionDef {
  const ptrs = inputs + outputs, n = ptrs, i = ptrs + 1, end = ptrs + 2, tail = ptrs + 3;
  const v0 = ptrs + 4;
  const ins = Array.from({ length: inputs }, (_, k) => v0 + k), outs = Array.from({ length: outputs }, (_, k) => v0 + inputs + k);
  const e = v0 + inputs + outputs;
  const l: ExpLocals = { x: e, m: e + 1, n: e + 2, r: e + 3, y: e + 4 };
  const locals: ValType[] = [I32, I32, I32, ...new Array<ValType>(inputs + outputs + 5).fill(V128)];
  const code = new Code();
  code.get(n).i32(-4).and().i32(4).mul().set(end);
  code.get(n).i32(4).mul().set(tail);
  for (const [limit, lanes] of [[end, 4], [tail, 1]] as const) {
    code.block(() => code.loop(() => {
      code.get(i).get(limit).ltU().eqz().brIf(1);
      for (let k = 0; k < inputs; k++) {
        code.get(k).get(i).add();
        if (lanes === 4) code.v128Load(0);
        else code.v128Load32Splat(0);
        code.set(ins[k]);
      }
      body(code, ins, outs, l);
      for (let k = 0; k < outputs; k++) {
        code.get(inputs + k).get(i).add().get(outs[k]);
        if (lanes === 4) code.v128Store(0);
        else code.f32x4Extract(0).f32Store(0);
      }
      code.get(i).i32(4 * lanes).add().set(i).br(0);
    }));
  }
  return { name, params: new Array<ValType>(ptrs + 1).fill(I32), locals, body: code };
}

/** s = sigmoid(g) = 1 / (1 + exp(−g)) into local `s` (exp of −g saturates at ~2^127 below g ≈ −88: s ≈ 0). */
function emitSigmoid(code: Code, g: number, s: number, l: ExpLocals): void {
  code.get(g).f32x4Neg().set(l.x);
  emitExp(code, l);
  code.f32x4Const(1).f32x4Const(1).get(l.x).f32x4Add().f32x4Div().set(s);
}

/** `swiglu(gate, up, out, n)`: out = silu(gate)·up = gate·sigmoid(gate)·up, in f32. */
export function swigluForwardFunction(): FunctionDef {
  return elementwise('swiglu', 2, 1, (code, [g, u], [o], l) => {
    code.get(g).f32x4Neg().set(l.x);
    emitExp(code, l);
    code.get(g).f32x4Const(1).get(l.x).f32x4Add().f32x4Div().get(u).f32x4Mul().set(o); // (g / (1 + exp(−g)))·up, the reference's order
  });
}

/** `swigluBack(gate, up, dout, dgate, dup, n)`: dgate = dout·up·s·(1 + gate·(1 − s)), dup = dout·gate·s, s = sigmoid(gate), in f32. */
export function swigluBackwardFunction(): FunctionDef {
  return elementwise('swigluBack', 3, 2, (code, [g, u, d], [dg, du], l) => {
    emitSigmoid(code, g, du, l); // du holds s until the end
    code.get(d).get(u).f32x4Mul().get(du).f32x4Mul();
    code.f32x4Const(1).get(g).f32x4Const(1).get(du).f32x4Sub().f32x4Mul().f32x4Add().f32x4Mul().set(dg);
    code.get(d).get(g).f32x4Mul().get(du).f32x4Mul().set(du);
  });
}

/**
 * `rowMax(p, n) → f32`: the largest of the n f32 at p (−Infinity for n = 0); pseudo-max, so NaN entries are
 * skipped like JS's `x > max` (the order of equal ±0 aside).
 */
export function rowMaxFunction(): FunctionDef {
  const p = 0, n = 1, q = 2, end = 3, tail = 4, acc = 5;
  const code = new Code();
  code.f32x4Const(-Infinity).set(acc);
  code.get(p).set(q);
  code.get(n).i32(-4).and().i32(4).mul().get(p).add().set(end);
  code.get(n).i32(4).mul().get(p).add().set(tail);
  for (const [limit, lanes] of [[end, 4], [tail, 1]] as const) {
    code.block(() => code.loop(() => {
      code.get(q).get(limit).ltU().eqz().brIf(1);
      code.get(acc).get(q);
      if (lanes === 4) code.v128Load(0);
      else code.v128Load32Splat(0);
      code.f32x4Pmax().set(acc);
      code.get(q).i32(4 * lanes).add().set(q).br(0);
    }));
  }
  // max of the lanes: lanes 2,3 onto 0,1, then lane 1 onto 0
  code.get(acc).get(acc).get(acc).i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]).f32x4Pmax().set(acc);
  code.get(acc).get(acc).get(acc).i8x16Shuffle([4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3]).f32x4Pmax().f32x4Extract(0);
  return { name: 'rowMax', params: [I32, I32], locals: [I32, I32, I32, V128], body: code, result: F32 };
}

/** `scaleRow(p, n, s)`: the n f32 at p times s (f32 products). */
export function scaleRowFunction(): FunctionDef {
  const p = 0, n = 1, s = 2, q = 3, end = 4, tail = 5, sv = 6;
  const code = new Code();
  code.get(s).f32x4Splat().set(sv);
  code.get(p).set(q);
  code.get(n).i32(-4).and().i32(4).mul().get(p).add().set(end);
  code.get(n).i32(4).mul().get(p).add().set(tail);
  code.block(() => code.loop(() => {
    code.get(q).get(end).ltU().eqz().brIf(1);
    code.get(q).get(q).v128Load(0).get(sv).f32x4Mul().v128Store(0);
    code.get(q).i32(16).add().set(q).br(0);
  }));
  code.block(() => code.loop(() => {
    code.get(q).get(tail).ltU().eqz().brIf(1);
    code.get(q).get(q).v128Load32Splat(0).get(sv).f32x4Mul().f32x4Extract(0).f32Store(0);
    code.get(q).i32(4).add().set(q).br(0);
  }));
  return { name: 'scaleRow', params: [I32, I32, F32], locals: [I32, I32, I32, V128], body: code };
}

/**
 * `softmaxGrad(P, dP, dS, T2, T3, stride, n, scale)`, one row of attention's softmax backward (attention-tasks.ts):
 * dot = Σ P·dP (f32 products, f64 sum), then dS = P·(dP − dot)·scale for the n entries (+0 where P is 0), written
 * to the row at dS and down the columns at T2 (dSᵀ) and, with P, at T3 (Pᵀ), `stride` bytes apart. Byte addresses.
 */
export function softmaxGradFunction(): FunctionDef {
  const P = 0, dP = 1, dS = 2, T2 = 3, T3 = 4, stride = 5, n = 6, scale = 7; // params
  const i = 8, end = 9, tail = 10, q2 = 11, q3 = 12; // i32: byte offset in the rows, limits, column pointers
  const a0 = 13, a1 = 14, pv = 15, dv = 16, sv = 17, dotv = 18; // v128
  const dot = 19; // f64
  const code = new Code();
  code.get(n).i32(-4).and().i32(4).mul().set(end);
  code.get(n).i32(4).mul().set(tail);
  // dot: 4 lanes at a time into two f64x2 sums, then the tail
  code.block(() => code.loop(() => {
    code.get(i).get(end).ltU().eqz().brIf(1);
    code.get(P).get(i).add().v128Load(0).get(dP).get(i).add().v128Load(0).f32x4Mul().set(pv);
    code.get(a0).get(pv).f64x2PromoteLowF32x4().f64x2Add().set(a0);
    code.get(a1).get(pv).get(pv).i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15]).f64x2PromoteLowF32x4().f64x2Add().set(a1);
    code.get(i).i32(16).add().set(i).br(0);
  }));
  code.block(() => code.loop(() => {
    code.get(i).get(tail).ltU().eqz().brIf(1);
    code.get(dot).get(P).get(i).add().v128Load32Splat(0).get(dP).get(i).add().v128Load32Splat(0).f32x4Mul().f32x4Extract(0).f64PromoteF32().f64Add().set(dot);
    code.get(i).i32(4).add().set(i).br(0);
  }));
  code.get(a0).f64x2Extract(0).get(a0).f64x2Extract(1).f64Add();
  code.get(a1).f64x2Extract(0).get(a1).f64x2Extract(1).f64Add().f64Add();
  code.get(dot).f64Add().f32DemoteF64().f32x4Splat().set(dotv);
  code.get(scale).f32x4Splat().set(sv);
  // dS, stored along the row and (lane by lane) down the two columns
  code.i32(0).set(i);
  code.get(T2).set(q2);
  code.get(T3).set(q3);
  for (const [limit, lanes] of [[end, 4], [tail, 1]] as const) {
    code.block(() => code.loop(() => {
      code.get(i).get(limit).ltU().eqz().brIf(1);
      code.get(P).get(i).add();
      if (lanes === 4) code.v128Load(0); else code.v128Load32Splat(0);
      code.set(pv);
      code.get(pv).get(dP).get(i).add();
      if (lanes === 4) code.v128Load(0); else code.v128Load32Splat(0);
      code.get(dotv).f32x4Sub().f32x4Mul().get(sv).f32x4Mul(); // P·(dP − dot)·scale
      code.get(pv).v128Zero().f32x4Ne().v128And().set(dv); // +0 where P is 0
      if (lanes === 4) code.get(dS).get(i).add().get(dv).v128Store(0);
      else code.get(dS).get(i).add().get(dv).f32x4Extract(0).f32Store(0);
      for (let j = 0; j < lanes; j++) {
        code.get(q2).get(dv).f32x4Extract(j).f32Store(0);
        code.get(q3).get(pv).f32x4Extract(j).f32Store(0);
        code.get(q2).get(stride).add().set(q2);
        code.get(q3).get(stride).add().set(q3);
      }
      code.get(i).i32(4 * lanes).add().set(i).br(0);
    }));
  }
  const locals: ValType[] = [I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128, F64];
  return { name: 'softmaxGrad', params: [I32, I32, I32, I32, I32, I32, I32, F32], locals, body: code };
}
