/**
 * The matcher objective on WebGPU: the same MNRL / cosine / triplet training as matcher.ts, with each text
 * column's BERT forward and backward on the GPU (models/bert-gpu.ts), full fine-tune or LoRA (query/key/value).
 * The pooled embeddings (n, C) are tiny, so they come back to the CPU for matcherLoss; d(embeddings) goes back
 * up for bertBackwardGpu. As in sft-gpu.ts the trainable params (whole BERT arena for a full fine-tune,
 * adapters for LoRA), their gradients and AdamW m/v stay on the GPU by default (gpu-optimizer.ts, per-segment
 * weight decay: no decay on biases / LayerNorm); beginStep only clears the GPU gradients and state.params is
 * synchronised for checkpoints and at the end. With gpuOptions.optimizer 'host' the old placement remains
 * (params uploaded, gradients downloaded every step, CPU AdamW). Results equal the CPU path within f32 tolerance.
 *
 * With s.gradientCheckpointing each column keeps only its layer inputs until backward (bert-gpu.ts).
 * Non-goals: fused optimizer kernels across arenas.
 * No Node APIs. Shape legend: n = rows per micro-batch, C = hidden, B/T = one column's padded batch.
 */
import { readF32 } from '../engine/buffers';
import type { EngineDevice } from '../engine/device';
import { allocBertParams, BERT_PARAM_NAMES, type BertConfig, type BertParams } from '../models/bert';
import { bertBackwardGpu, bertForwardGpu, downloadBertParams, type GpuBertParams, uploadBertParams } from '../models/bert-gpu';
import { allocBertLoraAdapters, type BertLoraTarget, type LoraAdapters } from '../models/lora';
import { downloadLoraAdapters, type GpuLora, uploadLoraAdapters } from '../models/lora-gpu';
import { createGpuAdamW, type GpuTrainOptions, type OptimizerSlot } from './gpu-optimizer';
import type { EvalResult, MicroResult } from './loop';
import {
  columnBatches, columnDropoutSeed, type EncoderGrads, type EncoderModel, matcherLossOnRows, type MatcherSettings, mnrlKeys, noDuplicateOrder,
  meanReciprocalRank, padTexts, type TextTokenizer, valRanking
} from './matcher';
import type { MatcherExample } from './records';
import type { GpuObjective } from './sft-gpu';

type BertLora = LoraAdapters<BertLoraTarget>;

/** Each CPU params view with its GPU tensor name (global tensors by name, per-layer ones as `L{l}.{name}`). */
function bertTensorViews(config: BertConfig, gpu: GpuBertParams, params: BertParams): [string, Float32Array][] {
  return BERT_PARAM_NAMES.flatMap((name): [string, Float32Array][] => {
    if (gpu.arena.tensors[name]) return [[name, params[name]]];
    const per = params[name].length / config.layers;
    return Array.from({ length: config.layers }, (_, l): [string, Float32Array] => [`L${l}.${name}`, params[name].subarray(l * per, (l + 1) * per)]);
  });
}

/** Overwrite a GPU BERT arena with CPU params. */
function writeBertParams(dev: EngineDevice, config: BertConfig, gpu: GpuBertParams, params: BertParams): void {
  for (const [name, view] of bertTensorViews(config, gpu, params)) dev.write(gpu.t(name), view);
}

/** Overwrite GPU adapters with CPU adapters of the same config (also the browser re-fit, adapt/embed-lora.ts). */
export function writeLora(dev: EngineDevice, gpu: GpuLora<BertLoraTarget>, lora: BertLora): void {
  lora.layers.forEach((layer, l) => {
    for (const t of lora.config.targets) {
      const pair = gpu.pair(l, t)!;
      dev.write(pair.A, layer[t]!.A);
      dev.write(pair.B, layer[t]!.B);
    }
  });
}

/**
 * Matcher objective on the GPU; `model.params` / `model.lora` are the CPU master copies (state.params), `grads`
 * the CPU gradient views (state.grads, filled only with gpuOptions.optimizer 'host'). Eval adds MRR like the
 * CPU objective, encoding on the GPU.
 */
