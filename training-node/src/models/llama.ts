/**
 * Llama-family decoder on the CPU reference ops: forward (logits) and backward (gradients for the base
 * params and/or LoRA adapters), llm.c style — each layer a fixed sequence of *Forward calls, backward in
 * exactly the reverse order, activations saved in a `LlamaActivations` allocated for one (B, T).
 *
 * Layer l: x → rmsnorm → q,k,v (+bias for Qwen2) → RoPE(q,k) → GQA causal attention → o → +x
 *          → rmsnorm → gate,up → SwiGLU → down → +residual. Then final rmsnorm and lm_head (tied or not).
 * Attention mask: causal, plus the layer's sliding window (llamaLayerWindow) and optional per-token segment ids
 * (packed rows: each example attends only within itself; pass positions restarting at 0 per example too).
 * Activation checkpointing (`gradientCheckpointing`, checkpointing.ts): forward keeps only each layer's input
 * (the residual stream) and backward recomputes that layer's activations just before its backward, with the
 * same LoRA dropout masks (the counted dropout stream restarts at the layer's first draw), so gradients are
 * bitwise unchanged while saved activations drop from L layers to L inputs (+ one layer during backward).
 * The products (linears, attention) run on model.cpuOps: the float64 reference by default, or the fast
 * WebAssembly SIMD ops (engine/cpu-fast), which agree within float32 rounding; the other ops are the reference.
 * Non-goals: KV-cache incremental decoding (generation recomputes the prefix), the GPU path (kernels/
 * dispatchers mirror these calls). No Node APIs.
 *
 * Shape legend: B = batch, T = time, BT = B*T, C = hidden, I = intermediate, V = vocab, NH/NKV = heads,
 * HS = head dim, QD = NH*HS, KVD = NKV*HS, L = layers.
 */
import {
  type BaseWeight, crossEntropyBackward, crossEntropyForward, countTargets,
  embeddingBackward, embeddingForward, residualForward, rmsnormBackward, rmsnormForward, ropeBackward, ropeForward,
  type SegmentIds, swigluBackward, swigluForward
} from '../engine/reference/index';
import { type CpuOps, REFERENCE_CPU_OPS } from '../engine/cpu-fast/ops';
import { forwardLayers, type LayerCheckpoint } from './checkpointing';
import { countedDropout, linearBackward, linearForward, type LinearSaved, type LoraDropout } from './linear';
import { type LlamaConfig, llamaLayerWindow, type LlamaParams, llamaRopeInvFreq, lmHeadWeight } from './llama-params';
import type { LoraAdapters, LoraTarget } from './lora';
import type { StepBuffers } from './step-buffers';

/** Per-layer views of the parameter arena (llm.c pointer arithmetic, done once). */
interface LayerWeights {
  attnNorm: Float32Array; wq: BaseWeight; bq: Float32Array | null; wk: BaseWeight; bk: Float32Array | null;
  wv: BaseWeight; bv: Float32Array | null; wo: BaseWeight; ffnNorm: Float32Array;
  wGate: BaseWeight; wUp: BaseWeight; wDown: BaseWeight;
}

/** A model: config, f32 params, optionally 4-bit bases that replace the dense per-layer linears (QLoRA). */
export interface LlamaModel {
  config: LlamaConfig;
  params: LlamaParams;
  quantized?: Partial<Record<LoraTarget, BaseWeight[]>>; // [target][layer]
  cpuOps?: CpuOps; // linear-layer and attention products (default the float64 reference; engine/cpu-fast: fast path)
}

/** Saved activations of one layer (all (BT, ·) unless noted). */
interface LayerActivations {
  inp: Float32Array; // (BT, C) residual stream entering the layer
  ln1: Float32Array; rstd1: Float32Array; // (BT, C), (BT)
  q: Float32Array; k: Float32Array; v: Float32Array; // (BT, QD), (BT, KVD), (BT, KVD); q,k after RoPE
  att: Float32Array; // (B, NH, T, T)
  atty: Float32Array; // (BT, QD)
  mid: Float32Array; // (BT, C) residual after attention
  ln2: Float32Array; rstd2: Float32Array;
  gate: Float32Array; up: Float32Array; h: Float32Array; // (BT, I)
  lin: Partial<Record<LoraTarget, LinearSaved>>;
}

