/**
 * Kernel lab, CPU: GFLOP/s of the fast path's GEMM (engine/cpu-fast/gemm.ts, packing, copies and write-back
 * included) at every product shape of one bench LoRA SFT step (training-node/bench/train.ts's `bench` decoder:
 * V=4096 C=256 I=704 L=4, B=2 T=128, r=8 on q,k,v,o), next to torch.matmul on the same shapes, layouts and thread
 * count, measured in the same run (the Python of bench:train's peer: $SHORTLIST_PYTHON, .cache/py, or the main
 * checkout's .cache/py). Best of 5 batches of calls: process CPU time on 1 thread (both sides), wall time on more
 * (on a loaded machine run it twice and read the ratios).
 * Frozen base weights are registered with `freeze` as in training, so their panels are packed once.
 * `count` is how often the shape runs per step (the weight of its row in the step's GEMM time).
 * A benchmark, not a test. Usage: npx tsx training-node/dev/cpu-gemm-shapes.ts [threads,…=1,2] [filter]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createFastGemm, type MatView, rowMajor, transposed } from '../src/engine/cpu-fast/gemm';
import { enableRelaxedSimd, spawnNodeWorker } from '../src/train/node-threads';

/** A product out[M,N] (=|+=) A[M,K]·B[K,N]; aT/bT: the operand is stored transposed (torch: .t() of a contiguous). */
interface Shape { name: string; M: number; N: number; K: number; aT: boolean; bT: boolean; frozenB: boolean; acc: boolean; count: number }
const S = (name: string, M: number, N: number, K: number, aT: boolean, bT: boolean, frozenB: boolean, acc: boolean, count: number): Shape =>
  ({ name, M, N, K, aT, bT, frozenB, acc, count });
const BT = 256, C = 256, I = 704, V = 4096, KV = 128, R = 8, L = 4;
const SHAPES: Shape[] = [
  S('fwd q,o  x·Wᵀ', BT, C, C, false, true, true, false, 2 * L),
  S('fwd k,v  x·Wᵀ', BT, KV, C, false, true, true, false, 2 * L),
  S('fwd gate,up x·Wᵀ', BT, I, C, false, true, true, false, 2 * L),
  S('fwd down x·Wᵀ', BT, C, I, false, true, true, false, L),
  S('fwd lm head x·Eᵀ', BT, V, C, false, true, true, false, 1),
  S('dX q,o  dy·W', BT, C, C, false, false, true, true, 2 * L),
  S('dX k,v  dy·W', BT, C, KV, false, false, true, true, 2 * L),
  S('dX gate,up dy·W', BT, C, I, false, false, true, true, 2 * L),
  S('dX down dy·W', BT, I, C, false, false, true, false, L),
  S('dX lm head dy·E', BT, C, V, false, false, true, false, 1),
  S('dW (full FT) dyᵀ·x', C, C, BT, true, false, false, true, 0),
  S('dW (full FT) dyᵀ·x gate', I, C, BT, true, false, false, true, 0),
  S('lora x·Aᵀ', BT, R, C, false, true, false, false, 4 * L),
  S('lora h·Bᵀ (+=)', BT, C, R, false, true, false, true, 4 * L),
  S('lora dh = dy·B', BT, R, C, false, false, false, false, 4 * L),
  S('lora dB += dyᵀ·h', C, R, BT, true, false, false, true, 4 * L),
  S('lora dA += dhᵀ·x', R, C, BT, true, false, false, true, 4 * L),
  S('lora dX += dh·A', BT, C, R, false, false, false, true, 4 * L),
  S('attn q·kᵀ (per head)', 128, 128, 32, false, true, false, false, 0),
  S('attn P·v (per head)', 128, 32, 128, false, false, false, false, 0)
];

