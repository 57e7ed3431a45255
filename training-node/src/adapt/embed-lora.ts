/**
 * LoRA of an installed embedding model (a BERT sentence encoder) on a recruiter's own select/reject decisions,
 * run where the decisions are: in the browser's refit worker on `navigator.gpu` (the engine's WGSL kernels,
 * models/bert-gpu.ts), or on the CPU reference ops (models/bert.ts) when there is no adapter. Node tests and the
 * bench use the same code on Dawn or the CPU.
 *
 * A candidate's score for a job is the best cosine between the job text and one of its masked text chunks (the
 * semantic signal's max-sim). Decisions split into train / held-out by candidate (core/refit splitDecisions: the
 * same split as the ranker re-fit). Training minimises a pairwise logistic loss over (selected, rejected) pairs of
 * one job per step, softplus(s·(score_rej − score_sel)), on LoRA query/value adapters of a frozen encoder (AdamW on
 * the CPU: the adapters are small). Agreement = pooled per-job AUC of selected over rejected, before (the base
 * model, a fresh adapter is exactly zero) and after.
 *
 * Non-goals: reading decisions from storage, tokenizer loading (a TextTokenizer comes in), export (export.ts).
 * No DOM, no Node APIs. Shape legend: C = hidden, n = texts of one step (1 job + chunks), P = pairs.
 */
import { splitDecisions } from '../../../src/lib/core/refit/refit';
import { readF32 } from '../engine/buffers';
import type { EngineDevice } from '../engine/device';
import { adamwStep, clipGradNorm } from '../engine/optim/adamw';
import { seededRandom } from '../data/random';
import { bertBackward, bertForward, type BertConfig, type BertParams } from '../models/bert';
import { bertBackwardGpu, bertForwardGpu, uploadBertParams } from '../models/bert-gpu';
import { allocBertLoraAdapters, type BertLoraTarget, type LoraAdapters } from '../models/lora';
import { downloadLoraAdapters, uploadLoraAdapters } from '../models/lora-gpu';
import { cachedTokenizer, padTexts, type PaddedTexts, type TextTokenizer } from '../train/matcher';
import { writeLora } from '../train/matcher-gpu';

/** One decided candidate: masked text chunks only. `key` (the resume's SHA-256) orders the held-out split. */
export interface AdaptDecision {
  key: string;
  jobId: string;
  selected: boolean;
  chunks: string[];
}

export interface EmbedLoraOptions {
  rank: number;
  alpha: number;
  targets: BertLoraTarget[];
  steps: number;
  lr: number;
  /** Selected and rejected candidates drawn per step (each side). */
  perSide: number;
  /** Chunks of a candidate the loss sees (its first ones). */
  maxChunks: number;
  /** Tokens per text (truncated, keeping the final [SEP]). */
  seqLen: number;
  /** Logit scale on cosine differences. */
  scale: number;
  seed: number;
}

export const DEFAULT_EMBED_LORA: EmbedLoraOptions = {
  rank: 8, alpha: 16, targets: ['query', 'value'], steps: 40, lr: 2e-3, perSide: 4, maxChunks: 3, seqLen: 128, scale: 20, seed: 1
};

export interface AdaptAgreement {
  /** Share of (selected, rejected) pairs of the same job ordered right by max-sim cosine; 0.5 is chance. */
  auc: number;
  pairs: number;
}

export type AdaptProgress =
  | { phase: 'before' | 'after' }
  | { phase: 'train'; step: number; steps: number; loss: number };

export interface EmbedLoraReport {
  before: AdaptAgreement;
  after: AdaptAgreement;
  /** Loss of every step. */
  losses: number[];
  lora: LoraAdapters<BertLoraTarget>;
  options: EmbedLoraOptions;
  device: string;
  ms: number;
  train: { selected: number; rejected: number };
  heldOut: { selected: number; rejected: number };
}

export interface EmbedLoraInput {
  config: BertConfig;
  params: BertParams;
  tokenize: TextTokenizer;
  /** Job id → the job text the candidates are compared with. */
  jobs: Record<string, string>;
  decisions: AdaptDecision[];
  options?: Partial<EmbedLoraOptions>;
  /** A WebGPU engine device; null/absent: the CPU reference path. */
  device?: EngineDevice | null;
  signal?: AbortSignal;
  onProgress?: (p: AdaptProgress) => void;
}

/** Fewest selected and rejected candidates (in jobs with both) the LoRA learns from. */
export const MIN_ADAPT_PER_CLASS = 6;

/** One forward of the adapted encoder: its (n, C) embeddings and a backward that adds adapter gradients. */
interface Pass {
  embeddings: Float32Array;
  backward(d: Float32Array): Promise<void>;
  release(): void;
}

/** Where the encoder runs: the GPU (adapters mirrored there) or the CPU reference. */
interface Backend {
  label: string;
  forward(b: PaddedTexts): Promise<Pass>;
  /** Zero the adapter gradients before a step; `gradients()` reads them after. */
  clear(): void;
  gradients(): Promise<Float32Array>;
  /** Push the updated CPU adapters to where the encoder runs. */
  sync(): void;
  destroy(): void;
}

