/**
 * `training-node import-feedback`: the app's feedback export (`shortlist.feedback/v1`, validated with
 * core/feedback) → SFT rows with the recruiter's final answers and DPO rows where the recruiter changed
 * the model's answer, split by candidate with a leakage check.
 *
 * Non-goals: the conversion logic (src/data/feedback.ts), producing the export (the app).
 */
import { validateFeedbackExport } from '../../../../src/lib/core/feedback/index';
import { feedbackSplits, feedbackToPreferences, feedbackToSft } from '../../data/feedback';
import { buildPreferences } from '../../data/prefs';
import { DataInputError } from '../../data/read';
import { newReport } from '../../data/report';
import { parseRatios } from '../../data/split';
import { SPLIT_NAMES } from '../../data/types';
import { outFlag, parseFlags, seedFlag, stringFlag, UsageError } from '../args';
import { readJsonFile, StagedOutput } from '../io';
import { defaultContext, finish, type CommandContext } from '../run-context';

export const IMPORT_FEEDBACK_SUMMARY = 'convert the app\'s feedback export (shortlist.feedback/v1) into SFT and DPO rows';

export const IMPORT_FEEDBACK_HELP = `training-node import-feedback <export.json> --out <folder> [options]

Reads the recruiter app's feedback export (schema "shortlist.feedback/v1"; see src/lib/core/feedback) and writes:
  sft/{train,val,test}.jsonl   TRL messages; the assistant turn is the recruiter's final decision / scores
  dpo/{train,val,test}.jsonl   {prompt, chosen, rejected} where the recruiter overrode the model
  report.json
Options: --split 0.7,0.15,0.15  --seed 42  --no-mask (texts exported unmasked are masked by default)  --synthetic  --quiet`;

/** Runs `import-feedback` with argv (after the command name). */
export async function runImportFeedback(argv: readonly string[], contextOverride?: CommandContext): Promise<number> {
  const started = Date.now();
  const { flags, positionals } = parseFlags('import-feedback', argv, {
    split: { type: 'string' },
    'no-mask': { type: 'boolean' },
    synthetic: { type: 'boolean' }
  });
  if (flags.help) {
    process.stdout.write(`${IMPORT_FEEDBACK_HELP}\n`);
    return 0;
  }
  const context = contextOverride ?? defaultContext(flags);
  const out = outFlag('import-feedback', flags);
  if (positionals.length !== 1) throw new UsageError('import-feedback: give exactly one export file. See training-node import-feedback --help');
  const file = positionals[0];
  const report = newReport('import-feedback');
  const staged = new StagedOutput(out);
  try {
    context.progress({ status: 'stage', stage: 'validate feedback export' });
    const checked = validateFeedbackExport(await readJsonFile(file), file);
    if (!checked.ok) throw new DataInputError(file, undefined, checked.error.code, checked.error.message.replace(`${file}: `, ''));
    const exported = checked.value;
    const synthetic = flags.synthetic === true || exported.app.version === 'synthetic-sample';
    const seed = seedFlag(flags);
    const ratios = stringFlag(flags, 'split') ? parseRatios(stringFlag(flags, 'split') as string) : undefined;
    const splits = feedbackSplits(exported, seed, ratios);
    const mask = flags['no-mask'] !== true;
    const sft = await feedbackToSft(exported, file, splits, { mask, synthetic });
    const sources = feedbackToPreferences(exported, file);
    const splitOfItem = new Map(exported.items.map((item, i) => [i + 1, splits[i]]));
    const prefs = await buildPreferences(sources, {
      seed,
      mask: mask,
      synthetic,
      format: 'conversational',
      splitOf: (source) => splitOfItem.get(source.line) ?? 'train'
    });
    report.inputs.push({ file, rows: exported.items.length });
    report.counts = {
      items: exported.items.length,
      itemsWithRecruiterDecision: exported.items.filter((i) => i.recruiter.decision).length,
      decisionOverrides: exported.items.filter((i) => i.recruiter.decision && i.recruiter.decision !== i.model.decision).length,
      scoreOverrides: exported.items.filter((i) => i.recruiter.scores && Object.keys(i.recruiter.scores).length > 0).length,
      sftRows: sft.records.length,
      preferencePairs: prefs.records.length
    };
    report.pii = { masker: mask ? 'core/mask maskText profile "pii" (items exported unmasked)' : 'off (--no-mask)', masksByKind: sft.masksByKind, recordsMasked: exported.items.filter((i) => !i.masked).length };
    report.leakage = sft.leakage;
    if (!sft.leakage.ok) throw new Error(`leakage check failed: ${sft.leakage.leaks.slice(0, 3).map((l) => `${l.kind} ${l.key}`).join('; ')}`);
    report.rules.targets = "SFT target = recruiter's final answer (recruiter fields override the model's); DPO chosen = recruiter's version, rejected = model's, only where they differ";
    for (const split of SPLIT_NAMES) {
      const rows = sft.records.filter((r) => r.metadata.split === split);
      const pairs = prefs.records.filter((r) => r.metadata.split === split);
      await staged.writeJsonl(`sft/${split}.jsonl`, rows);
      await staged.writeJsonl(`dpo/${split}.jsonl`, pairs);
      report.outputs[`sft/${split}.jsonl`] = rows.length;
      report.outputs[`dpo/${split}.jsonl`] = pairs.length;
    }
    await finish(staged, report, context, started);
    return 0;
  } catch (e) {
    await staged.abort();
    throw e;
  }
}
