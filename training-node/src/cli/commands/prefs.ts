/**
 * `training-node prefs`: DPO preference rows {prompt, chosen, rejected} from recruiter corrections (model
 * output vs corrected output) or from ranked outputs, split by resume/candidate with a leakage check.
 *
 * Non-goals: the preference logic (src/data/prefs.ts).
 */
import { buildPreferences, canonicalOutput, type PreferenceSource } from '../../data/prefs';
import { DataInputError, getField } from '../../data/read';
import { checkColumns, toRawRecord } from '../../data/records';
import { addIssue, newReport } from '../../data/report';
import { parseRatios } from '../../data/split';
import { SPLIT_NAMES, type ColumnMap } from '../../data/types';
import { COLUMN_FLAG_SPEC, outFlag, parseFlags, seedFlag, stringFlag, UsageError } from '../args';
import { StagedOutput } from '../io';
import { defaultContext, finish, handleRowProblem, readInputs, TABLE_FLAGS, type CommandContext } from '../run-context';

export const PREFS_SUMMARY = 'DPO {prompt, chosen, rejected} from recruiter corrections or ranked outputs';

export const PREFS_HELP = `training-node prefs <input.csv|.jsonl|.json>... --out <folder> [options]

Builds DPO preference data in TRL's format.

Corrections (default): each row has the model's output and the recruiter's corrected output
  --col-model-output <col>      default "model_output"      (rejected)
  --col-corrected-output <col>  default "corrected_output"  (chosen)
Ranked outputs: --col-ranked <col> holding a JSON array of outputs, best first
  (the best is chosen against each lower-ranked output)
An output is a JSON answer ({"reasoning", "status"} or {"scores": {"<id>": {...}}}) or the word select/reject.
Context columns: --col-resume (default "resume"), --col-role, --col-jd, --col-transcript, --col-candidate
Options: --format conversational|text (default conversational: prompt = system+user messages, chosen/rejected =
  one assistant message; text: plain strings)  --split 0.7,0.15,0.15  --seed 42  --no-mask  --skip-bad-rows  --quiet
Outputs in --out: dpo/{train,val,test}.jsonl, report.json`;

const PREFS_FLAGS = {
  ...COLUMN_FLAG_SPEC,
  ...TABLE_FLAGS,
  'col-model-output': { type: 'string' as const },
  'col-corrected-output': { type: 'string' as const },
  'col-ranked': { type: 'string' as const },
  'output-format': { type: 'string' as const },
  split: { type: 'string' as const },
  'no-mask': { type: 'boolean' as const }
};

