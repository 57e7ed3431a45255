/**
 * Byte formats: F16/BF16 conversion (exhaustive over all 65536 half patterns, IEEE rounding cases),
 * safetensors write/read and its error messages, and the ONNX initializer reader on a ModelProto built with
 * protobufjs (raw_data, typed float_data, fp16 bits in int32_data, external data, MatMul transposition).
 */
import { describe, expect, it } from 'vitest';
import { bf16BitsToFloat, floatToBf16Bits, floatToHalfBits, halfBitsToFloat } from '../../src/io/half';
import { nodeExternalData } from '../../src/io/node-files';
import { onnxTensorLookup, readOnnxWeights } from '../../src/io/onnx';
import { modelProtoType, OnnxDataType } from '../../src/io/onnx-proto';
import { parseSafetensors, readSafetensor, serializeSafetensors } from '../../src/io/safetensors';

describe('half precision', () => {
  it('round-trips every finite half bit pattern', () => {
    for (let h = 0; h < 0x10000; h++) {
      const exp = (h >> 10) & 0x1f;
      if (exp === 0x1f) continue; // Inf/NaN checked below
      expect(floatToHalfBits(halfBitsToFloat(h))).toBe(h === 0x8000 ? 0x8000 : h);
    }
  });

  it('decodes known values and rounds to nearest even', () => {
    expect(halfBitsToFloat(0x3c00)).toBe(1);
    expect(halfBitsToFloat(0xc000)).toBe(-2);
    expect(halfBitsToFloat(0x7bff)).toBe(65504);
    expect(halfBitsToFloat(0x0001)).toBe(2 ** -24);
    expect(halfBitsToFloat(0x7c00)).toBe(Infinity);
    expect(Number.isNaN(halfBitsToFloat(0x7e00))).toBe(true);
    expect(floatToHalfBits(1 + 2 ** -11)).toBe(0x3c00); // tie → even (down)
    expect(floatToHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
    expect(floatToHalfBits(65520)).toBe(0x7c00); // overflow to Inf
    expect(floatToHalfBits(2 ** -25)).toBe(0); // below half the smallest subnormal: tie → 0
  });

  it('bf16 keeps the top 16 bits with round-to-nearest-even', () => {
    expect(bf16BitsToFloat(0x3f80)).toBe(1);
    expect(floatToBf16Bits(1)).toBe(0x3f80);
    expect(bf16BitsToFloat(floatToBf16Bits(3.14159))).toBe(3.140625);
    expect(floatToBf16Bits(1 + 2 ** -8)).toBe(0x3f80); // tie → even
  });
});

describe('safetensors', () => {
  it('writes an 8-byte-aligned header and reads every dtype back', () => {
    const bytes = serializeSafetensors(
      [
        { name: 'a', shape: [2, 2], data: Float32Array.of(1, -2, 3.5, 1e-3) },
        { name: 'h', shape: [3], data: Float32Array.of(1.5, -2, 0.1), dtype: 'F16' },
        { name: 'b', shape: [1], data: Float32Array.of(-7.25), dtype: 'BF16' }
      ],
      { format: 'pt' }
    );
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLen) % 8).toBe(0);
    const file = parseSafetensors(bytes);
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.entries.get('h')).toMatchObject({ dtype: 'F16', shape: [3], begin: 16, end: 22 });
    expect(readSafetensor(file, 'a')).toEqual(Float32Array.of(1, -2, 3.5, 1e-3));
    expect(readSafetensor(file, 'h')).toEqual(Float32Array.of(1.5, -2, halfBitsToFloat(floatToHalfBits(0.1))));
    expect(readSafetensor(file, 'b')).toEqual(Float32Array.of(-7.25));
  });

  it('names the file and tensor on bad input', () => {
    const good = serializeSafetensors([{ name: 'w', shape: [4], data: new Float32Array(4) }]);
    expect(() => parseSafetensors(good.subarray(0, good.length - 4), 'cut.safetensors')).toThrow(/cut\.safetensors: tensor "w" offsets/);
    expect(() => readSafetensor(parseSafetensors(good, 'x.safetensors'), 'nope')).toThrow(/x\.safetensors: no tensor named "nope"/);
    expect(() => serializeSafetensors([{ name: 'w', shape: [3], data: new Float32Array(4) }])).toThrow(/shape \[3\]/);
  });
});

