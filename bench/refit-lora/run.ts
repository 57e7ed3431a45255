/**
 * bench:refit-lora — the embedding model's LoRA from recruiter decisions (training-node/src/adapt, the app's adapt
 * worker), measured on the dev split (the kaggle resume PDFs of ../shared/data, the harness's text cache) with
 * simulated decisions: for each of N job families (the harness's sectioned category jobs), a recruiter selects K
 * resumes of the job's category and rejects K of other categories (picked by a hash of their path, not by content).
 * The model sees what the app gives it: masked resume chunks (core/embed/semantic-input, blind) and the job's title +
 * requirements judged by meaning. Reported per family and on average: held-out agreement (pairwise AUC by max-sim
 * cosine, the app's split) before and after beside BM25 on the same pairs, and the wall time, (1) in Node on the CPU reference and (2) in headless
 * Chromium on WebGPU (SwiftShader), through the app's real adapt worker in a page with the app's headers.
 *
 * Base model (the "installed" one): no pretrained weights exist offline, so by default the harness's own matcher
 * (eval/matcher.ts: MATCHER_SHAPE, MiniLM vocabulary and tokenizer, MNRL full fine-tune) trained on job/chunk rows
 * of the OTHER categories only (eval/semantic.ts matcherRows, the bench families held out), exported as the float32
 * ONNX folder the app installs; `--base random` uses a seeded random init of the same shape instead.
 * A benchmark, not a test: nothing asserts. Usage: npm run bench:refit-lora [-- --help]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { splitDecisions, stableHash } from '../../src/lib/core/refit';
import { Bm25Okapi, terms } from '../../eval/bm25';
import { isSemanticRequirement } from '../../src/lib/core/embed/semantic';
import { prepareSemanticInput } from '../../src/lib/core/embed/semantic-input';
import { pairwiseAgreement, trainEmbedLora, type AdaptAgreement, type AdaptDecision, type EmbedLoraOptions } from '../../training-node/src/adapt/embed-lora';
import { loadEmbeddingModel, type FolderFiles } from '../../training-node/src/adapt/export';
import { bertOnnxModel } from '../../training-node/src/export/bert-onnx';
import { hfConfigFromBert } from '../../training-node/src/io/export-hf';
import { randomInitBert } from '../../training-node/src/models/bert-init';
import { have, loadKagglePdfs, PATHS, REPO, type CategoryDoc } from '../../eval/data';
import { DEFAULT_TRAINING, MATCHER_SHAPE, TOKENIZER_DIR, trainMatcher } from '../../eval/matcher';
import categoryJobs from '../../eval/jobs/categories.json';
import { categoryJobsFor, parseDocs } from '../../eval/ranking';
import { matcherRows } from '../../eval/semantic';
import type { BertConfig, BertParams } from '../../training-node/src/models/bert';
import { serveBench } from '../embed/serve';

const HELP = `npm run bench:refit-lora [-- options]
  --families <n>   job families (category jobs, spread over the list; default 4)
  --per-class <k>  selected and rejected resumes per family (default 15: a third of each held out)
  --steps <n>      LoRA steps (default ${40}); rank 8 on query/value, the app's defaults otherwise
  --base <b>       trained (default: the harness matcher trained on the other categories) or random
  --no-browser     only the Node CPU run
Prints a markdown table per family and the means: held-out AUC before → after, seconds (Node CPU, Chromium WebGPU).`;

const option = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CACHE = path.join(REPO, '.cache/bench-refit-lora');
const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];

/** The base model as the app's float32 ONNX folder, written to .cache. */
function baseModel(config: BertConfig, params: BertParams): FolderFiles {
  const dir = path.join(CACHE, 'models/base');
  const files: FolderFiles = {
    'config.json': new TextEncoder().encode(JSON.stringify(hfConfigFromBert(config))),
    'tokenizer.json': new Uint8Array(readFileSync(path.join(TOKENIZER_DIR, 'tokenizer.json'))),
    'tokenizer_config.json': new Uint8Array(readFileSync(path.join(TOKENIZER_DIR, 'tokenizer_config.json'))),
    'onnx/model.onnx': bertOnnxModel(config, params, 'fp32')
  };
  for (const [p, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), bytes);
  }
  return files;
}

