/**
 * The scorer's shipped data, rebuilt from an organisation's own material:
 * - `training-node corpus-stats <folders or files...> --out background-corpus.json`: background document
 *   frequencies over the MASKED text of a resume collection (the app's BM25 and role weights), rare terms
 *   dropped (--min-df, default 5) so no identifying token is written;
 * - `training-node fit-ranker --features examples.jsonl --out ranker.json`: refits the score's combination
 *   (must-dominance and fit weights, src/lib/core/score/ranker-fit.ts) from labelled (job, resume) examples —
 *   `npm run eval -- --features FILE` writes them for the dev split; a recruiter's decisions give the same shape.
 * Both write one JSON file atomically (temp file, then rename). The app reads them as models/background-corpus.json
 * and models/ranker.json.
 *
 * Non-goals: the statistics and the fit themselves (src/lib/core/score).
 */
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseResume } from '../../../../src/lib/core/resume';
import { buildCorpusStats, DOMINANCE_GRID, fitRanker, shippedRanker, type Example } from '../../../../src/lib/core/score';
import { DataInputError } from '../../data/read';
import { numberFlag, parseFlags, stringFlag, UsageError } from '../args';
import { readResumeFile } from '../io';

export const CORPUS_STATS_SUMMARY = 'background term statistics for the scorer from a folder of resumes (masked)';
export const FIT_RANKER_SUMMARY = "refit the score's combination (must-dominance, fit weights) from labelled examples";

export const CORPUS_STATS_HELP = `training-node corpus-stats <folders or files...> --out <background-corpus.json> [--min-df 5]

Reads every .pdf, .docx and .txt under the given folders (recursively) with the app's own ingestion, masks
each resume as the scorer does, and counts in how many resumes each (stemmed) term appears. Terms in fewer
than --min-df resumes are dropped. Unreadable files are listed on stderr and skipped. The output replaces the
app's models/background-corpus.json (IDF for BM25 relevance and role matching).`;

export const FIT_RANKER_HELP = `training-node fit-ranker --features <examples.jsonl> --out <ranker.json> [--negatives 20] [--must-cap 0.1]

Each line: {"group": job id, "parts": {"must": 0..1, "role": 0..1, "lexical": 0..1, "nice": 0..1, ...},
"mustCount": n, "label": 1 relevant/selected | 0}. npm run eval -- --features FILE writes them for the dev
split. Fits the fit weights (gradient descent on a pairwise logistic loss within each job) for each
must-dominance in ${DOMINANCE_GRID.join(', ')} and keeps the best, with the must part's share capped at
--must-cap (default: the shipped cap, ${shippedRanker.mustCap}); writes the app's models/ranker.json format.`;

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(temp, `${JSON.stringify(value, null, 1)}\n`, 'utf8');
  await rename(temp, file);
}

export async function resumeFiles(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const s = await stat(p).catch(() => {
      throw new DataInputError(p, undefined, 'unreadable', 'no such file or folder');
    });
    if (s.isFile()) return void out.push(p);
    for (const e of (await readdir(p, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(p, e.name);
      if (e.isDirectory()) await walk(full);
      else if (/\.(pdf|docx|txt)$/i.test(e.name)) out.push(full);
    }
  };
  for (const i of inputs) await walk(i);
  return out;
}

/** Runs `corpus-stats` with argv (after the command name). */
export async function runCorpusStats(argv: readonly string[]): Promise<number> {
  const { flags, positionals } = parseFlags('corpus-stats', argv, { 'min-df': { type: 'string' } });
  if (flags.help) return void process.stdout.write(`${CORPUS_STATS_HELP}\n`), 0;
  const out = stringFlag(flags, 'out');
  if (!out) throw new UsageError('corpus-stats: --out <file.json> is required. See training-node corpus-stats --help');
  if (positionals.length === 0) throw new UsageError('corpus-stats: name at least one folder or file of resumes');
  const minDocFreq = numberFlag(flags, 'min-df', 5, 1, 1000);
  const files = await resumeFiles(positionals);
  const resumes = [];
  let skipped = 0;
  for (const f of files) {
    const r = await readResumeFile(f);
    if (!r.ok) {
      skipped++;
      process.stderr.write(`corpus-stats: skipped ${r.message}\n`);
      continue;
    }
    resumes.push(parseResume(r.text));
  }
  if (resumes.length === 0) throw new DataInputError(positionals.join(', '), undefined, 'no-documents', 'no readable resume found');
  const stats = buildCorpusStats(resumes, { minDocFreq });
  await writeJsonAtomic(out, {
    $comment: `Background statistics for BM25 and role weights (src/lib/core/score/corpus.ts): document frequencies of stemmed terms over the MASKED text of ${resumes.length} resumes, terms in fewer than ${minDocFreq} documents dropped. Written by training-node corpus-stats.`,
    docCount: stats.docCount,
    avgDocLength: Math.round(stats.avgDocLength * 10) / 10,
    minDocFreq,
    docFreq: stats.docFreq
  });
  process.stderr.write(`corpus-stats: ${resumes.length} resumes (${skipped} skipped), ${Object.keys(stats.docFreq).length} terms → ${out}\n`);
  return 0;
}

function parseExample(line: string, file: string, n: number): Example {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    throw new DataInputError(file, n, 'bad-json', (e as Error).message);
  }
  const e = v as Partial<Example>;
  const partsOk = e.parts && typeof e.parts === 'object' && Object.values(e.parts).every((x) => typeof x === 'number' && x >= 0 && x <= 1);
  if (typeof e.group !== 'string' || !partsOk || typeof e.mustCount !== 'number' || (e.label !== 0 && e.label !== 1)) {
    throw new DataInputError(file, n, 'bad-example', 'expected {"group": string, "parts": {name: 0..1}, "mustCount": number, "label": 0|1}');
  }
  return e as Example;
}

/** Runs `fit-ranker` with argv (after the command name). */
export async function runFitRanker(argv: readonly string[]): Promise<number> {
  const { flags } = parseFlags('fit-ranker', argv, { features: { type: 'string' }, negatives: { type: 'string' }, 'must-cap': { type: 'string' } });
  if (flags.help) return void process.stdout.write(`${FIT_RANKER_HELP}\n`), 0;
  const features = stringFlag(flags, 'features');
  const out = stringFlag(flags, 'out');
  if (!features || !out) throw new UsageError('fit-ranker: --features <examples.jsonl> and --out <ranker.json> are required. See training-node fit-ranker --help');
  const text = await readFile(features, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new DataInputError(features, undefined, 'unreadable', e.code ?? e.message);
  });
  const examples = text.split('\n').flatMap((l, i) => (l.trim() ? [parseExample(l, features, i + 1)] : []));
  const mustCap = numberFlag(flags, 'must-cap', shippedRanker.mustCap ?? 1, 0, 1);
  const fit = fitRanker(examples, { negativesPerPositive: numberFlag(flags, 'negatives', 20, 1, 10_000), mustCap });
  await writeJsonAtomic(out, {
    $comment: `How the default scorer combines its parts (src/lib/core/score/combine.ts). Fitted by training-node fit-ranker on ${examples.length} examples (${fit.pairs} pairs; pairwise accuracy ${fit.pairAccuracy.toFixed(3)}).`,
    version: 1,
    ...fit.ranker
  });
  process.stderr.write(`fit-ranker: must-dominance ${fit.ranker.mustDominance} (share capped at ${mustCap}), weights ${JSON.stringify(fit.ranker.weights)}, pairwise accuracy ${fit.pairAccuracy.toFixed(3)} → ${out}\n`);
  return 0;
}
