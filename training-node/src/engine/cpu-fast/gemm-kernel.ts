/**
 * The WebAssembly SIMD GEMM micro-kernel of the fast CPU path, emitted with wasm-encoder.ts.
 *
 * `gemm(a, b, c, K, Np, mb0, mb1, nb0, nb1, _, beta, ldb, ldk)` computes C[m, n] = Σ_k A[m, k] · B[k, n] (assigned, f32x4
 * products and f32 sums in ascending k; beta = 1: C[m, n] + Σ…, the sums starting from C, so an accumulating
 * product needs no separate add pass on the host) for the row blocks mb0..mb1-1 (MR rows each) and column blocks
 * nb0..nb1-1 (NR = 4·NV columns each) of packed operands in linear memory (byte addresses):
 *   A panels: block i at a + i·K·MR·4, laid out [K][MR]   (the MR rows of one block interleaved per k);
 *   `gemmRows(…, lda)`: A row-major instead, row m at a + m·lda (bytes), K contiguous floats (no packing)
 *   B panels: block j at b + j·ldb (ldb 0: K·NR·4, back to back), laid out [K][NR] with ldk bytes from one k to
 *   the next (ldk 0: NR·4, packed; N·4 with ldb NR·4 reads a row-major B in place, UNROLL 1 only); a caller may pass
 *   K below the panels' rows, or b and a moved down the k axis, to skip a zero part of A (attention-tasks.ts)
 *   C: row-major [Mp, Np] at c, Mp = MR·(row blocks), Np = NR·(column blocks).
 * Each (row block, column block) keeps MR·NV v128 accumulators in locals: per k, NV vector loads of B, MR
 * A values broadcast straight from memory (v128.load32_splat, vbroadcastss with AVX), MR·NV multiply-adds:
 * f32x4.mul + f32x4.add (core SIMD), or f32x4.relaxed_madd when the engine supports relaxed SIMD (one fused
 * multiply-add, vfmadd231ps on x64 with FMA3; the spec lets an engine without FMA round twice, so results agree
 * with the plain kernel within f32 rounding, not bit for bit). Packing, edges and threads are the host's (gemm.ts).
 * Non-goals: f16/int kernels, any shape logic. No Node APIs.
 */
import { expSumFunction, rowMaxFunction, scaleRowFunction, softmaxGradFunction, swigluBackwardFunction, swigluForwardFunction } from './exp-kernel';
import { Code, encodeModule, type FunctionDef, I32, V128, type ValType } from './wasm-encoder';

/** Rows per A panel and f32x4 vectors per B panel row (NR = 4·NV columns). */
export const MR = 4;
export const NV = 2;
export const NR = 4 * NV;
/**
 * k steps per loop iteration; the host pads K to a multiple of it with zeros. 1, with the 4×8 tile, because V8's
 * TurboFan hoists every load of an iteration to its top: 8 accumulators + 2 B vectors + 4 splats = 14 v128 values
 * fit the 15 xmm registers it allocates (xmm15 is its scratch); the former 4×12 tile unrolled ×2 needed 12 + 6 + 8
 * and spilled accumulators to the stack on every k (dev/cpu-kernel-tiles.ts, 256×768×256, relaxed: 4×12 ×2 16.2,
 * 4×8 ×1 26.9, 3×12 ×1 26.8, 2×16 ×1 27.0 GMAC/s; 4×8 ×2 13.8, 5×8 ×1 11.2, 6×8 ×1 13.3: those spill).
 */
export const UNROLL = 1;

/** Page limits of the kernel's imported memory (64 KiB pages; the host keeps its scratch under the max). */
export const MEMORY_MAX_PAGES = 16384; // 1 GiB

/** The kernel module's bytes (gemm, gemmRows, and exp-kernel.ts's expSum, swiglu, swigluBack, rowMax, scaleRow, softmaxGrad) for a shared (threads) or plain memory import; `relaxed`: fused multiply-adds. */
export function gemmModuleBytes(shared: boolean, relaxed = false, tile: { mr: number; nv: number; unroll?: number } = { mr: MR, nv: NV }): Uint8Array<ArrayBuffer> {
  const u = tile.unroll ?? UNROLL;
  return encodeModule({ min: 1, max: MEMORY_MAX_PAGES, shared },
    [gemmFunction(relaxed, tile.mr, tile.nv, false, u), gemmFunction(relaxed, tile.mr, tile.nv, true, u), expSumFunction(),
      swigluForwardFunction(), swigluBackwardFunction(), rowMaxFunction(), scaleRowFunction(), softmaxGradFunction()]);
}

/**
 * Whether this engine compiles relaxed SIMD (f32x4.relaxed_madd): validates a one-instruction module. Chrome
 * ships it; Node 20 needs V8's --experimental-wasm-relaxed-simd (train/node-threads.ts sets it).
 */
export function relaxedSimdSupported(): boolean {
  const body = new Code().get(0).get(1).get(2).f32x4RelaxedMadd();
  const fn: FunctionDef = { name: 'f', params: [V128, V128, V128], locals: [], body, result: V128 };
  try {
    return WebAssembly.validate(encodeModule({ min: 1, max: 1, shared: false }, [fn]));
  } catch {
    return false;
  }
}

