/**
 * Kernel lab for the matmul (llm.c dev/cuda style): numbered versions beside the CPU reference, each
 * validated and then benchmarked. The winner lives in src/engine/kernels/matmul.wgsl.ts.
 *   v1  naive: one output per thread, 16×16 workgroups, operands straight from storage.
 *   v2  tiled: 32×32 output tile per 16×16 workgroup, 2×2 outputs per thread, K tiles of 16 in workgroup memory.
 * Usage: npx tsx training-node/dev/matmul.ts [M N K] [reps]   (defaults 256 256 256, 5 reps)
 * Needs Dawn (npm `webgpu`); without a GPU export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 * XDG_RUNTIME_DIR=/tmp. Numbers are wall-clock per GEMM including submit + wait, so small shapes are
 * dominated by overhead. Not a test: nothing here asserts speed.
 */
import { readF32, upload } from '../src/engine/buffers';
import { gemm, forwardStrides } from '../src/engine/kernels/matmul';
import { matmulForward } from '../src/engine/reference/matmul';
import { createNodeEngineDevice, makeRandom, maxAbsDiff } from '../tests/engine/gpu';

const VERSIONS = { 1: 'naive', 2: 'tiled' } as const;

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
    for (const [id, variant] of Object.entries(VERSIONS)) {
      gemm(dev, gC, gA, gB, null, M, N, K, forwardStrides(K), 1, 0, variant);
      const err = maxAbsDiff(await readF32(dev, gC), expected);
      const ok = err <= 1e-4 * Math.sqrt(K);
      gemm(dev, gC, gA, gB, null, M, N, K, forwardStrides(K), 1, 0, variant); // warm-up
      await dev.sync();
      const start = performance.now();
      for (let r = 0; r < reps; r++) {
        gemm(dev, gC, gA, gB, null, M, N, K, forwardStrides(K), 1, 0, variant);
        await dev.sync();
      }
      const ms = (performance.now() - start) / reps;
      console.log(`  v${id} ${variant.padEnd(5)}: ${ok ? 'valid' : 'INVALID'} (max abs err ${err.toExponential(2)}), ` +
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
