/**
 * `shortlist` CLI entry (runs under Node 20 via tsx; bin/shortlist.js starts it): dispatches `parse`
 * and `screen`, prints help, maps failures to exit codes. Thin: the work is in the pure-TS core
 * (src/lib/core) and in candidates.ts / screen.ts.
 *
 * Non-goals: interactive prompts, colours, network access (there is none).
 *
 * Exit codes: 0 done (a screen may still list per-file errors), 1 a file or job could not be processed,
 * 2 bad usage (unknown command or flag, missing operand).
 */

import { HELP, parseArgs, UsageError, type Command } from './args';
import { ingestCandidateFile } from './candidates';
import { writeFileAtomic } from './files';
import { runScreen } from './screen';

const VERSION = '0.1.0';

/** Writes JSON to `out` atomically, or to stdout; resolves to false (after saying why) when it cannot. */
async function emitJson(value: unknown, out: string | null): Promise<boolean> {
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (!out) {
    process.stdout.write(json);
    return true;
  }
  try {
    await writeFileAtomic(out, json);
    return true;
  } catch (e) {
    process.stderr.write(`shortlist: cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return false;
  }
}

async function runParse(cmd: Extract<Command, { kind: 'parse' }>): Promise<number> {
  const outcome = await ingestCandidateFile(cmd.file);
  if (!outcome.ok) {
    process.stderr.write(`shortlist: ${outcome.error.error} [${outcome.error.code}]\n`);
    return 1;
  }
  const { file, ingest, resume } = outcome.value;
  for (const w of ingest.warnings) process.stderr.write(`shortlist: warning: ${file}: ${w}\n`);
  const { fileName: _name, ...facts } = ingest;
  return (await emitJson({ file, ...facts, resume }, cmd.out)) ? 0 : 1;
}

/** Runs the CLI with argv (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let cmd: Command;
  try {
    cmd = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`shortlist: ${e.message}\n\n${HELP[e.topic]}`);
    return 2;
  }
  switch (cmd.kind) {
    case 'help':
      process.stdout.write(HELP[cmd.topic]);
      return 0;
    case 'version':
      process.stdout.write(`shortlist ${VERSION}\n`);
      return 0;
    case 'parse':
      return runParse(cmd);
    case 'screen': {
      const result = await runScreen(cmd);
      if (!result.ok) {
        process.stderr.write(`shortlist: ${result.error}\n`);
        return 1;
      }
      return (await emitJson(result.value, cmd.out)) ? 0 : 1;
    }
  }
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  // `shortlist screen … | head`: a reader that stops early is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`shortlist: internal error: ${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 1;
    }
  );
}
