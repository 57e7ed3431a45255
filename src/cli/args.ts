/**
 * Command-line parsing for `shortlist`: argv → a typed command, with per-command help and clear usage
 * errors (unknown flag, missing value, missing operand). No I/O here.
 *
 * Non-goals: option abbreviations, config files, environment-variable options.
 */

export type Command =
  | { kind: 'help'; topic: Topic }
  | { kind: 'version' }
  | { kind: 'parse'; file: string; out: string | null }
  | { kind: 'screen'; jobs: string[]; inputs: string[]; out: string | null; blind: boolean; mustFirst: boolean; workers: number | null }
  | {
      kind: 'audit';
      job: string | null;
      inputs: string[];
      selfId: string | null;
      decisions: string | null;
      top: number | null;
      minCategory: number | null;
      counterfactual: boolean;
      out: string | null;
      csv: string | null;
      html: string | null;
      workers: number | null;
    };

type Topic = 'main' | 'parse' | 'screen' | 'audit';

export class UsageError extends Error {
  constructor(message: string, readonly topic: Topic) {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP = {
  main: `shortlist: private, on-device candidate screening (same core as the Shortlist app)

Usage:
  shortlist parse <file> [--out <file.json>]
  shortlist screen --job <file> [--job <file> ...] [--out <file.json>] [--blind|--no-blind] [--must-first] <files or dirs...>
  shortlist audit [--job <file> <files or dirs...>] [--self-id <csv>] [--decisions <csv>] [--top <n>] [--csv <file>] [--html <file>]
  shortlist <command> --help

Commands:
  parse    extract a resume (PDF, DOCX or TXT) into JSON Resume with provenance
  screen   rank resumes against one or more jobs with a score breakdown and evidence
  audit    bias audit: impact ratios by sex, race/ethnicity and both (four-fifths flag), counterfactual check
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
`,

  audit: `Usage: shortlist audit --job <file> [options] <files or dirs...>     (resumes: scored here)
       shortlist audit --decisions <csv> --self-id <csv> [options]        (decisions made elsewhere)

Bias audit on the same core as the app. With resumes, each is read and scored like \`screen\` (candidate id = the
file path as screen prints it; its base name also matches), the counterfactual check re-scores every resume with
its name (other origins and genders, names that are skills), pronouns and age cues swapped, and impact ratios are
computed for the top N by score and, with --decisions, for the decisions. Without resumes, --decisions lists the
candidates (e.g. callbacks exported from an ATS).

Impact ratios follow New York City Local Law 144: selection rate per category (selected / applicants) and its ratio
to the most selected category, by sex, by race/ethnicity and by sex x race/ethnicity; a ratio below 0.8 is
flagged (four-fifths rule); candidates of unknown category are counted apart and never in a ratio; categories
smaller than --min-category get a small-sample warning.

CSV files (header row; columns matched by name, case ignored):
  --self-id    candidate_id (or file), sex, race_ethnicity; empty or "prefer not to say" = unknown
  --decisions  candidate_id (or file), decision: selected/yes/1 or rejected/no/0 (empty = undecided, left out)
Errors name the file, the row (header = row 1) and the column.

Options:
  --job <file>          the job the resumes are scored for (required with resumes)
  --self-id <csv>       self-identification; without it no impact ratio is computed
  --decisions <csv>     who was selected
  --top <n>             how many top-scored resumes count as selected (default: as many as --decisions
                        selected, else 10)
  --min-category <n>    small-sample warning below this many applicants (default 30)
  --no-counterfactual   skip the counterfactual check (it re-scores each resume about 30 times)
  --out <file>          write the JSON report here (atomically) instead of stdout
  --csv <file>          also write the impact tables as CSV
  --html <file>         also write the report as a printable HTML page (print it to PDF: no PDF writer is used)
  --workers <n>         parallel parser threads (as for screen)
  -h, --help            show this help

Output: {"job","candidates","errors","selfId","decisions","impact":[{"basis","applicants","selected",
          "tables":[{"dimension","rows":[{"category","applicants","selected","rate","ratio","flagged",
          "smallSample"}],"unknown","reference"}],"warnings"}],"counterfactual":{"rows","maxScoreChange",
          "maxRankChange","worst"},"warnings"}
Exit 1 when a CSV or the job cannot be read or is invalid; 2 on bad usage.
`
} as const;

function takeValue(argv: string[], i: number, flag: string, topic: Topic): string {
  const value = argv[i + 1];
  if (value === undefined || (value.startsWith('-') && value !== '-')) throw new UsageError(`${flag} needs a value`, topic);
  return value;
}

/** Parses argv (without node and script) into a Command; throws UsageError on bad usage. */
export function parseArgs(argv: string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    const topic = rest[0] === 'parse' || rest[0] === 'screen' || rest[0] === 'audit' ? rest[0] : 'main';
    return { kind: 'help', topic };
  }
  if (command === '--version' || command === '-v') return { kind: 'version' };
  if (command === 'parse') return parseParseArgs(rest);
  if (command === 'screen') return parseScreenArgs(rest);
  if (command === 'audit') return parseAuditArgs(rest);
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
    else if (a === '--workers' || a.startsWith('--workers=')) workers = wholeNumber(a === '--workers' ? takeValue(argv, i++, a, 'screen') : a.slice(10), '--workers', 1, 256, 'screen');
    else if (a === '--') inputs.push(...argv.slice(i + 1)), (i = argv.length);
    else if (a.startsWith('-')) throw new UsageError(`unknown option "${a}" for screen`, 'screen');
    else inputs.push(a);
  }
  if (jobs.length === 0) throw new UsageError('screen needs at least one --job <file>', 'screen');
  if (inputs.length === 0) throw new UsageError('screen needs at least one resume file or folder', 'screen');
  return { kind: 'screen', jobs, inputs, out, blind, mustFirst, workers };
}

