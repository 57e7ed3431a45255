/**
 * Test helper: an EngineDevice on Dawn (npm `webgpu`), the Node-only part the engine itself never imports.
 * Without a GPU, Dawn uses SwiftShader when VK_ICD_FILENAMES/XDG_RUNTIME_DIR are set (vite.config.ts does).
 * Mixed-precision tests use Mesa lavapipe instead (.cache/lavapipe, fetched by scripts/lavapipe.sh), which
 * has shader-f16: openLavapipeDevice points VK_ICD_FILENAMES at it for the rest of the process — vitest's
 * forks pool runs every test file in its own child process, so other files keep SwiftShader.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { create, globals } from 'webgpu';
import { createEngineDevice, type EngineDevice, type PrecisionChoice } from '../../src/engine/device';

/**
 * Create an engine device on Dawn; call destroy() in afterAll so the process exits. Precision defaults to
 * f32 so the f32 tests keep their tolerances on an adapter with shader-f16 too.
 */
export async function createNodeEngineDevice(precision: PrecisionChoice = 'f32'): Promise<EngineDevice> {
  Object.assign(globalThis, globals);
  // The EngineDevice keeps this GPU object alive (Dawn crashes if it is collected while the device lives).
  return createEngineDevice({ gpu: create([]), precision });
}

/** The lavapipe Vulkan ICD of this checkout (absent until scripts/lavapipe.sh ran). */
export const LAVAPIPE_ICD = fileURLToPath(new URL('../../../.cache/lavapipe/lvp_icd.json', import.meta.url));

/**
 * An f16 engine device on lavapipe, or null with the reason to print when the ICD is missing or the adapter
 * lacks shader-f16. Must run before any other Dawn instance of this process (the Vulkan loader reads
 * VK_ICD_FILENAMES when Dawn creates its instance).
 */
export async function openLavapipeDevice(): Promise<{ dev: EngineDevice | null; reason: string }> {
  if (!existsSync(LAVAPIPE_ICD)) return { dev: null, reason: `${LAVAPIPE_ICD} is missing (run scripts/lavapipe.sh)` };
  process.env.VK_ICD_FILENAMES = LAVAPIPE_ICD;
  try {
    const dev = await createNodeEngineDevice('auto');
    if (dev.precision === 'f16' && /llvmpipe|lavapipe/i.test(dev.adapterDescription)) return { dev, reason: dev.adapterDescription };
    const reason = `adapter "${dev.adapterDescription}" is not lavapipe with shader-f16`;
    dev.destroy();
    return { dev: null, reason };
  } catch (e) {
    return { dev: null, reason: (e as Error).message };
  }
}

/** Deterministic uniform random numbers in [-scale, scale) (mulberry32). */
export function makeRandom(seed: number): (n: number, scale?: number) => Float32Array {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n, scale = 1) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = (next() * 2 - 1) * scale;
    return out;
  };
}

/** Largest |a[i] - b[i]|; throws on a length mismatch. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
