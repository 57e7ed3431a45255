/**
 * Kernel lab for the matmul (llm.c dev/cuda style): numbered versions beside the CPU reference, each
 * validated and then benchmarked. The winner (v2) lives in src/engine/kernels/matmul.wgsl.ts, the others in
 * matmul-versions.wgsl.ts.
 *   v1  naive: one output per thread, 16×16 workgroups, operands straight from storage.
 *   v2  tiled: 32×32 output tile per 16×16 workgroup, 2×2 outputs per thread, K tiles of 16 in workgroup memory.
 *   v3  tiled4: 64×64 output tile per 16×16 workgroup, 4×4 outputs per thread (register blocking).
 *   v4  f16 B: v2 reading B (the frozen weight) as f16, f32 tiles and accumulation — the engine's mixed precision.
 *   v5  f16 activations: A, B and c f16, f16 tiles, f32 accumulation (the option NOT taken; see engine README).
 * v4/v5 run when the adapter has shader-f16 (lavapipe: VK_ICD_FILENAMES=.cache/lavapipe/lvp_icd.json) and are
 * validated against the reference on f16-rounded inputs (v5 also allows the f16 rounding of c: 2^-10·max|c|).
 * Usage: npx tsx training-node/dev/matmul.ts [M N K] [reps]   (defaults 256 256 256, 5 reps)
 * Needs Dawn (npm `webgpu`); without a GPU export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 * XDG_RUNTIME_DIR=/tmp. Numbers are wall-clock per GEMM including submit + wait, so small shapes are
 * dominated by overhead. Not a test: nothing here asserts speed.
 */
import { readF32, upload, uploadF16 } from '../src/engine/buffers';
import type { GpuTensor, Kernel } from '../src/engine/device';
import { forwardStrides, gemmUniforms } from '../src/engine/kernels/matmul';
import { GEMM_TILED_F16B_WGSL, GEMM_TILED_WGSL } from '../src/engine/kernels/matmul.wgsl';
import { roundToF16 } from '../src/engine/reference/half';
import { GEMM_V1_NAIVE_WGSL, GEMM_V3_TILED4_WGSL, GEMM_V5_F16_ACTIVATIONS_WGSL } from './matmul-versions.wgsl';
import { matmulForward } from '../src/engine/reference/matmul';
import { createNodeEngineDevice, makeRandom, maxAbsDiff } from '../tests/engine/gpu';

/** Which operands a version stores as f16 (B = weight; A and c = activations). */
type HalfOperands = 'none' | 'b' | 'abc';
/** Lab versions: kernel, output elements covered by one 16×16 workgroup along each axis, f16 operands. */
const VERSIONS: { id: number; name: string; kernel: Kernel; tile: number; half: HalfOperands }[] = [
  { id: 1, name: 'naive', kernel: { label: 'gemm_v1', code: GEMM_V1_NAIVE_WGSL, entry: 'main' }, tile: 16, half: 'none' },
  { id: 2, name: 'tiled', kernel: { label: 'gemm_v2', code: GEMM_TILED_WGSL, entry: 'main' }, tile: 32, half: 'none' },
  { id: 3, name: 'tiled4', kernel: { label: 'gemm_v3', code: GEMM_V3_TILED4_WGSL, entry: 'main' }, tile: 64, half: 'none' },
  { id: 4, name: 'f16B', kernel: { label: 'gemm_v4', code: GEMM_TILED_F16B_WGSL, entry: 'main' }, tile: 32, half: 'b' },
  { id: 5, name: 'f16abc', kernel: { label: 'gemm_v5', code: GEMM_V5_F16_ACTIVATIONS_WGSL, entry: 'main' }, tile: 32, half: 'abc' }
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
  const a16 = roundToF16(a), b16 = roundToF16(b);
  const expectedB16 = new Float32Array(M * N), expectedAB16 = new Float32Array(M * N);
  matmulForward(expectedB16, a, b16, null, M, K, N);
  matmulForward(expectedAB16, a16, b16, null, M, K, N);
  const maxAbsAB16 = expectedAB16.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const flops = 2 * M * N * K;
  console.log(`matmul lab: out[${M},${N}] = a[${M},${K}] · b[${N},${K}]^T, ${(flops / 1e6).toFixed(1)} MFLOP`);
  console.log(`  cpu reference (float64 sums): ${cpuMs.toFixed(1)} ms, ${(flops / cpuMs / 1e6).toFixed(2)} GFLOP/s`);

  const dev = await createNodeEngineDevice('auto');
  try {
    console.log(`  device: ${dev.adapterDescription} (shader-f16: ${dev.hasShaderF16})`);
    const gA = upload(dev, a), gB = upload(dev, b), gC = upload(dev, new Float32Array(M * N));
    const half = dev.hasShaderF16
      ? { a: uploadF16(dev, a), b: uploadF16(dev, b), c: uploadF16(dev, new Float32Array(M * N)) }
      : null;
    const uniforms = gemmUniforms(M, N, K, forwardStrides(K), false, 1, 0);
    for (const { id, name, kernel, tile, half: which } of VERSIONS) {
      if (which !== 'none' && !half) {
        console.log(`  v${id} ${name.padEnd(6)}: skipped (adapter has no shader-f16)`);
        continue;
      }
      const [c, x, y]: GpuTensor[] = which === 'none' ? [gC, gA, gB] : which === 'b' ? [gC, gA, half!.b] : [half!.c, half!.a, half!.b];
      const run = () => dev.dispatch(kernel, uniforms, [c, x, y, dev.none], [Math.ceil(N / tile), Math.ceil(M / tile)]);
      run();
      const reference = which === 'none' ? expected : which === 'b' ? expectedB16 : expectedAB16;
      const err = maxAbsDiff(await readF32(dev, c), reference);
      const ok = err <= 1e-4 * Math.sqrt(K) + (which === 'abc' ? 2 ** -10 * maxAbsAB16 : 0);
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
