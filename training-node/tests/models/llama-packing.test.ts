/**
 * Packed SFT rows are independent examples (block-diagonal causal mask + positions restarting at 0, as Hugging
 * Face padding-free packing), on the CPU model and on WebGPU, through the real batching code
 * (train/batching.ts packSequences + causalBatch):
 * - the logits of every example inside a packed row equal the logits of that example run alone (B = 1);
 * - the token-mean loss and every LoRA gradient of a packed batch equal those of the same examples unpacked
 *   (right-padded, one per row): the same target tokens, the same normalisation;
 * - the same holds with a sliding window (Mistral-style, every layer) smaller than the examples, and a
 *   window >= T changes nothing while a small one does.
 * Tolerances: CPU 1e-5 (float64 sums over the same visible keys in the same order; only row layout differs),
 * GPU vs its own unpacked run 1e-4·(1 + max|x|) (f32 sums).
 *
 * Shape legend: B rows, T padded length, V vocab; tiny random Llama with GQA and Qwen2 q/k/v bias.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/data/random';
import { readF32, upload } from '../../src/engine/buffers';
import type { EngineDevice } from '../../src/engine/device';
import {
  allocLlamaParams, allocLoraAdapters, causalLmLoss, llamaBackward, llamaForward, LORA_TARGETS, type LlamaConfig,
  type LlamaModel, type LoraAdapters
} from '../../src/models/index';
import { llamaBackwardGpu, llamaForwardGpu, uploadLlamaModel } from '../../src/models/llama-gpu';
import { downloadLoraAdapters, uploadLoraAdapters } from '../../src/models/lora-gpu';
import { causalBatch, type CausalBatch, packSequences } from '../../src/train/batching';
import type { TokenSequence } from '../../src/train/chat-tokenizer';
import { createNodeEngineDevice, maxAbsDiff } from '../engine/gpu';

const base: LlamaConfig = {
  vocabSize: 29, hidden: 16, intermediate: 20, layers: 2, heads: 4, kvHeads: 2, headDim: 4, ropeTheta: 10000,
  rmsEps: 1e-5, tiedEmbeddings: false, attentionBias: true, maxSeqLen: 32
};
const loraCfg = { rank: 2, alpha: 4, dropout: 0, targets: [...LORA_TARGETS] };

function model(seed: number, extra: Partial<LlamaConfig> = {}): LlamaModel {
  const config = { ...base, ...extra };
  const params = allocLlamaParams(config);
  const rand = seededRandom(seed);
  params.arena.forEach((_, i) => (params.arena[i] = rand() - 0.5));
  for (const n of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) params[n].forEach((_, i) => (params[n][i] += 1));
  return { config, params };
}

function adapters(m: LlamaModel, seed: number): LoraAdapters {
  const lora = allocLoraAdapters(m.config, loraCfg, seed);
  const rand = seededRandom(seed + 1);
  for (const layer of lora.layers) for (const pair of Object.values(layer)) pair!.B.forEach((_, i) => (pair!.B[i] = rand() - 0.5));
  return lora;
}

/** Examples of lengths 5, 4, 7, 3, 6 with prompt tokens unmasked and answers masked; seqLen 12 packs them. */
const examples: TokenSequence[] = [5, 4, 7, 3, 6].map((n, k) => ({
  ids: Array.from({ length: n }, (_, i) => 1 + ((7 * k + 3 * i) % 28)),
  mask: Uint8Array.from({ length: n }, (_, i) => (i >= 2 ? 1 : 0))
}));
const SEQ_LEN = 12;

/** Row b, offset within that row, of every example in a packed batch (examples in data order inside rows). */
function placement(rows: TokenSequence[]): { b: number; start: number; ex: TokenSequence }[] {
  const out: { b: number; start: number; ex: TokenSequence }[] = [];
  const used = new Set<number>();
  rows.forEach((row, b) => {
    let start = 0;
    for (const len of row.packed!) {
      const i = examples.findIndex((e, k) => !used.has(k) && e.ids.length === len && e.ids.every((id, j) => row.ids[start + j] === id));
      used.add(i);
      out.push({ b, start, ex: examples[i] });
      start += len;
    }
  });
  expect(used.size).toBe(examples.length);
  return out;
}

