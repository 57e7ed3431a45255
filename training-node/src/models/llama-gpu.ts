/**
 * Llama-family decoder on WebGPU: forward (saving activations) and LoRA backward, the same sequence of layer
 * calls as llama.ts dispatched to the engine's WGSL kernels (engine/kernels/index.ts). LoRA/QLoRA: the base is
 * frozen — dense or 4-bit groups dequantised inside the GEMM — and only LoRA A/B receive gradients. Full fine-tune:
 * backward also writes every parameter's gradient (embedding incl. tied lm head, norms, q/k/v/o with Qwen2
 * biases, gate/up/down, final norm, untied lm head) into a gradient arena of the same layout
 * (allocLlamaGradsGpu); trainable weights must be dense f32 (not f16 storage, not 4-bit).
 *
 * Memory (llm.c on the GPU): parameters in one arena carved per layer (each tensor 256-byte aligned, read-only
 * in every dispatch; with precision 'f16' the linear weights and the embedding / lm head are stored as f16 —
 * half the bytes, read by the GEMM with f32 accumulation — while norms and biases stay f32); adapters and their gradients in two more arenas of the same layout (AdamW runs over
 * whole arenas); activations are separate buffers for one (B, T), because WebGPU forbids binding one buffer as
 * writable and read-only storage in the same dispatch; they come from a per-model GpuTensorPool, so a training
 * loop reuses them step after step (acts.destroy() returns them).
 * Attention masking as llama.ts: causal, the layer's sliding window, optional segment ids for packed rows.
 * LoRA dropout uses keep masks drawn on the CPU in the same order as llama.ts, so both paths agree exactly.
 * Activation checkpointing (`gradientCheckpointing`, checkpointing.ts): forward returns each layer's buffers to the
 * pool except its input x; backward recomputes layer l into pool buffers (same kernels, same inputs, same
 * redrawn keep masks), runs its backward and returns them, so the pool holds one layer plus L inputs.
 * Non-goals (yet): KV cache.
 * No Node APIs. Shape legend: B, T, BT = B*T, C = hidden, I = intermediate, V = vocab, NH/NKV = heads,
 * HS = head dim, QD = NH*HS, KVD = NKV*HS, L = layers, R = LoRA rank.
 */
import { type Arena, createArena, readF32, upload, uploadF16 } from '../engine/buffers';
import { type EngineDevice, type GpuTensor, type Precision, type PrecisionChoice, resolvePrecision } from '../engine/device';
import {
  attentionBackward, attentionForward, dequant4bitMatmulBackward, dequant4bitMatmulForward, embeddingBackward, embeddingForward,
  type GemmB, loraMatmulBackward, loraMatmulForward, matmulBackward, matmulForward, residualForward, rmsnormBackward,
  rmsnormForward, ropeBackward, ropeForward, swigluBackward, swigluForward, uploadQuantized4bit
} from '../engine/kernels/index';
import { ropeTable } from '../engine/reference/index';
import { forwardLayersGpu, type GpuLayerScope, type LayerCheckpoint } from './checkpointing';
import { GpuTensorPool } from './gpu-pool';
import { countedDropout, dropoutKeepMask } from './linear';
import { attentionSegments, type LlamaForwardOptions, type LlamaModel, sequentialPositions } from './llama';
import { allocLlamaParams, isPerLayer, LLAMA_PARAM_NAMES, llamaLayerWindow, type LlamaParams, llamaRopeInvFreq } from './llama-params';
import { LORA_TARGETS, type LoraTarget } from './lora';
import { type GpuDropoutSaved, type GpuLora, loraDropoutLinearBackward, loraDropoutLinearForward } from './lora-gpu';

const LAYER_PARAMS = ['attnNorm', 'wq', 'bq', 'wk', 'bk', 'wv', 'bv', 'wo', 'ffnNorm', 'wGate', 'wUp', 'wDown'] as const;
type LayerParam = (typeof LAYER_PARAMS)[number];
const WEIGHT_OF: Record<LoraTarget, LayerParam> = { q: 'wq', k: 'wk', v: 'wv', o: 'wo', gate: 'wGate', up: 'wUp', down: 'wDown' };
/** Parameters stored as f16 under precision 'f16': every matrix a GEMM or the embedding reads as its weight. */
const HALF_PARAMS = new Set<string>(['embed', 'lmHead', 'wq', 'wk', 'wv', 'wo', 'wGate', 'wUp', 'wDown']);

