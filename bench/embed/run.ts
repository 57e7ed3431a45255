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
 *
 * A benchmark, not a test: nothing asserts. Usage: npm run bench:embed [-- --help]
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
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
    const b: number[] = [];
    const n: number[] = [];
    for (let r = 0; r <= rounds; r++) {
      const order = r % 2 === 0 ? [inBrowser, inNode] : [inNode, inBrowser];
      const times = new Map<unknown, number>();
      for (const run of order) times.set(run, (await run())[0]);
      const [tb, tn] = [times.get(inBrowser)!, times.get(inNode)!];
      if (r === 0) {
        console.log(`warm-up      browser ${perSec(tb).toFixed(1)} texts/s, node ${perSec(tn).toFixed(1)} texts/s (not counted)`);
        continue;
      }
      b.push(perSec(tb));
      n.push(perSec(tn));
      console.log(`round ${String(r).padEnd(6)} browser ${perSec(tb).toFixed(1).padStart(6)} texts/s   node ${perSec(tn).toFixed(1).padStart(6)} texts/s   ratio ${(perSec(tb) / perSec(tn)).toFixed(2)}`);
    }
    const [mb, mn] = [median(b), median(n)];
    console.log(`median       browser ${mb.toFixed(1)} texts/s   node ${mn.toFixed(1)} texts/s`);
    console.log(`ratio        browser / onnxruntime-node = ${(mb / mn).toFixed(2)} (1/${(mn / mb).toFixed(2)}; goal ≥ 0.5, i.e. within 2×)`);
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
