/**
 * `prepare`: raw hiring records → curated records (curate.ts) → SFT rows per split: TRL conversational
 * `messages` and instruction/input/output, with audit metadata and the report.
 *
 * Non-goals: file I/O (src/cli), matcher pairs (pairs.ts), preferences (prefs.ts).
 */
import { curateRecords, type CurateOptions } from './curate';
import { seededRandom } from './random';
import type { CommandReport } from './report';
import { sftExamplesFor, toSftRows } from './sft';
import { SPLIT_NAMES, type ChatSftRecord, type CleanRecord, type DocumentAuditRow, type InstructionSftRecord, type RawRecord, type SplitName } from './types';

export type PrepareOptions = CurateOptions;

export interface PrepareResult {
  records: CleanRecord[];
  chat: Record<SplitName, ChatSftRecord[]>;
  instruction: Record<SplitName, InstructionSftRecord[]>;
  audit: DocumentAuditRow[];
  report: CommandReport;
}

/** Runs the prepare pipeline over mapped records. */
export async function prepareRecords(raw: readonly RawRecord[], options: PrepareOptions = {}): Promise<PrepareResult> {
  const started = Date.now();
  const { records, audit, report } = await curateRecords(raw, 'prepare', options);
  const seed = options.seed ?? 42;
  const progress = options.onProgress ?? (() => {});
  progress({ status: 'stage', stage: 'SFT records' });
  const random = seededRandom(seed ^ 0x5f7);
  const labelsBySplit = new Map<SplitName, string[]>();
  for (const split of SPLIT_NAMES) labelsBySplit.set(split, [...new Set(records.filter((r) => r.split === split && r.label).map((r) => r.label as string))].sort());
  const chat: Record<SplitName, ChatSftRecord[]> = { train: [], val: [], test: [] };
  const instruction: Record<SplitName, InstructionSftRecord[]> = { train: [], val: [], test: [] };
  for (const record of records) {
    const others = (labelsBySplit.get(record.split as SplitName) ?? []).filter((l) => l !== record.label);
    const other = others.length > 0 ? others[Math.floor(random() * others.length)] : undefined;
    for (const example of sftExamplesFor(record, other, options.synthetic ?? false)) {
      const rows = toSftRows(example);
      chat[record.split as SplitName].push(rows.chat);
      instruction[record.split as SplitName].push(rows.instruction);
    }
  }
  report.counts.sftExamples = SPLIT_NAMES.reduce((n, s) => n + chat[s].length, 0);
  if (records.some((r) => !r.decision && !r.scores && r.label)) {
    report.notes.push('rows without a decision or scores became category-match examples (own category → select, another category from the same split → reject); metadata.target = "category-match"');
  }
  if (report.counts.sftExamples === 0) report.notes.push('no decision, scores or label column: only the cleaned records and audit files are written');
  report.seconds = (Date.now() - started) / 1000;
  return { records, chat, instruction, audit, report };
}