function cpuBackend(cfg: BertConfig, params: BertParams, lora: LoraAdapters<BertLoraTarget>): Backend {
  const grads = allocBertLoraAdapters(cfg, lora.config, 0, true);
  return {
    label: 'cpu',
    async forward(b) {
      const acts = bertForward(cfg, params, b.tokens, b.mask, b.B, b.T, { lora });
      return { embeddings: acts.embeddings, backward: async (d) => bertBackward(cfg, params, acts, d, { params: null, lora: grads }, lora), release: () => undefined };
    },
    clear: () => grads.arena.fill(0),
    gradients: async () => grads.arena,
    sync: () => undefined,
    destroy: () => undefined
  };
}

function gpuBackend(dev: EngineDevice, cfg: BertConfig, params: BertParams, lora: LoraAdapters<BertLoraTarget>): Backend {
  const gpu = uploadBertParams(dev, cfg, params, 'adapt-base', 'f32');
  const gpuLora = uploadLoraAdapters(dev, lora, 'adapt-lora');
  const cpuGrads = allocBertLoraAdapters(cfg, lora.config, 0, true);
  const gpuGrads = uploadLoraAdapters(dev, cpuGrads, 'adapt-lora-grads');
  return {
    label: `webgpu (${dev.adapterDescription})`,
    async forward(b) {
      const acts = bertForwardGpu(dev, gpu, b.tokens, b.mask, b.B, b.T, { lora: gpuLora });
      const embeddings = await readF32(dev, acts.embeddings);
      return {
        embeddings,
        async backward(d) {
          const dEmb = gpu.pool.upload(d, 'dembeddings');
          bertBackwardGpu(dev, gpu, acts, dEmb, { lora: gpuGrads }, gpuLora);
          gpu.pool.give([dEmb]);
        },
        release: () => acts.destroy()
      };
    },
    clear: () => dev.clear({ buffer: gpuGrads.arena.buffer, offset: 0, length: gpuGrads.arena.bytes / 4 }),
    async gradients() {
      await downloadLoraAdapters(dev, gpuGrads, cpuGrads);
      return cpuGrads.arena;
    },
    sync: () => writeLora(dev, gpuLora, lora),
    destroy() {
      gpu.destroy();
      gpuLora.arena.destroy();
      gpuGrads.arena.destroy();
    }
  };
}

function dot(a: Float32Array, i: number, b: Float32Array, j: number, C: number): number {
  let s = 0;
  for (let c = 0; c < C; c++) s += a[i * C + c] * b[j * C + c];
  return s;
}

/** Pooled per-job AUC of selected over rejected scores (ties count half). */
export function pairwiseAgreement(scored: { jobId: string; selected: boolean; score: number }[]): AdaptAgreement {
  const byJob = new Map<string, { sel: number[]; rej: number[] }>();
  for (const s of scored) {
    const cell = byJob.get(s.jobId) ?? byJob.set(s.jobId, { sel: [], rej: [] }).get(s.jobId)!;
    (s.selected ? cell.sel : cell.rej).push(s.score);
  }
  let right = 0, pairs = 0;
  for (const { sel, rej } of byJob.values()) for (const a of sel) for (const b of rej) (right += a > b ? 1 : a === b ? 0.5 : 0), pairs++;
  return { auc: pairs ? right / pairs : 0.5, pairs };
}

/** Decisions in jobs that have both a selected and a rejected one, with at least one chunk and a job text. */
function pairable(decisions: AdaptDecision[], jobs: Record<string, string>): AdaptDecision[] {
  const ok = decisions.filter((d) => d.chunks.length > 0 && typeof jobs[d.jobId] === 'string');
  const has = new Map<string, number>();
  for (const d of ok) has.set(d.jobId, (has.get(d.jobId) ?? 0) | (d.selected ? 1 : 2));
  return ok.filter((d) => has.get(d.jobId) === 3);
}

const count = (ds: AdaptDecision[], selected: boolean): number => ds.filter((d) => d.selected === selected).length;

/** Max-sim score of every decision against its job, in batches (no gradients). */
async function scoreAll(backend: Backend, tokenize: TextTokenizer, jobs: Record<string, string>, ds: AdaptDecision[], maxChunks: number, C: number) {
  const texts: string[] = [];
  const index = new Map<string, number>();
  const add = (t: string): number => index.get(t) ?? (index.set(t, texts.length), texts.push(t), texts.length - 1);
  const rows = ds.map((d) => ({ d, job: add(jobs[d.jobId]), chunks: d.chunks.slice(0, maxChunks).map(add) }));
  const vectors = new Float32Array(texts.length * C);
  for (let i = 0; i < texts.length; i += 16) {
    const pass = await backend.forward(padTexts(texts.slice(i, i + 16).map(tokenize)));
    vectors.set(pass.embeddings, i * C);
    pass.release();
  }
  return rows.map(({ d, job, chunks }) => ({ jobId: d.jobId, selected: d.selected, score: Math.max(...chunks.map((c) => dot(vectors, job, vectors, c, C))) }));
}

