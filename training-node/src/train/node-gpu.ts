/**
 * Choosing the training device in Node: Dawn's WebGPU (npm `webgpu`) when asked for, or by default when a
 * real GPU adapter exists. `auto` skips SwiftShader (a CPU emulation of Vulkan, slower than the CPU reference
 * path); `--device webgpu` uses any adapter. Every mode (sft, dpo, matcher) has a WebGPU objective.
 * `--precision f16` on an adapter without shader-f16 is an error (never a silent fall-back to f32 or the CPU).
 *
 * Non-goals: browser device selection (navigator.gpu; the engine handles it). Node APIs (the Dawn binding).
 */
import { create, globals } from 'webgpu';
import { createEngineDevice, type EngineDevice, type PrecisionChoice, PrecisionUnavailableError } from '../engine/device';
import { type TrainConfig, TrainConfigError } from './config';

/** Try to open a Dawn device; null (with the reason) when there is none. Rethrows PrecisionUnavailableError. */
export async function openDawnDevice(precision: PrecisionChoice = 'auto'): Promise<{ dev: EngineDevice | null; reason: string }> {
  try {
    Object.assign(globalThis, globals);
    const dev = await createEngineDevice({ gpu: create([]), precision });
    return { dev, reason: dev.adapterDescription };
  } catch (e) {
    if (e instanceof PrecisionUnavailableError) throw e;
    return { dev: null, reason: (e as Error).message };
  }
}

/** The device this run trains on: an EngineDevice for WebGPU, or null for the CPU reference path. */
export async function resolveTrainingDevice(cfg: TrainConfig, log: (line: string) => void): Promise<EngineDevice | null> {
  if (cfg.device === 'cpu') return null;
  let opened: Awaited<ReturnType<typeof openDawnDevice>>;
  try {
    opened = await openDawnDevice(cfg.precision);
  } catch (e) {
    throw new TrainConfigError(`--precision f16: ${(e as Error).message}`);
  }
  const { dev, reason } = opened;
  if (!dev) {
    if (cfg.device === 'webgpu') throw new TrainConfigError(`--device webgpu: no WebGPU adapter (${reason})`);
    log(`[training-node] device: cpu (no WebGPU adapter: ${reason.split('.')[0]})`);
    return null;
  }
  if (cfg.device === 'auto' && /swiftshader/i.test(reason)) {
    dev.destroy();
    log('[training-node] device: cpu (the only WebGPU adapter is SwiftShader, a CPU emulation; pass --device webgpu to use it anyway)');
    return null;
  }
  log(`[training-node] device: webgpu (${reason}), base weights ${dev.precision}`);
  return dev;
}
