// ModelWorkerClient: callbacks cross comlink, and after a worker crash/restart the next call reloads the model
// in a fresh worker by itself. The "worker" is the real EmbedApi behind a MessageChannel (same wire as a Worker).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import * as Comlink from 'comlink';
// @ts-expect-error -- TS cannot pair comlink's node-adapter.mjs with its node-adapter.d.ts under bundler resolution
import nodeEndpointUntyped from 'comlink/dist/esm/node-adapter.mjs';
import type NodeEndpointFn from 'comlink/dist/esm/node-adapter';
import { buildTinyBertOnnx } from '../fixtures/tiny-bert-onnx';
import { createEmbedApi } from '../../workers/embed/api';
import { ModelWorkerClient, ModelWorkerCrashedError, type WorkerHandle } from '../../workers/llm/model-client';
import type { EmbedApi, ModelProgress } from '../../src/lib/core/protocol/embed';

const nodeEndpoint = nodeEndpointUntyped as typeof NodeEndpointFn;
const tokenizerDir = path.resolve(__dirname, '../../../shared/models/minilm-l6-tokenizer');
const hasShared = existsSync(tokenizerDir);
if (!hasShared) console.warn(`[skip] ${tokenizerDir} is absent: ModelWorkerClient tests need the real MiniLM tokenizer`);

describe.skipIf(!hasShared)('ModelWorkerClient', () => {
  let root: string;
  const spawned: { crash: (e: Error) => void; terminated: boolean }[] = [];
  const spawn = (): WorkerHandle => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(createEmbedApi(), nodeEndpoint(port1));
    const entry = { crash: (_e: Error) => {}, terminated: false };
    spawned.push(entry);
    return {
      endpoint: nodeEndpoint(port2),
      terminate: () => {
        entry.terminated = true;
        port1.close();
        port2.close();
      },
      onCrash: (cb) => void (entry.crash = cb)
    };
  };
  const options = () => ({ model: 'tiny-bert', localModelPath: root + '/', allowRemoteModels: false, device: 'cpu' as const });

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'shortlist-client-'));
    buildTinyBertOnnx(path.join(root, 'tiny-bert'), { tokenizerDir, seed: 3 });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('starts lazily, proxies progress callbacks, and reloads the model by itself after a crash', async () => {
    const client = new ModelWorkerClient<EmbedApi, 'model.load'>(spawn, 'model.load');
    expect(spawned).toHaveLength(0);
    const events: ModelProgress[] = [];
    const info = await client.load({ options: options() }, (p: ModelProgress) => void events.push(p));
    expect(info.dims).toBe(32);
    expect(events.at(-1)?.status).toBe('ready');
    const before = await client.call('texts.embed', { texts: ['Go and Kubernetes'] });

    spawned[0].crash(new Error('device lost'));
    const after = await client.call('texts.embed', { texts: ['Go and Kubernetes'] });
    expect(spawned).toHaveLength(2);
    expect(client.restartCount).toBe(1);
    expect(Array.from(after[0])).toEqual(Array.from(before[0]));
    client.dispose();
    expect(spawned[1].terminated).toBe(true);
  });

  it('a crash during a call rejects that call with ModelWorkerCrashedError', async () => {
    const client = new ModelWorkerClient<EmbedApi, 'model.load'>(spawn, 'model.load');
    await client.load({ options: options() });
    const n = spawned.length;
    const pending = client.call('texts.embed', { texts: Array.from({ length: 64 }, (_, i) => `text number ${i}`) });
    spawned[n - 1].crash(new Error('out of memory'));
    await expect(pending).rejects.toBeInstanceOf(ModelWorkerCrashedError);
    client.restart();
    const ok = await client.call('texts.embed', { texts: ['still works'] });
    expect(ok[0].length).toBe(32);
    client.dispose();
  });
});
