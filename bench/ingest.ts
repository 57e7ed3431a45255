/**
 * Ingest benchmark (`npm run bench:ingest`): parse + score every PDF under
 * ../shared/data/kaggle_resume_pdfs/data through the CLI's own code path (screenResumes, the function
 * behind `shortlist screen`), then print resumes/second, total seconds, peak RSS, per-stage time
 * (read, extract, parse, score) and error / image-only counts. A benchmark, not a test: nothing asserts.
 *
 * Options: --workers <n> (default: the CLI's defaultWorkerCount; 1 = in-process), --limit <n> (first n
 * files, for a quick look), --job <file> (default: a built-in IT job description).
 *
 * Prints only aggregate figures, never resume content.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { screenResumes } from '../src/cli/screen';
import { collectInputFiles } from '../src/cli/files';
import { defaultWorkerCount } from '../src/cli/pool';

const DEFAULT_JOB = {
  title: 'IT Support and Systems Engineer',
  description: [
    'We need an information technology engineer to run our network, servers and help desk.',
    'Must have: 3+ years of experience in IT support or systems administration; Windows Server, Active Directory, networking (TCP/IP, DNS, DHCP), troubleshooting hardware and software.',
    'Nice to have: Linux, VMware, SQL, scripting with PowerShell or Python, ITIL, cloud (AWS or Azure).',
    "Education: Bachelor's degree in computer science or information technology."
  ].join('\n')
};

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const dataDir = path.resolve(process.cwd(), '../shared/data/kaggle_resume_pdfs/data');
  if (!fs.existsSync(dataDir)) {
    console.log(`bench:ingest skipped: ${dataDir} not found (the shared dataset is not on this machine)`);
    return;
  }
  const limit = flag('--limit') ? Number(flag('--limit')) : Infinity;
  let jobFile = flag('--job');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-bench-'));
  if (!jobFile) {
    jobFile = path.join(tmp, 'it-job.json');
    fs.writeFileSync(jobFile, JSON.stringify(DEFAULT_JOB));
  }
  let inputs = [dataDir];
  if (Number.isFinite(limit)) inputs = (await collectInputFiles([dataDir])).files.slice(0, limit);
  const fileCount = Number.isFinite(limit) ? inputs.length : (await collectInputFiles([dataDir])).files.length;
  const workers = flag('--workers') ? Number(flag('--workers')) : defaultWorkerCount(fileCount);

  const cpuStart = process.cpuUsage();
  const t0 = performance.now();
  const onProgress = (done: number, total: number) => {
    if (done % 200 === 0 || done === total) process.stderr.write(`  ${done}/${total} parsed, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  };
  const result = await screenResumes({ jobs: [jobFile], inputs, blind: true, workers, onProgress });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  fs.rmSync(tmp, { recursive: true, force: true });
  if (!result.ok) throw new Error(result.error);
  const { stats } = result;
  const perFile = (ms: number) => (ms / Math.max(1, stats.files)).toFixed(1);
  const rss = process.resourceUsage().maxRSS; // KiB, whole process (worker threads included)
  console.log(`bench:ingest  node ${process.version}  ${os.cpus().length} CPUs (availableParallelism ${os.availableParallelism()})  load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`files              ${stats.files} PDFs under ${path.relative(process.cwd(), dataDir)}`);
  console.log(`workers            ${workers === 1 ? '1 (in-process)' : `${workers} threads`}`);
  console.log(`screened           ${stats.screened}`);
  console.log(`errors             ${stats.files - stats.screened} ${JSON.stringify(stats.errorsByCode)}`);
  console.log(`image-only         ${stats.errorsByCode['image-only'] ?? 0}`);
  console.log(`hidden text        ${stats.hiddenText.documents} documents, ${stats.hiddenText.chars} characters dropped as invisible`);
  console.log(`total              ${seconds.toFixed(1)} s  →  ${(stats.files / seconds).toFixed(2)} resumes/s`);
  console.log(`wall by phase      ingest+parse ${(stats.wallMs.ingest / 1000).toFixed(1)} s, score ${(stats.wallMs.score / 1000).toFixed(2)} s`);
  console.log(`per resume (ms)    read ${perFile(stats.stageMs.readMs)}, extract ${perFile(stats.stageMs.extractMs)}, parse ${perFile(stats.stageMs.parseMs)}, score ${perFile(stats.stageMs.scoreMs)}`);
  // Process CPU (all threads) is steadier than wall time on a shared machine: resumes per CPU-second.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`process CPU        ${cpuSeconds.toFixed(1)} s (all threads)  →  ${(stats.files / cpuSeconds).toFixed(2)} resumes per CPU-second`);
  console.log(`peak RSS           ${(rss / 1024).toFixed(0)} MiB`);
}

main().catch((e) => {
  console.error(`bench:ingest failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
