/**
 * Bad input through the real CLI commands: malformed CSV quotes, wrong field counts, missing columns,
 * empty files, huge fields, malformed JSON lines, unknown decisions and flags. Each fails with a message
 * naming the file (and line), and nothing is written: earlier outputs stay as they were and no staging
 * folder is left behind. `--skip-bad-rows` records row-level problems in the report and goes on.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPrepare } from '../../src/cli/commands/prepare';
import { main } from '../../src/cli/main';
import { listFiles, quietContext, readReport, tempDir } from '../data/helpers';

const { dir, cleanup } = tempDir('bad');
afterAll(cleanup);

const RESUME = 'Experienced engineer with Python, SQL and cloud skills. ' .repeat(8).trim();

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** An output folder holding one earlier file, to prove a failed run leaves it alone. */
function outWithSentinel(name: string): string {
  const out = path.join(dir, name);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'earlier.txt'), 'from an earlier run');
  return out;
}

async function expectFailureWritesNothing(args: string[], message: RegExp): Promise<void> {
  const out = outWithSentinel(`out-${Math.random().toString(36).slice(2)}`);
  await expect(runPrepare([...args, '--out', out], quietContext())).rejects.toThrow(message);
  expect(listFiles(out)).toEqual(['earlier.txt']);
}

const goodRows = Array.from({ length: 6 }, (_, i) => `${i},Engineer,"${RESUME} Candidate ${i}."`).join('\n');

describe('prepare rejects bad input with file and line, writing nothing', () => {
  it('an unclosed quote', async () => {
    const file = write('quotes.csv', `id,Category,Resume\n1,Engineer,"${RESUME}"\n2,Engineer,"unclosed ${RESUME}\n3,Engineer,fine\n`);
    await expectFailureWritesNothing([file, '--col-resume', 'Resume', '--col-label', 'Category'], /quotes\.csv:3: .*quote/i);
  });

  it('a row with too many fields (and --skip-bad-rows goes on, reporting it)', async () => {
    const file = write('fields.csv', `id,Category,Resume\n${goodRows}\n7,Engineer,"${RESUME}",extra\n`);
    await expectFailureWritesNothing([file, '--col-resume', 'Resume', '--col-label', 'Category'], /fields\.csv:8: .*fields/i);
    const out = path.join(dir, 'skip-out');
    await runPrepare([file, '--col-resume', 'Resume', '--col-label', 'Category', '--skip-bad-rows', '--out', out], quietContext());
    const report = readReport(out);
    expect(report.counts.rowsSkippedBadInput).toBe(1);
    expect(report.issues.find((i) => i.code === 'wrong-field-count')?.line).toBe(8);
  });

  it('a missing column, naming the flag and listing the columns', async () => {
    const file = write('columns.csv', `id,Category,Resume\n${goodRows}\n`);
    await expectFailureWritesNothing([file, '--col-resume', 'CV', '--col-label', 'Category'], /columns\.csv:1: column "CV" \(--col-resume\) is not in the file; its columns are: "id", "Category", "Resume"/);
  });

  it('an empty file and a header-only file', async () => {
    await expectFailureWritesNothing([write('empty.csv', ''), '--col-resume', 'Resume'], /empty\.csv: the file is empty/);
    await expectFailureWritesNothing([write('header.csv', 'id,Resume\n'), '--col-resume', 'Resume'], /header\.csv: the file has a header but no data rows/);
  });

  it('a huge field', async () => {
    const file = write('huge.csv', `id,Resume\n1,"${RESUME}"\n2,"${'x'.repeat(300_000)}"\n`);
    await expectFailureWritesNothing([file, '--col-resume', 'Resume'], /huge\.csv:3: field "Resume" has 300,000 characters, over the limit of 200,000/);
  });

  it('a malformed JSON line and an unknown decision word', async () => {
    const jsonl = write('rows.jsonl', `{"resume": "${RESUME}", "decision": "yes"}\n{"resume": "broken\n`);
    await expectFailureWritesNothing([jsonl, '--col-resume', 'resume', '--col-decision', 'decision'], /rows\.jsonl:2: not valid JSON/);
    const decisions = write('decisions.jsonl', `{"resume": "${RESUME}", "decision": "yes"}\n{"resume": "${RESUME}", "decision": "maybe"}\n`);
    await expectFailureWritesNothing([decisions, '--col-resume', 'resume', '--col-decision', 'decision'], /decisions\.jsonl:2: decision "maybe" is neither/);
  });
});

describe('the CLI entry point', () => {
  it('returns 2 for unknown commands and flags, 1 for bad input, 0 for --help', async () => {
    const stderr = process.stderr.write;
    const stdout = process.stdout.write;
    const captured: string[] = [];
    process.stderr.write = ((chunk: string) => captured.push(String(chunk)) > 0) as typeof process.stderr.write;
    process.stdout.write = ((chunk: string) => captured.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      expect(await main(['frobnicate'])).toBe(2);
      expect(await main(['prepare', '--colour', 'x'])).toBe(2);
      expect(await main(['prepare', write('e.csv', ''), '--col-resume', 'r', '--out', path.join(dir, 'o'), '-q'])).toBe(1);
      expect(await main(['pairs', '--help'])).toBe(0);
    } finally {
      process.stderr.write = stderr;
      process.stdout.write = stdout;
    }
    const text = captured.join('');
    expect(text).toMatch(/unknown command "frobnicate"/);
    expect(text).toMatch(/--colour/);
    expect(text).toMatch(/e\.csv: the file is empty[\s\S]*Nothing was written/);
    expect(text).toMatch(/--negative-ratio/);
  });
});
