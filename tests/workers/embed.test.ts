// Embedding pipeline on a tiny BERT-shaped ONNX model built in the test, loaded the way real models are
// (transformers.js, local folder, remote models disabled), plus the semantic signal end to end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import * as Comlink from 'comlink';
// comlink ships no exports map; its Node adapter's types sit beside the .mjs as node-adapter.d.ts.
// @ts-expect-error -- TS cannot pair node-adapter.mjs with node-adapter.d.ts under bundler resolution
import nodeEndpointUntyped from 'comlink/dist/esm/node-adapter.mjs';
import type NodeEndpointFn from 'comlink/dist/esm/node-adapter';
const nodeEndpoint = nodeEndpointUntyped as typeof NodeEndpointFn;
import * as ort from 'onnxruntime-node';
import { AutoTokenizer } from '@huggingface/transformers';
import { buildTinyBertOnnx } from '../fixtures/tiny-bert-onnx';
import { createEmbeddingPipeline, type EmbeddingPipeline } from '../../workers/embed/pipeline';
import { createEmbedApi } from '../../workers/embed/api';
import type { EmbedApi, ModelProgress } from '../../src/lib/core/protocol/embed';
import { semanticSignal } from '../../src/lib/core/embed/semantic';
import { MemoryEmbeddingCache } from '../../src/lib/core/embed/cache';

const shared = path.resolve(__dirname, '../../../shared');
const tokenizerDir = path.join(shared, 'models/minilm-l6-tokenizer');
const hasShared = existsSync(tokenizerDir);
if (!hasShared) console.warn(`[skip] ${tokenizerDir} is absent: tiny BERT embedding tests need the real MiniLM tokenizer`);

