/**
 * Kernel lab, CPU: GFLOP/s of the fast CPU path's WASM SIMD GEMM (engine/cpu-fast/gemm.ts, packing included) at
 * the bench decoder's shapes, best of N calls on this thread (2·M·N·K / time). SHAPES=all adds the lm head,
 * LoRA-rank and attention-head products. A benchmark, not a test. Usage: npx tsx training-node/dev/cpu-gemm.ts
 */
import { createFastGemm, rowMajor, transposed } from '../src/engine/cpu-fast/gemm';
const g = createFastGemm({ threads: 1 });
for (const [M, N, K] of (process.env.SHAPES === 'all' ? [[256, 704, 256], [256, 256, 704], [256, 4096, 256], [256, 8, 256], [256, 256, 8], [128, 128, 32]] : [[256, 704, 256], [256, 256, 704]])) {
  const A = new Float32Array(M * K).map(() => Math.random()), W = new Float32Array(N * K).map(() => Math.random()), out = new Float32Array(M * N);
  const reps = Math.max(3, Math.round(2e8 / (M * N * K)));
  for (let i = 0; i < 2; i++) g.gemm(M, N, K, rowMajor(A, K), transposed(rowMajor(W, K)), rowMajor(out, N), false);
  let ms = Infinity;
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); g.gemm(M, N, K, rowMajor(A, K), transposed(rowMajor(W, K)), rowMajor(out, N), false); ms = Math.min(ms, performance.now() - t0); }
  console.log(`${M}x${N}x${K}: ${ms.toFixed(3)} ms, ${(2 * M * N * K / ms / 1e6).toFixed(2)} GFLOP/s`);
}
