/**
 * Test helper: an EngineDevice on Dawn (npm `webgpu`), the Node-only part the engine itself never imports.
 * Without a GPU, Dawn uses SwiftShader when VK_ICD_FILENAMES/XDG_RUNTIME_DIR are set (vite.config.ts does).
 */
import { create, globals } from 'webgpu';
import { createEngineDevice, type EngineDevice } from '../../src/engine/device';

/** Create an engine device on Dawn; call destroy() in afterAll so the process exits. */
export async function createNodeEngineDevice(): Promise<EngineDevice> {
  Object.assign(globalThis, globals);
  // The EngineDevice keeps this GPU object alive (Dawn crashes if it is collected while the device lives).
  return createEngineDevice({ gpu: create([]) });
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