/** Everything forward computed for one batch; `logits` is (BT, V). */
export interface LlamaActivations {
  B: number; T: number;
  tokens: Int32Array; positions: Int32Array; segments: SegmentIds | null; // what attention was masked with
  layers: (LayerActivations | LayerCheckpoint<Float32Array>)[]; // a checkpoint per layer with gradientCheckpointing
  /** Layer l's activations: saved, or recomputed from its checkpoint (identical values and dropout masks). */
  layer(l: number): LayerActivations;
  final: Float32Array; // (BT, C) residual after the last layer
  lnf: Float32Array; rstdf: Float32Array;
  logits: Float32Array; // (BT, V)
  buffers?: StepBuffers | null; // where backward takes its temporaries (forward's opts.buffers)
}

/** Options of one forward call. */
export interface LlamaForwardOptions {
  positions?: Int32Array; // (BT) default t within each sequence; packed rows restart at 0 per example
  keyMask?: Uint8Array | null; // (BT) 1 = real token, 0 = padding
  segments?: SegmentIds | null; // (BT) packed rows: example ids, 0 = padding (replaces keyMask; a 0/1 mask is valid)
  lora?: LoraAdapters | null;
  training?: boolean; // enables LoRA dropout
  dropoutSeed?: number;
  gradientCheckpointing?: boolean; // keep only layer inputs; backward recomputes each layer
  /** Reuse these arrays (reset now) for forward's activations and the following backward's temporaries (step-buffers.ts). */
  buffers?: StepBuffers | null;
}

function layerWeights(model: LlamaModel, l: number): LayerWeights {
  const cfg = model.config;
  const p = model.params;
  const C = cfg.hidden, I = cfg.intermediate;
  const QD = cfg.heads * cfg.headDim, KVD = cfg.kvHeads * cfg.headDim;
  const slice = (a: Float32Array, n: number): Float32Array => a.subarray(l * n, (l + 1) * n);
  const base = (target: LoraTarget, a: Float32Array, n: number): BaseWeight => model.quantized?.[target]?.[l] ?? slice(a, n);
  return {
    attnNorm: slice(p.attnNorm, C),
    wq: base('q', p.wq, QD * C), bq: cfg.attentionBias ? slice(p.bq, QD) : null,
    wk: base('k', p.wk, KVD * C), bk: cfg.attentionBias ? slice(p.bk, KVD) : null,
    wv: base('v', p.wv, KVD * C), bv: cfg.attentionBias ? slice(p.bv, KVD) : null,
    wo: base('o', p.wo, C * QD),
    ffnNorm: slice(p.ffnNorm, C),
    wGate: base('gate', p.wGate, I * C), wUp: base('up', p.wUp, I * C), wDown: base('down', p.wDown, C * I)
  };
}

/** Default positions: 0..T-1 in every sequence. */
export function sequentialPositions(B: number, T: number): Int32Array {
  const positions = new Int32Array(B * T);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) positions[b * T + t] = t;
  return positions;
}

/** The segment ids attention uses: opts.segments or opts.keyMask (not both), checked to be (BT) long. */
export function attentionSegments(
  opts: { keyMask?: Uint8Array | null; segments?: SegmentIds | null }, BT: number, caller: string
): SegmentIds | null {
  if (opts.keyMask && opts.segments) throw new Error(`${caller}: pass keyMask or segments, not both`);
  const segments = opts.segments ?? opts.keyMask ?? null;
  if (segments && segments.length !== BT) throw new Error(`${caller}: ${segments.length} segment ids for BT=${BT}`);
  return segments;
}

