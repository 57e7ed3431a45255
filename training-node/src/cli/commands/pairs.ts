/**
 * `training-node pairs`: matcher training data in sentence-transformers columns, from labelled rows
 * (CSV/JSON/JSONL with resume, job description and a 0..1 score) or from a folder of category
 * sub-folders of PDF/DOCX/TXT resumes (read with the app's core/ingest; job descriptions × the app's resume chunks). Writes pairs/ and triplets/ per
 * split, training_metadata.jsonl and report.json.
 *
 * Non-goals: the pair logic (src/data/pairs.ts), curation (src/data/curate.ts).
 */
import path from 'node:path';
import { curateRecords } from '../../data/curate';
import { categoriesWithoutDescription, MIN_CHUNK_CHARS, pairsFromCategories, pairsFromLabelled } from '../../data/pairs';
import { DataInputError } from '../../data/read';
import { checkColumns, toRawRecord } from '../../data/records';
import { addIssue, newReport } from '../../data/report';
import { parseRatios } from '../../data/split';
import { SPLIT_NAMES, type ColumnMap, type RawRecord } from '../../data/types';
import { COLUMN_FLAG_SPEC, numberFlag, outFlag, parseFlags, seedFlag, stringFlag, UsageError } from '../args';
import { exists, listCategoryFolder, readJsonFile, readResumeFile, StagedOutput } from '../io';
import { defaultContext, finish, handleRowProblem, readInputs, TABLE_FLAGS, type CommandContext } from '../run-context';

export const PAIRS_SUMMARY = 'matcher pairs/triplets (sentence-transformers columns) from labelled rows or category folders';

export const PAIRS_HELP = `training-node pairs (<labelled.csv|.jsonl|.json>... | --data-root <folder>) --out <folder> [options]

Builds matcher training data in sentence-transformers columns.

Labelled rows: one row per (resume, job description, score 0..1):
  --col-resume <col> (default "resume")   --col-jd <col> (default "job_description")   --col-score <col> (default "score")
Folder mode: --data-root <folder> holding <CATEGORY>/*.pdf|docx|txt (read with the app's core/ingest)
  --job-descriptions <file.json>  {"CATEGORY": "job description", ...} (default: <data-root>/job_descriptions.json);
                                  every category needs one: the anchor is its job description
  --chunks-per-resume 4           resume passages per resume, cut by the app's chunker (core/embed/chunk.ts, the
                                  passages the app embeds); passages under 100 characters are skipped
  --negative-ratio 1              sampled negatives (other categories' passages, same split) per positive
  --limit-per-class <n>           read at most n files per category (quick runs, CI)
Common: --split 0.7,0.15,0.15  --seed 42  --near-dup-threshold 0.8  --min-chars 200  --no-mask  --skip-bad-rows  --quiet
Outputs in --out (published together at the end):
  pairs/{train,val,test}.jsonl     {"sentence1", "sentence2", "score", "metadata"}
  triplets/{train,val,test}.jsonl  {"anchor", "positive", "negative", "metadata"}
  training_metadata.jsonl          source file, hash, label, split, group per document
  report.json`;

const PAIRS_FLAGS = {
  ...COLUMN_FLAG_SPEC,
  ...TABLE_FLAGS,
  'data-root': { type: 'string' as const },
  'job-descriptions': { type: 'string' as const },
  'negative-ratio': { type: 'string' as const },
  'chunks-per-resume': { type: 'string' as const },
  'limit-per-class': { type: 'string' as const },
  split: { type: 'string' as const },
  'near-dup-threshold': { type: 'string' as const },
  'min-chars': { type: 'string' as const },
  'no-mask': { type: 'boolean' as const }
};

/** Reads category → description, checking it is a flat object of strings. */
async function readDescriptions(file: string): Promise<Record<string, string>> {
  const value = await readJsonFile(file);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new DataInputError(file, undefined, 'bad-job-descriptions', 'expected {"CATEGORY": "job description text", ...}');
  }
  return value as Record<string, string>;
}

