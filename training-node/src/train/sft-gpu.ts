/**
 * Decoder objectives on WebGPU: SFT (assistant-token causal-LM loss, as sft.ts) and sigmoid DPO (as dpo.ts),
 * with forward, cross-entropy and LoRA backward on the GPU (models/llama-gpu.ts, engine kernels; frozen dense
 * or 4-bit base) — or a full fine-tune (grads in model.params layout, lora null): every weight trainable, stored
 * f32 on the GPU whatever the device precision, model.params the CPU master copy. By default the trainables, their gradients and AdamW m/v stay on the GPU (gpu-optimizer.ts, the
 * objective's `optimizer`): per step only the loss read-backs and the grad norm come back; the CPU master copy
 * (state.params) is synchronised for checkpoints and at the end, so checkpoints, resume and metrics are
 * identical in form to the CPU path. With `optimizer: 'host'` the old placement remains (CPU AdamW; A/B upload
 * and gradient download every step) for comparisons. Results equal the CPU path within f32 tolerance, not bitwise.
 * DPO's per-sequence log-probs come back to the CPU (BT floats) to form σ(−z); the per-token loss weights go
 * back up for crossEntropyBackward. Reference log-probs are computed once, on the GPU, with adapters disabled.
 *
 * Non-goals: the matcher (matcher-gpu.ts). No Node APIs.
 * Shape legend: B = sequences per micro-batch, T = padded length, BT = B*T, V = vocab.
 */
import { readF32 } from '../engine/buffers';
import type { EngineDevice, GpuTensor } from '../engine/device';
import { crossEntropyBackward, crossEntropyForward } from '../engine/kernels/index';
import { countTargets } from '../engine/reference/index';
import type { LlamaModel } from '../models/llama';
import { allocLlamaGradsGpu, downloadLlamaParams, llamaBackwardGpu, llamaForwardGpu, uploadLlamaModel } from '../models/llama-gpu';
import { isPerLayer, LLAMA_PARAM_NAMES, type LlamaParams } from '../models/llama-params';
import { allocLoraAdapters, type LoraAdapters } from '../models/lora';
import { downloadLoraAdapters, uploadLoraAdapters } from '../models/lora-gpu';
import { causalBatch, type CausalBatch } from './batching';
import type { TokenSequence } from './chat-tokenizer';
import { dpoPairTerms, type PreferencePair, type ReferenceLogProbs } from './dpo';
import { createGpuAdamW, type GpuAdamW, type GpuTrainOptions, type OptimizerSlot } from './gpu-optimizer';
import type { EvalResult, MicroResult, Objective } from './loop';
import { type DecoderGrads, type DecoderMemoryOptions, isFullGrads } from './sft';

/** A GPU objective also owns GPU memory: call destroy() after training. */
export interface GpuObjective extends Objective {
  /** High-water mark of its activation/scratch pool in bytes (what gradient checkpointing lowers). */
  activationPeakBytes(): number;
  destroy(): void;
}

/** Per-token CE losses of one forward; `backward(dlosses)` then adds LoRA gradients and frees the batch. */
interface GpuPass {
  losses: Float32Array; // (BT) −log p(target), 0 where ignored
  backward(dlosses: number | Float32Array): void;
  release(): void;
}

/** Options of the GPU decoder objectives: memory (checkpointing) and optimizer placement. */
export type GpuDecoderOptions = DecoderMemoryOptions & GpuTrainOptions;

/**
 * The model, the trainables (adapters, or every weight for a full fine-tune) and their gradient arena on the GPU,
 * shared by the SFT and DPO objectives; with options.optimizer 'device' (default) also the GPU AdamW over the
 * trainables (`optimizer`, else null). `lora` and `grads` both null: a forward-only decoder (reference log-probs).
 */