/** Run the decoder on tokens (B, T); returns the saved activations including logits (BT, V). */
export function llamaForward(model: LlamaModel, tokens: Int32Array, B: number, T: number, opts: LlamaForwardOptions = {}): LlamaActivations {
  const cfg = model.config;
  const { hidden: C, intermediate: I, vocabSize: V, heads: NH, kvHeads: NKV, headDim: HS } = cfg;
  const BT = B * T, QD = NH * HS, KVD = NKV * HS;
  if (tokens.length !== BT) throw new Error(`llamaForward: ${tokens.length} tokens for B=${B}, T=${T}`);
  const positions = opts.positions ?? sequentialPositions(B, T);
  if (positions.length !== BT) throw new Error(`llamaForward: ${positions.length} positions for BT=${BT}`);
  const segments = attentionSegments(opts, BT, 'llamaForward');
  const lora = opts.lora ?? null;
  const dropout = lora && opts.training && lora.config.dropout > 0 ? countedDropout(lora.config.dropout, opts.dropoutSeed ?? 0) : null;
  const scale = lora?.scale ?? 0;
  const ops = model.cpuOps ?? REFERENCE_CPU_OPS;
  const buffers = opts.buffers ?? null;
  buffers?.reset();
  const alloc = (n: number): Float32Array => (buffers ? buffers.take(n) : new Float32Array(n));
  const normForward = ops.rmsnormForward ?? rmsnormForward;
  const x0 = alloc(BT * C);
  embeddingForward(x0, tokens, model.params.embed, BT, C);
  const invFreq = llamaRopeInvFreq(cfg);
  /** One decoder layer on input x (BT, C): its saved activations and its output (BT, C). */
  const layerForward = (l: number, x: Float32Array, dropout: LoraDropout | null): [LayerActivations, Float32Array] => {
    const w = layerWeights(model, l);
    const ad = lora?.layers[l] ?? {};
    const a: LayerActivations = {
      inp: x, ln1: alloc(BT * C), rstd1: alloc(BT),
      q: alloc(BT * QD), k: alloc(BT * KVD), v: alloc(BT * KVD),
      att: alloc(B * NH * T * T), atty: alloc(BT * QD), mid: alloc(BT * C),
      ln2: alloc(BT * C), rstd2: alloc(BT),
      gate: alloc(BT * I), up: alloc(BT * I), h: alloc(BT * I), lin: {}
    };
    const saved = (t: LoraTarget): LinearSaved => (a.lin[t] ??= {});
    normForward(a.ln1, a.rstd1, x, w.attnNorm, BT, C, cfg.rmsEps);
    linearForward(a.q, saved('q'), a.ln1, w.wq, w.bq, ad.q, scale, BT, C, QD, dropout, ops);
    linearForward(a.k, saved('k'), a.ln1, w.wk, w.bk, ad.k, scale, BT, C, KVD, dropout, ops);
    linearForward(a.v, saved('v'), a.ln1, w.wv, w.bv, ad.v, scale, BT, C, KVD, dropout, ops);
    ropeForward(a.q, a.q, positions, BT, NH, HS, invFreq);
    ropeForward(a.k, a.k, positions, BT, NKV, HS, invFreq);
    ops.attentionForward(a.atty, a.att, a.q, a.k, a.v, B, T, NH, NKV, HS, true, segments, llamaLayerWindow(cfg, l));
    const attnOut = alloc(BT * C);
    linearForward(attnOut, saved('o'), a.atty, w.wo, null, ad.o, scale, BT, QD, C, dropout, ops);
    residualForward(a.mid, x, attnOut, BT * C);
    normForward(a.ln2, a.rstd2, a.mid, w.ffnNorm, BT, C, cfg.rmsEps);
    linearForward(a.gate, saved('gate'), a.ln2, w.wGate, null, ad.gate, scale, BT, C, I, dropout, ops);
    linearForward(a.up, saved('up'), a.ln2, w.wUp, null, ad.up, scale, BT, C, I, dropout, ops);
    (ops.swigluForward ?? swigluForward)(a.h, a.gate, a.up, BT * I);
    const mlpOut = alloc(BT * C);
    linearForward(mlpOut, saved('down'), a.h, w.wDown, null, ad.down, scale, BT, I, C, dropout, ops);
    const next = alloc(BT * C);
    residualForward(next, a.mid, mlpOut, BT * C);
    return [a, next];
  };
  const { layers, final: x, layer } = forwardLayers(cfg.layers, x0, dropout, opts.gradientCheckpointing ?? false, layerForward);
  const lnf = alloc(BT * C);
  const rstdf = alloc(BT);
  normForward(lnf, rstdf, x, model.params.finalNorm, BT, C, cfg.rmsEps);
  const logits = alloc(BT * V);
  linearForward(logits, {}, lnf, lmHeadWeight(cfg, model.params), null, undefined, 0, BT, C, V, null, ops);
  return { B, T, tokens, positions, segments, layers, layer, final: x, lnf, rstdf, logits, buffers };
}

