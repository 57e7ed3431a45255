/**
 * Greedy generation on the training engine's CPU forward, behind the app's `llm.generate` shape (core/protocol/llm
 * GenerateRequest → GenerateResult), so `training-node eval` drives a model through the app's own runScreeningTask
 * (temperature 0, the task's token budget, 'length' = cut off). Each call also keeps a trace: token ids, the
 * probability the model gave each chosen token, and where each token ends in the decoded text (for calibration).
 * Unlike the app, no JSON-schema constraint is applied while decoding (web-llm's xgrammar is not available here):
 * eval measures what the model itself writes, so a model that has not learnt the format scores as invalid.
 *
 * Decoding runs on kv-decode.ts (a KV cache over the engine's reference ops), so the prompt is processed once.
 * Non-goals: sampling (temperature > 0 is refused), batching, speed for serving. No Node APIs.
 */
import type { GenerateRequest, GenerateResult } from '../../../src/lib/core/protocol/llm';
import type { ChatMessage } from '../io/hf';
import type { LlamaModel } from '../models/llama';
import type { ChatTokenizer } from '../train/chat-tokenizer';
import { kvDecoder } from './kv-decode';

/** A generation with its trace. */
export interface TracedGeneration extends GenerateResult {
  promptTokens: number;
  tokenIds: number[]; // generated ids, a final stop token excluded
  tokenProbs: number[]; // softmax probability of each generated id at its step
  charEnds: number[]; // text length after decoding the first i+1 generated ids
}

/** What eval needs from a model: the prompt's length in tokens, and a traced greedy generation. */
export interface Generator {
  promptLength(messages: ChatMessage[]): number;
  generate(request: GenerateRequest): Promise<TracedGeneration>;
}

/** Index and softmax probability of the largest logit. */
function argmaxWithProb(row: Float32Array, V: number): { id: number; prob: number } {
  let id = 0;
  for (let v = 1; v < V; v++) if (row[v] > row[id]) id = v;
  let sum = 0;
  for (let v = 0; v < V; v++) sum += Math.exp(row[v] - row[id]);
  return { id, prob: 1 / sum };
}

/** A Generator over a Llama-family model and its chat tokenizer; `stopIds` add to the tokenizer's (config eos ids). */
export function engineGenerator(model: LlamaModel, tokenizer: ChatTokenizer, stopIds: readonly number[] = []): Generator {
  const stops = new Set([...tokenizer.stopIds, ...stopIds]);
  const V = model.config.vocabSize;
  const asMessages = (m: readonly { role: string; content: string }[]): ChatMessage[] => m.map((x) => ({ role: x.role, content: x.content }));
  return {
    promptLength: (messages) => tokenizer.generationPrompt(messages).length,
    async generate(request) {
      if ((request.temperature ?? 0) !== 0) throw new Error('eval generates greedily (temperature 0, as the app screens); got temperature ' + request.temperature);
      const ids = tokenizer.generationPrompt(asMessages(request.messages));
      const promptTokens = ids.length;
      const maxTokens = request.maxTokens ?? 512;
      const tokenIds: number[] = [], tokenProbs: number[] = [], charEnds: number[] = [];
      let finishReason: GenerateResult['finishReason'] = 'length';
      const decoder = kvDecoder(model, promptTokens + maxTokens);
      let logits: Float32Array = new Float32Array(V);
      for (const id of ids) logits = decoder.step(id);
      while (tokenIds.length < maxTokens) {
        const next = argmaxWithProb(logits, V);
        if (stops.has(next.id)) {
          finishReason = 'stop';
          break;
        }
        tokenIds.push(next.id);
        tokenProbs.push(next.prob);
        charEnds.push(tokenizer.decode(tokenIds).length);
        if (tokenIds.length < maxTokens) logits = decoder.step(next.id);
      }
      return { text: tokenizer.decode(tokenIds), tokens: tokenIds.length, finishReason, promptTokens, tokenIds, tokenProbs, charEnds };
    }
  };
}