describe('ONNX initializer reader', () => {
  const w = Float32Array.of(1, 2, 3, 4, 5, 6); // [in=2, out=3] as a MatMul weight
  const halfBits = Int32Array.from([1.5, -0.25], floatToHalfBits);
  const external = new Uint8Array(16);
  new Float32Array(external.buffer).set([9, 8], 2); // bytes 8..16
  const model = {
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'g',
      node: [
        { op_type: 'MatMul', input: ['x', 'w'], output: ['y'], name: 'mm' },
        { op_type: 'Gemm', input: ['x', 'w'], output: ['g0'], name: 'gemm_plain' },
        { op_type: 'Gemm', input: ['x', 'wt'], output: ['g1'], name: 'gemm_tb', attribute: [{ name: 'transB', type: 2, i: 1 }] }
      ],
      initializer: [
        { name: 'w', dims: [2, 3], data_type: OnnxDataType.FLOAT, raw_data: new Uint8Array(w.buffer) },
        { name: 'wt', dims: [3, 2], data_type: OnnxDataType.FLOAT, raw_data: new Uint8Array(w.buffer) },
        { name: 'typed', dims: [2], data_type: OnnxDataType.FLOAT, float_data: [0.5, -1] },
        { name: 'half', dims: [2], data_type: OnnxDataType.FLOAT16, int32_data: Array.from(halfBits) },
        {
          name: 'ext', dims: [2], data_type: OnnxDataType.FLOAT, data_location: 1,
          external_data: [{ key: 'location', value: 'w.bin' }, { key: 'offset', value: '8' }, { key: 'length', value: '8' }]
        }
      ],
      input: [{ name: 'x' }],
      output: [{ name: 'y' }]
    }
  };
  const type = modelProtoType();
  const bytes = type.encode(type.fromObject(model)).finish();

  it('decodes raw, typed, fp16 and external initializers', () => {
    const weights = readOnnxWeights(bytes, (location, offset, length) => {
      expect(location).toBe('w.bin');
      return external.subarray(offset, offset + (length ?? external.length - offset));
    });
    expect(weights.initializers.get('w')!.data).toEqual(w);
    expect(weights.initializers.get('typed')!.data).toEqual(Float32Array.of(0.5, -1));
    expect(weights.initializers.get('half')!.data).toEqual(Float32Array.of(1.5, -0.25));
    expect(weights.initializers.get('ext')!.data).toEqual(Float32Array.of(9, 8));
    expect(weights.inputNames).toEqual(['x']);
  });

  it('reads node attributes and leaves a transB=1 Gemm weight as stored ([out, in] already)', () => {
    const weights = readOnnxWeights(bytes, (_, offset, length) => external.subarray(offset, offset + (length ?? 0)));
    expect(weights.nodes.find((n) => n.name === 'gemm_tb')?.attributes).toEqual({ transB: 1 });
    const t = onnxTensorLookup(weights)('wt')!;
    expect(t.dims).toEqual([3, 2]);
    expect(t.data).toEqual(w);
    expect(onnxTensorLookup(weights)('typed')!.data).toEqual(Float32Array.of(0.5, -1)); // 1-D: nothing to transpose
  });

  it('returns MatMul weights in Linear layout [out, in]', () => {
    const weights = readOnnxWeights(bytes, (_, offset, length) => external.subarray(offset, offset + (length ?? 0)));
    const t = onnxTensorLookup(weights)('w')!;
    expect(t.dims).toEqual([3, 2]);
    expect(t.data).toEqual(Float32Array.of(1, 4, 2, 5, 3, 6));
  });

  it('refuses external data outside the model folder', () => {
    const reader = nodeExternalData('/tmp/some-model');
    expect(() => reader('../../etc/passwd', 0, 4)).toThrow(/must live inside the model folder/);
    expect(() => reader('/etc/passwd', 0, 4)).toThrow(/must live inside the model folder/);
  });

  it('says which file it needs when external data has no reader', () => {
    expect(() => readOnnxWeights(bytes, undefined, 'm.onnx')).toThrow(/m\.onnx: initializer "ext" needs external file w\.bin/);
    expect(() => readOnnxWeights(Uint8Array.of(0xff, 0xff, 0xff), undefined, 'junk.onnx')).toThrow(/junk\.onnx: not a valid ONNX ModelProto/);
  });
});