/** Max |Δ| between each example's logits inside the packed batch and `alone(example)`. */
function packedVsAlone(packedLogits: Float32Array, batch: CausalBatch, rows: TokenSequence[], alone: (ex: TokenSequence) => Float32Array): number {
  const V = base.vocabSize;
  let err = 0;
  for (const { b, start, ex } of placement(rows)) {
    const own = alone(ex);
    const inRow = packedLogits.subarray((b * batch.T + start) * V, (b * batch.T + start + ex.ids.length) * V);
    err = Math.max(err, maxAbsDiff(inRow, own));
  }
  return err;
}

const loraGradsCpu = (m: LlamaModel, lora: LoraAdapters, batch: CausalBatch): { loss: number; grads: Float32Array } => {
  const acts = llamaForward(m, batch.tokens, batch.B, batch.T, { positions: batch.positions, segments: batch.segments, lora });
  const { loss, dlogits } = causalLmLoss(acts.logits, batch.targets, batch.B * batch.T, m.config.vocabSize);
  const grads = allocLoraAdapters(m.config, loraCfg, 0, true);
  llamaBackward(m, acts, dlogits, { lora: grads }, lora);
  return { loss, grads: grads.arena };
};

const rows = packSequences(examples, SEQ_LEN);
const packed = causalBatch(rows);
const unpacked = causalBatch(examples);

describe('packed rows on the CPU model', () => {
  it('packing really shares rows, and the batch carries segment ids and restarted positions', () => {
    expect(rows.length).toBeLessThan(examples.length);
    expect(rows.some((r) => r.packed!.length > 1)).toBe(true);
    expect(unpacked.segments).toBeUndefined();
    const first = rows[0].packed!;
    expect(Array.from(packed.positions!.subarray(first[0], first[0] + first[1]))).toEqual(Array.from({ length: first[1] }, (_, i) => i));
    expect(packed.segments![first[0]]).toBe(2);
    expect(packed.targets.filter((t) => t >= 0).length).toBe(unpacked.targets.filter((t) => t >= 0).length);
  });

  for (const window of [0, 3]) {
    it(`each example's logits equal its logits alone (sliding window ${window || 'none'})`, () => {
      const m = model(1, window ? { slidingWindow: window } : {});
      const lora = adapters(m, 3);
      const logits = llamaForward(m, packed.tokens, packed.B, packed.T, { positions: packed.positions, segments: packed.segments, lora }).logits;
      const err = packedVsAlone(logits, packed, rows, (ex) => llamaForward(m, Int32Array.from(ex.ids), 1, ex.ids.length, { lora }).logits);
      console.log(`[packing] CPU packed vs alone, window ${window}: max |Δlogit| ${err.toExponential(2)}`);
      expect(err).toBeLessThan(1e-5);
    });

    it(`LoRA gradients and loss of a packed batch equal the unpacked batch (sliding window ${window || 'none'})`, () => {
      const m = model(2, window ? { slidingWindow: window } : {});
      const lora = adapters(m, 5);
      const a = loraGradsCpu(m, lora, packed), b = loraGradsCpu(m, lora, unpacked);
      const err = maxAbsDiff(a.grads, b.grads);
      console.log(`[packing] CPU LoRA grads packed vs unpacked, window ${window}: max |Δ| ${err.toExponential(2)}, loss ${a.loss.toFixed(6)} vs ${b.loss.toFixed(6)}`);
      expect(Math.abs(a.loss - b.loss)).toBeLessThan(1e-6);
      expect(err).toBeLessThan(1e-5);
      expect(b.grads.some((g) => Math.abs(g) > 1e-2)).toBe(true);
    });
  }

  it('without segment ids the packed row leaks across examples (the test above can fail)', () => {
    const m = model(1);
    const logits = llamaForward(m, packed.tokens, packed.B, packed.T).logits;
    const err = packedVsAlone(logits, packed, rows, (ex) => llamaForward(m, Int32Array.from(ex.ids), 1, ex.ids.length).logits);
    expect(err).toBeGreaterThan(1e-2);
  });

  it('a sliding window >= T equals no window; a small one changes the logits; Qwen2-style windows start at a layer', () => {
    const T = unpacked.T;
    const run = (extra: Partial<LlamaConfig>) => llamaForward(model(4, extra), unpacked.tokens, unpacked.B, T).logits;
    const none = run({});
    expect(run({ slidingWindow: T })).toEqual(none);
    expect(run({ slidingWindow: 64 })).toEqual(none);
    expect(run({ slidingWindow: 2, slidingWindowFromLayer: 2 })).toEqual(none); // max_window_layers = L: no layer slides
    const all = run({ slidingWindow: 2 }), upper = run({ slidingWindow: 2, slidingWindowFromLayer: 1 });
    expect(maxAbsDiff(all, none)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(upper, none)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(upper, all)).toBeGreaterThan(1e-2);
  });
});