/** Where backward writes gradients; either may be null (frozen). Both accumulate (+=). */
export interface LlamaGradients {
  params?: LlamaParams | null; // same layout as model.params (full fine-tune)
  lora?: LoraAdapters | null; // same layout as the adapters passed to forward
}

/** Backpropagate dlogits (BT, V) through the saved forward, in exactly the reverse order. */
export function llamaBackward(
  model: LlamaModel, acts: LlamaActivations, dlogits: Float32Array, grads: LlamaGradients, lora: LoraAdapters | null = null
): void {
  const cfg = model.config;
  const { hidden: C, intermediate: I, vocabSize: V, heads: NH, kvHeads: NKV, headDim: HS } = cfg;
  const { B, T } = acts;
  const BT = B * T, QD = NH * HS, KVD = NKV * HS;
  const gp = grads.params ?? null;
  const scale = lora?.scale ?? 0;
  const ops = model.cpuOps ?? REFERENCE_CPU_OPS;
  const take = (n: number, zero = false): Float32Array => (acts.buffers ? acts.buffers.take(n, zero) : new Float32Array(n));
  /** RMSNorm backward; dweight null = frozen norm weights (the fast ops then skip that sum). */
  const normBackward = (dinp: Float32Array, dweight: Float32Array | null, dout: Float32Array, inp: Float32Array, weight: Float32Array, rstd: Float32Array): void => {
    if (ops.rmsnormBackward) ops.rmsnormBackward(dinp, dweight, dout, inp, weight, rstd, BT, C);
    else rmsnormBackward(dinp, dweight ?? new Float32Array(C), dout, inp, weight, rstd, BT, C);
  };
  const dlnf = take(BT * C);
  const lmGrad = gp ? (cfg.tiedEmbeddings ? gp.embed : gp.lmHead) : null;
  linearBackward(dlnf, lmGrad, null, undefined, dlogits, acts.lnf, {}, lmHeadWeight(cfg, model.params), undefined, 0, BT, C, V, false, ops);
  let dx = take(BT * C, true); // gradient of the residual stream (accumulated)
  const invFreq = llamaRopeInvFreq(cfg);
  normBackward(dx, gp ? gp.finalNorm : null, dlnf, acts.final, model.params.finalNorm, acts.rstdf);
  for (let l = cfg.layers - 1; l >= 0; l--) {
    const a = acts.layer(l);
    const w = layerWeights(model, l);
    const ad = lora?.layers[l] ?? {};
    const dad = grads.lora?.layers[l] ?? {};
    const g = gp ? layerGradViews(cfg, gp, l) : null;
    // MLP block: next = mid + down(swiglu(gate(ln2), up(ln2)))
    const dmid = dx; // residual: d(mid) starts as d(next), norms add their share
    const dh = take(BT * I);
    linearBackward(dh, g?.wDown ?? null, null, dad.down, dx, a.h, a.lin.down ?? {}, w.wDown, ad.down, scale, BT, I, C, false, ops);
    const dgate = take(BT * I);
    const dup = take(BT * I);
    (ops.swigluBackward ?? swigluBackward)(dgate, dup, dh, a.gate, a.up, BT * I);
    const dln2 = take(BT * C);
    linearBackward(dln2, g?.wGate ?? null, null, dad.gate, dgate, a.ln2, a.lin.gate ?? {}, w.wGate, ad.gate, scale, BT, C, I, false, ops);
    linearBackward(dln2, g?.wUp ?? null, null, dad.up, dup, a.ln2, a.lin.up ?? {}, w.wUp, ad.up, scale, BT, C, I, true, ops);
    normBackward(dmid, g?.ffnNorm ?? null, dln2, a.mid, w.ffnNorm, a.rstd2);
    // Attention block: mid = inp + o(attention(rope(q(ln1)), rope(k(ln1)), v(ln1)))
    const datty = take(BT * QD);
    linearBackward(datty, g?.wo ?? null, null, dad.o, dmid, a.atty, a.lin.o ?? {}, w.wo, ad.o, scale, BT, QD, C, false, ops);
    const dq = take(BT * QD);
    const dk = take(BT * KVD);
    const dv = take(BT * KVD);
    ops.attentionBackward(dq, dk, dv, datty, a.q, a.k, a.v, a.att, B, T, NH, NKV, HS);
    ropeBackward(dq, dq, acts.positions, BT, NH, HS, invFreq);
    ropeBackward(dk, dk, acts.positions, BT, NKV, HS, invFreq);
    const dln1 = take(BT * C);
    linearBackward(dln1, g?.wq ?? null, g?.bq ?? null, dad.q, dq, a.ln1, a.lin.q ?? {}, w.wq, ad.q, scale, BT, C, QD, false, ops);
    linearBackward(dln1, g?.wk ?? null, g?.bk ?? null, dad.k, dk, a.ln1, a.lin.k ?? {}, w.wk, ad.k, scale, BT, C, KVD, true, ops);
    linearBackward(dln1, g?.wv ?? null, g?.bv ?? null, dad.v, dv, a.ln1, a.lin.v ?? {}, w.wv, ad.v, scale, BT, C, KVD, true, ops);
    const dinp = dmid; // d(inp) = d(mid) (residual) + rmsnorm share
    normBackward(dinp, g?.attnNorm ?? null, dln1, a.inp, w.attnNorm, a.rstd1);
    dx = dinp;
  }
  if (gp) embeddingBackward(gp.embed, dx, acts.tokens, BT, C);
}

