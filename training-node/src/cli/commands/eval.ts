/**
 * `training-node eval RUN --data HELD-OUT.jsonl`: base vs tuned on a held-out split, side by side — screening
 * answers (JSON and schema validity, field and decision accuracy, skill-score range and MAE, calibration, latency)
 * for sft/dpo runs, retrieval (top-1, MRR, precision@10 against BM25) for matcher runs; eval.json, eval.html and
 * summary.json (read by `publish`) in RUN/eval.
 *
 * Non-goals: the evaluation itself (src/eval/run-eval.ts).
 */
import { PublishError } from '../../export/publish';
import { TrainConfigError } from '../../train/config';
import { TrainDataError } from '../../train/records';
import { evalSummary } from '../../eval/report';
import { runEval } from '../../eval/run-eval';
import { numberFlag, parseFlags, stringFlag, UsageError } from '../args';

export const EVAL_SUMMARY = 'base vs tuned on a held-out split: validity, accuracy, calibration, latency; matcher vs BM25';

export const EVAL_HELP = `training-node eval <run folder> --data <held-out.jsonl> [options]

Runs the run's base model and its tuned model (merged/ of an sft/dpo run, model/ of a matcher run) on held-out rows:
  sft/dpo  --data <prepare out>/sft/test.jsonl (or val.jsonl): every row's prompt (written by the app's prompt
           builders) is answered greedily and checked by the app's checkers (core/llm). Reports JSON validity, schema
           validity, field accuracy, decision accuracy, skill-score in-range rate and MAE, calibration (reliability
           diagram, ECE) and latency per task. Tiny or untrained models write invalid JSON: that is reported (0), not hidden.
  matcher  --data <pairs out>/pairs/test.jsonl (or triplets/test.jsonl): job descriptions rank every passage; top-1,
           MRR and precision@10 for base, tuned and BM25 in the same run.
  --base <model>            base model (default: "model" in RUN/train-summary.json)
  --tokenizer <path>        tokenizer folder or llama2.c tok*.bin (default: the tuned folder's, else the run's)
  --out <folder>            default RUN/eval, where \`publish\` finds summary.json for the model card
  --limit <n>               evaluate the first n rows only (sft/dpo)
  --max-new-tokens 256      cap on each answer (the app's budget, maxTokensFor(schema), is thousands of tokens)
  --context <n>             prompt + answer tokens (default: the model's positions); longer prompts get the resume
                            shortened as in training, and rows that still do not fit count as failures
  --bins 10                 reliability-diagram bins
Writes eval.json (checked against its JSON schema), eval.html (offline, charts by Chart.js inlined) and summary.json.`;

const EVAL_FLAGS = {
  data: { type: 'string' as const },
  base: { type: 'string' as const },
  tokenizer: { type: 'string' as const },
  limit: { type: 'string' as const },
  'max-new-tokens': { type: 'string' as const },
  context: { type: 'string' as const },
  bins: { type: 'string' as const }
};

function intFlag(flags: Record<string, unknown>, name: string, fallback: number | undefined, min: number): number | undefined {
  if (flags[name] === undefined) return fallback;
  const v = numberFlag(flags as Parameters<typeof numberFlag>[0], name, fallback ?? min, min);
  if (!Number.isInteger(v)) throw new UsageError(`--${name} ${v}: expected an integer`);
  return v;
}

/** Runs `eval` with argv (after the command name). */
export async function runEvalCommand(argv: readonly string[]): Promise<number> {
  const { flags, positionals } = parseFlags('eval', argv, EVAL_FLAGS);
  if (flags.help) {
    process.stdout.write(`${EVAL_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('eval: give exactly one run folder. See training-node eval --help');
  const data = stringFlag(flags, 'data');
  if (!data) throw new UsageError('eval: --data <held-out.jsonl> is required. See training-node eval --help');
  try {
    const result = await runEval({
      run: positionals[0], data, out: stringFlag(flags, 'out'), base: stringFlag(flags, 'base'), tokenizer: stringFlag(flags, 'tokenizer'),
      limit: intFlag(flags, 'limit', undefined, 1), maxNewTokens: intFlag(flags, 'max-new-tokens', 256, 1), context: intFlag(flags, 'context', undefined, 2),
      bins: intFlag(flags, 'bins', 10, 1), ...(flags.quiet ? { log: () => undefined } : {})
    });
    process.stdout.write(`${JSON.stringify({ ...result.files, metrics: evalSummary(result.report).metrics }, null, 2)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof TrainDataError || e instanceof TrainConfigError || e instanceof PublishError) {
      process.stderr.write(`training-node eval: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
