/**
 * Kernel lab for the matmul (llm.c dev/cuda style): numbered versions beside the CPU reference, each
 * validated and then benchmarked. The winner (v2) lives in src/engine/kernels/matmul.wgsl.ts, the others in
 * matmul-versions.wgsl.ts.
 *   v1  naive: one output per thread, 16×16 workgroups, operands straight from storage.
 *   v2  tiled: 32×32 output tile per 16×16 workgroup, 2×2 outputs per thread, K tiles of 16 in workgroup memory.
 *   v3  tiled4: 64×64 output tile per 16×16 workgroup, 4×4 outputs per thread (register blocking).
 * Usage: npx tsx training-node/dev/matmul.ts [M N K] [reps]   (defaults 256 256 256, 5 reps)
 * Needs Dawn (npm `webgpu`); without a GPU export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 * XDG_RUNTIME_DIR=/tmp. Numbers are wall-clock per GEMM including submit + wait, so small shapes are
 * dominated by overhead. Not a test: nothing here asserts speed.
 */
import { readF32, upload } from '../src/engine/buffers';
import type { Kernel } from '../src/engine/device';
import { forwardStrides, gemmUniforms } from '../src/engine/kernels/matmul';
import { GEMM_TILED_WGSL } from '../src/engine/kernels/matmul.wgsl';
import { GEMM_V1_NAIVE_WGSL, GEMM_V3_TILED4_WGSL } from './matmul-versions.wgsl';
import { matmulForward } from '../src/engine/reference/matmul';
import { createNodeEngineDevice, makeRandom, maxAbsDiff } from '../tests/engine/gpu';

/** Lab versions: kernel plus output elements covered by one 16×16 workgroup along each axis. */
const VERSIONS: { id: number; name: string; kernel: Kernel; tile: number }[] = [
  { id: 1, name: 'naive', kernel: { label: 'gemm_v1', code: GEMM_V1_NAIVE_WGSL, entry: 'main' }, tile: 16 },
  { id: 2, name: 'tiled', kernel: { label: 'gemm_v2', code: GEMM_TILED_WGSL, entry: 'main' }, tile: 32 },
  { id: 3, name: 'tiled4', kernel: { label: 'gemm_v3', code: GEMM_V3_TILED4_WGSL, entry: 'main' }, tile: 64 }
];

async function main(): Promise<void> {
  const args = process.argv.slice(2).map(Number);
  const [M, N, K] = args.length >= 3 ? args : [256, 256, 256];
  const reps = args[3] ?? 5;
  if (![M, N, K, reps].every((x) => Number.isInteger(x) && x > 0)) {
    throw new Error('usage: matmul.ts [M N K] [reps] with positive integers');
  }
  const randn = makeRandom(7);
  const a = randn(M * K), b = randn(N * K);
  const expected = new Float32Array(M * N);
  const cpuStart = performance.now();
  matmulForward(expected, a, b, null, M, K, N);
  const cpuMs = performance.now() - cpuStart;
  const flops = 2 * M * N * K;
  console.log(`matmul lab: out[${M},${N}] = a[${M},${K}] · b[${N},${K}]^T, ${(flops / 1e6).toFixed(1)} MFLOP`);
  console.log(`  cpu reference (float64 sums): ${cpuMs.toFixed(1)} ms, ${(flops / cpuMs / 1e6).toFixed(2)} GFLOP/s`);

  const dev = await createNodeEngineDevice();
  try {
    console.log(`  device: ${dev.adapterDescription} (${dev.precision})`);
    const gA = upload(dev, a), gB = upload(dev, b), gC = upload(dev, new Float32Array(M * N));
    const uniforms = gemmUniforms(M, N, K, forwardStrides(K), false, 1, 0);
    for (const { id, name, kernel, tile } of VERSIONS) {
      const run = () => dev.dispatch(kernel, uniforms, [gC, gA, gB, dev.none], [Math.ceil(N / tile), Math.ceil(M / tile)]);
      run();
      const err = maxAbsDiff(await readF32(dev, gC), expected);
      const ok = err <= 1e-4 * Math.sqrt(K);
      run(); // warm-up
      await dev.sync();
      const start = performance.now();
      for (let r = 0; r < reps; r++) {
        run();
        await dev.sync();
      }
      const ms = (performance.now() - start) / reps;
      console.log(`  v${id} ${name.padEnd(6)}: ${ok ? 'valid' : 'INVALID'} (max abs err ${err.toExponential(2)}), ` +
        `${ms.toFixed(2)} ms, ${(flops / ms / 1e6).toFixed(2)} GFLOP/s`);
      if (!ok) process.exitCode = 1;
    }
  } finally {
    dev.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