describe('packed rows on WebGPU', () => {
  let dev: EngineDevice;
  beforeAll(async () => {
    dev = await createNodeEngineDevice();
  });
  afterAll(() => dev?.destroy());

  /** GPU logits and LoRA gradients (dlogits from the CPU loss of the GPU logits' batch, uploaded). */
  async function gpuRun(m: LlamaModel, lora: LoraAdapters, batch: CausalBatch, withGrads: boolean) {
    const gpu = uploadLlamaModel(dev, m);
    const gLora = uploadLoraAdapters(dev, lora);
    const acts = llamaForwardGpu(dev, gpu, batch.tokens, batch.B, batch.T, { positions: batch.positions, segments: batch.segments, lora: gLora });
    const logits = await readF32(dev, acts.logits);
    let grads: Float32Array | null = null;
    if (withGrads) {
      const { dlogits } = causalLmLoss(logits, batch.targets, batch.B * batch.T, m.config.vocabSize);
      const gGrads = uploadLoraAdapters(dev, allocLoraAdapters(m.config, loraCfg, 0, true), 'lora-grads');
      llamaBackwardGpu(dev, gpu, acts, upload(dev, dlogits, 'dlogits'), gLora, gGrads);
      const out = allocLoraAdapters(m.config, loraCfg, 0, true);
      await downloadLoraAdapters(dev, gGrads, out);
      grads = out.arena;
    }
    acts.destroy();
    gpu.destroy();
    return { logits, grads };
  }
  const tol = (x: Float32Array): number => 1e-4 * (1 + x.reduce((m, v) => Math.max(m, Math.abs(v)), 0));

  for (const window of [0, 3]) {
    it(`each example's logits equal its logits alone, and LoRA gradients equal the unpacked batch (window ${window || 'none'})`, async () => {
      const m = model(6, window ? { slidingWindow: window } : {});
      const lora = adapters(m, 7);
      const p = await gpuRun(m, lora, packed, true);
      const alone = new Map<TokenSequence, Float32Array>();
      for (const ex of examples) alone.set(ex, (await gpuRun(m, lora, causalBatch([ex]), false)).logits);
      const logitErr = packedVsAlone(p.logits, packed, rows, (ex) => alone.get(ex)!);
      const u = await gpuRun(m, lora, unpacked, true);
      const gradErr = maxAbsDiff(p.grads!, u.grads!);
      const cpu = llamaForward(m, packed.tokens, packed.B, packed.T, { positions: packed.positions, segments: packed.segments, lora }).logits;
      const cpuErr = maxAbsDiff(p.logits, cpu);
      console.log(`[packing] GPU window ${window}: packed vs alone max |Δlogit| ${logitErr.toExponential(2)}, LoRA grads packed vs unpacked ${gradErr.toExponential(2)}, packed GPU vs CPU ${cpuErr.toExponential(2)}`);
      expect(logitErr).toBeLessThanOrEqual(tol(p.logits));
      expect(gradErr).toBeLessThanOrEqual(tol(u.grads!));
      expect(cpuErr).toBeLessThanOrEqual(tol(cpu));
    });
  }
});