function gemmFunction(relaxed: boolean, MR: number, NV: number, rowsA: boolean, UNROLL: number): FunctionDef {
  const NR = 4 * NV;
  // params (lda: rowsA only, bytes between A rows; ldb: bytes between B panels, 0 for K·NR·4; ldk: bytes between
  // B's k rows, 0 for NR·4)
  const a = 0, b = 1, c = 2, K = 3, Np = 4, mb0 = 5, mb1 = 6, nb0 = 7, nb1 = 8, lda = 9, beta = 10, ldb = 11, ldk = 12;
  // locals
  const nb = 13, mb = 14, pa = 15, pb = 16, k = 17, pc = 18;
  const pr0 = 19; // rowsA: one pointer per A row of the block
  const acc0 = pr0 + MR; // MR·NV v128 accumulators
  const bv0 = acc0 + MR * NV; // NV v128 B vectors
  const x = bv0 + NV; // splatted A scalar
  const locals: ValType[] = [I32, I32, I32, I32, I32, I32, ...new Array<ValType>(MR).fill(I32), ...new Array<ValType>(MR * NV + NV + 1).fill(V128)];
  const code = new Code();
  const whileLt = (i: number, end: number, body: () => void): void => {
    code.block(() => code.loop(() => {
      code.get(i).get(end).ltU().eqz().brIf(1); // leave when !(i < end)
      body();
      code.get(i).i32(1).add().set(i).br(0);
    }));
  };
  code.block(() => { // ldb 0: panels of K rows, back to back
    code.get(ldb).brIf(0);
    code.get(K).i32(NR * 4).mul().set(ldb);
  });
  code.block(() => { // ldk 0: packed panel rows
    code.get(ldk).brIf(0);
    code.i32(NR * 4).set(ldk);
  });
  code.get(nb0).set(nb);
  whileLt(nb, nb1, () => {
    code.get(mb0).set(mb);
    whileLt(mb, mb1, () => {
      for (let i = 0; i < MR * NV; i++) code.v128Zero().set(acc0 + i);
      code.block(() => { // beta: the accumulators start from the C block
        code.get(beta).eqz().brIf(0);
        code.get(mb).i32(MR).mul().get(Np).mul().get(nb).i32(NR).mul().add().i32(4).mul().get(c).add().set(pc);
        for (let r = 0; r < MR; r++) {
          for (let v = 0; v < NV; v++) code.get(pc).v128Load(16 * v).set(acc0 + r * NV + v);
          code.get(pc).get(Np).i32(4).mul().add().set(pc);
        }
      });
      if (rowsA) { // row r of the block at a + (mb·MR + r)·lda
        code.get(mb).i32(MR).mul().get(lda).mul().get(a).add().set(pr0);
        for (let r = 1; r < MR; r++) code.get(pr0 + r - 1).get(lda).add().set(pr0 + r);
      } else code.get(mb).get(K).mul().i32(MR * 4).mul().get(a).add().set(pa);
      code.get(nb).get(ldb).mul().get(b).add().set(pb);
      code.get(K).set(k);
      code.block(() => code.loop(() => {
        code.get(k).eqz().brIf(1); // leave when k == 0
        for (let u = 0; u < UNROLL; u++) {
          for (let v = 0; v < NV; v++) code.get(pb).v128Load(16 * (u * NV + v)).set(bv0 + v);
          for (let r = 0; r < MR; r++) {
            if (rowsA) code.get(pr0 + r).v128Load32Splat(4 * u).set(x);
            else code.get(pa).v128Load32Splat(4 * (u * MR + r)).set(x); // one A value into all four lanes
            for (let v = 0; v < NV; v++) {
              const acc = acc0 + r * NV + v;
              if (relaxed) code.get(x).get(bv0 + v).get(acc).f32x4RelaxedMadd().set(acc); // x·b + acc, fused
              else code.get(acc).get(x).get(bv0 + v).f32x4Mul().f32x4Add().set(acc);
            }
          }
        }
        if (rowsA) for (let r = 0; r < MR; r++) code.get(pr0 + r).i32(UNROLL * 4).add().set(pr0 + r);
        else code.get(pa).i32(UNROLL * MR * 4).add().set(pa);
        if (UNROLL === 1) code.get(pb).get(ldk).add().set(pb);
        else code.get(pb).i32(UNROLL * NR * 4).add().set(pb); // the lab's unrolled tiles: packed B only
        code.get(k).i32(UNROLL).sub().set(k);
        code.br(0);
      }));
      // pc = c + (mb·MR·Np + nb·NR)·4
      code.get(mb).i32(MR).mul().get(Np).mul().get(nb).i32(NR).mul().add().i32(4).mul().get(c).add().set(pc);
      for (let r = 0; r < MR; r++) {
        for (let v = 0; v < NV; v++) code.get(pc).get(acc0 + r * NV + v).v128Store(16 * v);
        code.get(pc).get(Np).i32(4).mul().add().set(pc);
      }
    });
  });
  return { name: rowsA ? 'gemmRows' : 'gemm', params: new Array<ValType>(13).fill(I32), locals, body: code };
}

