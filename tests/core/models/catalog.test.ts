// models/catalog.json validates; broken catalogs and manifests fail with messages naming the field.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { knownDownloadBytes, modelsFor, runnableModels, validateCatalog, validateManifest, type ModelCatalog } from '../../../src/lib/core/models/catalog';

const catalogFile = path.resolve(__dirname, '../../../models/catalog.json');
const catalogJson = JSON.parse(readFileSync(catalogFile, 'utf8')) as ModelCatalog;

describe('models/catalog.json', () => {
  it('is valid and covers the required embedding and LLM models on both runtimes', () => {
    const r = validateCatalog(catalogJson);
    if (!r.ok) throw new Error(r.error.message);
    const ids = r.value.models.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['Xenova/all-MiniLM-L6-v2@q8', 'Xenova/bge-small-en-v1.5@q8']));
    for (const family of ['SmolLM2-360M-Instruct', 'Qwen2.5-0.5B-Instruct', 'Llama-3.2-1B-Instruct']) {
      for (const q of ['q4f16_1', 'q4f32_1']) expect(ids).toContain(`${family}-${q}-MLC`);
      expect(r.value.models.some((m) => m.runtime === 'transformers.js' && m.repo.endsWith(family))).toBe(true);
    }
    expect(modelsFor(r.value, 'embeddings')[0].default).toBe(true);
    expect(modelsFor(r.value, 'text-generation', 'web-llm').every((m) => m.model_lib && m.vram_required_MB)).toBe(true);
  });

  it('never carries an invented hash: every sha256 is null or 64 hex chars', () => {
    const hashes = catalogJson.models.flatMap((m) => [...m.files.map((f) => f.sha256), m.model_lib?.sha256 ?? null]);
    expect(hashes.every((h) => h === null || /^[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(knownDownloadBytes(catalogJson.models[0])).toBeNull(); // sizes unknown until mirrored
  });

  it('rejects duplicates, missing model_lib, bad hashes and path traversal with the field named', () => {
    const clone = () => JSON.parse(JSON.stringify(catalogJson)) as ModelCatalog;
    const dup = clone();
    dup.models.push(dup.models[0]);
    expect(validateCatalog(dup)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/"Xenova\/all-MiniLM-L6-v2@q8" is duplicated/) } });
    const noLib = clone();
    delete noLib.models.find((m) => m.runtime === 'web-llm')!.model_lib;
    expect(validateCatalog(noLib)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/web-llm model without model_lib/) } });
    const badHash = clone();
    badHash.models[0].files[0].sha256 = 'abc';
    expect(validateCatalog(badHash)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/models\/0\/files\/0\/sha256/) } });
    const traversal = clone();
    traversal.models[0].files[0].path = '../../etc/passwd';
    expect(validateCatalog(traversal)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/models\/0\/files\/0\/path/) } });
  });

  it('validates organisation manifests: hashes are required there', () => {
    const good = { format: 'shortlist-model-manifest', version: 1, id: 'acme/matcher', task: 'embeddings', runtime: 'transformers.js', dtype: 'q8', license: 'proprietary', files: [{ path: 'onnx/model_quantized.onnx', size_bytes: 10, sha256: 'a'.repeat(64) }] };
    expect(validateManifest(good, 'https://models.acme.test/m/manifest.json').ok).toBe(true);
    const noHash = { ...good, files: [{ path: 'config.json', size_bytes: 1, sha256: null }] };
    const r = validateManifest(noHash, 'https://models.acme.test/m/manifest.json');
    expect(r).toMatchObject({ ok: false, error: { file: 'https://models.acme.test/m/manifest.json', message: expect.stringMatching(/sha256/) } });
    const twice = { ...good, files: [good.files[0], good.files[0]] };
    expect(validateManifest(twice, 'u')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/listed twice/) } });
  });
});


describe('runnableModels', () => {
  const catalog = catalogJson;
  it('prefers web-llm q4f16_1 with shader-f16, q4f32_1 without it, and WASM ONNX without WebGPU', () => {
    const f16 = runnableModels(catalog, 'text-generation', { webgpu: true, shaderF16: true });
    expect(f16[0].id).toBe('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
    const f32 = runnableModels(catalog, 'text-generation', { webgpu: true, shaderF16: false });
    expect(f32.every((m) => m.dtype !== 'q4f16_1' && m.dtype !== 'q4f16')).toBe(true);
    expect(f32[0].runtime).toBe('web-llm');
    const cpu = runnableModels(catalog, 'text-generation', { webgpu: false, shaderF16: false });
    expect(cpu.length).toBeGreaterThan(0);
    expect(cpu.every((m) => m.runtime === 'transformers.js' && m.dtype === 'q4')).toBe(true);
  });
  it('filters by VRAM and keeps the default embedding model first', () => {
    const small = runnableModels(catalog, 'text-generation', { webgpu: true, shaderF16: true, vramMB: 600 });
    expect(small.filter((m) => m.runtime === 'web-llm').map((m) => m.id).sort()).toEqual(['SmolLM2-360M-Instruct-q4f16_1-MLC', 'SmolLM2-360M-Instruct-q4f32_1-MLC']);
    expect(runnableModels(catalog, 'embeddings', { webgpu: false, shaderF16: false })[0].id).toBe('Xenova/all-MiniLM-L6-v2@q8');
  });
});
