/**
 * Training-file rows → typed examples, with errors that name the file and line:
 * - SFT: TRL conversational `{"messages": [{role, content}, …]}` (what `prepare` writes), or Alpaca
 *   `{"instruction", "input", "output"}` turned into one user + one assistant turn;
 * - DPO: TRL `{"prompt", "chosen", "rejected"}`, each a message list or a plain string (what `prefs` writes);
 * - matcher: sentence-transformers columns `anchor/positive[/negative]` or `sentence1/sentence2/score`
 *   (what `pairs` writes). Extra fields (e.g. `metadata`) are ignored.
 *
 * Non-goals: reading files (session.ts), tokenization. No Node APIs.
 */
import type { ChatMessage } from '../io/hf';

/** A row that cannot be used; `line` is 1-based in `file`. */
export class TrainDataError extends Error {
  constructor(readonly file: string, readonly line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'TrainDataError';
  }
}

/** One parsed JSONL row and where it came from. */
export interface JsonlRow {
  line: number;
  value: Record<string, unknown>;
}

/** Parse JSON Lines text (blank lines skipped); every row must be a JSON object. */
export function parseJsonl(text: string, file: string): JsonlRow[] {
  const rows: JsonlRow[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new TrainDataError(file, i + 1, `not valid JSON (${(e as Error).message})`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new TrainDataError(file, i + 1, 'each line must be a JSON object');
    rows.push({ line: i + 1, value: value as Record<string, unknown> });
  });
  if (rows.length === 0) throw new TrainDataError(file, 1, 'the file has no rows');
  return rows;
}

const ROLES = new Set(['system', 'user', 'assistant']);

function messagesOf(value: unknown, field: string, file: string, line: number): ChatMessage[] {
  if (typeof value === 'string') return [{ role: field === 'prompt' ? 'user' : 'assistant', content: value }];
  if (!Array.isArray(value) || value.length === 0) throw new TrainDataError(file, line, `"${field}" must be a non-empty message list or a string`);
  return value.map((m, k) => {
    const msg = m as Record<string, unknown>;
    if (!msg || typeof msg.role !== 'string' || !ROLES.has(msg.role) || typeof msg.content !== 'string') {
      throw new TrainDataError(file, line, `"${field}"[${k}] must be {"role": "system"|"user"|"assistant", "content": string}`);
    }
    return { role: msg.role, content: msg.content };
  });
}

/** The conversation of one SFT row (messages, or instruction/input/output). */
export function sftMessages(row: JsonlRow, file: string): ChatMessage[] {
  const v = row.value;
  if (v.messages !== undefined) {
    const messages = messagesOf(v.messages, 'messages', file, row.line);
    if (!messages.some((m) => m.role === 'assistant')) throw new TrainDataError(file, row.line, '"messages" has no assistant turn, so there is nothing to learn');
    return messages;
  }
  if (typeof v.instruction === 'string' && typeof v.output === 'string') {
    const input = typeof v.input === 'string' && v.input ? `\n\n${v.input}` : '';
    return [{ role: 'user', content: v.instruction + input }, { role: 'assistant', content: v.output }];
  }
  throw new TrainDataError(file, row.line, 'expected "messages" (TRL conversational) or "instruction"/"output" (Alpaca) fields');
}

/** One DPO preference: prompt turns, chosen and rejected completion turns. */
export interface PreferenceExample {
  prompt: ChatMessage[];
  chosen: ChatMessage[];
  rejected: ChatMessage[];
}

/** A DPO row in TRL's format (conversational or plain strings). */
export function preferenceExample(row: JsonlRow, file: string): PreferenceExample {
  const v = row.value;
  for (const field of ['prompt', 'chosen', 'rejected']) {
    if (v[field] === undefined) throw new TrainDataError(file, row.line, `missing "${field}" (TRL DPO rows have prompt, chosen, rejected)`);
  }
  const chosen = messagesOf(v.chosen, 'chosen', file, row.line);
  const rejected = messagesOf(v.rejected, 'rejected', file, row.line);
  for (const [name, turns] of [['chosen', chosen], ['rejected', rejected]] as const) {
    if (!turns.some((m) => m.role === 'assistant')) throw new TrainDataError(file, row.line, `"${name}" has no assistant turn`);
  }
  return { prompt: messagesOf(v.prompt, 'prompt', file, row.line), chosen, rejected };
}

/** One matcher row: texts by column plus an optional 0..1 score. */
export interface MatcherExample {
  texts: string[]; // [anchor, positive, negative?] or [sentence1, sentence2]
  score?: number;
}

/** Which sentence-transformers layout a matcher file uses. */
export type MatcherLayout = 'anchor-positive' | 'triplet' | 'scored-pair';

/** Detect the layout from the first row. */
export function matcherLayout(row: JsonlRow, file: string): MatcherLayout {
  const v = row.value;
  if (typeof v.anchor === 'string' && typeof v.positive === 'string') return typeof v.negative === 'string' ? 'triplet' : 'anchor-positive';
  if (typeof v.sentence1 === 'string' && typeof v.sentence2 === 'string') return 'scored-pair';
  throw new TrainDataError(file, row.line, 'expected sentence-transformers columns anchor/positive[/negative] or sentence1/sentence2/score');
}

/** A matcher row in the file's layout. */
export function matcherExample(row: JsonlRow, layout: MatcherLayout, file: string): MatcherExample {
  const v = row.value;
  const text = (key: string): string => {
    if (typeof v[key] !== 'string' || !(v[key] as string).trim()) throw new TrainDataError(file, row.line, `"${key}" must be a non-empty string (layout ${layout})`);
    return v[key] as string;
  };
  if (layout === 'anchor-positive') return { texts: [text('anchor'), text('positive')] };
  if (layout === 'triplet') return { texts: [text('anchor'), text('positive'), text('negative')] };
  const score = Number(v.score);
  if (!(score >= 0 && score <= 1)) throw new TrainDataError(file, row.line, `"score" must be a number in 0..1, got ${JSON.stringify(v.score)}`);
  return { texts: [text('sentence1'), text('sentence2')], score };
}
