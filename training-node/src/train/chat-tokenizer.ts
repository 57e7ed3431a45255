/**
 * Conversations → token ids with a loss mask, for SFT and DPO, over either tokenizer family:
 * - Hugging Face folders: the model's own chat template through io/hf `tokenizeChat` (assistant-only mask
 *   from prefix re-rendering, like TRL's assistant_only_loss);
 * - llama2.c `tok*.bin` (no chat template exists for those tiny models): a fixed plain-text format
 *   `<BOS> system: …\n user: …\n assistant: <answer><EOS>` where the answer and its EOS are the targets.
 *
 * Generation (eval): `generationPrompt` renders the prompt turns plus the assistant header exactly as training
 * rendered them, `decode` turns generated ids back into text and `stopIds` are the tokens that end an answer.
 * Non-goals: sampling or the decoding loop (eval/generate.ts), tool calls. No Node APIs.
 * Shape legend: N = tokens of one conversation; `mask[i] = 1` means ids[i] is a loss target.
 */
import { applyChatTemplate, specialTokenText, tokenizeChat, type ChatMessage, type HfTokenizer } from '../io/hf';
import { decodeLlama2c, encodeLlama2c, LLAMA2C_BOS, LLAMA2C_EOS, type Llama2cTokenizer } from '../io/llama2c-tokenizer';

/** Token ids (N) and the loss mask (N) of one sequence. */
export interface TokenSequence {
  ids: number[];
  mask: Uint8Array;
  packed?: readonly number[]; // a row of batching.packSequences: its examples' lengths in order (sum = N)
}

/** Turns chat messages into masked token sequences. */
export interface ChatTokenizer {
  kind: 'hf-chat-template' | 'llama2c-plain';
  /** Whole conversation; mask = tokens of every assistant turn (content + end-of-turn). */
  encodeChat(messages: ChatMessage[]): TokenSequence;
  /** prompt + completion turns; mask = only the completion's assistant tokens (DPO). */
  encodePromptCompletion(prompt: ChatMessage[], completion: ChatMessage[]): TokenSequence;
  /** Prompt turns + the assistant header, as training renders them before an answer (generation input). */
  generationPrompt(prompt: ChatMessage[]): number[];
  /** Generated ids → text (special tokens dropped). */
  decode(ids: readonly number[]): string;
  /** Token ids that end an answer (the tokenizer's EOS / end-of-turn). */
  stopIds: number[];
}

/** A ChatTokenizer over a Hugging Face tokenizer and its chat template (or an explicit one). */
export function hfChatTokenizer(tok: HfTokenizer, template?: string): ChatTokenizer {
  const opts = template ? { template } : {};
  return {
    kind: 'hf-chat-template',
    encodeChat(messages) {
      const r = tokenizeChat(tok, messages, opts);
      return { ids: r.ids, mask: r.assistantMask };
    },
    encodePromptCompletion(prompt, completion) {
      const r = tokenizeChat(tok, [...prompt, ...completion], opts);
      const promptText = applyChatTemplate(tok, prompt, { ...opts, addGenerationPrompt: true });
      const promptLen = tok.tokenizer.encode(promptText, { add_special_tokens: false }).ids.length;
      const mask = r.assistantMask.slice();
      mask.fill(0, 0, Math.min(promptLen, mask.length));
      return { ids: r.ids, mask };
    },
    generationPrompt(prompt) {
      return tok.tokenizer.encode(applyChatTemplate(tok, prompt, { ...opts, addGenerationPrompt: true }), { add_special_tokens: false }).ids;
    },
    decode: (ids) => tok.tokenizer.decode([...ids], { skip_special_tokens: true }),
    stopIds: [tok.tokenizer.token_to_id(specialTokenText(tok.config.eos_token))].filter((id): id is number => id !== undefined)
  };
}

/** A ChatTokenizer for llama2.c models using the plain `role: content` format described above. */
export function llama2cChatTokenizer(tok: Llama2cTokenizer): ChatTokenizer {
  const encodeTurns = (messages: ChatMessage[], masked: (i: number) => boolean): TokenSequence => {
    const ids: number[] = [LLAMA2C_BOS];
    const mask: number[] = [0];
    messages.forEach((m, i) => {
      const header = encodeLlama2c(tok, `${m.role}:`, false, false);
      ids.push(...header);
      mask.push(...header.map(() => 0));
      if (m.role === 'assistant') {
        const body = [...encodeLlama2c(tok, m.content, false, false), LLAMA2C_EOS];
        ids.push(...body);
        mask.push(...body.map(() => (masked(i) ? 1 : 0)));
      } else {
        const body = encodeLlama2c(tok, `${m.content}\n`, false, false);
        ids.push(...body);
        mask.push(...body.map(() => 0));
      }
    });
    return { ids, mask: Uint8Array.from(mask) };
  };
  return {
    kind: 'llama2c-plain',
    encodeChat: (messages) => encodeTurns(messages, () => true),
    encodePromptCompletion: (prompt, completion) => encodeTurns([...prompt, ...completion], (i) => i >= prompt.length),
    generationPrompt: (prompt) => [...encodeTurns(prompt, () => false).ids, ...encodeLlama2c(tok, 'assistant:', false, false)],
    decode: (ids) => decodeLlama2c(tok, ids.filter((id) => id !== LLAMA2C_BOS && id !== LLAMA2C_EOS)),
    stopIds: [LLAMA2C_EOS]
  };
}

/** Keep the first `seqLen` tokens; `truncated` tells whether anything was cut. */
export function truncateSequence(seq: TokenSequence, seqLen: number): { seq: TokenSequence; truncated: boolean } {
  if (seq.ids.length <= seqLen) return { seq, truncated: false };
  return { seq: { ids: seq.ids.slice(0, seqLen), mask: seq.mask.slice(0, seqLen) }, truncated: true };
}

/** Number of positions that produce a loss term (a masked token with a token of its own example before it). */
export function targetCount(seq: TokenSequence): number {
  let n = 0, start = 0;
  for (const len of seq.packed ?? [seq.ids.length]) {
    for (let i = start + 1; i < start + len; i++) n += seq.mask[i];
    start += len;
  }
  return n;
}