describe.skipIf(!hasShared)('embedding pipeline on a tiny BERT ONNX fixture', () => {
  let root: string;
  let pipe: EmbeddingPipeline;
  const texts = ['TypeScript and React', 'Led a team of four engineers building data pipelines in Go', 'kubernetes'];

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'shortlist-embed-'));
    buildTinyBertOnnx(path.join(root, 'tiny-bert'), { tokenizerDir, seed: 7 });
    pipe = await createEmbeddingPipeline({ model: 'tiny-bert', localModelPath: root + '/', allowRemoteModels: false, device: 'cpu' });
  });
  afterAll(async () => {
    await pipe?.dispose();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('reports the fixture hidden size as dims and returns unit-length vectors', async () => {
    expect(pipe.info.dims).toBe(32);
    const vs = await pipe.embed(texts);
    expect(vs).toHaveLength(3);
    for (const v of vs) {
      expect(v.length).toBe(32);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    expect(vs[0]).not.toEqual(vs[1]);
  });

  it('is deterministic, and batching gives the same vectors as one-by-one (padding is masked)', async () => {
    const batched = await pipe.embed(texts, 3);
    const again = await pipe.embed(texts, 3);
    expect(again).toEqual(batched);
    const single = await pipe.embed(texts, 1);
    for (let i = 0; i < texts.length; i++) for (let d = 0; d < 32; d++) expect(single[i][d]).toBeCloseTo(batched[i][d], 5);
  });

  it('batches texts by length but returns each vector in the caller’s order', async () => {
    // Lengths out of order, so the length-sorted batches of 2 mix texts from different positions.
    const mixed = ['Go', ...texts, 'Designed and ran the on-call rota for three product teams across two time zones', 'SQL'];
    const batched = await pipe.embed(mixed, 2);
    expect(batched).toHaveLength(mixed.length);
    for (let i = 0; i < mixed.length; i++) {
      const [alone] = await pipe.embed([mixed[i]], 1);
      for (let d = 0; d < 32; d++) expect(batched[i][d]).toBeCloseTo(alone[d], 5);
    }
  });

  it('matches mean-pooled, normalised last_hidden_state computed directly with onnxruntime-node', async () => {
    const tok = await AutoTokenizer.from_pretrained('tiny-bert');
    const enc = tok(texts[1]);
    const ids = BigInt64Array.from((enc.input_ids.data as BigInt64Array));
    const n = ids.length;
    const session = await ort.InferenceSession.create(path.join(root, 'tiny-bert/onnx/model.onnx'));
    const feeds = {
      input_ids: new ort.Tensor('int64', ids, [1, n]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(n), [1, n])
    };
    const hidden = (await session.run(feeds)).last_hidden_state.data as Float32Array; // [1, n, 32]
    const mean = new Float32Array(32);
    for (let t = 0; t < n; t++) for (let d = 0; d < 32; d++) mean[d] += hidden[t * 32 + d] / n;
    const norm = Math.hypot(...mean);
    const [ours] = await pipe.embed([texts[1]]);
    for (let d = 0; d < 32; d++) expect(ours[d]).toBeCloseTo(mean[d] / norm, 5);
    await session.release();
  });

  it('semantic signal: evidence spans index the resume text and the cache makes a re-rank embed nothing', async () => {
    const resumeText = 'Summary\n\nBackend engineer.\n\nExperience\n\nBuilt data pipelines in Go and Kafka for five years.\n\nSkills\n\nTypeScript, React, PostgreSQL';
    const requirements = [
      { id: 'r1', label: 'Go data pipelines', weight: 2 },
      { id: 'r2', label: 'React', weight: 1 }
    ];
    const cache = new MemoryEmbeddingCache();
    let embedded = 0;
    const embed = async (t: string[]) => ((embedded += t.length), pipe.embed(t));
    const model = { id: 'tiny-bert', revision: 'test' };
    const first = await semanticSignal({ resume: { text: resumeText }, requirements, model, embed, cache, chunking: { minChars: 1 } });
    expect(first.evidence).toHaveLength(2);
    for (const e of first.evidence) {
      expect(resumeText.slice(e.span.start, e.span.end)).toBe(e.text);
      expect(first.chunks.map((c) => c.text)).toContain(e.text);
    }
    expect(first.value).toBeGreaterThanOrEqual(0);
    expect(first.value).toBeLessThanOrEqual(1);
    const before = embedded;
    const second = await semanticSignal({ resume: { text: resumeText }, requirements, model, embed, cache, chunking: { minChars: 1 } });
    expect(embedded).toBe(before);
    expect(second.cacheHits).toBe(requirements.length + first.chunks.length);
    expect(second.evidence).toEqual(first.evidence);
  });

  it('serves the same API through comlink over a MessageChannel, with progress events', async () => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(createEmbedApi(), nodeEndpoint(port1));
    const client = Comlink.wrap<EmbedApi>(nodeEndpoint(port2));
    const events: ModelProgress[] = [];
    const info = await client['model.load']({
      options: { model: 'tiny-bert', localModelPath: root + '/', allowRemoteModels: false, device: 'cpu' }
    }, Comlink.proxy((p: ModelProgress) => void events.push(p)));
    expect(info.dims).toBe(32);
    expect(events.at(-1)).toMatchObject({ status: 'ready', model: 'tiny-bert' });
    const viaWorker = await client['texts.embed']({ texts, batchSize: 2 });
    const direct = await pipe.embed(texts, 2);
    expect(viaWorker.map((v) => Array.from(v))).toEqual(direct.map((v) => Array.from(v)));
    await client['model.unload']();
    await expect(client['texts.embed']({ texts })).rejects.toThrow(/no embedding model loaded/);
    port1.close();
    port2.close();
  });

  it('fails with a clear error when the model folder is missing and remote models are disabled', async () => {
    await expect(
      createEmbeddingPipeline({ model: 'no-such-model', localModelPath: root + '/', allowRemoteModels: false, device: 'cpu' })
    ).rejects.toThrow(/no-such-model.*Remote models are disabled/s);
  });
});
