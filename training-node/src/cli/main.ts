/**
 * training-node's command line: dispatches `training-node <command> [flags]` to the command modules,
 * prints help, and turns errors into exit codes (2 usage, 1 bad input or failure) with one clear message
 * naming the file and line. The only Node-specific layer, together with io.ts and progress.ts.
 *
 * Non-goals: the commands' logic (commands/*.ts, src/data). Trainer commands (sft, dpo, matcher) register
 * in COMMANDS the same way when they land.
 */
import { DataInputError } from '../data/read';
import { UsageError } from './args';
import { runImportFeedback, IMPORT_FEEDBACK_SUMMARY } from './commands/import-feedback';
import { runImportAdapter, IMPORT_ADAPTER_SUMMARY } from './commands/import-adapter';
import { runPairs, PAIRS_SUMMARY } from './commands/pairs';
import { runPrefs, PREFS_SUMMARY } from './commands/prefs';
import { runPrepare } from './commands/prepare';
import { runSample, SAMPLE_SUMMARY } from './commands/sample';
import { runSft, SFT_SUMMARY } from './commands/sft';
import { runDpo, DPO_SUMMARY } from './commands/dpo';
import { runMatcher, MATCHER_SUMMARY } from './commands/matcher';
import { runCorpusStats, runFitRanker, CORPUS_STATS_SUMMARY, FIT_RANKER_SUMMARY } from './commands/ranker';
import { runPublish, PUBLISH_SUMMARY } from './commands/publish';
import { runTopicSpace, TOPIC_SPACE_SUMMARY } from './commands/topic-space';
import { EVAL_SUMMARY, runEvalCommand } from './commands/eval';

interface CommandEntry {
  summary: string;
  run: (argv: readonly string[]) => Promise<number>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  prepare: { summary: 'clean, dedupe, mask and split hiring records into SFT sets', run: runPrepare },
  pairs: { summary: PAIRS_SUMMARY, run: runPairs },
  prefs: { summary: PREFS_SUMMARY, run: runPrefs },
  sample: { summary: SAMPLE_SUMMARY, run: runSample },
  'import-feedback': { summary: IMPORT_FEEDBACK_SUMMARY, run: runImportFeedback },
  'import-adapter': { summary: IMPORT_ADAPTER_SUMMARY, run: runImportAdapter },
  sft: { summary: SFT_SUMMARY, run: runSft },
  dpo: { summary: DPO_SUMMARY, run: runDpo },
  matcher: { summary: MATCHER_SUMMARY, run: runMatcher },
  'corpus-stats': { summary: CORPUS_STATS_SUMMARY, run: runCorpusStats },
  'fit-ranker': { summary: FIT_RANKER_SUMMARY, run: runFitRanker },
  'topic-space': { summary: TOPIC_SPACE_SUMMARY, run: runTopicSpace },
  eval: { summary: EVAL_SUMMARY, run: runEvalCommand },
  publish: { summary: PUBLISH_SUMMARY, run: runPublish }
};

/** Top-level usage text. */
export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return `training-node <command> [flags]\n\nCommands:\n${lines.join('\n')}\n\nRun training-node <command> --help for its flags.`;
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${usage()}\n`);
    return command ? 0 : 2;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    process.stderr.write(`training-node: unknown command "${command}"; commands are: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  try {
    return await entry.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`training-node: ${e.message}\n`);
      return 2;
    }
    if (e instanceof DataInputError) {
      process.stderr.write(`training-node ${command}: ${e.message}\nNothing was written.\n`);
      return 1;
    }
    process.stderr.write(`training-node ${command}: ${(e as Error).stack ?? e}\nNothing was written.\n`);
    return 1;
  }
}

const invokedDirectly = typeof process.argv[1] === 'string' && /[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
