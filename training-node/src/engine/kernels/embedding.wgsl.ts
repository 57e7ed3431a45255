/**
 * WGSL for the token embedding lookup and its scatter-add backward.
 * Shape legend: BT = rows, C = channels, V = vocab. Tokens are i32; a token outside [0, V) yields a zero row
 * forward and is skipped backward (the CPU reference throws instead; validate ids before upload).
 * The forward also reads an f16 table (frozen embedding in mixed precision); the backward table is f32.
 * Backward runs one thread per channel looping over all rows, so repeated tokens accumulate without atomics
 * and deterministically.
 */
import { FLAT_INDEX, WG } from './common.wgsl';

const HEAD = /* wgsl */ `
struct Params { BT: u32, C: u32, V: u32, pad: u32 }
@group(0) @binding(0) var<uniform> p: Params;
${FLAT_INDEX}
`;

/** Forward source for an f32 or f16 (mixed precision, frozen table; needs shader-f16) table; out is f32. */
const forwardSource = (table: 'f32' | 'f16'): string => (table === 'f16' ? 'enable f16;\n' : '') + HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> tokens: array<i32>;
@group(0) @binding(3) var<storage, read> table: array<${table}>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = flatIndex(gid, nwg);
  if (i >= p.BT * p.C) { return; }
  let bt = i / p.C;
  let c = i % p.C;
  let tok = tokens[bt];
  var value = 0.0;
  if (tok >= 0 && u32(tok) < p.V) { value = f32(table[u32(tok) * p.C + c]); }
  out[i] = value;
}`;

/** out[BT,C] = table[tokens[bt]]. Bindings: 1 out, 2 tokens, 3 table. */
export const EMBEDDING_FORWARD_WGSL = forwardSource('f32');

/** Same with an f16 table widened to f32 (needs shader-f16). Bindings: 1 out, 2 tokens, 3 table (f16). */
export const EMBEDDING_FORWARD_F16_WGSL = forwardSource('f16');

/** dtable[V,C] += scatter of dout[BT,C]. Bindings: 1 dtable, 2 dout, 3 tokens. */
export const EMBEDDING_BACKWARD_WGSL = HEAD + /* wgsl */ `
@group(0) @binding(1) var<storage, read_write> dtable: array<f32>;
@group(0) @binding(2) var<storage, read> dout: array<f32>;
@group(0) @binding(3) var<storage, read> tokens: array<i32>;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let c = gid.x;
  if (c >= p.C) { return; }
  for (var bt = 0u; bt < p.BT; bt = bt + 1u) {
    let tok = tokens[bt];
    if (tok >= 0 && u32(tok) < p.V) {
      let idx = u32(tok) * p.C + c;
      dtable[idx] = dtable[idx] + dout[bt * p.C + c];
    }
  }
}`;
