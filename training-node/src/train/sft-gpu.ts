/**
 * The SFT objective on WebGPU: the same assistant-token causal-LM loss as sft.ts, with forward, cross-entropy
 * and LoRA backward on the GPU (models/llama-gpu.ts, engine kernels; frozen dense or 4-bit base). The
 * adapters' master copy, AdamW and clipping stay on the CPU in the shared loop (LoRA arenas are small: one
 * upload of A/B per step, one gradient download per step), so checkpoints, resume and metrics are identical
 * in form to the CPU path. Results equal the CPU path within f32 summation tolerance, not bitwise.
 *
 * Non-goals: GPU DPO / matcher (CPU only for now), GPU optimizer state. No Node APIs.
 * Shape legend: B = sequences per micro-batch, T = padded length, BT = B*T, V = vocab.
 */
import { readF32 } from '../engine/buffers';
import type { EngineDevice, GpuTensor } from '../engine/device';
import { crossEntropyBackward, crossEntropyForward } from '../engine/kernels/index';
import { countTargets } from '../engine/reference/index';
import type { LlamaModel } from '../models/llama';
import { llamaBackwardGpu, llamaForwardGpu, uploadLlamaModel } from '../models/llama-gpu';
import { allocLoraAdapters, type LoraAdapters } from '../models/lora';
import { downloadLoraAdapters, uploadLoraAdapters } from '../models/lora-gpu';
import { causalBatch } from './batching';
import type { TokenSequence } from './chat-tokenizer';
import type { EvalResult, MicroResult, Objective } from './loop';

/** A GPU objective also owns GPU memory: call destroy() after training. */
export interface GpuObjective extends Objective {
  destroy(): void;
}

/** SFT on the GPU; `lora` is the CPU master copy (state.params), `grads` the CPU gradient view (state.grads). */
export function createSftObjectiveGpu(
  dev: EngineDevice, model: LlamaModel, lora: LoraAdapters, grads: LoraAdapters,
  train: readonly TokenSequence[], val: readonly TokenSequence[], batchSize: number
): GpuObjective {
  const V = model.config.vocabSize;
  const gpu = uploadLlamaModel(dev, model);
  const gpuLora = uploadLoraAdapters(dev, lora, 'lora');
  const gpuGrads = uploadLoraAdapters(dev, allocLoraAdapters(model.config, lora.config, 0, true), 'lora-grads');
  const whole = (t: { buffer: GPUBuffer; bytes: number }): GpuTensor => ({ buffer: t.buffer, offset: 0, length: t.bytes / 4 });

  /** Forward (+ loss, + backward when lossScale is given) of one batch; returns the mean loss. */
  const run = async (seqs: TokenSequence[], training: boolean, dropoutSeed: number, lossScale: number | null): Promise<{ loss: number; n: number; tokens: number }> => {
    const batch = causalBatch(seqs);
    const BT = batch.B * batch.T;
    const n = countTargets(batch.targets, BT);
    const acts = llamaForwardGpu(dev, gpu, batch.tokens, batch.B, batch.T, { lora: gpuLora, training, dropoutSeed });
    const targets = gpu.pool.upload(batch.targets, 'targets');
    const losses = gpu.pool.take(BT, 'losses');
    const probs = gpu.pool.take(BT * V, 'probs');
    crossEntropyForward(dev, losses, probs, acts.logits, targets, BT, V);
    let dlogits: GpuTensor | null = null;
    if (lossScale !== null && n > 0) {
      dlogits = gpu.pool.take(BT * V, 'dlogits');
      crossEntropyBackward(dev, dlogits, lossScale / n, probs, targets, BT, V);
      llamaBackwardGpu(dev, gpu, acts, dlogits, gpuLora, gpuGrads);
    }
    const perToken = await readF32(dev, losses);
    acts.destroy();
    gpu.pool.give([targets, losses, probs, ...(dlogits ? [dlogits] : [])]);
    let sum = 0;
    for (const x of perToken) sum += x;
    return { loss: n > 0 ? sum / n : 0, n, tokens: batch.realTokens };
  };

  const uploadParams = (): void => {
    lora.layers.forEach((layer, l) => {
      for (const t of lora.config.targets) {
        const pair = gpuLora.pair(l, t)!;
        dev.write(pair.A, layer[t]!.A);
        dev.write(pair.B, layer[t]!.B);
      }
    });
  };

  return {
    trainSize: train.length,
    beginStep(): void {
      uploadParams(); // the CPU AdamW updated the master copy after the previous step
      dev.clear(whole(gpuGrads.arena));
    },
    async accumulate(indices: number[], lossScale: number, dropoutSeed: number): Promise<MicroResult> {
      const r = await run(indices.map((i) => train[i]), true, dropoutSeed, lossScale);
      return { loss: r.loss, tokens: r.tokens };
    },
    async endStep(): Promise<void> {
      await downloadLoraAdapters(dev, gpuGrads, grads);
    },
    evaluate: val.length > 0
      ? async (): Promise<EvalResult> => {
        uploadParams();
        let weighted = 0, count = 0;
        for (let i = 0; i < val.length; i += batchSize) {
          const r = await run(val.slice(i, i + batchSize), false, 0, null);
          weighted += r.loss * r.n;
          count += r.n;
        }
        return { loss: count > 0 ? weighted / count : NaN };
      }
      : undefined,
    destroy(): void {
      gpu.destroy();
      gpuLora.arena.destroy();
      gpuGrads.arena.destroy();
    }
  };
}
