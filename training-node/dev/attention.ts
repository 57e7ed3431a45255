/**
 * Kernel lab for grouped-query attention (llm.c dev/cuda style): numbered versions beside the CPU reference,
 * each validated (out, att, dq, dk, dv) and then timed, forward and backward separately.
 *   v1  simple: one thread per query row for the forward and dq, one per (b, t2, kv head, d) for dk/dv
 *       (the engine's until now; dev/attention-versions.wgsl.ts).
 *   v2  GPU-shaped: one 64-lane workgroup per query row (forward, dq) with strided keys and workgroup max/sum
 *       reductions, one per key row for dk/dv; zero att entries skipped (dev/attention-wgrow.wgsl.ts).
 *   v3  the engine's (src/engine/kernels/attention.wgsl.ts): v1's layout with every product on a zero att entry
 *       (causal future, masked key) skipped.
 *   v4  forward only (backward = v3): one workgroup per 64-query-row tile, a lane per row, K then V staged in
 *       workgroup memory in tiles of 2048/HS keys, causal key tiles past the tile skipped (attention-tiled.wgsl.ts).
 * Shape legend: B batch, T sequence, NH query heads, NKV kv heads, HS head size; causal with no segments.
 * Usage: npx tsx training-node/dev/attention.ts [B T NH NKV HS] [reps] [ids]   (defaults 2 128 8 4 32, 3 reps,
 * versions 1,2,3 (add 4 by id); ids like 1,2,1,2 interleave A/B runs in one process).
 * Needs Dawn (npm `webgpu`); without a GPU export VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 * XDG_RUNTIME_DIR=/tmp (or .cache/lavapipe/lvp_icd.json). Wall-clock per call including submit + wait.
 * Not a test: nothing here asserts speed.
 */
import { readF32, upload } from '../src/engine/buffers';
import type { GpuTensor, Kernel } from '../src/engine/device';
import { grid } from '../src/engine/device';
import { WG } from '../src/engine/kernels/common.wgsl';
import {
  ATTENTION_BACKWARD_DKV_WGSL, ATTENTION_BACKWARD_DQ_WGSL, ATTENTION_FORWARD_WGSL
} from '../src/engine/kernels/attention.wgsl';
import { ATTENTION_V1_BACKWARD_DKV_WGSL, ATTENTION_V1_BACKWARD_DQ_WGSL, ATTENTION_V1_FORWARD_WGSL } from './attention-versions.wgsl';
import { ATTENTION_V4_FORWARD_WGSL, ATTENTION_V4_ROWS } from './attention-tiled.wgsl';
import { ATTENTION_V2_BACKWARD_DKV_WGSL, ATTENTION_V2_BACKWARD_DQ_WGSL, ATTENTION_V2_FORWARD_WGSL } from './attention-wgrow.wgsl';
import * as ref from '../src/engine/reference/attention';
import { createNodeEngineDevice, makeRandom, maxAbsDiff } from '../tests/engine/gpu';
import { meanSyncedMs, runLab } from './lab';

