/**
 * Lab v4 of the attention forward (dev/attention.ts): one 64-lane workgroup per tile of 64 query rows of one
 * (b, h), a lane per row, K and then V staged in workgroup memory in tiles of max(1, 2048 / HS) keys (8 KiB),
 * key tiles past the tile's last row skipped when causal. Softmax lane-local as the engine's kernel; backward
 * reuses the engine's kernels. Dispatch: B·NH·ceil(T/64) workgroups. Bindings and uniforms as the engine's.
 * Shape legend: as src/engine/kernels/attention.wgsl.ts. Non-goals: being used by the engine.
 */
import { WG } from '../src/engine/kernels/common.wgsl';
import { ATT_HEAD, ATTENTION_FORWARD_BINDINGS, ATTENTION_VISIBLE } from '../src/engine/kernels/attention.wgsl';

/** Query tile rows (= lanes) and the workgroup tile capacity in floats. */
export const ATTENTION_V4_ROWS = WG;
const TILE_FLOATS = 2048;

/** Bindings: 1 out, 2 att, 3 q, 4 k, 5 v, 6 segments. */
export const ATTENTION_V4_FORWARD_WGSL = ATT_HEAD + /* wgsl */ `
${ATTENTION_FORWARD_BINDINGS}
var<workgroup> kvTile: array<f32, ${TILE_FLOATS}>;
${ATTENTION_VISIBLE}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) lane: u32) {
  let tiles = (p.T + ${WG - 1}u) / ${WG}u;
  let group = flatGroup(wid, nwg);
  if (group >= p.B * p.NH * tiles) { return; }
  let qt = group % tiles;
  let bh = group / tiles;
  let h = bh % p.NH;
  let b = bh / p.NH;
  let kvh = h / (p.NH / p.NKV);
  let t = qt * ${WG}u + lane;
  let ownsRow = t < p.T;
  let tc = min(t, p.T - 1u);
  let qOff = ((b * p.T + tc) * p.NH + h) * p.HS;
  let attOff = (bh * p.T + tc) * p.T;
  let kt = max(1u, ${TILE_FLOATS}u / p.HS);
  let keyEnd = select(p.T, min(p.T, qt * ${WG}u + ${WG}u), p.causal != 0u);
  var maxv = -3.4e38;
  for (var k0 = 0u; k0 < keyEnd; k0 = k0 + kt) {
    let n = min(kt, keyEnd - k0);
    for (var i = lane; i < n * p.HS; i = i + ${WG}u) {
      kvTile[i] = k[((b * p.T + k0 + i / p.HS) * p.NKV + kvh) * p.HS + i % p.HS];
    }
    workgroupBarrier();
    if (ownsRow) {
      for (var j = 0u; j < n; j = j + 1u) {
        if (!visible(b, t, k0 + j)) { continue; }
        var dot = 0.0;
        for (var d = 0u; d < p.HS; d = d + 1u) { dot = dot + q[qOff + d] * kvTile[j * p.HS + d]; }
        let s = dot * p.scale;
        att[attOff + k0 + j] = s;
        maxv = max(maxv, s);
      }
    }
    workgroupBarrier();
  }
  if (ownsRow) {
    var sum = 0.0;
    for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) {
      var e = 0.0;
      if (maxv > -3.0e38 && visible(b, t, t2)) { e = exp(att[attOff + t2] - maxv); }
      att[attOff + t2] = e;
      sum = sum + e;
    }
    let inv = select(0.0, 1.0 / sum, sum > 0.0);
    for (var t2 = 0u; t2 < p.T; t2 = t2 + 1u) { att[attOff + t2] = att[attOff + t2] * inv; }
    for (var d = 0u; d < p.HS; d = d + 1u) { out[qOff + d] = 0.0; }
  }
  for (var k0 = 0u; k0 < keyEnd; k0 = k0 + kt) {
    let n = min(kt, keyEnd - k0);
    workgroupBarrier();
    for (var i = lane; i < n * p.HS; i = i + ${WG}u) {
      kvTile[i] = v[((b * p.T + k0 + i / p.HS) * p.NKV + kvh) * p.HS + i % p.HS];
    }
    workgroupBarrier();
    if (ownsRow) {
      for (var d = 0u; d < p.HS; d = d + 1u) {
        var acc = 0.0;
        for (var j = 0u; j < n; j = j + 1u) {
          let w = att[attOff + k0 + j];
          if (w != 0.0) { acc = acc + w * kvTile[j * p.HS + d]; }
        }
        out[qOff + d] = out[qOff + d] + acc;
      }
    }
  }
}`;
