/**
 * Kernel lab, CPU: the fast path's WASM GEMM micro-kernel alone (no packing, no threads) for several micro-tiles
 * (MR rows × 4·NV columns) with plain SIMD (mul + add) and relaxed SIMD (f32x4.relaxed_madd), on packed random
 * panels of M×N×K. Time is this thread's CPU time (process.cpuUsage), best of N, so other jobs on a shared
 * machine disturb it less than wall time. A benchmark, not a test.
 * Usage: npx tsx training-node/dev/cpu-kernel-tiles.ts [M N K]   (default 256 708 256)
 */
import v8 from 'node:v8';
import { gemmModuleBytes, MEMORY_MAX_PAGES, relaxedSimdSupported, UNROLL } from '../src/engine/cpu-fast/gemm-kernel';

v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
const [M0, N0, K0] = process.argv.slice(2).map(Number);
const M = M0 || 256, N = N0 || 708, K = K0 || 256;
const relaxedOk = relaxedSimdSupported();
const tiles = (process.env.TILES ?? '4x3,4x2,3x3,5x2,6x2,2x4,3x4,4x4').split(',').map((t) => t.split(/[xu]/).map(Number));
for (const [mr, nv, unroll = UNROLL] of tiles) {
  for (const relaxed of relaxedOk ? [false, true] : [false]) {
    const nr = 4 * nv;
    const Mp = Math.ceil(M / mr) * mr, Np = Math.ceil(N / nr) * nr, Kp = Math.ceil(K / unroll) * unroll;
    const floats = Mp * Kp + Np * Kp + Mp * Np;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((floats * 4) / 65536) + 1, maximum: MEMORY_MAX_PAGES });
    const gemm = new WebAssembly.Instance(new WebAssembly.Module(gemmModuleBytes(false, relaxed, { mr, nv, unroll })), { env: { memory } }).exports.gemm as (...a: number[]) => void;
    const heap = new Float32Array(memory.buffer);
    for (let i = 0; i < Mp * Kp + Np * Kp; i++) heap[i] = Math.random();
    const a = 0, b = Mp * Kp * 4, c = (Mp * Kp + Np * Kp) * 4;
    const reps = Math.max(3, Math.round(4e8 / (Mp * Np * Kp)));
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t0 = process.cpuUsage();
      for (let i = 0; i < reps; i++) gemm(a, b, c, Kp, Np, 0, Mp / mr, 0, Np / nr);
      const dt = process.cpuUsage(t0);
      best = Math.min(best, (dt.user + dt.system) / 1000 / reps);
    }
    console.log(`${mr}x${nr} u${unroll}${relaxed ? ' relaxed' : '        '}: ${best.toFixed(3)} ms, ${((M * N * K) / best / 1e6).toFixed(2)} GMAC/s (useful ${M}x${N}x${K})`);
  }
}