function gpuDecoder(
  dev: EngineDevice, model: LlamaModel, lora: LoraAdapters | null, grads: DecoderGrads | null, options: GpuDecoderOptions = {}, withOptimizer = true
) {
  const V = model.config.vocabSize;
  const { optimizer: placement = 'device', ...memory } = options;
  const full = grads !== null && isFullGrads(grads);
  const gpu = uploadLlamaModel(dev, model, full ? { precision: 'f32' } : {}); // trainable weights stay f32
  const gpuLora = lora ? uploadLoraAdapters(dev, lora, 'lora') : null;
  const gpuGrads = lora ? uploadLoraAdapters(dev, allocLoraAdapters(model.config, lora.config, 0, true), 'lora-grads') : null;
  const paramGrads = full ? allocLlamaGradsGpu(dev, gpu) : null;
  const slots: OptimizerSlot[] = [];
  if (full) {
    for (const name of LLAMA_PARAM_NAMES) {
      const layers = isPerLayer(name) ? model.config.layers : 1;
      const per = model.params[name].length / layers;
      for (let l = 0; l < layers && per > 0; l++) {
        const key = isPerLayer(name) ? `L${l}.${name}` : name;
        slots.push({ cpu: model.params[name].subarray(l * per, (l + 1) * per), param: gpu.tensor(key), grad: paramGrads!.tensor(key) });
      }
    }
  } else if (lora) {
    lora.layers.forEach((layer, l) => lora.config.targets.forEach((t) => {
      const p = gpuLora!.pair(l, t)!, g = gpuGrads!.pair(l, t)!;
      slots.push({ cpu: layer[t]!.A, param: p.A, grad: g.A }, { cpu: layer[t]!.B, param: p.B, grad: g.B });
    }));
  }
  const trainable = full ? model.params.arena : lora?.arena;
  const optimizer: GpuAdamW | null = withOptimizer && placement === 'device' && trainable ? createGpuAdamW(dev, trainable, slots) : null;
  const gradArena = (paramGrads ?? gpuGrads)?.arena;
  /** Copy the CPU master trainables (updated by the CPU AdamW) to the GPU; nothing to do when AdamW runs there. */
  const uploadParams = (): void => {
    if (!optimizer) for (const s of slots) dev.write(s.param, s.cpu);
  };
  return {
    uploadParams,
    optimizer: optimizer ?? undefined,
    /** Objective.beginStep: current params on the GPU (host optimizer: upload), zeroed GPU gradients. */
    beginStep(): void {
      uploadParams();
      if (gradArena) dev.clear({ buffer: gradArena.buffer, offset: 0, length: gradArena.bytes / 4 });
    },
    /** Objective.endStep (host optimizer only): the step's summed gradients into the CPU view (state.grads). */
    endStep: optimizer ? undefined : async (): Promise<void> => {
      if (paramGrads) await downloadLlamaParams(dev, paramGrads, grads as LlamaParams);
      else if (gpuGrads) await downloadLoraAdapters(dev, gpuGrads, grads as LoraAdapters);
    },
    /** Forward + CE on a batch (adapters on unless `withLora` is false); losses read back. */
    async pass(batch: CausalBatch, withLora: boolean, training: boolean, dropoutSeed: number): Promise<GpuPass> {
      const BT = batch.B * batch.T;
      const acts = llamaForwardGpu(dev, gpu, batch.tokens, batch.B, batch.T, {
        positions: batch.positions, segments: batch.segments, lora: withLora ? gpuLora : null, training, dropoutSeed, ...memory
      });
      const targets = gpu.pool.upload(batch.targets, 'targets');
      const losses = gpu.pool.take(BT, 'losses');
      const probs = gpu.pool.take(BT * V, 'probs');
      crossEntropyForward(dev, losses, probs, acts.logits, targets, BT, V);
      const perToken = await readF32(dev, losses);
      const owned: GpuTensor[] = [targets, losses, probs];
      const release = (): void => {
        acts.destroy();
        gpu.pool.give(owned.splice(0));
      };
      return {
        losses: perToken,
        backward(dlosses): void {
          const dlogits = gpu.pool.take(BT * V, 'dlogits');
          owned.push(dlogits);
          const weights = typeof dlosses === 'number' ? dlosses : gpu.pool.upload(dlosses, 'dlosses');
          if (typeof weights !== 'number') owned.push(weights);
          crossEntropyBackward(dev, dlogits, weights, probs, targets, BT, V);
          llamaBackwardGpu(dev, gpu, acts, dlogits, gpuLora, gpuGrads, paramGrads);
          release();
        },
        release
      };
    },
    activationPeakBytes: () => gpu.pool.peakBytes,
    destroy(): void {
      optimizer?.destroy();
      gpu.destroy();
      gpuLora?.arena.destroy();
      gpuGrads?.arena.destroy();
      paramGrads?.destroy();
    }
  };
}

const sum = (a: Float32Array): number => a.reduce((s, x) => s + x, 0);

/**
 * SFT on the GPU; `lora` is the CPU master copy (state.params; null and model.params for a full fine-tune),
 * `grads` the CPU gradient view (state.grads, filled only with options.optimizer 'host').
 */
