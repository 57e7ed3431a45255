/**
 * bench:models — our embedding path's overhead versus calling transformers.js directly, on the same inputs and
 * the same tiny BERT ONNX fixture (built on the fly; no hub). Reports median wall time per pass and the ratio
 * ours / direct for: (1) our pipeline in-thread, (2) our EmbedApi behind comlink in a real worker thread
 * (structured clone of texts and Float32Arrays both ways, as in the browser).
 *
 * Second part (when ../shared/models/tiny-random-llama-onnx exists): the LLM path — our KV-cached step loop
 * (LlmApi, transformers.js backend) versus one plain `model.generate` for the same 32 greedy tokens (identical
 * output, checked), and the per-token cost of xgrammar-constrained decoding.
 *
 * Non-goals: model quality, GPU timings (CPU onnxruntime-node here). Usage: npm run bench:models [-- --runs 15]
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
// @ts-expect-error -- comlink's Node adapter ships node-adapter.d.ts beside the .mjs, which bundler resolution misses
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { AutoModelForCausalLM, AutoTokenizer, env, pipeline } from '@huggingface/transformers';
import { createLlmApi } from '../workers/llm/api';
import { createTransformersBackend } from '../workers/llm/transformers-backend';
import { recommendationSchema } from '../src/lib/core/llm/schemas';
import { buildTinyBertOnnx } from '../tests/fixtures/tiny-bert-onnx';
import { createEmbeddingPipeline } from '../workers/embed/pipeline';
import type { EmbedApi } from '../src/lib/core/protocol/embed';

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const BATCH = 16;
const tokenizerDir = path.resolve(process.cwd(), '../shared/models/minilm-l6-tokenizer');
if (!existsSync(tokenizerDir)) {
  console.error(`bench:models needs ${tokenizerDir} (the real MiniLM tokenizer); it is absent.`);
  process.exit(1);
}

const words = 'built scalable TypeScript services with React and Node, led migrations to Kubernetes, mentored engineers, improved latency by 40 percent, designed PostgreSQL schemas'.split(' ');
const texts = Array.from({ length: 64 }, (_, i) => Array.from({ length: 20 + (i % 5) * 12 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' '));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Interleave the variants run by run (A B C A B C …) so machine load drifts hit all of them alike. */
async function timeInterleaved(fns: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const fn of fns) await fn(); // warm-up
  const t = fns.map(() => [] as number[]);
  for (let r = 0; r < RUNS; r++) {
    for (const [i, fn] of fns.entries()) {
      const t0 = performance.now();
      await fn();
      t[i].push(performance.now() - t0);
    }
  }
  return t.map(median);
}

const root = mkdtempSync(path.join(os.tmpdir(), 'shortlist-bench-models-'));
try {
  buildTinyBertOnnx(path.join(root, 'tiny-bert'), { tokenizerDir, hiddenSize: 64, numLayers: 2, numHeads: 4, intermediateSize: 128 });
  const load = { model: 'tiny-bert', localModelPath: root + '/', allowRemoteModels: false, device: 'cpu' as const, dtype: 'fp32' as const };

  env.allowRemoteModels = false;
  env.localModelPath = root + '/';
  const extractor = await pipeline('feature-extraction', 'tiny-bert', { device: 'cpu', dtype: 'fp32' });
  const direct = async () => {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      const t = await extractor(texts.slice(i, i + BATCH), { pooling: 'mean', normalize: true });
      out.push(t.data as Float32Array);
    }
    return out;
  };

  const ours = await createEmbeddingPipeline(load);
  const inThread = () => ours.embed(texts, BATCH);

  // The worker thread serves the same EmbedApi object as workers/embed.worker.ts, over comlink. Its .ts modules
  // need tsx's loader registered inside the thread first, hence the small eval bootstrap.
  const url = (spec: string) => JSON.stringify(import.meta.resolve(spec));
  const bootstrap = `import(${url('tsx/esm/api')}).then(async ({ register }) => {
    register();
    const { parentPort } = await import('node:worker_threads');
    const Comlink = await import(${url('comlink')});
    const { default: nodeEndpoint } = await import(${url('comlink/dist/esm/node-adapter.mjs')});
    const { createEmbedApi } = await import(${url('../workers/embed/api.ts')});
    Comlink.expose(createEmbedApi(), nodeEndpoint(parentPort));
  });`;
  const worker = new Worker(bootstrap, { eval: true });
  const api = Comlink.wrap<EmbedApi>(nodeEndpoint(worker));
  await api['model.load']({ options: load });
  const viaWorker = () => api['texts.embed']({ texts, batchSize: BATCH });

  // Same numbers from all three paths, or the comparison is meaningless.
  const [a, b, c] = [await direct(), await inThread(), await viaWorker()];
  const flatA = Float32Array.from(a.flatMap((x) => Array.from(x)));
  const flatB = Float32Array.from(b.flatMap((x) => Array.from(x)));
  const flatC = Float32Array.from(c.flatMap((x) => Array.from(x)));
  const maxDiff = Math.max(...flatA.map((v, i) => Math.max(Math.abs(v - flatB[i]), Math.abs(v - flatC[i]))));
  if (!(maxDiff < 1e-5)) throw new Error(`paths disagree (max |diff| ${maxDiff})`);

  const [tDirect, tIn, tWorker] = await timeInterleaved([direct, inThread, viaWorker]);
  console.log(`bench:models — ${texts.length} texts, batch ${BATCH}, tiny BERT (hidden 64, 2 layers, vocab 30522), CPU, median of ${RUNS} runs`);
  console.log(`  transformers.js direct        ${tDirect.toFixed(1)} ms`);
  console.log(`  our pipeline (in-thread)      ${tIn.toFixed(1)} ms   ratio ${(tIn / tDirect).toFixed(3)}`);
  console.log(`  our EmbedApi via comlink+worker ${tWorker.toFixed(1)} ms   ratio ${(tWorker / tDirect).toFixed(3)}`);
  await api['model.unload']();
  await worker.terminate();
  await ours.dispose();
  await extractor.dispose();
} finally {
  rmSync(root, { recursive: true, force: true });
}