/** The model's frozen parameters on the GPU. */
export interface GpuLlamaModel {
  model: LlamaModel;
  precision: Precision; // storage of the frozen matrices (f16: half the arena; f32 accumulation either way)
  arena: Arena;
  ropeTable: GpuTensor; // [maxSeqLen, HS/2, 2] cos/sin
  tensor(name: string): GpuTensor;
  base(target: LoraTarget, layer: number): GemmB; // dense slice or 4-bit weight
  pool: GpuTensorPool; // activations and scratch, reused across steps
  destroy(): void;
}

/**
 * Upload a CPU model (and its 4-bit bases, if quantised) into GPU memory; `precision` defaults to the device's
 * (f16 needs shader-f16; 4-bit bases then keep their codes and store their group scales as f16).
 */
export function uploadLlamaModel(dev: EngineDevice, model: LlamaModel, opts: { precision?: PrecisionChoice } = {}): GpuLlamaModel {
  const precision = resolvePrecision(opts.precision ?? dev.precision, dev.hasShaderF16, dev.adapterDescription);
  const cfg = model.config;
  const p = model.params;
  const table: Record<string, number[]> = { embed: [p.embed.length], finalNorm: [p.finalNorm.length] };
  if (!cfg.tiedEmbeddings) table.lmHead = [p.lmHead.length];
  const per = (name: LayerParam): number => p[name].length / cfg.layers;
  const quantized = (target: LoraTarget): boolean => model.quantized?.[target] !== undefined;
  const uploaded = (name: LayerParam): boolean => per(name) > 0 && !LORA_TARGETS.some((t) => WEIGHT_OF[t] === name && quantized(t));
  for (let l = 0; l < cfg.layers; l++) for (const name of LAYER_PARAMS) if (uploaded(name)) table[`L${l}.${name}`] = [per(name)];
  const half = new Set(precision === 'f16' ? Object.keys(table).filter((key) => HALF_PARAMS.has(key.replace(/^L\d+\./, ''))) : []);
  const arena = createArena(dev, 'llama-params', table, half);
  dev.write(arena.tensors.embed, p.embed);
  dev.write(arena.tensors.finalNorm, p.finalNorm);
  if (!cfg.tiedEmbeddings) dev.write(arena.tensors.lmHead, p.lmHead);
  for (let l = 0; l < cfg.layers; l++) {
    for (const name of LAYER_PARAMS) {
      if (uploaded(name)) dev.write(arena.tensors[`L${l}.${name}`], p[name].subarray(l * per(name), (l + 1) * per(name)));
    }
  }
  const q4 = new Map<string, GemmB>();
  for (const target of LORA_TARGETS) {
    (model.quantized?.[target] ?? []).forEach((w, l) => {
      const dense = (x: Float32Array): GpuTensor => (precision === 'f16' ? uploadF16(dev, x) : upload(dev, x));
      q4.set(`${target}.${l}`, w instanceof Float32Array ? dense(w) : uploadQuantized4bit(dev, w, precision));
    });
  }
  const tensor = (name: string): GpuTensor => {
    const t = arena.tensors[name];
    if (!t) throw new Error(`uploadLlamaModel: no GPU tensor "${name}"`);
    return t;
  };
  const rope = upload(dev, ropeTable(cfg.maxSeqLen, cfg.headDim, llamaRopeInvFreq(cfg)), 'rope-table');
  const pool = new GpuTensorPool(dev);
  return {
    model, precision, arena, ropeTable: rope, tensor, pool,
    base: (target, l) => q4.get(`${target}.${l}`) ?? tensor(`L${l}.${WEIGHT_OF[target]}`),
    destroy: () => {
      pool.destroy();
      arena.destroy();
      rope.buffer.destroy();
      for (const w of q4.values()) {
        if ('packed' in w) {
          w.packed.buffer.destroy();
          w.scales.buffer.destroy();
        } else w.buffer.destroy();
      }
    }
  };
}

