/**
 * Token-by-token decoding of a Llama-family model with a KV cache, on the same CPU reference ops as
 * models/llama.ts llamaForward (rmsnorm, linear, RoPE, SwiGLU, lm head; GQA and sliding windows as
 * attentionVisible), so a prompt of T tokens costs O(T²·HS) once instead of once per generated token.
 * The logits at every position equal llamaForward's (tests/eval/kv-decode.test.ts).
 *
 * Non-goals: batching, LoRA adapters (eval runs merged weights), training. No Node APIs.
 * Shape legend: C = hidden, I = intermediate, V = vocab, NH/NKV = heads, HS = head dim, QD = NH*HS, KVD = NKV*HS.
 */
import { embeddingForward, residualForward, rmsnormForward, ropeForward, swigluForward } from '../engine/reference/index';
import { linearForward } from '../models/linear';
import type { LlamaModel } from '../models/llama';
import { llamaLayerWindow, llamaRopeInvFreq, lmHeadWeight } from '../models/llama-params';
import type { LoraTarget } from '../models/lora';

/** A decoding session: feed tokens one at a time, get the next-token logits (V) after each. */
export interface KvDecoder {
  /** Append `token` at the next position; returns the logits for the token after it. */
  step(token: number): Float32Array;
  readonly length: number;
}

/** A fresh KV-cached decoder for `model` holding up to `capacity` tokens. */
export function kvDecoder(model: LlamaModel, capacity: number): KvDecoder {
  const cfg = model.config, p = model.params;
  const { hidden: C, intermediate: I, vocabSize: V, heads: NH, kvHeads: NKV, headDim: HS, layers: L } = cfg;
  const QD = NH * HS, KVD = NKV * HS, group = NH / NKV, scale = 1 / Math.sqrt(HS);
  const invFreq = llamaRopeInvFreq(cfg);
  const kCache = Array.from({ length: L }, () => new Float32Array(capacity * KVD));
  const vCache = Array.from({ length: L }, () => new Float32Array(capacity * KVD));
  /** Layer l's base weight of a linear: the 4-bit one when the model has it (QLoRA), else the dense slice. */
  const weight = (target: LoraTarget, a: Float32Array, n: number, l: number) => model.quantized?.[target]?.[l] ?? a.subarray(l * n, (l + 1) * n);
  const bias = (a: Float32Array, n: number, l: number) => (cfg.attentionBias ? a.subarray(l * n, (l + 1) * n) : null);
  const x = new Float32Array(C), ln = new Float32Array(C), rstd = new Float32Array(1);
  const q = new Float32Array(QD), k = new Float32Array(KVD), v = new Float32Array(KVD), atty = new Float32Array(QD);
  const proj = new Float32Array(C), gate = new Float32Array(I), up = new Float32Array(I), h = new Float32Array(I);
  const scores = new Float64Array(capacity);
  let length = 0;
  return {
    get length() {
      return length;
    },
    step(token) {
      if (length >= capacity) throw new Error(`kvDecoder: the cache holds ${capacity} tokens`);
      const pos = length++;
      const positions = Int32Array.of(pos);
      embeddingForward(x, Int32Array.of(token), p.embed, 1, C);
      for (let l = 0; l < L; l++) {
        rmsnormForward(ln, rstd, x, p.attnNorm.subarray(l * C, (l + 1) * C), 1, C, cfg.rmsEps);
        linearForward(q, {}, ln, weight('q', p.wq, QD * C, l), bias(p.bq, QD, l), undefined, 0, 1, C, QD, null);
        linearForward(k, {}, ln, weight('k', p.wk, KVD * C, l), bias(p.bk, KVD, l), undefined, 0, 1, C, KVD, null);
        linearForward(v, {}, ln, weight('v', p.wv, KVD * C, l), bias(p.bv, KVD, l), undefined, 0, 1, C, KVD, null);
        ropeForward(q, q, positions, 1, NH, HS, invFreq);
        ropeForward(k, k, positions, 1, NKV, HS, invFreq);
        kCache[l].set(k, pos * KVD);
        vCache[l].set(v, pos * KVD);
        const window = llamaLayerWindow(cfg, l);
        const first = window > 0 ? Math.max(0, pos - window + 1) : 0;
        for (let hh = 0; hh < NH; hh++) {
          const kvh = Math.floor(hh / group);
          let max = -Infinity;
          for (let t = first; t <= pos; t++) {
            let dot = 0;
            for (let d = 0; d < HS; d++) dot += q[hh * HS + d] * kCache[l][t * KVD + kvh * HS + d];
            scores[t] = dot * scale;
            if (scores[t] > max) max = scores[t];
          }
          let sum = 0;
          for (let t = first; t <= pos; t++) sum += scores[t] = Math.exp(scores[t] - max);
          for (let d = 0; d < HS; d++) {
            let acc = 0;
            for (let t = first; t <= pos; t++) acc += (scores[t] / sum) * vCache[l][t * KVD + kvh * HS + d];
            atty[hh * HS + d] = acc;
          }
        }
        linearForward(proj, {}, atty, weight('o', p.wo, C * QD, l), null, undefined, 0, 1, QD, C, null);
        residualForward(x, x, proj, C);
        rmsnormForward(ln, rstd, x, p.ffnNorm.subarray(l * C, (l + 1) * C), 1, C, cfg.rmsEps);
        linearForward(gate, {}, ln, weight('gate', p.wGate, I * C, l), null, undefined, 0, 1, C, I, null);
        linearForward(up, {}, ln, weight('up', p.wUp, I * C, l), null, undefined, 0, 1, C, I, null);
        swigluForward(h, gate, up, I);
        linearForward(proj, {}, h, weight('down', p.wDown, C * I, l), null, undefined, 0, 1, I, C, null);
        residualForward(x, x, proj, C);
      }
      rmsnormForward(ln, rstd, x, p.finalNorm, 1, C, cfg.rmsEps);
      const logits = new Float32Array(V);
      linearForward(logits, {}, ln, lmHeadWeight(cfg, p), null, undefined, 0, 1, C, V, null);
      return logits;
    }
  };
}