function wholeNumber(raw: string, flag: string, min: number, max: number, topic: Topic): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${raw}"`, topic);
  return n;
}

const AUDIT_VALUE_FLAGS = ['--job', '--self-id', '--decisions', '--top', '--min-category', '--out', '--csv', '--html', '--workers'] as const;

function parseAuditArgs(argv: string[]): Command {
  const values = new Map<string, string>();
  const inputs: string[] = [];
  let counterfactual = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (a === '-h' || a === '--help') return { kind: 'help', topic: 'audit' };
    else if ((AUDIT_VALUE_FLAGS as readonly string[]).includes(flag)) {
      if (values.has(flag)) throw new UsageError(`${flag} given twice`, 'audit');
      values.set(flag, flag === a ? takeValue(argv, i++, a, 'audit') : a.slice(eq + 1));
    } else if (a === '--no-counterfactual') counterfactual = false;
    else if (a === '--') inputs.push(...argv.slice(i + 1)), (i = argv.length);
    else if (a.startsWith('-')) throw new UsageError(`unknown option "${a}" for audit`, 'audit');
    else inputs.push(a);
  }
  const get = (flag: string) => values.get(flag) ?? null;
  if (inputs.length && !get('--job')) throw new UsageError('audit needs --job <file> to score the resumes', 'audit');
  if (!inputs.length && get('--job')) throw new UsageError('audit --job needs resume files or folders to score', 'audit');
  if (!inputs.length && !get('--decisions')) throw new UsageError('audit needs resumes (--job <file> <files or dirs...>) or --decisions <csv>', 'audit');
  const number = (flag: string, min: number, max: number) => (get(flag) === null ? null : wholeNumber(get(flag)!, flag, min, max, 'audit'));
  return {
    kind: 'audit',
    job: get('--job'),
    inputs,
    selfId: get('--self-id'),
    decisions: get('--decisions'),
    top: number('--top', 0, 1_000_000),
    minCategory: number('--min-category', 1, 1_000_000),
    counterfactual,
    out: get('--out'),
    csv: get('--csv'),
    html: get('--html'),
    workers: number('--workers', 1, 256)
  };
}