const argThreads = (process.argv[2] ?? '1,2').split(',').map(Number);
const filter = process.argv[3] ?? '';
const shapes = SHAPES.filter((s) => s.name.includes(filter));
const flops = (s: Shape): number => 2 * s.M * s.N * s.K;
const repsFor = (s: Shape): number => Math.max(2, Math.min(100, Math.round(1e8 / flops(s))));
/** ms: this process's CPU time on 1 thread (other jobs on a shared machine then cost nothing), else wall time. */
const clock = (threads: number): number => { if (threads > 1) return performance.now(); const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function ours(threads: number): number[] {
  enableRelaxedSimd();
  const g = createFastGemm({ threads, spawnWorker: spawnNodeWorker });
  const out: number[] = [];
  for (const s of shapes) {
    const a = new Float32Array(s.M * s.K).map(() => Math.random() - 0.5), b = new Float32Array(s.K * s.N).map(() => Math.random() - 0.5);
    const o = new Float32Array(s.M * s.N);
    const A: MatView = s.aT ? transposed(rowMajor(a, s.M)) : rowMajor(a, s.K);
    const B: MatView = s.bT ? transposed(rowMajor(b, s.K)) : rowMajor(b, s.N);
    const release = s.frozenB ? g.freeze(b) : () => {};
    const call = (): void => g.gemm(s.M, s.N, s.K, A, B, rowMajor(o, s.N), s.acc);
    for (let i = 0; i < 3; i++) call();
    let best = Infinity;
    for (let round = 0, n = repsFor(s); round < 5; round++) {
      const t0 = clock(threads);
      for (let i = 0; i < n; i++) call();
      best = Math.min(best, (clock(threads) - t0) / n);
    }
    release();
    out.push(best);
  }
  g.destroy();
  return out;
}

const PY = `
import json, sys, time, torch
threads, shapes = json.loads(sys.argv[1])
torch.set_num_threads(threads)
res = []
for (M, N, K, aT, bT, acc, reps) in shapes:
    a = torch.rand(K, M) - 0.5 if aT else torch.rand(M, K) - 0.5
    b = torch.rand(N, K) - 0.5 if bT else torch.rand(K, N) - 0.5
    A = a.t() if aT else a
    B = b.t() if bT else b
    o = torch.zeros(M, N)
    def call():
        if acc: o.addmm_(A, B)
        else: torch.matmul(A, B, out=o)
    for _ in range(3): call()
    clock = time.process_time if threads == 1 else time.perf_counter
    best = 1e9
    for _ in range(5):
        t = clock()
        for _ in range(reps): call()
        best = min(best, (clock() - t) / reps)
    res.append(best * 1000)
print(json.dumps(res))
`;

function python(): string | null {
  const here = path.dirname(new URL(import.meta.url).pathname);
  for (const p of [process.env.SHORTLIST_PYTHON, path.join(here, '../../.cache/py/bin/python'), '/work/main/.cache/py/bin/python']) if (p && existsSync(p)) return p;
  return null;
}
function torchMs(threads: number): number[] | null {
  const py = python();
  if (!py) return null;
  const r = spawnSync(py, ['-c', PY, JSON.stringify([threads, shapes.map((s) => [s.M, s.N, s.K, s.aT, s.bT, s.acc, repsFor(s)])])], { encoding: 'utf8' });
  if (r.status !== 0) { console.error(r.stderr); return null; }
  return JSON.parse(r.stdout) as number[];
}

const gf = (s: Shape, ms: number): string => (flops(s) / ms / 1e6).toFixed(1);
for (const threads of argThreads) {
  const mine = ours(threads), theirs = torchMs(threads);
  console.log(`\n${threads} thread(s)${theirs ? '' : ' (no torch found)'}\n| shape | M×N×K | per step | ours ms | ours GFLOP/s | torch GFLOP/s | ours/torch |\n|---|---|---|---|---|---|---|`);
  let stepOurs = 0, stepTorch = 0;
  shapes.forEach((s, i) => {
    stepOurs += s.count * mine[i];
    if (theirs) stepTorch += s.count * theirs[i];
    console.log(`| ${s.name} | ${s.M}×${s.N}×${s.K} | ${s.count} | ${mine[i].toFixed(3)} | ${gf(s, mine[i])} | ${theirs ? gf(s, theirs[i]) : '-'} | ${theirs ? (theirs[i] / mine[i]).toFixed(2) : '-'} |`);
  });
  console.log(`step's GEMMs (count-weighted, best-case): ours ${stepOurs.toFixed(1)} ms${theirs ? `, torch ${stepTorch.toFixed(1)} ms, ratio ${(stepTorch / stepOurs).toFixed(2)}` : ''}`);
}
