/**
 * Runs one prepared screening task on any LlmApi (the comlink worker proxy or the in-thread API): generate with
 * the task's schema and budget at temperature 0, then check the answer with the task's checker. Cancellation
 * and truncation come back as Result errors, like invalid answers, so a batch can record them and go on.
 *
 * Non-goals: choosing models, persistence, UI. The page passes `Comlink.proxy(onToken)` when calling a worker.
 */
import type { GenerateRequest, GenerateResult, LlmApi } from '../protocol/llm';
import { err, type Result } from '../result';
import type { PreparedTask } from './prompts';

/** Generate the answer for `task` and check it; the raw text is kept for audit. */
export async function runScreeningTask<T>(
  llm: Pick<LlmApi, 'llm.generate'>,
  task: PreparedTask,
  check: (answerText: string) => Result<T>,
  options: { onToken?: (delta: string) => void; seed?: number; maxTokens?: number } = {}
): Promise<Result<{ answer: T; raw: GenerateResult }>> {
  const request: GenerateRequest = { messages: task.messages, schema: task.schema, maxTokens: options.maxTokens ?? task.maxTokens, temperature: 0, seed: options.seed ?? 42 };
  const raw = await llm['llm.generate'](request, options.onToken);
  if (raw.finishReason === 'cancelled') return err({ code: 'llm/cancelled', message: 'The generation was cancelled before the answer was complete.' });
  if (raw.finishReason === 'length') return err({ code: 'llm/truncated', message: `The answer hit the ${request.maxTokens}-token limit before it was complete.` });
  const checked = check(raw.text);
  return checked.ok ? { ok: true, value: { answer: checked.value, raw } } : checked;
}
