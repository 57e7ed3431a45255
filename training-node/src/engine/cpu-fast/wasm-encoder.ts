/**
 * A minimal WebAssembly binary encoder: just enough of the format (types, one imported memory, functions,
 * exports, code) and of the instruction set (i32 arithmetic, f32/v128 loads and stores, f32x4 arithmetic, the
 * few conversions and lane ops of the vector exp, block/loop/br_if) to emit the fast CPU kernels at load time
 * from TypeScript — no toolchain, no .wasm file.
 *
 * Non-goals: a general assembler (no tables, globals, data segments, imports other than one memory), text
 * format, validation beyond what WebAssembly.Module does when it compiles the bytes. No Node APIs.
 * Reference: WebAssembly Core Specification 2.0, §5 (binary format) and the SIMD proposal opcode table.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`uleb: ${n} is not a non-negative integer`);
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/** Signed LEB128 (32-bit range). */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw new Error(`sleb: ${n} is not a 32-bit integer`);
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function name(s: string): number[] {
  const bytes = Array.from(new TextEncoder().encode(s));
  return [...uleb(bytes.length), ...bytes];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/** Instruction builder: each method appends one instruction; `bytes` is the function body expression. */
export class Code {
  readonly bytes: number[] = [];
  private op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  private simd(opcode: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...imm);
  }
  get(local: number): this { return this.op(0x20, ...uleb(local)); }
  set(local: number): this { return this.op(0x21, ...uleb(local)); }
  tee(local: number): this { return this.op(0x22, ...uleb(local)); }
  i32(value: number): this { return this.op(0x41, ...sleb(value)); }
  add(): this { return this.op(0x6a); }
  sub(): this { return this.op(0x6b); }
  mul(): this { return this.op(0x6c); }
  and(): this { return this.op(0x71); }
  ltU(): this { return this.op(0x49); }
  eqz(): this { return this.op(0x45); }
  /** block … end (no result); `body` emits the inside. br depth 0 inside it jumps past its end. */
  block(body: () => void): this { this.op(0x02, 0x40); body(); return this.op(0x0b); }
  /** loop … end (no result); br depth 0 inside it jumps back to its start. */
  loop(body: () => void): this { this.op(0x03, 0x40); body(); return this.op(0x0b); }
  brIf(depth: number): this { return this.op(0x0d, ...uleb(depth)); }
  br(depth: number): this { return this.op(0x0c, ...uleb(depth)); }
  f32Load(offset = 0): this { return this.op(0x2a, 2, ...uleb(offset)); }
  f32Store(offset = 0): this { return this.op(0x38, 2, ...uleb(offset)); }
  v128Load(offset = 0): this { return this.simd(0x00, 4, ...uleb(offset)); }
  v128Store(offset = 0): this { return this.simd(0x0b, 4, ...uleb(offset)); }
  /** v128.load32_splat: one f32 from memory into all four lanes (vbroadcastss on x64 with AVX). */
  v128Load32Splat(offset = 0): this { return this.simd(0x09, 2, ...uleb(offset)); }
  /** v128.const of four f32 zeros. */
  v128Zero(): this { return this.simd(0x0c, ...new Array<number>(16).fill(0)); }
  f32x4Splat(): this { return this.simd(0x13); }
  f32x4Add(): this { return this.simd(0xe4); }
  f32x4Mul(): this { return this.simd(0xe6); }
  /** f32x4.relaxed_madd (relaxed SIMD): a·b + c for the stack a, b, c; fused where the CPU has FMA. */
  f32x4RelaxedMadd(): this { return this.simd(0x105); }
  f32x4Extract(lane: number): this { return this.simd(0x1f, lane); }
  f32Add(): this { return this.op(0x92); }
  f64Add(): this { return this.op(0xa0); }
  f64PromoteF32(): this { return this.op(0xbb); }
  f32DemoteF64(): this { return this.op(0xb6); }
  /** v128.const of four equal f32 lanes. */
  f32x4Const(value: number): this { return this.simd(0x0c, ...new Uint8Array(new Float32Array([value, value, value, value]).buffer)); }
  /** i8x16.shuffle of the two stack vectors by 16 lane indexes (0-15 the first, 16-31 the second). */
  i8x16Shuffle(lanes: number[]): this { return this.simd(0x0d, ...lanes); }
  f64x2Extract(lane: number): this { return this.simd(0x21, lane); }
  f32x4Ne(): this { return this.simd(0x42); }
  f32x4Ge(): this { return this.simd(0x46); }
  v128And(): this { return this.simd(0x4e); }
  f64x2PromoteLowF32x4(): this { return this.simd(0x5f); }
  i32x4Shl(): this { return this.simd(0xab); }
  i32x4Add(): this { return this.simd(0xae); }
  f32x4Sub(): this { return this.simd(0xe5); }
  f32x4Div(): this { return this.simd(0xe7); }
  f32x4Neg(): this { return this.simd(0xe1); }
  /** f32x4.pmin / pmax (pseudo-min/max: b < a ? b : a, a < b ? b : a): one minps / maxps, no NaN or ±0 fix-ups. */
  f32x4Pmin(): this { return this.simd(0xea); }
  f32x4Pmax(): this { return this.simd(0xeb); }
  f64x2Add(): this { return this.simd(0xf0); }
  i32x4Splat(): this { return this.simd(0x11); }
}

/** One function of a module: its signature, extra locals (after the params), body and export name. */
export interface FunctionDef {
  name: string;
  params: ValType[];
  locals: ValType[];
  body: Code;
  result?: ValType; // one result, or none
}

/** Memory import: env.memory, `min`/`max` pages of 64 KiB, shared (threads) or not. */
export interface MemoryImport {
  min: number;
  max: number;
  shared: boolean;
}

/** Encode a module importing `env.memory` and exporting `functions` (each returns nothing or its `result`). */
export function encodeModule(memory: MemoryImport, functions: FunctionDef[]): Uint8Array<ArrayBuffer> {
  const types = vec(functions.map((f) => [0x60, ...uleb(f.params.length), ...f.params, ...(f.result === undefined ? [0] : [1, f.result])]));
  const limits = [memory.shared ? 0x03 : 0x01, ...uleb(memory.min), ...uleb(memory.max)];
  const imports = vec([[...name('env'), ...name('memory'), 0x02, ...limits]]);
  const funcs = vec(functions.map((_, i) => uleb(i)));
  const exports = vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]));
  const bodies = vec(functions.map((f) => {
    const groups: number[][] = [];
    for (const t of f.locals) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const body = [...uleb(groups.length), ...groups.flatMap(([n, t]) => [...uleb(n), t]), ...f.body.bytes, 0x0b];
    return [...uleb(body.length), ...body];
  }));
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types), ...section(2, imports), ...section(3, funcs), ...section(7, exports), ...section(10, bodies)
  ]);
}
