/**
 * `training-node sample`: writes the synthetic example dataset (src/data/sample.ts) into --out, all
 * files published together, plus report.json. Every row is marked synthetic.
 *
 * Non-goals: running the pipeline on it (README.txt in the output lists the commands).
 */
import Papa from 'papaparse';
import { newReport } from '../../data/report';
import { generateSampleFiles } from '../../data/sample';
import { numberFlag, outFlag, parseFlags, seedFlag } from '../args';
import { StagedOutput } from '../io';
import { defaultContext, finish, type CommandContext } from '../run-context';

export const SAMPLE_SUMMARY = 'write a small, clearly synthetic example dataset of every input kind';

export const SAMPLE_HELP = `training-node sample --out <folder> [--size 24] [--seed 7]

Writes synthetic example inputs (no real people; every row has "synthetic": true):
  hiring_records.csv      role, job description, resume, decision, reasoning, candidate id   → prepare
  skill_scores.jsonl      resume + per-skill 0..5 scores                                      → prepare --col-scores
  labelled_pairs.jsonl    resume, job_description, score 0..1                                 → pairs
  folder/<CATEGORY>/*.txt + folder/job_descriptions.json (+ .synthetic marker)                → pairs --data-root
  corrections.jsonl       model_output vs corrected_output                                    → prefs
  feedback_export.json    the app's shortlist.feedback/v1 export                              → import-feedback
  README.txt              the commands to run on them`;

/** Runs `sample` with argv (after the command name). */
export async function runSample(argv: readonly string[], contextOverride?: CommandContext): Promise<number> {
  const started = Date.now();
  const { flags } = parseFlags('sample', argv, { size: { type: 'string' } });
  if (flags.help) {
    process.stdout.write(`${SAMPLE_HELP}\n`);
    return 0;
  }
  const context = contextOverride ?? defaultContext(flags);
  const out = outFlag('sample', flags);
  const report = newReport('sample');
  const staged = new StagedOutput(out);
  try {
    context.progress({ status: 'stage', stage: 'generate synthetic sample' });
    const files = generateSampleFiles(seedFlag(flags, 7), numberFlag(flags, 'size', 24, 3, 10_000));
    for (const [name, content] of Object.entries(files)) {
      await staged.write(name, content);
      if (name.startsWith('folder/') && name.endsWith('.txt')) report.outputs['folder/<CATEGORY>/*.txt'] = (report.outputs['folder/<CATEGORY>/*.txt'] ?? 0) + 1;
      else if (name.endsWith('.jsonl')) report.outputs[name] = content.trim().split('\n').length;
      else if (name.endsWith('.csv')) report.outputs[name] = Papa.parse(content, { header: true, skipEmptyLines: true }).data.length;
      else if (name === 'feedback_export.json') report.outputs[name] = (JSON.parse(content) as { items: unknown[] }).items.length;
    }
    report.counts.files = Object.keys(files).length;
    report.notes.push('all data is synthetic (generated from templates; names, emails and phones are fake)');
    await finish(staged, report, context, started);
    return 0;
  } catch (e) {
    await staged.abort();
    throw e;
  }
}