/**
 * Trains the LoRA and reports held-out agreement before and after. Throws a clear Error when there are too few
 * decisions, and the signal's AbortError when cancelled (checked between steps).
 */
export async function trainEmbedLora(input: EmbedLoraInput): Promise<EmbedLoraReport> {
  const t0 = performance.now();
  const o: EmbedLoraOptions = { ...DEFAULT_EMBED_LORA, ...input.options };
  const { config: cfg, params, jobs } = input;
  const C = cfg.hidden;
  const usable = pairable(input.decisions, jobs);
  const [sel, rej] = [count(usable, true), count(usable, false)];
  if (sel < MIN_ADAPT_PER_CLASS || rej < MIN_ADAPT_PER_CLASS) {
    throw new Error(`Adapting the embedding model needs at least ${MIN_ADAPT_PER_CLASS} selected and ${MIN_ADAPT_PER_CLASS} rejected candidates with text in jobs that have both; there are ${sel} and ${rej}.`);
  }
  const { train, heldOut } = splitDecisions(usable);
  const tokenize = cachedTokenizer(input.tokenize, Math.min(o.seqLen, cfg.maxPositions));
  const lora = allocBertLoraAdapters(cfg, { rank: o.rank, alpha: o.alpha, dropout: 0, targets: o.targets }, o.seed);
  const backend = input.device ? gpuBackend(input.device, cfg, params, lora) : cpuBackend(cfg, params, lora);
  try {
    input.signal?.throwIfAborted();
    input.onProgress?.({ phase: 'before' });
    const before = pairwiseAgreement(await scoreAll(backend, tokenize, jobs, heldOut, o.maxChunks, C));
    const byJob = new Map<string, { sel: AdaptDecision[]; rej: AdaptDecision[] }>();
    for (const d of train) {
      const cell = byJob.get(d.jobId) ?? byJob.set(d.jobId, { sel: [], rej: [] }).get(d.jobId)!;
      (d.selected ? cell.sel : cell.rej).push(d);
    }
    const trainJobs = [...byJob].filter(([, c]) => c.sel.length > 0 && c.rej.length > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const rng = seededRandom(o.seed);
    const draw = <T>(xs: T[], k: number): T[] => {
      const copy = [...xs];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, k);
    };
    const m = new Float32Array(lora.arena.length), v = new Float32Array(lora.arena.length);
    const losses: number[] = [];
    for (let step = 1; step <= o.steps; step++) {
      input.signal?.throwIfAborted();
      const [jobId, cell] = trainJobs[Math.floor(rng() * trainJobs.length)];
      const picked = [...draw(cell.sel, o.perSide), ...draw(cell.rej, o.perSide)];
      const texts = [jobs[jobId]];
      const spans = picked.map((d) => {
        const chunks = d.chunks.slice(0, o.maxChunks);
        const start = texts.length;
        texts.push(...chunks);
        return { d, start, end: texts.length };
      });
      backend.clear();
      const pass = await backend.forward(padTexts(texts.map(tokenize)));
      const e = pass.embeddings;
      const best = spans.map(({ d, start, end }) => {
        let at = start, score = -Infinity;
        for (let i = start; i < end; i++) {
          const s = dot(e, 0, e, i, C);
          if (s > score) (score = s), (at = i);
        }
        return { selected: d.selected, score, at };
      });
      const d = new Float32Array(e.length);
      let loss = 0, pairs = 0;
      for (const p of best) for (const r of best) if (p.selected && !r.selected) pairs++;
      for (const p of best) {
        for (const r of best) {
          if (!p.selected || r.selected) continue;
          const z = o.scale * (r.score - p.score);
          loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) / pairs;
          const g = (o.scale / (1 + Math.exp(-z))) / pairs; // d loss / d score_rej; −g for score_sel
          for (let c = 0; c < C; c++) {
            d[r.at * C + c] += g * e[c];
            d[c] += g * e[r.at * C + c];
            d[p.at * C + c] -= g * e[c];
            d[c] -= g * e[p.at * C + c];
          }
        }
      }
      await pass.backward(d);
      pass.release();
      const grads = await backend.gradients();
      clipGradNorm([grads], 1);
      adamwStep(lora.arena, grads, m, v, o.lr, 0.9, 0.999, 1e-8, 0, step);
      backend.sync();
      losses.push(loss);
      input.onProgress?.({ phase: 'train', step, steps: o.steps, loss });
    }
    input.signal?.throwIfAborted();
    input.onProgress?.({ phase: 'after' });
    const after = pairwiseAgreement(await scoreAll(backend, tokenize, jobs, heldOut, o.maxChunks, C));
    return {
      before, after, losses, lora, options: o, device: backend.label, ms: performance.now() - t0,
      train: { selected: count(train, true), rejected: count(train, false) },
      heldOut: { selected: count(heldOut, true), rejected: count(heldOut, false) }
    };
  } finally {
    backend.destroy();
  }
}