/** Runs `pairs` with argv (after the command name). */
export async function runPairs(argv: readonly string[], contextOverride?: CommandContext): Promise<number> {
  const started = Date.now();
  const { flags, positionals } = parseFlags('pairs', argv, PAIRS_FLAGS);
  if (flags.help) {
    process.stdout.write(`${PAIRS_HELP}\n`);
    return 0;
  }
  const context = contextOverride ?? defaultContext(flags);
  const out = outFlag('pairs', flags);
  const root = stringFlag(flags, 'data-root');
  if (!root && positionals.length === 0) throw new UsageError('pairs: give labelled input files or --data-root <folder>. See training-node pairs --help');
  const seed = seedFlag(flags);
  const inputReport = newReport('pairs');
  const staged = new StagedOutput(out);
  try {
    const raw: RawRecord[] = [];
    let descriptions: Record<string, string> = {};
    let filesFailed = 0;
    if (root) {
      const docs = await listCategoryFolder(root, stringFlag(flags, 'limit-per-class') ? numberFlag(flags, 'limit-per-class', 0, 1) : undefined);
      const jdFile = stringFlag(flags, 'job-descriptions') ?? path.join(root, 'job_descriptions.json');
      if (stringFlag(flags, 'job-descriptions') || (await exists(jdFile))) descriptions = await readDescriptions(jdFile);
      context.progress({ status: 'stage', stage: `extract ${docs.length} documents (core/ingest)` });
      for (const [i, doc] of docs.entries()) {
        context.progress({ status: 'progress', stage: 'extract documents', done: i + 1, total: docs.length });
        const extracted = await readResumeFile(doc.file);
        if (!extracted.ok) {
          filesFailed++;
          addIssue(inputReport, { file: doc.file, code: extracted.code, message: extracted.message });
          continue;
        }
        raw.push({ source: { file: doc.file, line: 0, resumeFile: doc.file }, id: path.relative(root, doc.file), resume: extracted.text, label: doc.category });
      }
      inputReport.inputs.push({ file: root, rows: docs.length });
      if (await exists(path.join(root, '.synthetic'))) for (const r of raw) r.synthetic = true;
    } else {
      const columns: ColumnMap = {
        resume: stringFlag(flags, 'col-resume') ?? 'resume',
        jobDescription: stringFlag(flags, 'col-jd') ?? 'job_description',
        relevance: stringFlag(flags, 'col-score') ?? 'score',
        ...(stringFlag(flags, 'col-id') ? { id: stringFlag(flags, 'col-id') } : {}),
        ...(stringFlag(flags, 'col-candidate') ? { candidate: stringFlag(flags, 'col-candidate') } : {})
      };
      const { rows, fields } = await readInputs('pairs', positionals, flags, inputReport, context);
      for (const [file, names] of fields) checkColumns(columns, names, file);
      for (const row of rows) {
        try {
          const record = toRawRecord(row, columns);
          raw.push({ ...record, label: (record.relevance ?? 0) >= 0.5 ? 'relevant' : 'not-relevant' });
        } catch (e) {
          handleRowProblem(e, flags, inputReport);
        }
      }
    }
    const { records, audit, report } = await curateRecords(raw, 'pairs', {
      ratios: stringFlag(flags, 'split') ? parseRatios(stringFlag(flags, 'split') as string) : undefined,
      seed,
      nearDuplicateThreshold: numberFlag(flags, 'near-dup-threshold', 0.8, 0.1, 1),
      mask: flags['no-mask'] !== true,
      junk: { minChars: numberFlag(flags, 'min-chars', 200, 0) },
      onProgress: context.progress
    });
    if (root) {
      const missing = categoriesWithoutDescription(records, descriptions);
      if (missing.length > 0) {
        throw new DataInputError(stringFlag(flags, 'job-descriptions') ?? path.join(root, 'job_descriptions.json'), undefined, 'missing-job-descriptions',
          `no job description for ${missing.join(', ')}: matcher anchors are job descriptions (pass --job-descriptions {"CATEGORY": "job description", ...})`);
      }
    }
    const outputs = root
      ? pairsFromCategories(records, descriptions, {
        negativeRatio: numberFlag(flags, 'negative-ratio', 1, 0, 50), seed, synthetic: false,
        chunksPerResume: numberFlag(flags, 'chunks-per-resume', 4, 1, 1000)
      })
      : pairsFromLabelled(records, seed, false);
    report.inputs = inputReport.inputs;
    report.counts = { documentsOrRowsRead: raw.length + filesFailed, documentsFailed: filesFailed, rowsSkippedBadInput: inputReport.counts.rowsSkippedBadInput ?? 0, ...report.counts };
    report.issues = [...inputReport.issues, ...report.issues];
    report.issueCount += inputReport.issueCount;
    if (root) report.rules.anchors = `job descriptions for ${Object.keys(descriptions).length} categories × resume passages from the app's chunker (up to ${numberFlag(flags, 'chunks-per-resume', 4, 1, 1000)} per resume, >= ${MIN_CHUNK_CHARS} characters)`;
    for (const split of SPLIT_NAMES) {
      await staged.writeJsonl(`pairs/${split}.jsonl`, outputs.pairs[split]);
      await staged.writeJsonl(`triplets/${split}.jsonl`, outputs.triplets[split]);
      report.outputs[`pairs/${split}.jsonl`] = outputs.pairs[split].length;
      report.outputs[`triplets/${split}.jsonl`] = outputs.triplets[split].length;
    }
    await staged.writeJsonl('training_metadata.jsonl', audit);
    report.outputs['training_metadata.jsonl'] = audit.length;
    await finish(staged, report, context, started);
    return 0;
  } catch (e) {
    await staged.abort();
    throw e;
  }
}
