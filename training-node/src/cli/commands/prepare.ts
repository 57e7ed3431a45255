/**
 * `training-node prepare`: tables of hiring records → SFT sets (TRL messages + instruction rows), cleaned
 * records, training_metadata.jsonl and report.json. Resume files referenced by path are read with the
 * app's core/ingest. See `--help` for flags; the pipeline itself is src/data/prepare.ts.
 *
 * Non-goals: pairs/prefs (their own commands).
 */
import path from 'node:path';
import { prepareRecords } from '../../data/prepare';
import { checkColumns, toRawRecord } from '../../data/records';
import { addIssue, newReport } from '../../data/report';
import { parseRatios } from '../../data/split';
import { SPLIT_NAMES, type RawRecord } from '../../data/types';
import { COLUMN_FLAG_SPEC, columnMapFrom, numberFlag, outFlag, parseFlags, seedFlag, stringFlag } from '../args';
import { readResumeFile, StagedOutput } from '../io';
import { defaultContext, finish, handleRowProblem, readInputs, TABLE_FLAGS, type CommandContext } from '../run-context';

export const PREPARE_HELP = `training-node prepare <input.csv|.tsv|.jsonl|.json>... --out <folder> [options]

Cleans, de-duplicates, filters, masks and splits hiring records into SFT training files.

Columns (map source columns; or put {"columns": {...}} in --config file.json):
  --col-resume <col>        resume text            --col-resume-path <col>  path to a PDF/DOCX/TXT resume
  --col-label <col>         category / label       --col-decision <col>     select/reject (yes/no, 1/0, hired …)
  --col-role <col>          role title             --col-jd <col>           job description
  --col-transcript <col>    interview transcript   --col-reasoning <col>    recruiter's reasoning
  --col-scores <col|prefix> JSON {skill: 0..5} or a column prefix such as score_
  --col-id <col>            row id                 --col-candidate <col>    candidate id (split group)
  Dotted paths reach into JSON objects (e.g. meta.id).
Options:
  --split 0.7,0.15,0.15     train,val,test ratios (stratified by label, group-aware)
  --seed <n|word>           split seed (default 42)
  --near-dup-threshold 0.8  Jaccard of word 3-shingles for near-duplicates
  --drop-near-duplicates    keep only the first of each near-duplicate cluster (default: keep, same split)
  --min-chars 200 --min-words 30 --min-letter-ratio 0.5   junk rules (see report.json "rules")
  --no-mask                 skip PII masking (not recommended)
  --skip-bad-rows           record malformed rows in the report and go on (default: stop at the first)
  --max-field-chars 200000  a larger field is an error naming file and line
  --format csv|tsv|jsonl|json   override detection by extension
  --limit <n>               read at most n rows (quick trials)
  --quiet                   no progress output
Outputs in --out (written to a staging folder, then moved into place together):
  sft/{train,val,test}.jsonl        {"messages": [system, user, assistant], "metadata": {...}}
  instruct/{train,val,test}.jsonl   {"instruction", "input", "output", "metadata"}
  clean/{train,val,test}.jsonl      cleaned, masked records
  training_metadata.jsonl           source file, line, hash, label, split, group per record
  report.json                       counts per rule, label balance, duplicates, PII masks, leakage check`;

export const PREPARE_FLAGS = {
  ...COLUMN_FLAG_SPEC,
  ...TABLE_FLAGS,
  config: { type: 'string' as const },
  split: { type: 'string' as const },
  'near-dup-threshold': { type: 'string' as const },
  'drop-near-duplicates': { type: 'boolean' as const },
  'min-chars': { type: 'string' as const },
  'min-words': { type: 'string' as const },
  'min-letter-ratio': { type: 'string' as const },
  'no-mask': { type: 'boolean' as const }
};

/** Runs `prepare` with argv (after the command name). */
export async function runPrepare(argv: readonly string[], contextOverride?: CommandContext): Promise<number> {
  const started = Date.now();
  const { flags, positionals } = parseFlags('prepare', argv, PREPARE_FLAGS);
  if (flags.help) {
    process.stdout.write(`${PREPARE_HELP}\n`);
    return 0;
  }
  const context = contextOverride ?? defaultContext(flags);
  const out = outFlag('prepare', flags);
  const { columns, config } = await columnMapFrom(flags);
  const staged = new StagedOutput(out);
  const inputReport = newReport('prepare');
  try {
    const { rows, fields } = await readInputs('prepare', positionals, flags, inputReport, context);
    for (const [file, names] of fields) checkColumns(columns, names, file);
    const raw: RawRecord[] = [];
    for (const row of rows) {
      try {
        raw.push(toRawRecord(row, columns));
      } catch (e) {
        handleRowProblem(e, flags, inputReport);
      }
    }
    let filesFailed = 0;
    const withPaths = raw.filter((r) => r.source.resumeFile && !r.resume);
    if (withPaths.length > 0) context.progress({ status: 'stage', stage: 'extract resume files (core/ingest)' });
    for (const [i, record] of withPaths.entries()) {
      context.progress({ status: 'progress', stage: 'extract resume files', done: i + 1, total: withPaths.length });
      const file = path.resolve(path.dirname(record.source.file), record.source.resumeFile as string);
      const extracted = await readResumeFile(file);
      if (extracted.ok) record.resume = extracted.text;
      else {
        filesFailed++;
        addIssue(inputReport, { file, code: extracted.code, message: extracted.message });
      }
    }
    const result = await prepareRecords(raw, {
      ratios: stringFlag(flags, 'split') ? parseRatios(stringFlag(flags, 'split') as string) : (config.split as [number, number, number] | undefined),
      seed: seedFlag(flags, typeof config.seed === 'number' ? config.seed : 42),
      nearDuplicateThreshold: numberFlag(flags, 'near-dup-threshold', 0.8, 0.1, 1),
      dropNearDuplicates: flags['drop-near-duplicates'] === true,
      mask: flags['no-mask'] !== true,
      junk: {
        minChars: numberFlag(flags, 'min-chars', 200, 0),
        minWords: numberFlag(flags, 'min-words', 30, 0),
        minLetterRatio: numberFlag(flags, 'min-letter-ratio', 0.5, 0, 1)
      },
      onProgress: context.progress
    });
    const report = result.report;
    report.inputs = inputReport.inputs;
    report.counts = { rowsRead: rows.length, rowsSkippedBadInput: inputReport.counts.rowsSkippedBadInput ?? 0, resumeFilesFailed: filesFailed, ...report.counts };
    report.issues = [...inputReport.issues, ...report.issues];
    report.issueCount += inputReport.issueCount;
    report.rules.columns = JSON.stringify(columns);
    for (const split of SPLIT_NAMES) {
      await staged.writeJsonl(`sft/${split}.jsonl`, result.chat[split]);
      await staged.writeJsonl(`instruct/${split}.jsonl`, result.instruction[split]);
      const clean = result.records.filter((r) => r.split === split).map(({ source, ...rest }) => ({ ...rest, source: source.resumeFile ?? source.file, line: source.line }));
      await staged.writeJsonl(`clean/${split}.jsonl`, clean);
      report.outputs[`sft/${split}.jsonl`] = result.chat[split].length;
      report.outputs[`instruct/${split}.jsonl`] = result.instruction[split].length;
      report.outputs[`clean/${split}.jsonl`] = clean.length;
    }
    await staged.writeJsonl('training_metadata.jsonl', result.audit);
    report.outputs['training_metadata.jsonl'] = result.audit.length;
    await finish(staged, report, context, started);
    return 0;
  } catch (e) {
    await staged.abort();
    throw e;
  }
}
