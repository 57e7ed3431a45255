/**
 * Dispatchers for RoPE and grouped-query attention (mirror reference/attention.ts).
 * Shape legend: B, T, BT = B*T, NH, NKV, HS as in the reference. positions: i32 [BT]; ropeTable: f32
 * [maxPos, HS/2, 2] from reference ropeTable (upload once per model; positions must be < maxPos).
 * segments: u32 [B,T] segment ids (buffers.uploadMask; a 0/1 key mask is the one-segment case) or null;
 * window: sliding window (0 = none), masking rule as reference attentionVisible. dq/dk/dv are ASSIGNED. attentionBackward needs a
 * caller-owned scratch `dpre` of B·NH·T·T elements (same shape as att).
 */
import { kernel, grid, type EngineDevice, type GpuTensor } from '../device';
import { checkWindow } from '../reference/attention';
import { WG } from './common.wgsl';
import * as wgsl from './attention.wgsl';

const ROPE = kernel('rope', wgsl.ROPE_WGSL);
const ROPE_INPLACE = kernel('rope_inplace', wgsl.ROPE_INPLACE_WGSL);
const ATT_FORWARD = kernel('attention_forward', wgsl.ATTENTION_FORWARD_WGSL);
const ATT_DQ = kernel('attention_backward_dq', wgsl.ATTENTION_BACKWARD_DQ_WGSL);
const ATT_DKV = kernel('attention_backward_dkv', wgsl.ATTENTION_BACKWARD_DKV_WGSL);

function sameRange(a: GpuTensor, b: GpuTensor): boolean {
  return a.buffer === b.buffer && a.offset === b.offset;
}

function rope(dev: EngineDevice, out: GpuTensor, inp: GpuTensor, positions: GpuTensor, table: GpuTensor,
  BT: number, NH: number, HS: number, sign: number): void {
  if (HS % 2 !== 0) throw new Error(`rope: head size ${HS} must be even`);
  const uniforms = [{ u: BT }, { u: NH }, { u: HS }, { f: sign }];
  const groups = grid((BT * NH * HS) / 2, WG);
  if (sameRange(out, inp)) dev.dispatch(ROPE_INPLACE, uniforms, [out, positions, table], groups);
  else dev.dispatch(ROPE, uniforms, [out, inp, positions, table], groups);
}

/** out[BT,NH,HS] = rotate-half RoPE of inp (out may be inp). */
export function ropeForward(dev: EngineDevice, out: GpuTensor, inp: GpuTensor, positions: GpuTensor, table: GpuTensor,
  BT: number, NH: number, HS: number): void {
  rope(dev, out, inp, positions, table, BT, NH, HS, 1);
}

/** dinp[BT,NH,HS] = inverse rotation of dout (dinp may be dout). */
export function ropeBackward(dev: EngineDevice, dinp: GpuTensor, dout: GpuTensor, positions: GpuTensor, table: GpuTensor,
  BT: number, NH: number, HS: number): void {
  rope(dev, dinp, dout, positions, table, BT, NH, HS, -1);
}

function attUniforms(B: number, T: number, NH: number, NKV: number, HS: number, causal: boolean, hasMask: boolean, window: number) {
  if (NKV <= 0 || NH % NKV !== 0) throw new Error(`attention: NH=${NH} must be a multiple of NKV=${NKV}`);
  checkWindow(window, causal);
  return [{ u: B }, { u: T }, { u: NH }, { u: NKV }, { u: HS }, { u: causal ? 1 : 0 }, { u: hasMask ? 1 : 0 },
    { f: 1 / Math.sqrt(HS) }, { u: window }];
}

/** out[B,T,NH,HS] = softmax(q·k^T/√HS + mask)·v; saves att[B,NH,T,T]. Mask: causal, segments, window (0 = none). */
export function attentionForward(
  dev: EngineDevice, out: GpuTensor, att: GpuTensor, q: GpuTensor, k: GpuTensor, v: GpuTensor,
  B: number, T: number, NH: number, NKV: number, HS: number, causal: boolean, segments: GpuTensor | null, window: number
): void {
  dev.dispatch(ATT_FORWARD, attUniforms(B, T, NH, NKV, HS, causal, segments !== null, window),
    [out, att, q, k, v, segments ?? dev.none], grid(B * NH * T, WG));
}

/** dq[B,T,NH,HS], dk/dv[B,T,NKV,HS] (=); dpre is scratch [B,NH,T,T]. */
export function attentionBackward(
  dev: EngineDevice, dq: GpuTensor, dk: GpuTensor, dv: GpuTensor, dpre: GpuTensor,
  dout: GpuTensor, q: GpuTensor, k: GpuTensor, v: GpuTensor, att: GpuTensor,
  B: number, T: number, NH: number, NKV: number, HS: number
): void {
  const u = attUniforms(B, T, NH, NKV, HS, false, false, 0);
  dev.dispatch(ATT_DQ, u, [dq, dpre, dout, k, v, att], grid(B * NH * T, WG));
  dev.dispatch(ATT_DKV, u, [dk, dv, dpre, att, q, dout], grid(B * T * NKV * HS, WG));
}
