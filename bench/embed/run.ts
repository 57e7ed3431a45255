/**
 * bench:embed — texts/s of the app's REAL embedding worker in Chromium (headless Debian Chromium via Playwright,
 * onnxruntime-web WASM, cross-origin isolated, threads + SIMD) against onnxruntime-node in this process: same
 * model, same texts, same batch, rounds interleaved (the order alternates each round), so both sides see the
 * same machine load. Prints per-round figures, the medians and the ratio browser / node.
 *
 * Model: a MiniLM-L6-shaped BERT (6 layers, hidden 384, 12 heads, intermediate 1536, the real MiniLM vocabulary
 * and tokenizer from ../shared/models/minilm-l6-tokenizer) with seeded RANDOM weights, built once into
 * .cache/bench-embed/ by tests/fixtures/tiny-bert-onnx.ts: no weights can be downloaded here, and speed does not
 * depend on weight values (the same ops on the same shapes), only the vectors would mean nothing.
 * The page (bench/embed/page) is built with Vite into .cache/bench-embed/page on every run and served by bench/embed/serve.ts
 * with the app's own headers (csp.config.js).
 * --raw adds ONNX Runtime alone to every round, on both sides (onnxruntime-web in its own worker with the embed
 * worker's ORT build, WASM binary, threads and session options; onnxruntime-node with transformers.js' options) on
 * the same token tensors, then onnxruntime-node's per-operator profile: how much of the gap is ORT itself, and what
 * the wrapper (tokenizer, pooling, worker messages) costs on each side.
 *
 * A benchmark, not a test: nothing asserts. Usage: npm run bench:embed [-- --help]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import * as ortNode from 'onnxruntime-node';
import { AutoTokenizer } from '@huggingface/transformers';
import { buildTinyBertOnnx } from '../../tests/fixtures/tiny-bert-onnx';
import { createEmbeddingPipeline } from '../../workers/embed/pipeline';
import type { EmbedLoadInfo } from '../../src/lib/core/protocol/embed';
import { serveBench } from './serve';

const HELP = `npm run bench:embed [-- options]
  --rounds <n>     interleaved rounds (default 5, after one warm-up round that is not counted)
  --texts <n>      texts per round (default 32)
  --batch <n>      texts per worker call batch (default 8)
  --words <n>      words per text (default 96: 134–143 WordPiece tokens with [CLS] and [SEP])
  --mixed          texts of mixed length, as the app's chunks of resume sections are: 100%, 60%, 44%, 28% of --words,
                   repeating (so not in length order); default: all texts --words long
  --threads <n>    onnxruntime-web WASM threads in the browser (default: the app's choice, wasmThreadCount();
                   1 = the path before cross-origin isolation)
  --device <d>     the browser's execution provider: wasm (default) or webgpu (Chromium started with WebGPU on
                   SwiftShader, the only adapter this machine has; a real GPU's adapter where there is one)
  --raw            also time ONNX Runtime alone on both sides in every round (session.run on one tokenized batch of
                   the texts, no transformers.js): the ratio ORT-web / onnxruntime-node, each side's wrapper cost per text, and
                   onnxruntime-node's per-operator profile (ORT-web keeps its profile inside its WASM file system)
  --rebuild        rebuild the model even if .cache/bench-embed has it (the page is rebuilt every run)
  --chromium <p>   Chromium binary (default $CHROMIUM_PATH or /usr/bin/chromium)
  --help           this text`;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

const root = process.cwd();
const cacheDir = path.resolve(root, '.cache/bench-embed');
const pageOut = path.join(cacheDir, 'page');
const modelsDir = path.join(cacheDir, 'models');
const MODEL = 'minilm-l6-random';
const tokenizerDir = path.resolve(root, '../shared/models/minilm-l6-tokenizer');

/** Resume-like sentences, deterministic, `words` words each (mixed: 100/60/44/28% of it, repeating). */
function makeTexts(count: number, words: number, mixed = false): string[] {
  const length = (i: number) => (!mixed || i % 4 === 0 ? words : Math.max(4, Math.round(words * (0.12 + 0.16 * ((i * 7) % 4)))));
  const vocab = ('managed accounts payable and receivable reconciliations for a regional retailer, led a team of five analysts, ' +
    'migrated reporting from Excel to SQL Server and Power BI, reduced month-end close from ten to six days, ' +
    'prepared GAAP financial statements, audited vendor contracts, trained staff on QuickBooks and SAP, ' +
    'designed Kubernetes deployments, wrote TypeScript services, improved latency by forty percent').split(/\s+/);
  return Array.from({ length: count }, (_, i) => Array.from({ length: length(i) }, (_, j) => vocab[(i * 13 + j * 7) % vocab.length]).join(' '));
}

