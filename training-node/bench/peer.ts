/**
 * The PyTorch + PEFT peer of `npm run bench:train`: runs bench/peft_peer.py (same decoder shape, batch, sequence,
 * LoRA targets and step: forward, masked loss, backward, clip, AdamW) in the same run, when a Python with torch,
 * transformers and peft is found, and gives the tokens/s ratio of each SFT case against it.
 * Python: $SHORTLIST_PYTHON, else the repository's .cache/py venv, else python3. No Python or no torch: the peer is
 * skipped with the reason (the bench still runs); the product never needs Python.
 * Non-goals: the cases themselves (train.ts), GPU selection (the peer uses CUDA when torch sees a GPU, else the CPU).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PeerResult {
  peer: string;
  dtype: string;
  device: string;
  tokensPerSecond: number;
  stepMs: number[];
  torch: string;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');

/** The Python to run the peer with, and whether it has torch + peft; `reason` says why not. */
export function findPeerPython(): { python: string } | { reason: string } {
  const candidates = [process.env.SHORTLIST_PYTHON, path.join(REPO, '.cache/py/bin/python'), 'python3'].filter((p): p is string => !!p && (p === 'python3' || existsSync(p)));
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch, transformers, peft'], { encoding: 'utf8' });
    if (probe.status === 0) return { python };
  }
  return { reason: `no Python with torch, transformers and peft (tried ${candidates.join(', ')}; set SHORTLIST_PYTHON)` };
}

/** Runs the peer once at this shape; one result per dtype, or the reason it could not run. */
export function runPeer(python: string, shape: { llama: string; batch: number; seq: number; steps: number; dtypes: string[] }): PeerResult[] | { reason: string } {
  const args = [path.join(HERE, 'peft_peer.py'), '--llama', shape.llama, '--batch', String(shape.batch), '--seq', String(shape.seq), '--steps', String(Math.max(2, shape.steps)), '--dtype', shape.dtypes.join(',')];
  const run = spawnSync(python, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.status !== 0) return { reason: `peft_peer.py exited ${run.status}: ${(run.stderr || '').trim().split('\n').slice(-1)[0] ?? ''}` };
  return run.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as PeerResult);
}

/** "ours ÷ peer" lines for every SFT row against every peer result of this run (means over rounds). */
export function peerRatios(rows: readonly { case: string; tokensPerSecond: number; device: string }[], peers: readonly PeerResult[]): string[] {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const byKey = (xs: readonly { key: string; tps: number }[]) => {
    const m = new Map<string, number[]>();
    for (const x of xs) m.set(x.key, [...(m.get(x.key) ?? []), x.tps]);
    return [...m].map(([key, v]) => ({ key, tps: mean(v) }));
  };
  const ours = byKey(rows.filter((r) => r.case.startsWith('sft-')).map((r) => ({ key: `${r.case} [${r.device}]`, tps: r.tokensPerSecond })));
  const theirs = byKey(peers.map((p) => ({ key: `PyTorch + PEFT ${p.dtype} [${p.device}, torch ${p.torch}]`, tps: p.tokensPerSecond })));
  const lines: string[] = [];
  for (const p of theirs) for (const o of ours) {
    const r = o.tps / p.tps;
    lines.push(`${o.key}: ${Math.round(o.tps)} tok/s vs ${p.key}: ${Math.round(p.tps)} tok/s → ×${r >= 0.1 ? r.toFixed(2) : r.toExponential(1)}${r < 1 ? ` (1/${(1 / r).toFixed(0)})` : ''}`);
  }
  return lines;
}
