/**
 * f16 helpers for the mixed-precision path: encode f32 arrays as IEEE half bits for upload (round to nearest
 * even, as WGSL's f32→f16 conversion and PyTorch's .half() do), decode them back, and round an f32 array to
 * the values an f16 tensor holds (the inputs of the CPU references that f16 kernels are checked against).
 * Non-goals: bfloat16 (WGSL has no bf16), SIMD speed. No Node APIs. Shape legend: N elements.
 */
import { floatToHalfBits, halfBitsToFloat } from '../../io/half';

/** Half bits [N] of f32 values [N] (overflow → ±Inf, as a GPU conversion would). */
export function f32ToF16Bits(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = floatToHalfBits(values[i]);
  return out;
}

/** f32 values [N] of half bits [N]. */
export function f16BitsToF32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = halfBitsToFloat(bits[i]);
  return out;
}

/** A copy of values [N] rounded to the nearest f16 (what an f16 tensor stores), widened back to f32. */
export function roundToF16(values: Float32Array): Float32Array {
  return f16BitsToF32(f32ToF16Bits(values));
}