async function buildPage(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'warn',
    root: path.resolve(root, 'bench/embed/page'),
    base: './',
    worker: { format: 'es' },
    build: { outDir: pageOut, emptyOutDir: true, modulePreload: { polyfill: false }, chunkSizeWarningLimit: 100_000 }
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const msPerText = (ms: number, texts: number) => `${(ms / texts).toFixed(0).padStart(4)} ms/text`;
type RawFeeds = Record<string, { data: number[]; dims: number[] }>;

/**
 * --raw: session.run alone on both sides, on the first `batch` texts tokenized as the pipeline tokenizes them
 * (padding to the longest, truncation), as many runs per round as the full path makes batches. The runs join the
 * main rounds (same order alternation), so "full path minus ORT" compares figures taken under the same load.
 */
async function setupRaw(page: Page, texts: string[], batch: number, threads: number) {
  const tokenizer = await AutoTokenizer.from_pretrained(MODEL);
  const enc = tokenizer(texts.slice(0, batch), { padding: true, truncation: true }) as Record<string, { data: BigInt64Array; dims: number[] }>;
  const names = ['input_ids', 'attention_mask', 'token_type_ids'];
  const feeds: RawFeeds = Object.fromEntries(names.map((k) => [k, { data: Array.from(enc[k].data, Number), dims: enc[k].dims }]));
  const modelFile = path.join(modelsDir, MODEL, 'onnx/model.onnx');
  const node = await ortNode.InferenceSession.create(modelFile, { executionProviders: ['cpu'] }); // what transformers.js passes
  const nodeFeeds = Object.fromEntries(names.map((k) => [k, new ortNode.Tensor('int64', enc[k].data, enc[k].dims)]));
  type RawBench = { rawLoad(u: string, n: number): Promise<void>; rawRun(f: RawFeeds, r: number): Promise<number[]> };
  await page.evaluate(([url, n]) => (window as unknown as { __bench: RawBench }).__bench.rawLoad(url as string, n as number), [`/models/${MODEL}/onnx/model.onnx`, threads] as const);
  const runs = Math.max(1, Math.round(texts.length / batch));
  return {
    tokens: enc.input_ids.dims[1],
    /** Median ms of one session.run in the browser / in Node over this round's runs. */
    browser: async () => median(await page.evaluate(([f, r]) => (window as unknown as { __bench: RawBench }).__bench.rawRun(f as RawFeeds, r as number), [feeds, runs] as const)),
    node: async () => {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await node.run(nodeFeeds);
        times.push(performance.now() - t0);
      }
      return median(times);
    },
    /** onnxruntime-node's own per-operator profile of the same input (a separate session: profiling costs a little). */
    async profile(): Promise<string> {
      await node.release();
      const prefix = path.join(cacheDir, 'node-profile');
      const profiled = await ortNode.InferenceSession.create(modelFile, { executionProviders: ['cpu'], enableProfiling: true, profileFilePrefix: prefix });
      for (let i = 0; i < 3; i++) await profiled.run(nodeFeeds);
      profiled.endProfiling();
      await profiled.release();
      const file = readdirSync(cacheDir).filter((f) => f.startsWith('node-profile')).map((f) => path.join(cacheDir, f)).sort((x, y) => statSync(y).mtimeMs - statSync(x).mtimeMs)[0];
      const events = JSON.parse(readFileSync(file, 'utf8')) as Array<{ cat: string; name: string; dur: number; args?: { op_name?: string } }>;
      rmSync(file, { force: true });
      const byOp = new Map<string, number>();
      for (const e of events) if (e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.args?.op_name) byOp.set(e.args.op_name, (byOp.get(e.args.op_name) ?? 0) + e.dur);
      const total = [...byOp.values()].reduce((x, y) => x + y, 0);
      return [...byOp].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([op, us]) => `${op} ${((100 * us) / total).toFixed(1)}%`).join(', ');
    }
  };
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(HELP);
  if (!existsSync(tokenizerDir)) return void console.log(`bench:embed skipped: ${tokenizerDir} not found (the MiniLM tokenizer of ../shared is not on this machine)`);
  const rounds = option('--rounds', 5);
  const count = option('--texts', 32);
  const batch = option('--batch', 8);
  const words = option('--words', 96);
  const rebuild = process.argv.includes('--rebuild');
  const device = process.argv.includes('--device') ? process.argv[process.argv.indexOf('--device') + 1] : 'wasm';
  if (device !== 'wasm' && device !== 'webgpu') throw new Error(`--device must be wasm or webgpu, got ${device}`);
  const threads = process.argv.includes('--threads') ? option('--threads', 1) : undefined;
  const raw = process.argv.includes('--raw');
  if (raw && device !== 'wasm') throw new Error('--raw compares ORT-web WASM with onnxruntime-node; leave out --device webgpu');
  const chromiumPath = process.argv.includes('--chromium') ? process.argv[process.argv.indexOf('--chromium') + 1] : (process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');

  if (rebuild) rmSync(cacheDir, { recursive: true, force: true });
  if (!existsSync(path.join(modelsDir, MODEL, 'onnx/model.onnx'))) {
    process.stderr.write('bench:embed: writing the MiniLM-L6-shaped random-weight model...\n');
    mkdirSync(modelsDir, { recursive: true });
    buildTinyBertOnnx(path.join(modelsDir, MODEL), { tokenizerDir, hiddenSize: 384, numLayers: 6, numHeads: 12, intermediateSize: 1536, maxPositions: 512, seed: 7 });
  }
  // Always rebuilt (~10 s): the page bundles the worker code under test, which may have changed since last time.
  process.stderr.write('bench:embed: building the bench page (Vite)...\n');
  await buildPage();
  const mixed = process.argv.includes('--mixed');
  const texts = makeTexts(count, words, mixed);

  const node = await createEmbeddingPipeline({ model: MODEL, localModelPath: modelsDir + '/', allowRemoteModels: false, device: 'cpu', dtype: 'fp32' });
  const server = await serveBench(pageOut, modelsDir);
  const common = ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  // WebGPU: the flags the browser tests use (tests/workers/browser.test.ts); SwiftShader's Vulkan driver where no GPU is.
  const webgpu = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'];
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: device === 'webgpu' ? [...common, ...webgpu] : [...common, '--disable-gpu'],
    env: { ...process.env, VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json' }
  });
  try {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (r) => void (new URL(r.url()).origin !== server.origin && !r.url().startsWith('blob:') && !r.url().startsWith('data:') && foreign.push(r.url())));
    page.on('pageerror', (e) => process.stderr.write(`bench:embed page error: ${e.message}\n`));
    const warnings: string[] = [];
    page.on('console', (m) => void ((m.type() === 'warning' || m.type() === 'error') && warnings.push(m.text())));
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => (window as unknown as { __bench?: unknown }).__bench !== undefined);
    type Bench = { isolated(): boolean; cores(): number; load(o: unknown): Promise<EmbedLoadInfo>; embed(t: string[], b: number): Promise<[number, number]> };
    const isolated = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.isolated());
    const cores = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.cores());
    const info = await page.evaluate(
      (o) => (window as unknown as { __bench: Bench }).__bench.load(o),
      { model: MODEL, localModelPath: '/models/', allowRemoteModels: false, device, dtype: 'fp32', ...(threads ? { numThreads: threads } : {}) }
    );
    // Whether ORT really started its WASM threads: Chromium lists each dedicated worker as a target.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Target.setDiscoverTargets', { discover: true });
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ type: string; title: string; url: string }> };
    const workerTargets = targetInfos.filter((t) => t.type === 'worker');
    const inBrowser = async () =>
      page.evaluate(([t, b]) => (window as unknown as { __bench: Bench }).__bench.embed(t as string[], b as number), [texts, batch] as const);
    const inNode = async () => {
      const t0 = performance.now();
      const vectors = await node.embed(texts, batch);
      return [performance.now() - t0, vectors[0].length] as [number, number];
    };

    console.log(`bench:embed  ${os.cpus()[0]?.model ?? 'cpu'}  ${os.availableParallelism()} cores  load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}  node ${process.version}`);
    console.log(`model        ${MODEL}: MiniLM-L6 shape (6 layers, hidden 384, 12 heads, FFN 1536, vocab 30522), RANDOM weights, fp32`);
    console.log(`work         ${count} texts × ${mixed ? `${Math.min(...texts.map((t) => t.split(' ').length))}–` : ''}${words} words (96 words ≈ 138 tokens), batch ${batch}, ${rounds} interleaved rounds (+1 warm-up)`);
    console.log(`browser      Chromium ${browser.version()}, crossOriginIsolated ${isolated}, device ${info.device}, ${info.wasmThreads ?? 1} WASM thread(s) of ${cores} cores, dims ${info.dims}`);
    console.log(`workers      ${workerTargets.length} dedicated worker target(s) in Chromium (the embed worker + ORT's em-pthread threads)${warnings.length ? `; console: ${warnings.join(' | ').slice(0, 300)}` : ''}`);
    console.log(`node         onnxruntime-node (transformers.js device 'cpu', default intra-op threads = cores)`);
    const perSec = (ms: number) => (count / ms) * 1000;
    const rawRuns = raw ? await setupRaw(page, texts, batch, info.wasmThreads ?? 1) : undefined;
    const inRawBrowser = async () => [await rawRuns!.browser(), 0] as [number, number];
    const inRawNode = async () => [await rawRuns!.node(), 0] as [number, number];
    const b: number[] = [];
    const n: number[] = [];
    const [rb, rn, wb, wn]: number[][] = [[], [], [], []]; // --raw: ms per batch; wrapper ms per text
    for (let r = 0; r <= rounds; r++) {
      const sides = raw ? [inBrowser, inRawBrowser, inNode, inRawNode] : [inBrowser, inNode];
      const order = r % 2 === 0 ? sides : [...sides].reverse();
      const times = new Map<unknown, number>();
      for (const run of order) times.set(run, (await run())[0]);
      const [tb, tn] = [times.get(inBrowser)!, times.get(inNode)!];
      if (raw && r > 0) {
        const [b1, n1] = [times.get(inRawBrowser)!, times.get(inRawNode)!];
        rb.push(b1);
        rn.push(n1);
        wb.push(tb / count - b1 / batch);
        wn.push(tn / count - n1 / batch);
        console.log(`  raw ${String(r).padEnd(4)} ORT-web ${b1.toFixed(0).padStart(6)} ms/batch   onnxruntime-node ${n1.toFixed(0).padStart(6)} ms/batch   ratio ${(n1 / b1).toFixed(2)}`);
      }
      if (r === 0) {
        console.log(`warm-up      browser ${perSec(tb).toFixed(1)} texts/s, node ${perSec(tn).toFixed(1)} texts/s (not counted)`);
        continue;
      }
      b.push(perSec(tb));
      n.push(perSec(tn));
      console.log(`round ${String(r).padEnd(6)} browser ${perSec(tb).toFixed(1).padStart(6)} texts/s (${msPerText(tb, count)})   node ${perSec(tn).toFixed(1).padStart(6)} texts/s (${msPerText(tn, count)})   ratio ${(perSec(tb) / perSec(tn)).toFixed(2)}`);
    }
    const [mb, mn] = [median(b), median(n)];
    console.log(`median       browser ${mb.toFixed(1)} texts/s (${msPerText(1000 / mb, 1)})   node ${mn.toFixed(1)} texts/s (${msPerText(1000 / mn, 1)})`);
    // The fastest round of each side: the least disturbed by other processes on a shared machine (the medians are the figure).
    const [bb, bn] = [Math.max(...b), Math.max(...n)];
    console.log(`ratio        browser / onnxruntime-node = ${(mb / mn).toFixed(2)} (1/${(mn / mb).toFixed(2)}; goal ≥ 0.5, i.e. within 2×); best rounds ${(bb / bn).toFixed(2)}`);
    if (rawRuns) {
      const [mrb, mrn] = [median(rb), median(rn)];
      console.log(`raw median   ORT-web ${mrb.toFixed(0)} ms/batch (${msPerText(mrb, batch)})   onnxruntime-node ${mrn.toFixed(0)} ms/batch (${msPerText(mrn, batch)})   [session.run alone, batch ${batch} × ${rawRuns.tokens} tokens]`);
      console.log(`raw ratio    ORT-web / onnxruntime-node = ${(mrn / mrb).toFixed(2)} (ONNX Runtime alone, same tensors)`);
      // Every text has the same length only without --mixed; then the raw batch stands for every batch of the full path.
      if (!mixed) console.log(`wrapper      full path minus ORT, median of rounds: browser ${median(wb).toFixed(1)} ms/text, node ${median(wn).toFixed(1)} ms/text (tokenizer, tensors, pooling, worker messages)`);
      console.log(`node profile onnxruntime-node kernel time by operator: ${await rawRuns.profile()} (ORT-web writes its profile into its WASM file system, out of reach)`);
    }
    console.log(`requests off the page's origin: ${foreign.length === 0 ? 'none' : foreign.join(', ')}`);
  } finally {
    await browser.close();
    await server.close();
    await node.dispose();
  }
}

main().catch((e) => {
  console.error(`bench:embed failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
