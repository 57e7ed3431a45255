/**
 * IEEE half (F16) and bfloat16 (BF16) ⇄ float32 conversion, bit-exact, round-to-nearest-even.
 * Used by the safetensors and ONNX readers/writers. Non-goals: SIMD speed. No Node APIs.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Decode one IEEE half given as its 16 raw bits. */
export function halfBitsToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // subnormal
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Encode a float as IEEE half bits, round-to-nearest-even, overflow to ±Inf. */
export function floatToHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow
  if (e <= 0) {
    if (e < -10) return sign; // underflow to zero
    mant |= 0x800000; // implicit 1
    const shift = 14 - e;
    const halfMant = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    const rounded = rem > mid || (rem === mid && (halfMant & 1)) ? halfMant + 1 : halfMant;
    return sign | rounded;
  }
  const halfMant = mant >>> 13;
  const rem = mant & 0x1fff;
  let bits = sign | (e << 10) | halfMant;
  if (rem > 0x1000 || (rem === 0x1000 && (halfMant & 1))) bits += 1; // carry may bump the exponent: correct
  return bits;
}

/** Decode bfloat16 bits (the top 16 bits of a float32). */
export function bf16BitsToFloat(b: number): number {
  u32[0] = (b & 0xffff) << 16;
  return f32[0];
}

/** Encode a float as bfloat16 bits, round-to-nearest-even (NaN stays NaN). */
export function floatToBf16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  if ((x & 0x7f800000) === 0x7f800000 && x & 0x7fffff) return ((x >>> 16) | 0x40) & 0xffff;
  const rounding = 0x7fff + ((x >>> 16) & 1);
  return ((x + rounding) >>> 16) & 0xffff;
}

/** Convert a little-endian F16 byte run to float32. */
export function f16BytesToF32(bytes: Uint8Array): Float32Array {
  const n = bytes.byteLength >>> 1;
  const out = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = halfBitsToFloat(view.getUint16(2 * i, true));
  return out;
}

/** Convert a little-endian BF16 byte run to float32. */
export function bf16BytesToF32(bytes: Uint8Array): Float32Array {
  const n = bytes.byteLength >>> 1;
  const out = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n; i++) out[i] = bf16BitsToFloat(view.getUint16(2 * i, true));
  return out;
}

/** A fresh, 0-offset copy of a byte view (Node Buffers' slice() shares memory, so never rely on it). */
export function copyBytes(view: Uint8Array): Uint8Array {
  const out = new Uint8Array(view.byteLength);
  out.set(view);
  return out;
}
