/**
 * EngineDevice and buffers on Dawn/SwiftShader: arena layout and isolation, readback of GPU errors,
 * the actionable error when no adapter exists, f32 precision reporting, and the f16 precision choice/error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEngineDevice, grid, PrecisionUnavailableError, resolvePrecision, WebGpuUnavailableError, BINDING_ALIGN, type EngineDevice
} from '../../src/engine/device';
import { makeTrainConfig } from '../../src/train/config';
import { resolveTrainingDevice } from '../../src/train/node-gpu';
import { residualForward } from '../../src/engine/kernels/pointwise';
import { arenaLayout, createArena, readF32, readI32, upload } from '../../src/engine/buffers';
import { createNodeEngineDevice } from './gpu';

let dev: EngineDevice;
beforeAll(async () => {
  dev = await createNodeEngineDevice();
});
afterAll(() => dev?.destroy());

describe('EngineDevice', () => {
  it('reports the adapter and runs f32 (SwiftShader has no shader-f16)', () => {
    expect(dev.precision).toBe('f32');
    expect(typeof dev.hasShaderF16).toBe('boolean');
    expect(dev.adapterDescription.length).toBeGreaterThan(0);
  });

  it('arena tensors are 256-byte aligned and do not overlap', async () => {
    const table = { wte: [7, 3], ln: [5], wq: [2, 3, 3] };
    const layout = arenaLayout(table);
    expect(Object.values(layout.offsets).every((o) => o % BINDING_ALIGN === 0)).toBe(true);
    expect(layout.lengths.wq).toBe(18);
    const arena = createArena(dev, 'params', table);
    dev.write(arena.tensors.wte, Float32Array.from({ length: 21 }, (_, i) => i));
    dev.write(arena.tensors.ln, Float32Array.from([9, 9, 9, 9, 9]));
    expect(Array.from(await readF32(dev, arena.tensors.wte))).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect(Array.from(await readF32(dev, arena.tensors.ln))).toEqual([9, 9, 9, 9, 9]);
    expect(Array.from(await readF32(dev, arena.tensors.wq))).toEqual(new Array(18).fill(0));
    expect(() => dev.write(arena.tensors.ln, new Float32Array(6))).toThrow(/exceed/);
    arena.destroy();
  });

  it('integer tensors round-trip', async () => {
    const t = upload(dev, Int32Array.from([-100, 0, 7]));
    expect(Array.from(await readI32(dev, t))).toEqual([-100, 0, 7]);
  });

  it('a WGSL error surfaces at the next readback instead of returning stale data', async () => {
    const t = upload(dev, Float32Array.from([1, 2]));
    dev.dispatch({ label: 'broken', code: '@compute @workgroup_size(1) fn main() { let x: f32 = undefinedThing; }', entry: 'main' },
      [], [], [1]);
    await expect(readF32(dev, t)).rejects.toThrow(/WebGPU error/);
    expect(Array.from(await readF32(dev, t))).toEqual([1, 2]);
  });
});

describe('dispatch grids beyond 65535 workgroups', () => {
  it('grid splits into a second dimension', () => {
    expect(grid(64 * 65535, 64)).toEqual([65535, 1]);
    expect(grid(64 * 65535 + 1, 64)).toEqual([65535, 2]);
  });

  it('a 1-D kernel covers every element of a 2-D grid exactly once', async () => {
    const N = 64 * 65535 + 100;
    const a = new Float32Array(N).map((_, i) => i % 1000), b = new Float32Array(N).fill(1);
    const out = upload(dev, new Float32Array(N));
    residualForward(dev, out, upload(dev, a), upload(dev, b), N);
    const got = await readF32(dev, out);
    let wrong = 0;
    for (let i = 0; i < N; i++) if (got[i] !== a[i] + 1) wrong++;
    expect(wrong).toBe(0);
  });
});

describe('precision choice', () => {
  it('auto follows shader-f16; f16 without it names the missing feature', async () => {
    expect(resolvePrecision('auto', true, 'a')).toBe('f16');
    expect(resolvePrecision('auto', false, 'a')).toBe('f32');
    expect(resolvePrecision('f32', true, 'a')).toBe('f32');
    expect(() => resolvePrecision('f16', false, 'Old GPU')).toThrow(/'shader-f16'.*Old GPU/);
    const noF16 = { requestAdapter: async () => ({ features: new Set<string>(), info: { vendor: 'acme' }, limits: {} }) } as unknown as GPU;
    await expect(createEngineDevice({ gpu: noF16, precision: 'f16' })).rejects.toThrow(PrecisionUnavailableError);
  });

  it('the trainer refuses --precision f16 on this adapter when it lacks shader-f16 (no silent fall-back)', async (ctx) => {
    if (dev.hasShaderF16) ctx.skip();
    const cfg = makeTrainConfig({ mode: 'sft', model: 'm', data: 'd', out: 'o' }, { device: 'webgpu', precision: 'f16' });
    await expect(resolveTrainingDevice(cfg, () => {})).rejects.toThrow(/--precision f16: .*'shader-f16'/);
  });
});

describe('createEngineDevice without a usable adapter', () => {
  it('names the env vars to set', async () => {
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    await expect(createEngineDevice({ gpu: noAdapter })).rejects.toThrow(WebGpuUnavailableError);
    await expect(createEngineDevice({ gpu: noAdapter })).rejects.toThrow(/VK_ICD_FILENAMES/);
  });
});