export function createMatcherObjectiveGpu(
  dev: EngineDevice, model: EncoderModel, grads: EncoderGrads, tokenize: TextTokenizer,
  train: readonly MatcherExample[], val: readonly MatcherExample[], s: MatcherSettings, gpuOptions: GpuTrainOptions = {}
): GpuObjective {
  const { config } = model;
  const C = config.hidden;
  // Mixed precision stores only a frozen encoder in f16; a full fine-tune keeps f32 weights on the GPU.
  const gpu = uploadBertParams(dev, config, model.params, 'bert-params', grads.params ? 'f32' : dev.precision);
  const gpuParamGrads = grads.params ? uploadBertParams(dev, config, allocBertParams(config), 'bert-grads') : null;
  const gpuLora = model.lora ? uploadLoraAdapters(dev, model.lora, 'bert-lora') : null;
  const gpuLoraGrads = model.lora && grads.lora
    ? uploadLoraAdapters(dev, allocBertLoraAdapters(config, model.lora.config, 0, true), 'bert-lora-grads')
    : null;
  const slots: OptimizerSlot[] = [];
  if (gpuParamGrads) {
    for (const [name, view] of bertTensorViews(config, gpu, model.params)) slots.push({ cpu: view, param: gpu.t(name), grad: gpuParamGrads.t(name) });
  }
  if (gpuLora && gpuLoraGrads) {
    model.lora!.layers.forEach((layer, l) => {
      for (const t of model.lora!.config.targets) {
        const p = gpuLora.pair(l, t)!, g = gpuLoraGrads.pair(l, t)!;
        slots.push({ cpu: layer[t]!.A, param: p.A, grad: g.A }, { cpu: layer[t]!.B, param: p.B, grad: g.B });
      }
    });
  }
  const trainable = grads.params ? model.params.arena : model.lora?.arena;
  const optimizer = (gpuOptions.optimizer ?? 'device') === 'device' && trainable ? createGpuAdamW(dev, trainable, slots) : null;
  /** Copy the CPU master copies (updated by the CPU AdamW) to the GPU; nothing to do when AdamW runs there. */
  const uploadParams = (): void => {
    if (optimizer) return;
    if (grads.params) writeBertParams(dev, config, gpu, model.params);
    if (gpuLora) writeLora(dev, gpuLora, model.lora!);
  };
  /** Forward every column, loss on the CPU; `backward(scale)` adds the scaled gradients on the GPU. */
  const lossOn = async (rows: readonly MatcherExample[], training: boolean, dropoutSeed: number) => {
    const batches = columnBatches(rows, s.loss, tokenize);
    const acts = batches.map((b, col) => bertForwardGpu(dev, gpu, b.tokens, b.mask, b.B, b.T,
      { lora: gpuLora, training, dropoutSeed: columnDropoutSeed(dropoutSeed, col), gradientCheckpointing: s.gradientCheckpointing }));
    const columns: Float32Array[] = [];
    for (const a of acts) columns.push(await readF32(dev, a.embeddings));
    const r = matcherLossOnRows(s, rows, columns, C);
    const release = (): void => acts.forEach((a) => a.destroy());
    return {
      loss: r.loss,
      tokens: batches.reduce((t, b) => t + b.real, 0),
      backward(scale: number): void {
        acts.forEach((a, col) => {
          const d = r.grads[col];
          if (scale !== 1) for (let i = 0; i < d.length; i++) d[i] *= scale;
          const dembeddings = gpu.pool.upload(d, 'dembeddings');
          bertBackwardGpu(dev, gpu, a, dembeddings, { params: gpuParamGrads, lora: gpuLoraGrads }, gpuLora);
          gpu.pool.give([dembeddings]);
        });
        release();
      },
      release
    };
  };
  /** L2-normalised embeddings (n, C) of texts on the GPU, no dropout (as encodeTexts). */
  const encode = async (texts: readonly string[]): Promise<Float32Array> => {
    const out = new Float32Array(texts.length * C);
    for (let i = 0; i < texts.length; i += s.batchSize) {
      const b = padTexts(texts.slice(i, i + s.batchSize).map(tokenize));
      const acts = bertForwardGpu(dev, gpu, b.tokens, b.mask, b.B, b.T, { lora: gpuLora });
      out.set(await readF32(dev, acts.embeddings), i * C);
      acts.destroy();
    }
    return out;
  };
  const keys = s.loss === 'mnrl' ? mnrlKeys(train) : null; // MNRL batches without duplicate anchors, as the CPU objective
  return {
    trainSize: train.length,
    ...(keys ? { epochOrder: (epoch: number, seed: number, batchSize: number) => noDuplicateOrder(keys, seed, epoch, batchSize) } : {}),
    optimizer: optimizer ?? undefined,
    beginStep(): void {
      uploadParams();
      for (const arena of [gpuParamGrads?.arena, gpuLoraGrads?.arena]) {
        if (arena) dev.clear({ buffer: arena.buffer, offset: 0, length: arena.bytes / 4 });
      }
    },
    async accumulate(indices: number[], lossScale: number, dropoutSeed: number): Promise<MicroResult> {
      const r = await lossOn(indices.map((i) => train[i]), true, dropoutSeed);
      r.backward(lossScale);
      return { loss: r.loss, tokens: r.tokens };
    },
    endStep: optimizer ? undefined : async (): Promise<void> => {
      if (gpuParamGrads && grads.params) await downloadBertParams(dev, gpuParamGrads, grads.params);
      if (gpuLoraGrads && grads.lora) await downloadLoraAdapters(dev, gpuLoraGrads, grads.lora);
    },
    evaluate: val.length > 0
      ? async (): Promise<EvalResult> => {
        uploadParams(); // evaluate runs after this step's update (host optimizer: on the CPU copy)
        let loss = 0, batches = 0;
        for (let i = 0; i < val.length; i += s.batchSize) {
          const r = await lossOn(val.slice(i, i + s.batchSize), false, 0);
          r.release();
          loss += r.loss;
          batches++;
        }
        const metrics: Record<string, number> = {};
        if (s.loss !== 'cosine') {
          const rank = valRanking(val);
          metrics.mrr = meanReciprocalRank(await encode(rank.queries), await encode(rank.positives), rank.relevant, C);
        }
        return { loss: loss / batches, metrics };
      }
      : undefined,
    activationPeakBytes: () => gpu.pool.peakBytes,
    destroy(): void {
      optimizer?.destroy();
      gpu.destroy();
      gpuParamGrads?.destroy();
      gpuLora?.arena.destroy();
      gpuLoraGrads?.arena.destroy();
    }
  };
}
