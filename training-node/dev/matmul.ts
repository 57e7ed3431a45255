/**
 * Kernel lab for the matmul (llm.c dev/cuda style): numbered versions beside the CPU reference, each
 * validated and then benchmarked. The winners live in src/engine/kernels/matmul.wgsl.ts, the others in
 * matmul-versions.wgsl.ts or generated here from gemmTiledBody.
 *   v1  naive: one output per thread, 16×16 workgroups, operands straight from storage.
 *   v2  tiled: 32×32 output tile per 16×16 workgroup, 2×2 outputs per thread, K tiles of 16 (engine until now).
 *   v3  tiled4: 64×64 tile, 4×4 per thread, as loops over a dynamically indexed accumulator array.
 *   v4  f16 B: v2 reading B (the frozen weight) as f16, f32 tiles and accumulation (engine's f16 B until now).
 *   v5  f16 activations: A, B and c f16, f16 tiles, f32 accumulation (the option NOT taken; see engine README).
 *   v6  gemmTiledBody(GEMM_TILING_MEDIUM) = 64×64 per 16×16 workgroup, 4×4 per thread unrolled into scalar
 *       accumulators, K 16, loads unrolled (the engine's tile when 64 <= min(M, N) < 128).
 *   v7  v6 with K tiles of 32 (16 KiB of workgroup memory, the WebGPU minimum limit).
 *   v8  the engine's f16 B GEMM at the large tiling (v9 reading B as f16).
 *   v9  the engine's GEMM, GEMM_TILED_WGSL = gemmTiledBody(GEMM_TILING_LARGE): 128×128 per 16×16 workgroup,
 *       8×8 per thread, K 8 (used when min(M, N) >= 128).
 *   v10 64×64 per 8×8 workgroup, 8×8 per thread, K 16.
 *   v11 32×32 per 8×8 workgroup, 4×4 per thread, K 16.
 *   v12 the engine's small tiling, gemmTiledBody(GEMM_TILING_SMALL) (v2's shape; used when M or N is below 64).
 * f16 versions run when the adapter has shader-f16 (lavapipe: VK_ICD_FILENAMES=.cache/lavapipe/lvp_icd.json) and
 * are validated against the reference on f16-rounded inputs (v5 also allows the f16 rounding of c: 2^-10·max|c|).
 * Usage: npx tsx training-node/dev/matmul.ts [M N K] [reps] [ids]   (defaults 256 256 256, 5 reps, all
 * versions; ids like 2,6,8 runs only those, in that order).
 * Needs Dawn (npm `webgpu`); without a GPU export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 * XDG_RUNTIME_DIR=/tmp. Numbers are wall-clock per GEMM including submit + wait, so small shapes are
 * dominated by overhead. Not a test: nothing here asserts speed.
 */
import { readF32, upload, uploadF16 } from '../src/engine/buffers';
import type { GpuTensor, Kernel } from '../src/engine/device';
import { forwardStrides, gemmUniforms } from '../src/engine/kernels/matmul';
import {
  GEMM_PREFIXES, GEMM_TILED_F16B_WGSL, GEMM_TILED_WGSL, GEMM_TILING_LARGE, GEMM_TILING_MEDIUM, GEMM_TILING_SMALL,
  gemmTiledBody,
  type GemmTiling
} from '../src/engine/kernels/matmul.wgsl';
import { roundToF16 } from '../src/engine/reference/half';
import {
  GEMM_V1_NAIVE_WGSL, GEMM_V2_F16B_WGSL, GEMM_V2_TILED_WGSL, GEMM_V3_TILED4_WGSL, GEMM_V5_F16_ACTIVATIONS_WGSL
} from './matmul-versions.wgsl';
import { matmulForward } from '../src/engine/reference/matmul';
import { createNodeEngineDevice, makeRandom, maxAbsDiff } from '../tests/engine/gpu';
import { meanSyncedMs, runLab } from './lab';