export function createSftObjectiveGpu(
  dev: EngineDevice, model: LlamaModel, lora: LoraAdapters | null, grads: DecoderGrads,
  train: readonly TokenSequence[], val: readonly TokenSequence[], batchSize: number, options: GpuDecoderOptions = {}
): GpuObjective {
  const g = gpuDecoder(dev, model, lora, grads, options);
  return {
    trainSize: train.length,
    optimizer: g.optimizer,
    beginStep: g.beginStep,
    async accumulate(indices: number[], lossScale: number, dropoutSeed: number): Promise<MicroResult> {
      const batch = causalBatch(indices.map((i) => train[i]));
      const n = countTargets(batch.targets, batch.B * batch.T);
      const pass = await g.pass(batch, true, true, dropoutSeed);
      if (n > 0) pass.backward(lossScale / n);
      else pass.release();
      return { loss: n > 0 ? sum(pass.losses) / n : 0, tokens: batch.realTokens };
    },
    endStep: g.endStep,
    evaluate: val.length > 0
      ? async (): Promise<EvalResult> => {
        g.uploadParams();
        let total = 0, count = 0;
        for (let i = 0; i < val.length; i += batchSize) {
          const batch = causalBatch(val.slice(i, i + batchSize));
          const pass = await g.pass(batch, true, false, 0);
          pass.release();
          total += sum(pass.losses);
          count += countTargets(batch.targets, batch.B * batch.T);
        }
        return { loss: count > 0 ? total / count : NaN };
      }
      : undefined,
    activationPeakBytes: g.activationPeakBytes,
    destroy: () => g.destroy()
  };
}

function sequenceLogProbs(losses: Float32Array, B: number, T: number): Float64Array {
  const logp = new Float64Array(B);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) logp[b] -= losses[b * T + t];
  return logp;
}

/**
 * Reference (adapters disabled) completion log-probs of pairs, on the GPU, once; `model` as it is now, so for a
 * full fine-tune call it before training (the reference is the base).
 */
export async function referenceLogProbsGpu(
  dev: EngineDevice, model: LlamaModel, pairs: readonly PreferencePair[], batchSize: number
): Promise<ReferenceLogProbs> {
  const g = gpuDecoder(dev, model, null, null, {}, false);
  const run = async (seqs: TokenSequence[]): Promise<Float64Array> => {
    const out = new Float64Array(seqs.length);
    for (let i = 0; i < seqs.length; i += batchSize) {
      const batch = causalBatch(seqs.slice(i, i + batchSize));
      const pass = await g.pass(batch, false, false, 0);
      pass.release();
      out.set(sequenceLogProbs(pass.losses, batch.B, batch.T), i);
    }
    return out;
  };
  try {
    return { chosen: await run(pairs.map((p) => p.chosen)), rejected: await run(pairs.map((p) => p.rejected)) };
  } finally {
    g.destroy();
  }
}

/** Sigmoid DPO on the GPU (see dpo.ts for the loss and its gradient). */
export function createDpoObjectiveGpu(
  dev: EngineDevice, model: LlamaModel, lora: LoraAdapters | null, grads: DecoderGrads, beta: number,
  train: readonly PreferencePair[], ref: ReferenceLogProbs, val: readonly PreferencePair[], valRef: ReferenceLogProbs | null, batchSize: number,
  options: GpuDecoderOptions = {}
): GpuObjective {
  const g = gpuDecoder(dev, model, lora, grads, options);
  const pairBatch = (pairs: PreferencePair[]): CausalBatch => causalBatch([...pairs.map((p) => p.chosen), ...pairs.map((p) => p.rejected)]);
  return {
    trainSize: train.length,
    optimizer: g.optimizer,
    beginStep: g.beginStep,
    async accumulate(indices: number[], lossScale: number, dropoutSeed: number): Promise<MicroResult> {
      const batch = pairBatch(indices.map((i) => train[i]));
      const pass = await g.pass(batch, true, true, dropoutSeed);
      const logp = sequenceLogProbs(pass.losses, batch.B, batch.T);
      const terms = dpoPairTerms(logp, indices, ref, beta, lossScale);
      const dlosses = new Float32Array(batch.B * batch.T);
      for (let b = 0; b < batch.B; b++) dlosses.fill(terms.seqWeight[b], b * batch.T, (b + 1) * batch.T);
      pass.backward(dlosses);
      return { loss: terms.loss, tokens: batch.realTokens };
    },
    endStep: g.endStep,
    evaluate: val.length > 0 && valRef
      ? async (): Promise<EvalResult> => {
        g.uploadParams();
        let loss = 0, correct = 0, margin = 0;
        for (let i = 0; i < val.length; i += batchSize) {
          const idx = Array.from({ length: Math.min(batchSize, val.length - i) }, (_, k) => i + k);
          const batch = pairBatch(idx.map((k) => val[k]));
          const pass = await g.pass(batch, true, false, 0);
          pass.release();
          const logp = sequenceLogProbs(pass.losses, batch.B, batch.T);
          const terms = dpoPairTerms(logp, idx, valRef, beta, 1);
          loss += terms.loss * idx.length;
          correct += terms.correct;
          margin += terms.marginSum;
        }
        return { loss: loss / val.length, metrics: { reward_accuracy: correct / val.length, margin: margin / val.length } };
      }
      : undefined,
    activationPeakBytes: g.activationPeakBytes,
    destroy: () => g.destroy()
  };
}