/** A lab version: its three kernels and whether it runs one workgroup (true) or one thread per row. */
interface Version {
  id: number; name: string; forward: Kernel; dq: Kernel; dkv: Kernel; perRowWorkgroup: boolean; queryTiles?: boolean
}
const kernelOf = (label: string, code: string): Kernel => ({ label, code, entry: 'main' });
const VERSIONS: Version[] = [
  { id: 1, name: 'simple', forward: kernelOf('att_v1_fwd', ATTENTION_V1_FORWARD_WGSL),
    dq: kernelOf('att_v1_dq', ATTENTION_V1_BACKWARD_DQ_WGSL), dkv: kernelOf('att_v1_dkv', ATTENTION_V1_BACKWARD_DKV_WGSL),
    perRowWorkgroup: false },
  { id: 2, name: 'wg-row', forward: kernelOf('att_v2_fwd', ATTENTION_V2_FORWARD_WGSL),
    dq: kernelOf('att_v2_dq', ATTENTION_V2_BACKWARD_DQ_WGSL), dkv: kernelOf('att_v2_dkv', ATTENTION_V2_BACKWARD_DKV_WGSL),
    perRowWorkgroup: true },
  { id: 3, name: 'skip', forward: kernelOf('att_v3_fwd', ATTENTION_FORWARD_WGSL),
    dq: kernelOf('att_v3_dq', ATTENTION_BACKWARD_DQ_WGSL), dkv: kernelOf('att_v3_dkv', ATTENTION_BACKWARD_DKV_WGSL),
    perRowWorkgroup: false },
  { id: 4, name: 'kvtile', forward: kernelOf('att_v4_fwd', ATTENTION_V4_FORWARD_WGSL),
    dq: kernelOf('att_v3_dq', ATTENTION_BACKWARD_DQ_WGSL), dkv: kernelOf('att_v3_dkv', ATTENTION_BACKWARD_DKV_WGSL),
    perRowWorkgroup: false, queryTiles: true }
];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = argv.slice(0, 6).map(Number);
  const [B, T, NH, NKV, HS] = args.length >= 5 ? args : [2, 128, 8, 4, 32];
  const reps = args[5] ?? 3;
  const ids = argv[6]?.split(',').map(Number) ?? [1, 2, 3];
  if (![B, T, NH, NKV, HS, reps].every((x) => Number.isInteger(x) && x > 0) || NH % NKV !== 0) {
    throw new Error('usage: attention.ts [B T NH NKV HS] [reps] [ids] with positive integers, NH a multiple of NKV');
  }
  const randn = makeRandom(11);
  const q = randn(B * T * NH * HS), k = randn(B * T * NKV * HS), v = randn(B * T * NKV * HS), dout = randn(q.length);
  const out = new Float32Array(q.length), att = new Float32Array(B * NH * T * T);
  const dq = new Float32Array(q.length), dk = new Float32Array(k.length), dv = new Float32Array(v.length);
  ref.attentionForward(out, att, q, k, v, B, T, NH, NKV, HS, true, null, 0);
  ref.attentionBackward(dq, dk, dv, dout, q, k, v, att, B, T, NH, NKV, HS);
  console.log(`attention lab: B=${B} T=${T} NH=${NH} NKV=${NKV} HS=${HS}, causal`);

  const dev = await createNodeEngineDevice('auto');
  try {
    console.log(`  device: ${dev.adapterDescription}`);
    const gQ = upload(dev, q), gK = upload(dev, k), gV = upload(dev, v), gDout = upload(dev, dout);
    const gOut = upload(dev, new Float32Array(q.length)), gAtt = upload(dev, new Float32Array(att.length));
    const gDpre = upload(dev, new Float32Array(att.length));
    const gDq = upload(dev, new Float32Array(q.length)), gDk = upload(dev, new Float32Array(k.length));
    const gDv = upload(dev, new Float32Array(v.length));
    const uniforms = (causal: boolean) => [{ u: B }, { u: T }, { u: NH }, { u: NKV }, { u: HS }, { u: causal ? 1 : 0 },
      { u: 0 }, { f: 1 / Math.sqrt(HS) }, { u: 0 }];
    for (const id of ids) {
      const version = VERSIONS.find((x) => x.id === id);
      if (!version) throw new Error(`unknown version ${id}`);
      const lanes = version.perRowWorkgroup ? WG : 1;
      const forwardGroups = version.queryTiles ? grid(B * NH * Math.ceil(T / ATTENTION_V4_ROWS) * WG, WG) : grid(B * NH * T * lanes, WG);
      const forward = () => dev.dispatch(version.forward, uniforms(true), [gOut, gAtt, gQ, gK, gV, dev.none], forwardGroups);
      const backward = () => {
        dev.dispatch(version.dq, uniforms(false), [gDq, gDpre, gDout, gK, gV, gAtt], grid(B * NH * T * lanes, WG));
        dev.dispatch(version.dkv, uniforms(false), [gDk, gDv, gDpre, gAtt, gQ, gDout],
          grid(version.perRowWorkgroup ? B * T * NKV * WG : B * T * NKV * HS, WG));
      };
      forward();
      backward();
      const checks: [string, GpuTensor, Float32Array][] = [['out', gOut, out], ['att', gAtt, att], ['dq', gDq, dq],
        ['dk', gDk, dk], ['dv', gDv, dv]];
      let worst = 0;
      for (const [, tensor, expected] of checks) worst = Math.max(worst, maxAbsDiff(await readF32(dev, tensor), expected));
      const ok = worst <= 1e-4 * Math.sqrt(T);
      const fwdMs = await meanSyncedMs(dev, forward, reps), bwdMs = await meanSyncedMs(dev, backward, reps);
      console.log(`  v${id} ${version.name.padEnd(7)}: ${ok ? 'valid' : 'INVALID'} (max abs err ${worst.toExponential(2)}), ` +
        `forward ${fwdMs.toFixed(2)} ms, backward ${bwdMs.toFixed(2)} ms`);
      if (!ok) process.exitCode = 1;
    }
  } finally {
    dev.destroy();
  }
}

runLab(main);