/** Runs `prefs` with argv (after the command name). */
export async function runPrefs(argv: readonly string[], contextOverride?: CommandContext): Promise<number> {
  const started = Date.now();
  // --format names the table format for other commands; here the DPO row form is --output-format (alias --format conversational|text).
  const normalized = argv.map((a, i) => (a === '--format' && ['conversational', 'text'].includes(argv[i + 1] ?? '') ? '--output-format' : a));
  const { flags, positionals } = parseFlags('prefs', normalized, PREFS_FLAGS);
  if (flags.help) {
    process.stdout.write(`${PREFS_HELP}\n`);
    return 0;
  }
  const context = contextOverride ?? defaultContext(flags);
  const out = outFlag('prefs', flags);
  const format = (stringFlag(flags, 'output-format') ?? 'conversational') as 'conversational' | 'text';
  if (!['conversational', 'text'].includes(format)) throw new UsageError(`prefs: --format ${format}: use conversational or text`);
  const ranked = stringFlag(flags, 'col-ranked');
  const modelColumn = stringFlag(flags, 'col-model-output') ?? 'model_output';
  const correctedColumn = stringFlag(flags, 'col-corrected-output') ?? 'corrected_output';
  const columns: ColumnMap = {
    resume: stringFlag(flags, 'col-resume') ?? 'resume',
    role: stringFlag(flags, 'col-role'),
    jobDescription: stringFlag(flags, 'col-jd'),
    transcript: stringFlag(flags, 'col-transcript'),
    candidate: stringFlag(flags, 'col-candidate')
  };
  const report = newReport('prefs');
  const staged = new StagedOutput(out);
  try {
    const { rows, fields } = await readInputs('prefs', positionals, flags, report, context);
    for (const [file, names] of fields) {
      checkColumns(columns, names, file);
      for (const column of ranked ? [ranked] : [modelColumn, correctedColumn]) {
        if (!names.includes(column)) throw new DataInputError(file, 1, 'missing-column', `column "${column}" is not in the file; its columns are: ${names.join(', ')}`);
      }
    }
    const sources: PreferenceSource[] = [];
    let synthetic = 0;
    for (const row of rows) {
      try {
        const record = toRawRecord(row, columns);
        if (record.synthetic) synthetic++;
        let outputs: unknown[];
        if (ranked) {
          const cell = getField(row.fields, ranked);
          let value = cell;
          if (typeof cell === 'string') {
            try {
              value = JSON.parse(cell);
            } catch (e) {
              throw new DataInputError(row.file, row.line, 'bad-ranking', `column "${ranked}" is not valid JSON (${(e as Error).message})`);
            }
          }
          if (!Array.isArray(value) || value.length < 2) throw new DataInputError(row.file, row.line, 'bad-ranking', `column "${ranked}" must be a JSON array of at least two outputs, best first`);
          outputs = value;
        } else {
          outputs = [getField(row.fields, correctedColumn), getField(row.fields, modelColumn)];
          if (outputs.some((o) => o === undefined || o === '')) throw new DataInputError(row.file, row.line, 'missing-output', `both "${correctedColumn}" and "${modelColumn}" need a value`);
        }
        const texts = outputs.map((o) => {
          try {
            return canonicalOutput(o).text;
          } catch (e) {
            throw new DataInputError(row.file, row.line, 'bad-output', (e as Error).message);
          }
        });
        sources.push({ file: row.file, line: row.line, role: record.role, jobDescription: record.jobDescription, resume: record.resume, transcript: record.transcript, candidate: record.candidate, ranked: texts, origin: ranked ? 'ranking' : 'correction' });
      } catch (e) {
        handleRowProblem(e, flags, report);
      }
    }
    const built = await buildPreferences(sources, {
      seed: seedFlag(flags),
      ratios: stringFlag(flags, 'split') ? parseRatios(stringFlag(flags, 'split') as string) : undefined,
      mask: flags['no-mask'] !== true,
      synthetic: rows.length > 0 && synthetic === rows.length,
      format
    });
    report.counts = { rowsRead: rows.length, rowsSkippedBadInput: report.counts.rowsSkippedBadInput ?? 0, pairsIdenticalDropped: built.dropped.identical, pairsDuplicateDropped: built.dropped.duplicate, preferencePairs: built.records.length };
    report.pii = { masker: flags['no-mask'] ? 'off (--no-mask)' : 'core/mask maskText profile "pii"', masksByKind: built.masksByKind, recordsMasked: sources.length };
    report.leakage = built.leakage;
    report.rules.pairs = ranked ? 'best-ranked output is chosen against each lower-ranked output' : 'recruiter-corrected output is chosen, model output rejected; identical pairs dropped';
    for (const split of SPLIT_NAMES) {
      const records = built.records.filter((r) => r.metadata.split === split);
      await staged.writeJsonl(`dpo/${split}.jsonl`, records);
      report.outputs[`dpo/${split}.jsonl`] = records.length;
    }
    if (synthetic > 0 && synthetic < rows.length) addIssue(report, { file: positionals.join(','), code: 'mixed-synthetic', message: `${synthetic} of ${rows.length} rows are synthetic; mixing synthetic and real rows is not recommended` });
    await finish(staged, report, context, started);
    return 0;
  } catch (e) {
    await staged.abort();
    throw e;
  }
}
