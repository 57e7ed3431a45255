/**
 * Fitting a conversation into --seq-len tokens without ever cutting the answer: when the rendered conversation is
 * too long, the resume inside the prompt's `<resume>…</resume>` block (the app's delimiter, core/llm/untrusted.ts)
 * is shortened — its head kept, cut at a word boundary and marked with RESUME_CUT_MARK — to the longest prefix that
 * fits. A row that cannot fit (no resume block to shorten, or the prompt and answer alone are too long) is dropped
 * with a reason; callers count and print the reasons, so no row disappears silently.
 *
 * Non-goals: tokenization (the caller's `lengthOf`), packing (batching.ts). No Node APIs.
 * Shape legend: lengths are token counts of the whole rendered sequence (prompt + answer, special tokens included).
 */
import type { ChatMessage } from '../io/hf';

/** Why a row was dropped instead of trained on. */
export type FitDropReason = 'no-resume-to-shorten' | 'prompt-and-answer-exceed-seq-len';

/** Marker that ends a shortened resume, so the model sees that the text goes on. */
export const RESUME_CUT_MARK = ' […]';

/** A conversation that fits (whole, or with its resume shortened) or the reason it was dropped. */
export type FitResult =
  | { ok: true; messages: ChatMessage[]; resumeShortened: boolean }
  | { ok: false; reason: FitDropReason };

const RESUME_BLOCK = /<resume>\n([\s\S]*?)\n<\/resume>/;

/** Index of the last non-assistant message holding a resume block (-1 when none). */
function resumeMessageIndex(messages: readonly ChatMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role !== 'assistant' && RESUME_BLOCK.test(messages[i].content)) return i;
  return -1;
}

/** The resume inside the last non-assistant <resume> block (what the model is shown), or null when there is none. */
export function resumeBlockText(messages: readonly ChatMessage[]): string | null {
  const at = resumeMessageIndex(messages);
  return at < 0 ? null : RESUME_BLOCK.exec(messages[at].content)![1];
}

/** `messages` with the resume block of message `at` cut to its first `chars` characters (at a word boundary). */
function withResumePrefix(messages: readonly ChatMessage[], at: number, chars: number): ChatMessage[] {
  return messages.map((m, i) => {
    if (i !== at) return m;
    return {
      ...m,
      content: m.content.replace(RESUME_BLOCK, (_all, body: string) => {
        let cut = body.slice(0, chars);
        const space = cut.search(/\s\S*$/);
        if (chars < body.length && space > 0) cut = cut.slice(0, space);
        return `<resume>\n${cut.trimEnd()}${RESUME_CUT_MARK}\n</resume>`;
      })
    };
  });
}

/**
 * Fit `messages` into `seqLen` tokens as measured by `lengthOf` (e.g. the SFT sequence length, or the longer of
 * a DPO pair's two sequences). Binary search over the resume prefix length: tokens grow with the prefix.
 */
export function fitConversation(messages: ChatMessage[], lengthOf: (messages: ChatMessage[]) => number, seqLen: number): FitResult {
  if (lengthOf(messages) <= seqLen) return { ok: true, messages, resumeShortened: false };
  const at = resumeMessageIndex(messages);
  if (at < 0) return { ok: false, reason: 'no-resume-to-shorten' };
  const body = RESUME_BLOCK.exec(messages[at].content)![1];
  if (lengthOf(withResumePrefix(messages, at, 0)) > seqLen) return { ok: false, reason: 'prompt-and-answer-exceed-seq-len' };
  let lo = 0, hi = body.length; // lo always fits; find the largest fitting prefix
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (lengthOf(withResumePrefix(messages, at, mid)) <= seqLen) lo = mid;
    else hi = mid;
  }
  return { ok: true, messages: withResumePrefix(messages, at, lo), resumeShortened: true };
}

/** Counts of what fitting did to a file's rows (written to train-summary.json and printed). */
export interface FitCounts {
  rows: number;
  kept: number;
  resumeShortened: number;
  dropped: Partial<Record<FitDropReason | 'no-targets', number>>;
}

/** An empty FitCounts. */
export function newFitCounts(): FitCounts {
  return { rows: 0, kept: 0, resumeShortened: 0, dropped: {} };
}

const REASON_TEXT: Record<FitDropReason | 'no-targets', string> = {
  'no-resume-to-shorten': 'too long and no <resume> block to shorten',
  'prompt-and-answer-exceed-seq-len': 'the prompt without its resume plus the answer exceed --seq-len',
  'no-targets': 'no answer tokens to learn from'
};

/** One line saying how many rows were kept, shortened and dropped, and why. */
export function describeFitCounts(what: string, c: FitCounts, seqLen: number): string {
  const dropped = Object.entries(c.dropped).filter(([, n]) => (n ?? 0) > 0);
  const total = dropped.reduce((s, [, n]) => s + (n ?? 0), 0);
  const reasons = dropped.map(([r, n]) => `${n} ${REASON_TEXT[r as FitDropReason | 'no-targets']}`).join('; ');
  return `${what}: ${c.rows} rows, ${c.kept} kept (${c.resumeShortened} with the resume shortened to fit --seq-len ${seqLen}, the answer never cut), ${total} dropped${total ? ` (${reasons})` : ''}`;
}
