/**
 * transformers.js text-generation backend (AutoTokenizer + AutoModelForCausalLM, ONNX on WebGPU/WASM, or CPU in
 * Node): the fallback for machines without WebGPU or shader-f16. One decode loop serves free and constrained
 * generation: each step is `model.generate({max_new_tokens: 1, past_key_values})` (KV cache reused; identical to
 * a single long generate, checked in tests) so the async xgrammar bitmask can be computed between steps, tokens
 * stream as text deltas and cancellation is checked before every step.
 *
 * Non-goals: prompts/answer checking (core/llm), web-llm (webllm-backend.ts).
 */
import {
  AutoModelForCausalLM,
  AutoTokenizer,
  LogitsProcessor,
  LogitsProcessorList,
  Tensor,
  random,
  type PreTrainedModel,
  type PreTrainedTokenizer
} from '@huggingface/transformers';
import type { ChatMessage, FinishReason, GenerateResult, LlmBackend, LlmLoadInfo, LlmLoadOptions, LlmProgress } from '../../src/lib/core/protocol/llm';
import { configureTransformersEnv, pickDevice } from '../embed/pipeline';
import { applyTokenBitmask, controlCharFreeMask, intersectMasks, SchemaConstrainer, type TokenizerJson } from './xgrammar';

/** Masks logits with the bitmask set for the current step (null = unconstrained). */
class BitmaskLogitsProcessor extends LogitsProcessor {
  bitmask: Int32Array | null = null;
  _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    if (this.bitmask) applyTokenBitmask(logits.data as Float32Array, this.bitmask);
    return logits;
  }
}

/** Render chat messages with the tokenizer's chat template, or a plain role-tagged transcript if it has none. */
export function renderChatPrompt(tokenizer: PreTrainedTokenizer, messages: ChatMessage[]): { text: string; addSpecialTokens: boolean } {
  if (tokenizer.chat_template) {
    const text = tokenizer.apply_chat_template(messages, { add_generation_prompt: true, tokenize: false }) as unknown as string;
    return { text, addSpecialTokens: false };
  }
  const text = messages.map((m) => `${m.role.toUpperCase()}: ${m.content}`).join('\n\n') + '\n\nASSISTANT: ';
  return { text, addSpecialTokens: true };
}

/** Whether a load error means a file could not be found (so the remote-models hint applies). */
export function isMissingFile(e: unknown): boolean {
  return /not found|could not locate|404|no such file|ENOENT|local file/i.test(String((e as Error)?.message ?? e));
}

