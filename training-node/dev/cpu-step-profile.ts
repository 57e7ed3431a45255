/**
 * Kernel lab, CPU: where one LoRA SFT step of the bench decoder (training-node/bench/train.ts's `bench` shape: V=4096
 * C=256 I=704 L=4, B=2 T=128, r=8 on q,k,v,o) goes on the fast CPU ops: every CpuOps call timed by shape (matmul
 * forward / backward, attention, fused loss, SwiGLU), the rest of the step (norms, RoPE, LoRA elementwise,
 * allocation) as the remainder. Time is this process's CPU time (process.cpuUsage; WALL=1 for wall time), mean of
 * 5 steps after 3 warm-up steps; THREADS=1 (default) keeps it one thread so CPU time is the step's cost even on a
 * loaded machine; KERNELS=reference for the oracle, RELAXED=0 for the plain SIMD kernel; STEPS=N timed steps. With
 * THREADS > 1 it also prints the caller thread's own CPU per step (/proc/thread-self/stat, 10 ms ticks: use
 * STEPS ≥ 20): the serial part plus the caller's share, the critical path when the workers run alongside, and
 * the figure to compare A/B on a loaded machine, where wall time is noise. A benchmark, not a test.
 * Usage: THREADS=1 npx tsx training-node/dev/cpu-step-profile.ts
 */
import { readFileSync } from 'node:fs';
import { seededRandom } from '../src/data/random';
import type { CpuOps } from '../src/engine/cpu-fast/ops';
import { allocLlamaParams, type LlamaConfig } from '../src/models/llama-params';
import { allocLoraAdapters } from '../src/models/lora';
import { nodeCpuOps } from '../src/train/node-threads';
import { createSftObjective } from '../src/train/sft';

const now = process.env.WALL ? () => performance.now() : () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const CFG: LlamaConfig = {
  vocabSize: 4096, hidden: 256, intermediate: 704, layers: 4, heads: 8, kvHeads: 4, headDim: 32,
  ropeTheta: 10000, rmsEps: 1e-5, tiedEmbeddings: true, attentionBias: false, maxSeqLen: 128
};
const random = seededRandom(1);
const params = allocLlamaParams(CFG);
for (let i = 0; i < params.arena.length; i++) params.arena[i] = (2 * random() - 1) * 0.05;
for (const n of ['attnNorm', 'ffnNorm', 'finalNorm'] as const) params[n].fill(1);
const ops = nodeCpuOps((process.env.KERNELS as 'fast' | 'reference' | undefined) ?? 'fast', Number(process.env.THREADS ?? 1),
  { relaxedSimd: process.env.RELAXED === '0' ? false : undefined }); // RELAXED=0: the plain mul + add kernel
const spent: Record<string, number> = {};
/** Wrap ops[key] so each call adds its time under label(args). */
function timed<K extends 'matmulForward' | 'matmulBackward' | 'attentionForward' | 'attentionBackward' | 'causalLmLoss' | 'swigluForward' | 'swigluBackward'
  | 'loraForward' | 'loraBackward'>(
  o: CpuOps, key: K, label: (a: unknown[]) => string
): void {
  const f = o[key] as ((...a: unknown[]) => unknown) | undefined;
  if (!f) return;
  (o as unknown as Record<string, unknown>)[key] = (...a: unknown[]) => {
    const t = now();
    const r = f(...a);
    const l = label(a);
    spent[l] = (spent[l] ?? 0) + now() - t;
    return r;
  };
}
const timedOps = { ...ops };
timed(timedOps, 'matmulForward', (a) => `matmul forward BT=${a[4]} C=${a[5]} OC=${a[6]}`);
timed(timedOps, 'matmulBackward', (a) => `matmul backward BT=${a[6]} C=${a[7]} OC=${a[8]}${a[0] ? ' dinp' : ''}${a[1] ? ' dweight' : ''}`);
timed(timedOps, 'attentionForward', () => 'attention forward');
timed(timedOps, 'attentionBackward', () => 'attention backward');
timed(timedOps, 'causalLmLoss', () => 'loss (fused)');
timed(timedOps, 'swigluForward', () => 'swiglu forward');
timed(timedOps, 'swigluBackward', () => 'swiglu backward');
timed(timedOps, 'loraForward', (a) => `lora forward C=${a[6]} OC=${a[7]}`);
timed(timedOps, 'loraBackward', (a) => `lora backward C=${a[10]} OC=${a[11]}`);
const loraCfg = { rank: 8, alpha: 16, dropout: 0, targets: ['q', 'k', 'v', 'o'] as ('q' | 'k' | 'v' | 'o')[] };
const lora = allocLoraAdapters(CFG, loraCfg, 2);
const grads = allocLoraAdapters(CFG, loraCfg, 0, true);
const seqs = Array.from({ length: 2 }, () => ({
  ids: Array.from({ length: 128 }, () => Math.floor(random() * CFG.vocabSize)), mask: Uint8Array.from({ length: 128 }, (_, t) => (t < 32 ? 0 : 1))
}));
const objective = createSftObjective({ config: CFG, params, cpuOps: timedOps }, lora, grads, seqs, [], 2);
for (let i = 0; i < 3; i++) objective.accumulate([0, 1], 1, 1);
for (const k of Object.keys(spent)) delete spent[k];
const N = Number(process.env.STEPS ?? 5);
/** This thread's user + system CPU in ms (Linux; 0 elsewhere). */
const threadCpu = (): number => {
  try {
    const f = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in USER_HZ (100) ticks
  } catch {
    return 0;
  }
};
const c0 = threadCpu();
const t0 = now();
for (let i = 0; i < N; i++) objective.accumulate([0, 1], 1, 1);
const step = (now() - t0) / N;
const callerCpu = (threadCpu() - c0) / N;
let inOps = 0;
for (const [k, v] of Object.entries(spent).sort((a, b) => b[1] - a[1])) {
  console.log(`${k.padEnd(48)} ${(v / N).toFixed(1).padStart(7)} ms`);
  inOps += v / N;
}
console.log(`${'rest (norms, RoPE, LoRA elementwise, alloc)'.padEnd(48)} ${(step - inOps).toFixed(1).padStart(7)} ms`);
console.log(`step (forward + loss + backward, no optimizer), ${ops.kind}${ops.relaxedSimd ? ' + relaxed fma' : ''}, ${ops.threads} thread(s): ${step.toFixed(1)} ms ${process.env.WALL ? 'wall' : 'CPU'}`);
if (ops.threads > 1) console.log(`caller thread CPU per step: ${callerCpu.toFixed(1)} ms`);
objective.destroy?.();
ops.destroy();