/** Which operands a version stores as f16 (B = weight; A and c = activations). */
type HalfOperands = 'none' | 'b' | 'abc';
/** A lab version: kernel, output rows/columns covered by one workgroup, f16 operands. */
interface Version { id: number; name: string; kernel: Kernel; tm: number; tn: number; half: HalfOperands }
const fixed = (id: number, name: string, code: string, tile: number, half: HalfOperands): Version =>
  ({ id, name, kernel: { label: `gemm_v${id}`, code, entry: 'main' }, tm: tile, tn: tile, half });
const generated = (id: number, name: string, t: GemmTiling): Version =>
  ({ id, name, kernel: { label: `gemm_v${id}`, code: GEMM_PREFIXES.f32 + gemmTiledBody(t), entry: 'main' }, tm: t.tm, tn: t.tn, half: 'none' });
const VERSIONS: Version[] = [
  fixed(1, 'naive', GEMM_V1_NAIVE_WGSL, 16, 'none'),
  fixed(2, 'tiled', GEMM_V2_TILED_WGSL, 32, 'none'),
  fixed(3, 'tiled4', GEMM_V3_TILED4_WGSL, 64, 'none'),
  fixed(4, 'f16B', GEMM_V2_F16B_WGSL, 32, 'b'),
  fixed(5, 'f16abc', GEMM_V5_F16_ACTIVATIONS_WGSL, 32, 'abc'),
  generated(6, 'medium', GEMM_TILING_MEDIUM),
  generated(7, 'k32', { ...GEMM_TILING_MEDIUM, tk: 32 }),
  fixed(8, 'engf16B', GEMM_TILED_F16B_WGSL, GEMM_TILING_LARGE.tm, 'b'),
  fixed(9, 'engine', GEMM_TILED_WGSL, GEMM_TILING_LARGE.tm, 'none'),
  generated(10, '64/8x8', { tm: 64, tn: 64, tk: 16, wgx: 8, wgy: 8 }),
  generated(11, '32/8x8', { tm: 32, tn: 32, tk: 16, wgx: 8, wgy: 8 }),
  generated(12, 'small', GEMM_TILING_SMALL)
];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = argv.slice(0, 4).map(Number);
  const [M, N, K] = args.length >= 3 ? args : [256, 256, 256];
  const reps = args[3] ?? 5;
  const ids = argv[4]?.split(',').map(Number);
  const chosen = ids ? ids.map((id) => {
    const version = VERSIONS.find((v) => v.id === id);
    if (!version) throw new Error(`unknown version ${id}`);
    return version;
  }) : VERSIONS;
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
    for (const { id, name, kernel, tm, tn, half: which } of chosen) {
      if (which !== 'none' && !half) {
        console.log(`  v${id} ${name.padEnd(7)}: skipped (adapter has no shader-f16)`);
        continue;
      }
      const [c, x, y]: GpuTensor[] = which === 'none' ? [gC, gA, gB] : which === 'b' ? [gC, gA, half!.b] : [half!.c, half!.a, half!.b];
      const run = () => dev.dispatch(kernel, uniforms, [c, x, y, dev.none], [Math.ceil(N / tn), Math.ceil(M / tm)]);
      run();
      const reference = which === 'none' ? expected : which === 'b' ? expectedB16 : expectedAB16;
      const err = maxAbsDiff(await readF32(dev, c), reference);
      const ok = err <= 1e-4 * Math.sqrt(K) + (which === 'abc' ? 2 ** -10 * maxAbsAB16 : 0);
      run(); // warm-up
      await dev.sync();
      const ms = await meanSyncedMs(dev, run, reps);
      console.log(`  v${id} ${name.padEnd(7)}: ${ok ? 'valid' : 'INVALID'} (max abs err ${err.toExponential(2)}), ` +
        `${ms.toFixed(2)} ms, ${(flops / ms / 1e6).toFixed(2)} GFLOP/s`);
      if (!ok) process.exitCode = 1;
    }
  } finally {
    dev.destroy();
  }
}

runLab(main);