/**
 * A zeroed f32 arena with the layout of a dense model's parameters (`tensor('L0.wq')`, `tensor('embed')`), for
 * full fine-tune gradients or AdamW moments; clear it with dev.clear over the whole arena between steps.
 */
export function allocLlamaGradsGpu(dev: EngineDevice, gpu: GpuLlamaModel): GpuLlamaModel {
  return uploadLlamaModel(dev, { config: gpu.model.config, params: allocLlamaParams(gpu.model.config) }, { precision: 'f32' });
}

/** Whether a model on the GPU can be fully fine-tuned: dense (no 4-bit bases) and f32 storage. */
export function assertFullyTrainable(gpu: GpuLlamaModel, caller: string): void {
  if (gpu.model.quantized && Object.keys(gpu.model.quantized).length > 0) {
    throw new Error(`${caller}: full fine-tuning needs dense weights; this model has 4-bit (QLoRA) bases`);
  }
  if (gpu.precision !== 'f32') throw new Error(`${caller}: full fine-tuning keeps trainable weights in f32; upload with precision 'f32'`);
}

/** Copy a GPU parameter (or gradient) arena back into CPU params of the same config. */
export async function downloadLlamaParams(dev: EngineDevice, gpu: GpuLlamaModel, into: LlamaParams): Promise<void> {
  const cfg = gpu.model.config;
  for (const name of LLAMA_PARAM_NAMES) {
    if (into[name].length === 0) continue;
    if (!isPerLayer(name)) {
      into[name].set(await readF32(dev, gpu.tensor(name)));
      continue;
    }
    const per = into[name].length / cfg.layers;
    for (let l = 0; l < cfg.layers; l++) into[name].set(await readF32(dev, gpu.tensor(`L${l}.${name}`)), l * per);
  }
}

interface GpuLayerActs {
  inp: GpuTensor; ln1: GpuTensor; rstd1: GpuTensor; q: GpuTensor; k: GpuTensor; v: GpuTensor; att: GpuTensor;
  atty: GpuTensor; mid: GpuTensor; ln2: GpuTensor; rstd2: GpuTensor; gate: GpuTensor; up: GpuTensor; h: GpuTensor;
  hidden: Partial<Record<LoraTarget, GpuTensor>>; // (BT, R) adapter bottlenecks
  dropout: Partial<Record<LoraTarget, GpuDropoutSaved>>; // when training with lora_dropout > 0
}

/** Saved GPU activations of one forward; `logits` (BT, V). Call destroy() when done with it. */
export interface GpuLlamaActivations {
  B: number; T: number;
  tokens: GpuTensor; // i32 (BT), for the embedding gradient
  positions: GpuTensor; segments: GpuTensor | null; // u32 (BT) segment ids / key mask attention used
  layers: (GpuLayerActs | LayerCheckpoint<GpuTensor>)[]; // a checkpoint per layer with gradientCheckpointing
  /** Layer l's activations, recomputed into pool buffers if checkpointed; release() returns those. */
  layer(l: number): { acts: GpuLayerActs; release(): void };
  final: GpuTensor; lnf: GpuTensor; rstdf: GpuTensor; logits: GpuTensor;
  destroy(): void;
}

