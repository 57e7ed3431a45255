/**
 * Benchmark (not a test): rows per second of `training-node prepare` on the real sets in ../shared/data,
 * and documents per second of `pairs` folder mode over the Kaggle resume PDFs (core/ingest extraction
 * included). Run: `npm run bench:prepare` (add `-- --pdf-limit-per-class 10` for a shorter PDF run,
 * `-- --skip-pdfs` to skip it). Each run goes to a temp folder, removed afterwards; numbers print as a table
 * and as JSON on stdout.
 *
 * Non-goals: correctness checks (tests/cli/real-data.test.ts), training speed (bench/train.ts).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { runPairs } from '../src/cli/commands/pairs';
import { runPrepare } from '../src/cli/commands/prepare';
import type { CommandContext } from '../src/cli/run-context';
import type { CommandReport } from '../src/data/report';

const shared = path.resolve(import.meta.dirname, '../../../shared/data');
const args = process.argv.slice(2);
const pdfLimit = args.includes('--pdf-limit-per-class') ? args[args.indexOf('--pdf-limit-per-class') + 1] : undefined;
const skipPdfs = args.includes('--skip-pdfs');

const quiet: CommandContext = { progress: () => {}, log: () => {} };

interface BenchRow {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  detail: string;
}

async function timeCommand(name: string, run: (out: string) => Promise<number>, countKey: string): Promise<BenchRow> {
  const out = mkdtempSync(path.join(tmpdir(), 'tn-bench-'));
  try {
    const started = performance.now();
    await run(out);
    const seconds = (performance.now() - started) / 1000;
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as CommandReport;
    const rows = report.counts[countKey] ?? 0;
    const detail = `out ${report.counts.rowsOut}, exact dups ${report.counts['dropped.exact-duplicate'] ?? 0}, near-dup clusters ${report.counts.nearDuplicateClusters ?? 0}, failed ${report.counts.documentsFailed ?? report.counts.resumeFilesFailed ?? 0}, leakage ${report.leakage?.ok ? 'none' : 'FOUND'}`;
    return { name, rows, seconds, rowsPerSecond: rows / seconds, detail };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!existsSync(shared)) {
    console.error(`bench:prepare: ${shared} is absent; nothing to measure`);
    process.exit(1);
  }
  const results: BenchRow[] = [];
  results.push(await timeCommand('prepare UpdatedResumeDataSet.csv (962 rows)', (out) =>
    runPrepare([path.join(shared, 'updated_resume_dataset/UpdatedResumeDataSet.csv'), '--col-resume', 'Resume', '--col-label', 'Category', '--out', out], quiet), 'rowsRead'));
  results.push(await timeCommand('prepare DataTurks resumes (161 JSON lines)', (out) =>
    runPrepare([path.join(shared, 'resume_entities_ner/Entity Recognition in Resumes.json'), '--col-resume', 'content', '--out', out], quiet), 'rowsRead'));
  results.push(await timeCommand('prepare Kaggle IT subset CSV (84 rows, HTML column)', (out) =>
    runPrepare([path.join(shared, 'kaggle_resume_csv_it_subset/Resume.csv'), '--col-resume', 'Resume_html', '--col-label', 'Category', '--col-id', 'ID', '--out', out], quiet), 'rowsRead'));
  if (!skipPdfs) {
    const limit = pdfLimit ? ['--limit-per-class', pdfLimit] : [];
    results.push(await timeCommand(`pairs folder mode, Kaggle PDFs${pdfLimit ? ` (${pdfLimit}/category)` : ' (all)'}`, (out) =>
      runPairs(['--data-root', path.join(shared, 'kaggle_resume_pdfs/data'), ...limit, '--out', out], quiet), 'documentsOrRowsRead'));
  }
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  for (const r of results) console.log(`${r.name.padEnd(58)} ${String(r.rows).padStart(5)} rows ${r.seconds.toFixed(1).padStart(7)} s ${r.rowsPerSecond.toFixed(1).padStart(8)} rows/s  (${r.detail})`);
  console.log(JSON.stringify({ bench: 'prepare', results }, null, 2));
}

await main();
