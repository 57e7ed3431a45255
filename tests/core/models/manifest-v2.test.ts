// Version 2 manifests (what training-node publish writes): the schema and its cross-checks, the variant a device
// picks, the version 1 record an install keeps, and an install from a real 127.0.0.1 server that downloads only the
// picked variant's files (the other variants' files are never requested).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { pickManifestVariant, resolveManifestVariant, validateAnyManifest, type ModelManifestV2 } from '../../../src/lib/core/models/catalog';
import { addModelFromUrl, MemoryModelStore } from '../../../src/lib/core/models/manager';

const files: Record<string, Buffer> = {
  'config.json': Buffer.from('{"model_type":"llama"}'),
  'tokenizer.json': Buffer.from('{"model":{"type":"BPE","vocab":{}}}'),
  'onnx/model.onnx': randomBytes(3000),
  'onnx/model_q4.onnx': randomBytes(1000),
  'onnx/model_q4f16.onnx': randomBytes(900),
  'mlc/q4f16_1/params_shard_0.bin': randomBytes(500),
  'mlc/q4f16_1/mlc-chat-config.json': Buffer.from('{}')
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const shared = ['config.json', 'tokenizer.json'];
const lib = { catalog_id: 'SmolLM2-360M-Instruct-q4f16_1-MLC', file: 'webllm-libs/v0_2_86/SmolLM2-360M-Instruct-q4f16_1_cs1k-webgpu.wasm', sha256: null };
const manifest: ModelManifestV2 = {
  format: 'shortlist-model-manifest', version: 2, id: 'acme/screener', label: 'Acme screener', task: 'text-generation', license: 'mit', context_window: 2048,
  model_card: { summary: 'Screening language model "Acme screener".', training: { mode: 'sft', method: 'LoRA r=8', steps: 10, examples: 4, final_loss: 0.5 }, eval: { source: 'eval-summary.json', metrics: { accuracy: 0.75 } } },
  files: Object.entries(files).map(([path, b]) => ({ path, size_bytes: b.length, sha256: sha(b) })),
  variants: [
    { id: 'acme/screener@fp32', runtime: 'transformers.js', dtype: 'fp32', files: [...shared, 'onnx/model.onnx'] },
    { id: 'acme/screener@q4', runtime: 'transformers.js', dtype: 'q4', files: [...shared, 'onnx/model_q4.onnx'], default: true },
    { id: 'acme/screener@q4f16', runtime: 'transformers.js', dtype: 'q4f16', files: [...shared, 'onnx/model_q4f16.onnx'], required_features: ['shader-f16'] },
    { id: 'acme/screener@q4f16_1', runtime: 'web-llm', dtype: 'q4f16_1', root: 'mlc/q4f16_1/', files: ['mlc/q4f16_1/params_shard_0.bin', 'mlc/q4f16_1/mlc-chat-config.json'], base_model_lib: lib, required_features: ['shader-f16'], vram_required_MB: 376 }
  ]
};

describe('manifest version 2', () => {
  it('validates, and names what is wrong: an unlisted variant file, a duplicate id, a web-llm variant without its library', () => {
    expect(validateAnyManifest(manifest, 'm.json').ok).toBe(true);
    const bad = (change: (m: ModelManifestV2) => void) => {
      const m = structuredClone(manifest);
      change(m);
      const r = validateAnyManifest(m, 'https://org.example/screener/manifest.json');
      return r.ok ? 'ok' : r.error.message;
    };
    expect(bad((m) => m.variants[0].files.push('onnx/missing.onnx'))).toMatch(/variant "acme\/screener@fp32" needs "onnx\/missing\.onnx", which "files" does not list/);
    expect(bad((m) => (m.variants[1].id = m.variants[0].id))).toMatch(/variant id "acme\/screener@fp32" is listed twice/);
    expect(bad((m) => delete m.variants[3].base_model_lib)).toMatch(/web-llm variant without base_model_lib/);
    expect(bad((m) => (m.variants[3].root = '../elsewhere/'))).toMatch(/must match pattern/);
    expect(bad((m) => ((m.model_card as { summary: string }).summary = ''))).toMatch(/summary/);
  });

  it('picks by device: web-llm with WebGPU + f16, transformers.js q4f16 on WebGPU without web-llm fitting, q4 on WASM', () => {
    expect(pickManifestVariant(manifest, { webgpu: true, shaderF16: true })?.id).toBe('acme/screener@q4f16_1');
    expect(pickManifestVariant(manifest, { webgpu: true, shaderF16: true, vramMB: 100 })?.id).toBe('acme/screener@q4f16');
    expect(pickManifestVariant(manifest, { webgpu: true, shaderF16: false })?.id).toBe('acme/screener@q4');
    expect(pickManifestVariant(manifest, { webgpu: false, shaderF16: false })?.id).toBe('acme/screener@q4');
    const gpuOnly = { ...manifest, variants: manifest.variants.slice(2) };
    expect(pickManifestVariant(gpuOnly, { webgpu: false, shaderF16: false })).toBeUndefined();
  });

  it('resolves a variant to the version 1 record an install keeps (files with hashes, card, library, root)', () => {
    const v1 = resolveManifestVariant(manifest, 'acme/screener@q4f16_1');
    expect(v1).toMatchObject({ version: 1, id: 'acme/screener@q4f16_1', runtime: 'web-llm', dtype: 'q4f16_1', root: 'mlc/q4f16_1/', base_model_lib: lib, vram_required_MB: 376, context_window: 2048 });
    expect(v1.files.map((f) => f.path)).toEqual(['mlc/q4f16_1/params_shard_0.bin', 'mlc/q4f16_1/mlc-chat-config.json']);
    expect(v1.model_card?.eval?.metrics.accuracy).toBe(0.75);
    expect(validateAnyManifest(v1, 'resolved').ok).toBe(true);
    expect(() => resolveManifestVariant(manifest, 'acme/screener@nope')).toThrow(/no variant "acme\/screener@nope"/);
  });
});

describe('installing a version 2 manifest over HTTP', () => {
  let server: http.Server;
  let base: string;
  const requested: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const file = (req.url ?? '').replace(/^\/screener\//, '');
      requested.push(file);
      const body = file === 'manifest.json' ? Buffer.from(JSON.stringify(manifest)) : files[file];
      if (!body) return void res.writeHead(404).end();
      res.setHeader('content-length', String(body.length));
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/screener/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads and verifies only the picked variant, and records it as version 1', async () => {
    const store = new MemoryModelStore();
    const result = await addModelFromUrl(base, { store, pickVariant: (m) => pickManifestVariant(m, { webgpu: false, shaderF16: false }) });
    expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
    if (!result.ok) return;
    expect(result.value.id).toBe('acme/screener@q4');
    expect(result.value.manifest.version).toBe(1);
    expect(requested).toEqual(['manifest.json', 'config.json', 'tokenizer.json', 'onnx/model_q4.onnx']);
    expect((await store.list()).map((f) => f.path).sort()).toEqual(['config.json', 'onnx/model_q4.onnx', 'tokenizer.json']);
    const none = await addModelFromUrl(base, { store, pickVariant: () => undefined });
    expect(none.ok ? '' : none.error.code).toBe('models/no-variant');
  });
});