/** Record the forward pass on tokens (B, T); read `logits` with readF32 (or feed the loss kernels). */
export function llamaForwardGpu(
  dev: EngineDevice, gpu: GpuLlamaModel, tokens: Int32Array, B: number, T: number,
  opts: Omit<LlamaForwardOptions, 'lora'> & { lora?: GpuLora | null } = {}
): GpuLlamaActivations {
  const cfg = gpu.model.config;
  const { hidden: C, intermediate: I, vocabSize: V, heads: NH, kvHeads: NKV, headDim: HS } = cfg;
  const BT = B * T, QD = NH * HS, KVD = NKV * HS;
  if (tokens.length !== BT) throw new Error(`llamaForwardGpu: ${tokens.length} tokens for B=${B}, T=${T}`);
  const positions = opts.positions ?? sequentialPositions(B, T);
  if (positions.length !== BT) throw new Error(`llamaForwardGpu: ${positions.length} positions for BT=${BT}`);
  const segments = attentionSegments(opts, BT, 'llamaForwardGpu');
  if (positions.some((p) => p < 0 || p >= cfg.maxSeqLen)) throw new Error(`llamaForwardGpu: positions must be in [0, ${cfg.maxSeqLen})`);
  const lora = opts.lora ?? null;
  const dropout = lora && opts.training && lora.config.dropout > 0 ? countedDropout(lora.config.dropout, opts.dropoutSeed ?? 0) : null;
  const owned: GpuTensor[] = [];
  const scope: GpuLayerScope = { owned, dropout }; // per layer when checkpointing (checkpointing.ts)
  const keep = (t: GpuTensor): GpuTensor => (scope.owned.push(t), t);
  const alloc = (n: number, label: string): GpuTensor => keep(gpu.pool.take(n, label));
  const tokensGpu = keep(gpu.pool.upload(tokens, 'tokens'));
  const positionsGpu = keep(gpu.pool.upload(positions, 'positions'));
  const segmentsGpu = segments ? keep(gpu.pool.upload(Uint32Array.from(segments), 'segments')) : null;
  const w = gpu.tensor;
  const bias = (name: string): GpuTensor | null => (cfg.attentionBias ? w(name) : null);
  const proj = alloc(BT * C, 'proj');
  const linear = (a: GpuLayerActs, l: number, t: LoraTarget, out: GpuTensor, inp: GpuTensor, b: GpuTensor | null, Cin: number, OC: number): void => {
    const dropout = scope.dropout;
    const base = gpu.base(t, l);
    const pair = lora?.pair(l, t);
    if (pair) {
      const R = lora!.config.rank;
      const hidden = (a.hidden[t] = alloc(BT * R, `hidden.${t}`));
      if (dropout) {
        const mask = keep(gpu.pool.upload(dropoutKeepMask(dropout, BT * Cin), `keep.${t}`));
        const saved = (a.dropout[t] = { keep: mask, dropped: alloc(BT * Cin, `dropped.${t}`) });
        loraDropoutLinearForward(dev, out, hidden, saved, inp, base, b, pair.A, pair.B, BT, Cin, OC, R, lora!.scale);
      } else loraMatmulForward(dev, out, hidden, inp, base, b, pair.A, pair.B, BT, Cin, OC, R, lora!.scale);
    } else if ('packed' in base) dequant4bitMatmulForward(dev, out, inp, base, b, BT, Cin, OC);
    else matmulForward(dev, out, inp, base, b, BT, Cin, OC);
  };
  const x0 = alloc(BT * C, 'x0');
  embeddingForward(dev, x0, tokensGpu, w('embed'), BT, C);
  /** One decoder layer from x (BT, C) into next (BT, C), its buffers taken through `scope`. */
  const layerForward = (l: number, x: GpuTensor, next: GpuTensor): GpuLayerActs => {
    const L = `L${l}.`;
    const a: GpuLayerActs = {
      inp: x, ln1: alloc(BT * C, 'ln1'), rstd1: alloc(BT, 'rstd1'), q: alloc(BT * QD, 'q'), k: alloc(BT * KVD, 'k'),
      v: alloc(BT * KVD, 'v'), att: alloc(B * NH * T * T, 'att'), atty: alloc(BT * QD, 'atty'), mid: alloc(BT * C, 'mid'),
      ln2: alloc(BT * C, 'ln2'), rstd2: alloc(BT, 'rstd2'), gate: alloc(BT * I, 'gate'), up: alloc(BT * I, 'up'),
      h: alloc(BT * I, 'h'), hidden: {}, dropout: {}
    };
    rmsnormForward(dev, a.ln1, a.rstd1, x, w(L + 'attnNorm'), BT, C, cfg.rmsEps);
    linear(a, l, 'q', a.q, a.ln1, bias(L + 'bq'), C, QD);
    linear(a, l, 'k', a.k, a.ln1, bias(L + 'bk'), C, KVD);
    linear(a, l, 'v', a.v, a.ln1, bias(L + 'bv'), C, KVD);
    ropeForward(dev, a.q, a.q, positionsGpu, gpu.ropeTable, BT, NH, HS);
    ropeForward(dev, a.k, a.k, positionsGpu, gpu.ropeTable, BT, NKV, HS);
    attentionForward(dev, a.atty, a.att, a.q, a.k, a.v, B, T, NH, NKV, HS, true, segmentsGpu, llamaLayerWindow(cfg, l));
    linear(a, l, 'o', proj, a.atty, null, QD, C);
    residualForward(dev, a.mid, x, proj, BT * C);
    rmsnormForward(dev, a.ln2, a.rstd2, a.mid, w(L + 'ffnNorm'), BT, C, cfg.rmsEps);
    linear(a, l, 'gate', a.gate, a.ln2, null, C, I);
    linear(a, l, 'up', a.up, a.ln2, null, C, I);
    swigluForward(dev, a.h, a.gate, a.up, BT * I);
    linear(a, l, 'down', proj, a.h, null, I, C);
    residualForward(dev, next, a.mid, proj, BT * C);
    return a;
  };
  const { layers, final: x, layer } = forwardLayersGpu(gpu.pool, scope, cfg.layers, x0, BT * C, dropout, opts.gradientCheckpointing ?? false,
    layerForward);
  const lnf = alloc(BT * C, 'lnf');
  const rstdf = alloc(BT, 'rstdf');
  const logits = alloc(BT * V, 'logits');
  rmsnormForward(dev, lnf, rstdf, x, w('finalNorm'), BT, C, cfg.rmsEps);
  matmulForward(dev, logits, lnf, cfg.tiedEmbeddings ? w('embed') : w('lmHead'), null, BT, C, V);
  return {
    B, T, tokens: tokensGpu, positions: positionsGpu, segments: segmentsGpu, layers, layer, final: x, lnf, rstdf, logits,
    destroy: () => gpu.pool.give(owned.splice(0))
  };
}

