/**
 * Dispatchers for the token embedding (mirrors reference embeddingForward/Backward).
 * Shape legend: BT = rows, C = channels, V = vocab. tokens: i32 tensor [BT]; table [V,C] (f32, or f16 forward
 * only); dtable ACCUMULATES (f32).
 */
import { grid, type EngineDevice, type GpuTensor, type Kernel } from '../device';
import { WG } from './common.wgsl';
import { EMBEDDING_BACKWARD_WGSL, EMBEDDING_FORWARD_F16_WGSL, EMBEDDING_FORWARD_WGSL } from './embedding.wgsl';

const FORWARD: Kernel = { label: 'embedding_forward', code: EMBEDDING_FORWARD_WGSL, entry: 'main' };
const FORWARD_F16: Kernel = { label: 'embedding_forward_f16', code: EMBEDDING_FORWARD_F16_WGSL, entry: 'main' };
const BACKWARD: Kernel = { label: 'embedding_backward', code: EMBEDDING_BACKWARD_WGSL, entry: 'main' };

/** out[BT,C] = table[tokens[bt], :] (zero row for an out-of-range id); table f32 or f16, out f32. */
export function embeddingForward(dev: EngineDevice, out: GpuTensor, tokens: GpuTensor, table: GpuTensor, BT: number, C: number): void {
  const V = table.length / C;
  dev.dispatch(table.dtype === 'f16' ? FORWARD_F16 : FORWARD, [{ u: BT }, { u: C }, { u: V }, { u: 0 }], [out, tokens, table], grid(BT * C, WG));
}

/** dtable[V,C] += scatter of dout[BT,C] by tokens. */
export function embeddingBackward(dev: EngineDevice, dtable: GpuTensor, dout: GpuTensor, tokens: GpuTensor, BT: number, C: number): void {
  const V = dtable.length / C;
  dev.dispatch(BACKWARD, [{ u: BT }, { u: C }, { u: V }, { u: 0 }], [dtable, dout, tokens], [Math.ceil(C / WG)]);
}
