/**
 * Ingest benchmark (`npm run bench:ingest`): resumes/s of our PDF ingest against the peer users would otherwise
 * run — raw pdf.js text extraction (getTextContent on every page, nothing else) — on the same PDFs from
 * ../shared/data/kaggle_resume_pdfs/data, in the same run, rounds interleaved (the order alternates each round) so
 * both see the same machine load. Measured per round:
 *   raw pdf.js        getDocument + getTextContent per page, in-process (the same pdf.js build and parameters)
 *   extract+defence   extractText (src/lib/core/ingest), in-process: text + hidden-text defence (operator list,
 *                     contrast/size/render mode), reading order, mojibake repair
 *   screen ×N         the CLI's whole path (screenResumes: read, extract, parse, score one job) over N workers
 *                     (1 = in-process, 2+ = worker_threads), for each N of --workers
 * Prints per-round figures, medians, the ratios to raw pdf.js, the 1→N worker scaling, and process CPU time.
 * A benchmark, not a test: nothing asserts. Prints only aggregate figures, never resume content.
 */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { screenResumes } from '../src/cli/screen';
import { collectInputFiles } from '../src/cli/files';
import { extractText } from '../src/lib/core/ingest';
import { loadLegacyPdfJs } from '../src/lib/core/ingest/pdfjs-load';

const HELP = `npm run bench:ingest [-- options]
  --limit <n>      PDFs, evenly spaced over the sorted set (default 150; 0 = all 1,712)
  --rounds <n>     interleaved rounds (default 2)
  --workers <list> worker counts for the whole CLI path, comma-separated (default 1,2; 1 = in-process)
  --job <file>     job description file (default: a built-in IT job)
  --help           this text`;

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

/** Raw pdf.js: the text of every page, nothing else (the peer). */
async function rawPdfJsText(bytes: Uint8Array): Promise<number> {
  const pdfjs = await loadLegacyPdfJs();
  const task = pdfjs.getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false });
  type Page = { getTextContent(p: object): Promise<{ items: Array<{ str?: string }> }>; cleanup(): void };
  let chars = 0;
  try {
    const doc = (await task.promise) as { numPages: number; getPage(n: number): Promise<Page> };
    for (let n = 1; n <= Math.min(doc.numPages, 50); n++) {
      const page = await doc.getPage(n);
      for (const item of (await page.getTextContent({ disableNormalization: true })).items) chars += item.str?.length ?? 0;
      page.cleanup();
    }
  } catch {
    // a damaged file costs what it cost; both sides see the same files
  } finally {
    await task.destroy?.();
  }
  return chars;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(HELP);
  const dataDir = path.resolve(process.cwd(), '../shared/data/kaggle_resume_pdfs/data');
  if (!fs.existsSync(dataDir)) {
    console.log(`bench:ingest skipped: ${dataDir} not found (the shared dataset is not on this machine)`);
    return;
  }
  const limit = Number(flag('--limit') ?? 150);
  const rounds = Number(flag('--rounds') ?? 2);
  const workerCounts = (flag('--workers') ?? '1,2').split(',').map(Number);
  if (!(limit >= 0) || !(rounds >= 1) || workerCounts.some((w) => !Number.isInteger(w) || w < 1)) throw new Error(`bad options; see --help\n${HELP}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-bench-'));
  let jobFile = flag('--job');
  if (!jobFile) {
    jobFile = path.join(tmp, 'it-job.json');
    fs.writeFileSync(jobFile, JSON.stringify(DEFAULT_JOB));
  }
  const all = (await collectInputFiles([dataDir])).files;
  const files = limit === 0 || limit >= all.length ? all : Array.from({ length: limit }, (_, i) => all[Math.floor((i * all.length) / limit)]);
  const bytes = files.map((f) => new Uint8Array(fs.readFileSync(f)));
  await loadLegacyPdfJs();

  console.log(`bench:ingest  node ${process.version}  ${os.cpus()[0]?.model ?? 'cpu'}  ${os.cpus().length} CPUs (availableParallelism ${os.availableParallelism()})  load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`files         ${files.length} PDFs (evenly spaced) under ${path.relative(process.cwd(), dataDir)}; ${rounds} interleaved rounds`);
  type Side = { label: string; run: () => Promise<void>; perSec: number[]; cpu: number[] };
  let hidden = { documents: 0, chars: 0 };
  const sides: Side[] = [
    {
      label: 'raw pdf.js text',
      run: async () => {
        for (const b of bytes) await rawPdfJsText(b);
      },
      perSec: [],
      cpu: []
    },
    {
      label: 'extract+defence',
      run: async () => {
        hidden = { documents: 0, chars: 0 };
        for (let i = 0; i < bytes.length; i++) {
          const r = await extractText(bytes[i], files[i]);
          if (r.ok && r.value.hidden && r.value.hidden.chars > 0) {
            hidden.documents++;
            hidden.chars += r.value.hidden.chars;
          }
        }
      },
      perSec: [],
      cpu: []
    },
    ...workerCounts.map((w) => ({
      label: `screen ×${w}${w === 1 ? ' (in-process)' : ' threads'}`,
      run: async () => {
        const result = await screenResumes({ jobs: [jobFile!], inputs: files, blind: true, workers: w });
        if (!result.ok) throw new Error(result.error);
      },
      perSec: [] as number[],
      cpu: [] as number[]
    }))
  ];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const [t0, c0] = [performance.now(), cpuSeconds()];
      await side.run();
      const seconds = (performance.now() - t0) / 1000;
      side.perSec.push(files.length / seconds);
      side.cpu.push((cpuSeconds() - c0) / files.length);
    }
    console.log(`round ${r + 1}       ${sides.map((s) => `${s.label} ${s.perSec[r].toFixed(1)}/s`).join(' · ')}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  const raw = median(sides[0].perSec);
  console.log('');
  console.log(`${'path'.padEnd(26)} ${'resumes/s'.padStart(10)} ${'× raw pdf.js'.padStart(13)} ${'CPU ms/resume (process, all threads)'.padStart(38)}`);
  for (const s of sides) {
    console.log(`${s.label.padEnd(26)} ${median(s.perSec).toFixed(1).padStart(10)} ${(median(s.perSec) / raw).toFixed(2).padStart(13)} ${(median(s.cpu) * 1000).toFixed(1).padStart(38)}`);
  }
  const defence = median(sides[1].perSec);
  console.log(`\nratio         extract with the hidden-text defence / raw pdf.js text = ${(defence / raw).toFixed(2)} (goal ≥ 0.6)`);
  console.log(`hidden text   ${hidden.documents} documents, ${hidden.chars} characters dropped as invisible`);
  const screens = sides.slice(2);
  if (screens.length > 1) {
    const one = median(screens[0].perSec);
    for (const s of screens.slice(1)) console.log(`scaling       ${s.label}: ${(median(s.perSec) / one).toFixed(2)}× the 1-worker rate on ${os.availableParallelism()} shared cores`);
  }
  console.log(`peak RSS      ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

main().catch((e) => {
  console.error(`bench:ingest failed: ${(e as Error).stack ?? e}`);
  process.exitCode = 1;
});
