/**
 * Command-line parsing for `shortlist`: argv → a typed command, with per-command help and clear usage
 * errors (unknown flag, missing value, missing operand). No I/O here.
 *
 * Non-goals: option abbreviations, config files, environment-variable options.
 */

export type Command =
  | { kind: 'help'; topic: 'main' | 'parse' | 'screen' }
  | { kind: 'version' }
  | { kind: 'parse'; file: string; out: string | null }
  | { kind: 'screen'; jobs: string[]; inputs: string[]; out: string | null; blind: boolean; mustFirst: boolean; workers: number | null };

export class UsageError extends Error {
  constructor(message: string, readonly topic: 'main' | 'parse' | 'screen') {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP = {
  main: `shortlist: private, on-device candidate screening (same core as the Shortlist app)

Usage:
  shortlist parse <file> [--out <file.json>]
  shortlist screen --job <file> [--job <file> ...] [--out <file.json>] [--blind|--no-blind] [--must-first] <files or dirs...>
  shortlist <command> --help

Commands:
  parse    extract a resume (PDF, DOCX or TXT) into JSON Resume with provenance
  screen   rank resumes against one or more jobs with a score breakdown and evidence
`,
  parse: `Usage: shortlist parse <file> [--out <file.json>]

Extracts the visible text of a resume (PDF, DOCX or TXT; the type is read from the content, not the
name) and parses it into JSON Resume, where every field carries character offsets into the text.

Options:
  --out <file>   write the JSON to this file (atomically) instead of stdout
  -h, --help     show this help
`,
  screen: `Usage: shortlist screen --job <file> [--job <file> ...] [--out <file.json>] [--blind|--no-blind] [--must-first] <files or dirs...>

Ranks every resume against every job. Each resume is read and parsed once for all jobs. Folders are
walked recursively for .pdf, .docx and .txt files (.doc and .rtf are listed as unsupported). A file
that cannot be read is listed under "errors" and the rest of the batch goes on.

A job file is .txt, .pdf or .docx (a title line then the posting, or one paragraph whose role is read
from its words, e.g. "We are looking for an Accountant to ...") or .json ({"title": ..., "description": ...}).
Scores are always computed on the masked resume (names, contacts, gender/age cues hidden), like the app.

Options:
  --job <file>     a job to screen for (repeat for several jobs; at least one)
  --out <file>     write the JSON to this file (atomically) instead of stdout
  --blind          show masked text in the evidence (default)
  --no-blind       show the original text in the evidence and each candidate's contact fields; scores
                   are the same either way: they are always computed on the masked text
  --must-first     must-haves first: a candidate who misses a must-have never scores above one who meets
                   them all (default: must-haves weigh in mildly, which ranks better on the evaluation)
  --workers <n>    parallel parser threads (default: one per CPU core for large batches on machines
                   with more than 2 cores, else 1 = in-process)
  -h, --help       show this help

Output: {"jobs":[{"job","title","requirements":[{"id","kind","label","priority","weight","sentence"}],
          "ranking":[{"file","score","mustHaves","breakdown","requirements":[{"id","met","credit","evidence"}],
                      "flags","evidence"}]}],
         "errors":[{"file","error"}],"duplicates":[{"file","duplicateOf","reason"}]}
A file with the same bytes as an earlier one ("same-file"), or the same text in other bytes ("same-text": a
resume re-saved or printed to PDF), is screened once and listed under duplicates.
A one-line summary goes to stderr. Exit 1 when a job cannot be read, no resume could be read, or an input
path does not exist (the output is still written).
`
} as const;

function takeValue(argv: string[], i: number, flag: string, topic: 'parse' | 'screen'): string {
  const value = argv[i + 1];
  if (value === undefined || (value.startsWith('-') && value !== '-')) throw new UsageError(`${flag} needs a value`, topic);
  return value;
}

/** Parses argv (without node and script) into a Command; throws UsageError on bad usage. */
export function parseArgs(argv: string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    const topic = rest[0] === 'parse' || rest[0] === 'screen' ? rest[0] : 'main';
    return { kind: 'help', topic };
  }
  if (command === '--version' || command === '-v') return { kind: 'version' };
  if (command === 'parse') return parseParseArgs(rest);
  if (command === 'screen') return parseScreenArgs(rest);
  throw new UsageError(`unknown command "${command}"`, 'main');
}

function parseParseArgs(argv: string[]): Command {
  let out: string | null = null;
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') return { kind: 'help', topic: 'parse' };
    else if (a === '--out') out = takeValue(argv, i++, a, 'parse');
    else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a === '--') operands.push(...argv.slice(i + 1)), (i = argv.length);
    else if (a.startsWith('-')) throw new UsageError(`unknown option "${a}" for parse`, 'parse');
    else operands.push(a);
  }
  if (operands.length === 0) throw new UsageError('parse needs a file', 'parse');
  if (operands.length > 1) throw new UsageError(`parse takes one file, got ${operands.length}`, 'parse');
  return { kind: 'parse', file: operands[0], out };
}

function parseScreenArgs(argv: string[]): Command {
  const jobs: string[] = [];
  const inputs: string[] = [];
  let out: string | null = null;
  let blind = true;
  let mustFirst = false;
  let workers: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') return { kind: 'help', topic: 'screen' };
    else if (a === '--job') jobs.push(takeValue(argv, i++, a, 'screen'));
    else if (a.startsWith('--job=')) jobs.push(a.slice(6));
    else if (a === '--out') out = takeValue(argv, i++, a, 'screen');
    else if (a.startsWith('--out=')) out = a.slice(6);
    else if (a === '--blind') blind = true;
    else if (a === '--no-blind') blind = false;
    else if (a === '--must-first') mustFirst = true;
    else if (a === '--workers' || a.startsWith('--workers=')) {
      const raw = a === '--workers' ? takeValue(argv, i++, a, 'screen') : a.slice(10);
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--workers must be a whole number from 1 to 256, got "${raw}"`, 'screen');
      workers = n;
    } else if (a === '--') inputs.push(...argv.slice(i + 1)), (i = argv.length);
    else if (a.startsWith('-')) throw new UsageError(`unknown option "${a}" for screen`, 'screen');
    else inputs.push(a);
  }
  if (jobs.length === 0) throw new UsageError('screen needs at least one --job <file>', 'screen');
  if (inputs.length === 0) throw new UsageError('screen needs at least one resume file or folder', 'screen');
  return { kind: 'screen', jobs, inputs, out, blind, mustFirst, workers };
}