interface Family { category: string; jobs: Record<string, string>; decisions: AdaptDecision[]; bm25: AdaptAgreement }

async function families(docs: CategoryDoc[], n: number, k: number): Promise<Family[]> {
  const jobs = categoryJobsFor('sectioned');
  const step = Math.max(1, Math.floor(jobs.length / n));
  const out: Family[] = [];
  for (let i = 0; i < jobs.length && out.length < n; i += step) {
    const { category, job } = jobs[i];
    const byHash = (xs: typeof docs) => [...xs].sort((a, b) => stableHash(`${category}:${a.id}`) - stableHash(`${category}:${b.id}`)).slice(0, k);
    const picked = [...byHash(docs.filter((d) => d.category === category)), ...byHash(docs.filter((d) => d.category !== category))];
    const resumes = parseDocs(picked);
    const decisions = picked.map((d, j) => ({ key: d.id, jobId: category, selected: d.category === category, chunks: prepareSemanticInput(job, resumes[j], true).chunks.map((c) => c.text) }));
    const text = [job.title, ...job.requirements.filter((r) => isSemanticRequirement(r)).map((r) => r.label)].join('. ');
    // BM25 on the same held-out pairs: the decided resumes' masked text (every chunk) against the job's text.
    const held = new Set(splitDecisions(decisions).heldOut.map((d) => d.key));
    const bm25 = new Bm25Okapi(decisions.map((d) => terms(d.chunks.join(' '))));
    const scores = bm25.scores(terms(job.text));
    const bm25Auc = pairwiseAgreement(decisions.flatMap((d, j) => (held.has(d.key) ? [{ jobId: d.jobId, selected: d.selected, score: scores[j] }] : [])));
    out.push({ category, jobs: { [category]: text }, decisions, bm25: bm25Auc });
  }
  return out;
}