/**
 * Backpropagate dlogits (BT, V) through a saved GPU forward, in reverse order of llamaForwardGpu, into (+=) LoRA
 * gradients (`grads`, the layout of the adapters used in forward) and/or, for a full fine-tune, every parameter's
 * gradient (`paramGrads`, from allocLlamaGradsGpu). With neither, only input gradients flow (nothing is written).
 */
export function llamaBackwardGpu(
  dev: EngineDevice, gpu: GpuLlamaModel, acts: GpuLlamaActivations, dlogits: GpuTensor, lora: GpuLora | null,
  grads: GpuLora | null, paramGrads: GpuLlamaModel | null = null
): void {
  const cfg = gpu.model.config;
  const { hidden: C, intermediate: I, vocabSize: V, heads: NH, kvHeads: NKV, headDim: HS } = cfg;
  const { B, T } = acts;
  const BT = B * T, QD = NH * HS, KVD = NKV * HS, R = lora?.config.rank ?? 1;
  if (lora && !grads) throw new Error('llamaBackwardGpu: LoRA adapters need a LoRA gradient arena');
  if (paramGrads) assertFullyTrainable(gpu, 'llamaBackwardGpu');
  const g = paramGrads?.tensor;
  const owned: GpuTensor[] = [];
  const alloc = (n: number, label: string, zero = false): GpuTensor => {
    const t = gpu.pool.take(n, label, zero);
    owned.push(t);
    return t;
  };
  const w = gpu.tensor;
  const sinkC = alloc(C, 'frozen-norm-grad'); // frozen norm weights: their gradient goes nowhere
  const normGrad = (name: string): GpuTensor => (g ? g(name) : sinkC);
  const dhidden = alloc(BT * R, 'dhidden');
  const widest = BT * Math.max(C, QD, I);
  const dropScratch: [GpuTensor, GpuTensor] = [alloc(widest, 'ddropped'), alloc(widest, 'ddropped-masked')];
  const linear = (
    a: GpuLayerActs, l: number, t: LoraTarget, dinp: GpuTensor, dout: GpuTensor, inp: GpuTensor, Cin: number, OC: number, acc: boolean
  ): void => {
    const base = gpu.base(t, l);
    if (g && !('packed' in base)) {
      const bias = cfg.attentionBias && (t === 'q' || t === 'k' || t === 'v') ? g(`L${l}.b${t}`) : null;
      matmulBackward(dev, null, g(`L${l}.${WEIGHT_OF[t]}`), bias, dout, inp, base, BT, Cin, OC); // dW += dout^T·inp, db += Σ dout
    }
    const pair = lora?.pair(l, t);
    const saved = a.dropout[t];
    if (pair && saved) {
      const d = grads!.pair(l, t)!;
      loraDropoutLinearBackward(dev, dinp, d.A, d.B, dhidden, dropScratch, dout, inp, saved, a.hidden[t]!, base, pair.A, pair.B,
        BT, Cin, OC, R, lora!.scale, acc);
    } else if (pair) {
      const d = grads!.pair(l, t)!;
      loraMatmulBackward(dev, dinp, d.A, d.B, dhidden, dout, inp, a.hidden[t]!, base, pair.A, pair.B, BT, Cin, OC, R, lora!.scale, acc);
    } else if ('packed' in base) dequant4bitMatmulBackward(dev, dinp, dout, base, BT, Cin, OC, acc);
    else matmulBackward(dev, dinp, null, null, dout, inp, base, BT, Cin, OC, acc);
  };
  const dlnf = alloc(BT * C, 'dlnf');
  const head = cfg.tiedEmbeddings ? 'embed' : 'lmHead';
  matmulBackward(dev, dlnf, g ? g(head) : null, null, dlogits, acts.lnf, w(head), BT, C, V);
  const dx = alloc(BT * C, 'dx', true); // residual-stream gradient, accumulated by the norms
  rmsnormBackward(dev, dx, normGrad('finalNorm'), dlnf, acts.final, w('finalNorm'), acts.rstdf, BT, C);
  const dh = alloc(BT * I, 'dh'), dgate = alloc(BT * I, 'dgate'), dup = alloc(BT * I, 'dup');
  const dln = alloc(BT * C, 'dln'), datty = alloc(BT * QD, 'datty');
  const dq = alloc(BT * QD, 'dq'), dk = alloc(BT * KVD, 'dk'), dv = alloc(BT * KVD, 'dv');
  const dpre = alloc(B * NH * T * T, 'dpre');
  for (let l = cfg.layers - 1; l >= 0; l--) {
    const { acts: a, release } = acts.layer(l);
    const L = `L${l}.`;
    linear(a, l, 'down', dh, dx, a.h, I, C, false);
    swigluBackward(dev, dgate, dup, dh, a.gate, a.up, BT * I);
    linear(a, l, 'gate', dln, dgate, a.ln2, C, I, false);
    linear(a, l, 'up', dln, dup, a.ln2, C, I, true);
    rmsnormBackward(dev, dx, normGrad(L + 'ffnNorm'), dln, a.mid, w(L + 'ffnNorm'), a.rstd2, BT, C); // dx is now d(mid)
    linear(a, l, 'o', datty, dx, a.atty, QD, C, false);
    attentionBackward(dev, dq, dk, dv, dpre, datty, a.q, a.k, a.v, a.att, B, T, NH, NKV, HS);
    ropeBackward(dev, dq, dq, acts.positions, gpu.ropeTable, BT, NH, HS);
    ropeBackward(dev, dk, dk, acts.positions, gpu.ropeTable, BT, NKV, HS);
    linear(a, l, 'q', dln, dq, a.ln1, C, QD, false);
    linear(a, l, 'k', dln, dk, a.ln1, C, KVD, true);
    linear(a, l, 'v', dln, dv, a.ln1, C, KVD, true);
    rmsnormBackward(dev, dx, normGrad(L + 'attnNorm'), dln, a.inp, w(L + 'attnNorm'), a.rstd1, BT, C); // dx is now d(inp)
    release();
  }
  if (g) embeddingBackward(dev, g('embed'), dx, acts.tokens, BT, C); // tied: adds to the lm head's share
  gpu.pool.give(owned);
}