/** Create the transformers.js backend (nothing loaded until `load`). */
export function createTransformersBackend(): LlmBackend {
  let state:
    | {
        tokenizer: PreTrainedTokenizer;
        model: PreTrainedModel;
        info: LlmLoadInfo;
        stopIds: Set<number>;
        vocabSize: number;
        constrainer?: Promise<SchemaConstrainer>;
        noControlChars?: Int32Array;
      }
    | undefined;

  const constrainerFor = (s: NonNullable<typeof state>) =>
    (s.constrainer ??= SchemaConstrainer.create(s.tokenizer._tokenizerJSON as TokenizerJson, s.vocabSize, [...s.stopIds]));

  return {
    kind: 'transformers.js',
    async load(options: LlmLoadOptions, onProgress?: (p: LlmProgress) => void) {
      if (options.backend !== 'transformers.js') throw new Error(`transformers.js backend cannot load a ${options.backend} model`);
      configureTransformersEnv(options);
      const device = options.device ?? (await pickDevice());
      const dtype = options.dtype ?? (device === 'webgpu' ? 'q4f16' : 'q8');
      const common = { revision: options.revision ?? 'main', progress_callback: onProgress as ((p: unknown) => void) | undefined };
      let stage = 'tokenizer files';
      try {
        const tokenizer = await AutoTokenizer.from_pretrained(options.model, common);
        stage = 'ONNX model';
        const model = await AutoModelForCausalLM.from_pretrained(options.model, { ...common, device, dtype });
        const cfg = model.config as unknown as { vocab_size?: number; eos_token_id?: number | number[] };
        const gen = (model as unknown as { generation_config?: { eos_token_id?: number | number[] } }).generation_config;
        const stopIds = new Set<number>([gen?.eos_token_id, cfg.eos_token_id, tokenizer.eos_token_id].flat().filter((x): x is number => typeof x === 'number'));
        const vocabSize = cfg.vocab_size ?? tokenizer.get_vocab().size;
        state = { tokenizer, model, stopIds, vocabSize, info: { backend: 'transformers.js', model: options.model, device: `${device}/${dtype}` } };
      } catch (e) {
        throw new Error(
          `Could not load LLM "${options.model}" with transformers.js (device ${device}, dtype ${dtype}) while reading its ${stage}: ${(e as Error).message}` +
            (options.allowRemoteModels || !(stage === 'tokenizer files' || isMissingFile(e))
              ? ''
              : ` — remote models are disabled, so the files must be under ${options.localModelPath ?? 'localModelPath'}${options.model}/ or already cached.`)
        );
      }
      onProgress?.({ status: 'ready', task: 'text-generation', model: options.model });
      return state.info;
    },

    async generate(request, onToken, signal): Promise<GenerateResult> {
      if (!state) throw new Error('llm.generate: no model loaded; call llm.load first');
      const s = state;
      const { tokenizer, model } = s;
      const sampling = request.temperature > 0;
      if (sampling) random.seed(request.seed);
      const matcher = request.schema ? await (await constrainerFor(s)).matcherFor(request.schema) : undefined;
      if (matcher) s.noControlChars ??= controlCharFreeMask((id) => tokenizer.decode([id], { skip_special_tokens: false }), s.vocabSize);
      const masker = new BitmaskLogitsProcessor();
      const processors = new LogitsProcessorList();
      processors.push(masker);

      const prompt = renderChatPrompt(tokenizer, request.messages);
      const enc = tokenizer(prompt.text, { add_special_tokens: prompt.addSpecialTokens });
      let ids = Array.from(enc.input_ids.data as BigInt64Array);
      let pastKeyValues: unknown = null;
      const generated: number[] = [];
      let emitted = '';
      let finishReason: FinishReason = 'length';
      try {
        for (let step = 0; step < request.maxTokens; step++) {
          // A macrotask break per token: awaits alone only run microtasks, so without it a worker never
          // handles the `llm.cancel` message that arrives while the WASM decode loop runs.
          await new Promise<void>((resolve) => setTimeout(resolve, 0));
          if (signal.aborted) {
            finishReason = 'cancelled';
            break;
          }
          if (matcher) {
            if (matcher.isTerminated()) {
              finishReason = 'stop';
              break;
            }
            masker.bitmask = intersectMasks(await matcher.getNextTokenBitmask(), s.noControlChars!);
          }
          const out = (await model.generate({
            input_ids: new Tensor('int64', BigInt64Array.from(ids), [1, ids.length]),
            attention_mask: new Tensor('int64', new BigInt64Array(ids.length).fill(1n), [1, ids.length]),
            past_key_values: pastKeyValues,
            max_new_tokens: 1,
            do_sample: sampling,
            ...(sampling ? { temperature: request.temperature } : {}),
            logits_processor: processors,
            return_dict_in_generate: true
          } as Parameters<PreTrainedModel['generate']>[0])) as unknown as { sequences: Tensor; past_key_values: unknown };
          pastKeyValues = out.past_key_values;
          ids = Array.from(out.sequences.data as BigInt64Array);
          const token = Number(ids[ids.length - 1]);
          if (matcher && !matcher.acceptToken(token)) throw new Error(`Constrained decoding: grammar rejected token ${token} that its own mask allowed`);
          if (s.stopIds.has(token)) {
            finishReason = 'stop';
            break;
          }
          generated.push(token);
          const text = tokenizer.decode(generated, { skip_special_tokens: true });
          // Hold back incomplete multi-byte characters (U+FFFD at the end) until the next token completes them.
          if (text.startsWith(emitted) && !text.endsWith('\uFFFD') && text.length > emitted.length) {
            onToken(text.slice(emitted.length));
            emitted = text;
          }
        }
      } finally {
        matcher?.dispose();
      }
      const text = tokenizer.decode(generated, { skip_special_tokens: true });
      if (text.length > emitted.length && text.startsWith(emitted)) onToken(text.slice(emitted.length));
      return { text, tokens: generated.length, finishReason };
    },

    async unload() {
      if (!state) return;
      await state.model.dispose();
      (await state.constrainer?.catch(() => undefined))?.dispose();
      state = undefined;
    }
  };
}