const f3 = (x: number) => x.toFixed(3);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(HELP);
  if (!have(PATHS.kagglePdfs) || !existsSync(TOKENIZER_DIR)) return void console.log(`bench:refit-lora skipped: needs ${PATHS.kagglePdfs} and ${TOKENIZER_DIR} (../shared)`);
  const options: Partial<EmbedLoraOptions> = { steps: option('--steps', 40), seqLen: MATCHER_SHAPE.maxPositions };
  const { docs } = await loadKagglePdfs();
  const fams = await families(docs, option('--families', 4), option('--per-class', 15));
  const baseKind = process.argv.includes('--base') ? process.argv[process.argv.indexOf('--base') + 1] : 'trained';
  let params = randomInitBert(MATCHER_SHAPE, 7);
  if (baseKind === 'trained') {
    const held = new Set(fams.map((f) => f.category));
    const anyJob = categoryJobsFor('paragraph')[0].job;
    const others = docs.filter((d) => !held.has(d.category));
    const resumes = parseDocs(others);
    const sources = others.map((d, i) => ({ id: d.id, category: d.category, chunks: prepareSemanticInput(anyJob, resumes[i], true).chunks.map((c) => c.text) }));
    const matcher = await trainMatcher(matcherRows(categoryJobs.jobs, sources, held, { perResume: 4, seed: DEFAULT_TRAINING.seed }), DEFAULT_TRAINING);
    console.error(`  base: the harness matcher trained on ${others.length} resumes of ${new Set(others.map((d) => d.category)).size} other categories in ${matcher.seconds.toFixed(0)} s`);
    params = matcher.model.params;
  } else if (baseKind !== 'random') throw new Error(`--base ${baseKind}: use trained or random`);
  const base = baseModel(MATCHER_SHAPE, params);
  const model = await loadEmbeddingModel(base, 'base');
  type Row = { category: string; decisions: number; pairs: number; bm25: number; before: number; cpuAfter: number; cpuS: number; gpuAfter?: number; gpuS?: number; device?: string };
  const rows: Row[] = [];
  for (const f of fams) {
    const r = await trainEmbedLora({ ...model, jobs: f.jobs, decisions: f.decisions, options });
    rows.push({ category: f.category, decisions: f.decisions.length, pairs: r.after.pairs, bm25: f.bm25.auc, before: r.before.auc, cpuAfter: r.after.auc, cpuS: r.ms / 1000 });
    console.error(`  ${f.category}: cpu ${f3(r.before.auc)} → ${f3(r.after.auc)} in ${(r.ms / 1000).toFixed(1)} s`);
  }
  if (!process.argv.includes('--no-browser')) {
    const pageOut = path.join(CACHE, 'page');
    await build({ configFile: false, logLevel: 'warn', root: path.join(REPO, 'bench/refit-lora/page'), base: './', worker: { format: 'es' },
      build: { outDir: pageOut, emptyOutDir: true, modulePreload: { polyfill: false }, chunkSizeWarningLimit: 100_000 } });
    const server = await serveBench(pageOut, path.join(CACHE, 'models'));
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader', '--disable-vulkan-surface', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${server.origin}/`);
      await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
      if (!(await page.evaluate(() => (window as never as { __bench: { hasWebGpu(): Promise<boolean> } }).__bench.hasWebGpu()))) console.log('Chromium reports no WebGPU adapter: the browser figures are the CPU fallback');
      for (const [i, f] of fams.entries()) {
        const args = { jobs: f.jobs, decisions: f.decisions, options, id: 'bench/adapted', label: 'bench', baseModel: 'bench/base' };
        const r = await page.evaluate(([files, a]) => (window as never as { __bench: { adapt(m: string, p: string[], x: unknown): Promise<Record<string, unknown>> } }).__bench.adapt('base', files, a), [MODEL_FILES, args] as const);
        if (typeof r.error === 'string') throw new Error(`${f.category}: ${r.error}`);
        Object.assign(rows[i], { gpuAfter: (r.after as { auc: number }).auc, gpuS: (r.ms as number) / 1000, device: r.device as string });
        console.error(`  ${f.category}: chromium ${f3((r.before as { auc: number }).auc)} → ${f3(rows[i].gpuAfter!)} in ${rows[i].gpuS!.toFixed(1)} s (${r.device})`);
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }
  console.log(`\n### Embedding LoRA from simulated decisions (${fams.length} families, ${option('--per-class', 15)} selected + ${option('--per-class', 15)} rejected each, ${options.steps} steps, rank 8 q/v; base: ${baseKind === 'trained' ? 'the harness matcher trained on the other categories' : 'random init'})`);
  console.log('| family | decisions | held-out pairs | BM25 AUC (same pairs) | AUC before | after, Node CPU | after, Chromium | s Node CPU | s Chromium (device) |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.category} | ${r.decisions} | ${r.pairs} | ${f3(r.bm25)} | ${f3(r.before)} | ${f3(r.cpuAfter)} | ${r.gpuAfter !== undefined ? f3(r.gpuAfter) : '—'} | ${r.cpuS.toFixed(1)} | ${r.gpuS !== undefined ? `${r.gpuS.toFixed(1)} (${r.device})` : '—'} |`);
  const gpu = rows.filter((r) => r.gpuAfter !== undefined);
  console.log(`| mean | | | ${f3(mean(rows.map((r) => r.bm25)))} | ${f3(mean(rows.map((r) => r.before)))} | ${f3(mean(rows.map((r) => r.cpuAfter)))} | ${gpu.length ? f3(mean(gpu.map((r) => r.gpuAfter!))) : '—'} | ${mean(rows.map((r) => r.cpuS)).toFixed(1)} | ${gpu.length ? mean(gpu.map((r) => r.gpuS!)).toFixed(1) : '—'} |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
