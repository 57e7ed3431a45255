/**
 * In-thread implementation of EmbedApi over the shared pipeline. embed.worker.ts exposes exactly this object
 * with comlink, and tests/bench call it directly, so worker and in-thread behaviour cannot drift.
 *
 * Non-goals: DOM, IndexedDB, chunking. One model at a time; `model.load` with the same options is a no-op.
 */
import { transfer } from 'comlink';
import type { EmbedApi, EmbedLoadOptions } from '../../src/lib/core/protocol/embed';
import { createEmbeddingPipeline, type EmbeddingPipeline } from './pipeline';

/** Create the embedding API object (one loaded model at a time). */
export function createEmbedApi(): EmbedApi {
  let current: { key: string; pipe: EmbeddingPipeline } | undefined;
  let loading: Promise<EmbeddingPipeline> | undefined;
  const keyOf = (o: EmbedLoadOptions) => JSON.stringify([o.model, o.revision, o.device, o.dtype, o.localModelPath, o.remoteHost]);

  return {
    async 'model.load'({ options }, onProgress) {
      const key = keyOf(options);
      if (current?.key === key) return current.pipe.info;
      if (current) await current.pipe.dispose();
      current = undefined;
      loading = createEmbeddingPipeline(options, onProgress);
      const pipe = await loading;
      current = { key, pipe };
      onProgress?.({ status: 'ready', task: 'feature-extraction', model: options.model });
      return pipe.info;
    },
    async 'texts.embed'({ texts, batchSize }) {
      if (!current && loading) await loading.catch(() => undefined);
      if (!current) throw new Error('texts.embed: no embedding model loaded; call model.load first');
      const vectors = await current.pipe.embed(texts, batchSize);
      // Each vector owns its buffer (sliced per row), so behind comlink they move to the page without copying.
      return transfer(vectors, vectors.map((v) => v.buffer as ArrayBuffer));
    },
    async 'model.unload'() {
      await current?.pipe.dispose();
      current = undefined;
    }
  };
}