function layerGradViews(cfg: LlamaConfig, gp: LlamaParams, l: number): Record<string, Float32Array | null> {
  const C = cfg.hidden, I = cfg.intermediate;
  const QD = cfg.heads * cfg.headDim, KVD = cfg.kvHeads * cfg.headDim;
  const slice = (a: Float32Array, n: number): Float32Array => a.subarray(l * n, (l + 1) * n);
  return {
    attnNorm: slice(gp.attnNorm, C), ffnNorm: slice(gp.ffnNorm, C),
    wq: slice(gp.wq, QD * C), bq: cfg.attentionBias ? slice(gp.bq, QD) : null,
    wk: slice(gp.wk, KVD * C), bk: cfg.attentionBias ? slice(gp.bk, KVD) : null,
    wv: slice(gp.wv, KVD * C), bv: cfg.attentionBias ? slice(gp.bv, KVD) : null,
    wo: slice(gp.wo, C * QD), wGate: slice(gp.wGate, I * C), wUp: slice(gp.wUp, I * C), wDown: slice(gp.wDown, C * I)
  };
}

/** Mean next-token cross-entropy over non-ignored targets (BT) and its dlogits (BT, V); fused on the fast CPU ops. */
export function causalLmLoss(
  logits: Float32Array, targets: Int32Array, BT: number, V: number, ops: CpuOps = REFERENCE_CPU_OPS
): { loss: number; dlogits: Float32Array } {
  if (ops.causalLmLoss) return ops.causalLmLoss(logits, targets, BT, V);
  const losses = new Float32Array(BT);
  const probs = new Float32Array(BT * V);
  crossEntropyForward(losses, probs, logits, targets, BT, V);
  const n = Math.max(countTargets(targets, BT), 1);
  let sum = 0;
  for (let i = 0; i < BT; i++) sum += losses[i];
  const dlogits = new Float32Array(BT * V);
  crossEntropyBackward(dlogits, 1 / n, probs, targets, BT, V);
  return { loss: sum / n, dlogits };
}