const llamaDir = path.resolve(process.cwd(), '../shared/models');
if (existsSync(path.join(llamaDir, 'tiny-random-llama-onnx'))) {
  const TOKENS = 32;
  const messages = [{ role: 'user' as const, content: 'Assess the candidate for the role.' }];
  const api = createLlmApi({ 'transformers.js': createTransformersBackend });
  await api['llm.load']({ options: { backend: 'transformers.js', model: 'tiny-random-llama-onnx', localModelPath: llamaDir + '/', allowRemoteModels: false, dtype: 'fp16', device: 'cpu' } });
  const tokenizer = await AutoTokenizer.from_pretrained('tiny-random-llama-onnx');
  const model = await AutoModelForCausalLM.from_pretrained('tiny-random-llama-onnx', { dtype: 'fp16', device: 'cpu' });
  const prompt = tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false }) as unknown as string;
  const enc = tokenizer(prompt, { add_special_tokens: false });
  const direct = async () => {
    const out = (await model.generate({ ...enc, max_new_tokens: TOKENS, do_sample: false })) as unknown as { data: BigInt64Array };
    return tokenizer.decode(Array.from(out.data).slice(enc.input_ids.dims[1]).map(Number), { skip_special_tokens: true });
  };
  const ours = async () => (await api['llm.generate']({ messages, maxTokens: TOKENS })).text;
  if ((await direct()) !== (await ours())) throw new Error('LLM paths disagree: the step loop must reproduce plain generate');
  await api['llm.generate']({ messages, maxTokens: 8, schema: recommendationSchema }); // compile the grammar once
  let constrainedTokens = 0;
  const constrained = async () => {
    const r = await api['llm.generate']({ messages, maxTokens: TOKENS, schema: recommendationSchema });
    constrainedTokens = r.tokens;
  };
  const [tDirect, tOurs, tConstrained] = await timeInterleaved([direct, ours, constrained]);
  console.log(`LLM — tiny random Llama (fp16 ONNX, CPU), ${TOKENS} greedy tokens, median of ${RUNS} runs`);
  console.log(`  transformers.js model.generate     ${tDirect.toFixed(1)} ms (${(tDirect / TOKENS).toFixed(2)} ms/token)`);
  console.log(`  our LlmApi step loop (free)        ${tOurs.toFixed(1)} ms   ratio ${(tOurs / tDirect).toFixed(3)}`);
  console.log(`  our LlmApi + xgrammar JSON schema  ${tConstrained.toFixed(1)} ms for ${constrainedTokens} tokens (${(tConstrained / constrainedTokens).toFixed(2)} ms/token)`);
  await api['llm.unload']();
  await model.dispose();
}
