/**
 * Fitting conversations into --seq-len (train/fit-length.ts): the resume inside <resume>…</resume> is shortened,
 * the answer never; rows that cannot fit are dropped with a reason and counted. Checked with a character-count
 * length (exact arithmetic) and with the real llama2.c tok512 tokenizer through buildSftSequences and
 * buildPreferencePairs (the answer tokens survive whole).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { screeningPrompt } from '../../src/data/prompts';
import type { ChatMessage } from '../../src/io/hf';
import { decodeLlama2c, readLlama2cTokenizer } from '../../src/io/llama2c-tokenizer';
import { llama2cChatTokenizer } from '../../src/train/chat-tokenizer';
import { buildPreferencePairs } from '../../src/train/dpo';
import { describeFitCounts, fitConversation, RESUME_CUT_MARK } from '../../src/train/fit-length';
import { buildSftSequences } from '../../src/train/sft';
import { sharedPath } from './fixtures';

const resume = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
const convo = (body: string, answer = '{"status":"select"}'): ChatMessage[] => [
  { role: 'system', content: 'Screen the candidate.' },
  { role: 'user', content: `Role: X\n<resume>\n${body}\n</resume>\nEnd.` },
  { role: 'assistant', content: answer }
];
const chars = (m: ChatMessage[]) => m.reduce((n, x) => n + x.content.length, 0);

describe('fitConversation', () => {
  it('keeps a conversation that fits unchanged', () => {
    const m = convo(resume);
    const r = fitConversation(m, chars, chars(m));
    expect(r).toEqual({ ok: true, messages: m, resumeShortened: false });
  });

  it('shortens the resume at a word boundary to the longest prefix that fits, never the answer', () => {
    const m = convo(resume);
    const limit = chars(m) - 200;
    const r = fitConversation(m, chars, limit);
    if (!r.ok) throw new Error('expected a fit');
    expect(r.resumeShortened).toBe(true);
    expect(chars(r.messages)).toBeLessThanOrEqual(limit);
    expect(r.messages[2]).toEqual(m[2]);
    expect(r.messages[0]).toEqual(m[0]);
    const body = /<resume>\n([\s\S]*?)\n<\/resume>/.exec(r.messages[1].content)![1];
    expect(body.endsWith(RESUME_CUT_MARK)).toBe(true);
    const kept = body.slice(0, -RESUME_CUT_MARK.length);
    expect(resume.startsWith(kept)).toBe(true);
    expect(resume[kept.length]).toBe(' '); // cut between words
    // the longest: one more word would not fit
    const nextWord = resume.slice(0, resume.indexOf(' ', kept.length + 1));
    expect(chars(convo(`${nextWord}${RESUME_CUT_MARK}`))).toBeGreaterThan(limit);
  });

  it('drops with a reason: no resume block, or prompt and answer too long even without the resume', () => {
    const noResume: ChatMessage[] = [{ role: 'user', content: 'x'.repeat(50) }, { role: 'assistant', content: 'y' }];
    expect(fitConversation(noResume, chars, 10)).toEqual({ ok: false, reason: 'no-resume-to-shorten' });
    const longAnswer = convo(resume, 'z'.repeat(500));
    expect(fitConversation(longAnswer, chars, 200)).toEqual({ ok: false, reason: 'prompt-and-answer-exceed-seq-len' });
  });

  it("finds the resume block of the app's own prompt builders (core/llm via data/prompts)", () => {
    const { messages } = screeningPrompt('decision', { role: 'Engineer', jobDescription: 'Build things.', resume });
    const m = [...messages, { role: 'assistant', content: '{}' }] as ChatMessage[];
    const r = fitConversation(m, chars, chars(m) - 100);
    expect(r.ok && r.resumeShortened).toBe(true);
    expect(r.ok && r.messages[1].content).toContain(`${RESUME_CUT_MARK}\n</resume>`);
  });

  it('describes counts with reasons', () => {
    const line = describeFitCounts('sft train.jsonl', { rows: 5, kept: 3, resumeShortened: 2, dropped: { 'no-resume-to-shorten': 1, 'no-targets': 1 } }, 256);
    expect(line).toContain('5 rows, 3 kept (2 with the resume shortened');
    expect(line).toContain('2 dropped (1 too long and no <resume> block to shorten; 1 no answer tokens to learn from)');
  });
});

const tok = sharedPath('models/llama2c-aidreams260k/tok512.bin');

describe.skipIf(!tok.present)('sft and dpo keep the whole answer (real tok512 tokenizer)', () => {
  const t = readLlama2cTokenizer(tok.present ? new Uint8Array(readFileSync(tok.path)) : new Uint8Array(), 512);
  const chat = llama2cChatTokenizer(t);
  const answer = '{"reasoning":"Strong match for the role.","status":"select"}';

  it('buildSftSequences: shortened rows fit seqLen and end with every answer token', () => {
    const rows = [convo(resume, answer), convo('short', answer), [{ role: 'user', content: 'q '.repeat(300) }, { role: 'assistant', content: answer }]];
    const full = chat.encodeChat(rows[0]).ids.length;
    const seqLen = full - 40;
    const built = buildSftSequences(rows, chat, seqLen, false);
    expect(built.fit).toMatchObject({ rows: 3, kept: 2, resumeShortened: 1, dropped: { 'no-resume-to-shorten': 1 } });
    for (const seq of built.sequences) {
      expect(seq.ids.length).toBeLessThanOrEqual(seqLen);
      const targets = seq.ids.filter((_, i) => seq.mask[i] === 1);
      expect(decodeLlama2c(t, targets.slice(0, -1)).trim()).toBe(answer);
    }
  });

  it('buildPreferencePairs: both completions stay whole, the prompt is shortened to fit the longer one', () => {
    const prompt = convo(resume).slice(0, 2);
    const chosen = [{ role: 'assistant', content: answer }];
    const rejected = [{ role: 'assistant', content: '{"reasoning":"Weak.","status":"reject"}' }];
    const full = chat.encodePromptCompletion(prompt, chosen).ids.length;
    const built = buildPreferencePairs([{ prompt, chosen, rejected }], chat, full - 30);
    expect(built.fit).toMatchObject({ rows: 1, kept: 1, resumeShortened: 1 });
    expect(built.dropped).toBe(0);
    const { chosen: c, rejected: r } = built.pairs[0];
    expect(c.ids.length).toBeLessThanOrEqual(full - 30);
    expect(decodeLlama2c(t, c.ids.filter((_, i) => c.mask[i] === 1).slice(0, -1)).trim()).toBe(answer);
    expect(decodeLlama2c(t, r.ids.filter((_, i) => r.mask[i] === 1).slice(0, -1)).trim()).toBe(rejected[0].content);
  });
});
