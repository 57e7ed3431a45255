/**
 * `shortlist` CLI entry (runs under Node 20 via tsx; bin/shortlist.js starts it): dispatches `parse`,
 * `screen` and `audit`, prints help, maps failures to exit codes. Thin: the work is in the pure-TS core
 * (src/lib/core) and in candidates.ts / screen.ts.
 *
 * Non-goals: interactive prompts, colours, network access (there is none).
 *
 * Exit codes: 0 done (a screen may still list per-file errors), 1 a file or job could not be processed (for
 * screen: a job file, no resume readable at all, or an input path that does not exist), 2 bad usage (unknown
 * command or flag, missing operand).
 */

import { HELP, parseArgs, UsageError, type Command } from './args';
import { ingestCandidateFile } from './candidates';
import { openAtomicWriter, writeFileAtomic } from './files';
import { screenResumes, type ScreenJobOutput } from './screen';
import { auditFiles, runAudit } from './audit';

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

/**
 * `screen`: ranks and streams the JSON (one job at a time) to --out (published atomically) or stdout, then
 * prints a one-line summary on stderr.
 */
async function runScreenCommand(cmd: Extract<Command, { kind: 'screen' }>): Promise<number> {
  const started = performance.now();
  let writer: Awaited<ReturnType<typeof openAtomicWriter>> | undefined;
  try {
    writer = cmd.out ? await openAtomicWriter(cmd.out) : undefined;
  } catch (e) {
    process.stderr.write(`shortlist: cannot write ${cmd.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  const write = async (chunk: string) => (writer ? writer.write(chunk) : void process.stdout.write(chunk));
  let first = true;
  const onJob = async (job: ScreenJobOutput) => {
    await write(`${first ? '{\n"jobs": [\n' : ',\n'}${JSON.stringify(job, null, 2)}`);
    first = false;
  };
  const result = await screenResumes({ jobs: cmd.jobs, inputs: cmd.inputs, blind: cmd.blind, mustFirst: cmd.mustFirst, workers: cmd.workers, onJob });
  if (!result.ok) {
    await writer?.abort();
    process.stderr.write(`shortlist: ${result.error}\n`);
    return 1;
  }
  const { errors, duplicates } = result.value;
  await write(`${first ? '{\n"jobs": [' : ''}\n],\n"errors": ${JSON.stringify(errors, null, 2)},\n"duplicates": ${JSON.stringify(duplicates, null, 2)}\n}\n`);
  try {
    await writer?.commit();
  } catch (e) {
    process.stderr.write(`shortlist: cannot write ${cmd.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 1;
  }
  const { stats } = result;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const parts = [`screened ${stats.screened} resume${stats.screened === 1 ? '' : 's'} against ${cmd.jobs.length} job${cmd.jobs.length === 1 ? '' : 's'} in ${seconds} s`];
  if (errors.length) parts.push(`${errors.length} file${errors.length === 1 ? '' : 's'} could not be read (see "errors")`);
  if (duplicates.length) parts.push(`${duplicates.length} duplicate${duplicates.length === 1 ? '' : 's'} skipped`);
  process.stderr.write(`shortlist: ${parts.join('; ')}${cmd.out ? `; wrote ${cmd.out}` : ''}\n`);
  if (stats.missingPaths > 0) {
    process.stderr.write(`shortlist: ${stats.missingPaths} input path${stats.missingPaths === 1 ? ' does' : 's do'} not exist\n`);
    return 1;
  }
  if (stats.screened === 0) {
    process.stderr.write('shortlist: no resume could be read\n');
    return 1;
  }
  return 0;
}

/** `audit`: the JSON report to --out or stdout, the CSV and HTML report files when asked, a summary on stderr. */
async function runAuditCommand(cmd: Extract<Command, { kind: 'audit' }>): Promise<number> {
  const result = await runAudit(cmd);
  if (!result.ok) {
    process.stderr.write(`shortlist: ${result.error}\n`);
    return 1;
  }
  const out = result.value;
  const files = auditFiles(out, result.title);
  for (const [target, body] of [
    [cmd.csv, files.csv],
    [cmd.html, files.html]
  ] as const) {
    if (!target) continue;
    try {
      await writeFileAtomic(target, body);
    } catch (e) {
      process.stderr.write(`shortlist: cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 1;
    }
  }
  if (!(await emitJson(out, cmd.out))) return 1;
  const flagged = out.impact.flatMap((r) => r.tables.flatMap((t) => t.rows.filter((c) => c.flagged).map((c) => `${r.basis} ${t.dimension} ${c.category}`)));
  const parts = [`audited ${out.candidates} candidate${out.candidates === 1 ? '' : 's'}`];
  if (out.impact.length) parts.push(flagged.length ? `${flagged.length} categor${flagged.length === 1 ? 'y' : 'ies'} below four-fifths (${flagged.slice(0, 5).join('; ')}${flagged.length > 5 ? '; …' : ''})` : 'no category below four-fifths');
  if (out.counterfactual) parts.push(`counterfactual: largest score change ${out.counterfactual.maxScoreChange.toFixed(2)}, rank change ${out.counterfactual.maxRankChange}`);
  process.stderr.write(`shortlist: ${parts.join('; ')}\n`);
  return 0;
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
    case 'screen':
      return runScreenCommand(cmd);
    case 'audit':
      return runAuditCommand(cmd);
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
