/**
 * In-thread LlmApi over the two backends: picks the backend from `options.backend`, applies the defaults
 * (temperature 0, seed 42, 512 tokens), runs one generation at a time and owns cancellation (AbortController).
 * llm.worker.ts exposes exactly this object with comlink; tests call it directly.
 *
 * Non-goals: prompts, answer checking, DOM. Backends are injected so tests can pass an engine double.
 */
import type { GenerateRequest, GenerateResult, LlmApi, LlmBackend, LlmBackendKind } from '../../src/lib/core/protocol/llm';

export const GENERATION_DEFAULTS = { maxTokens: 512, temperature: 0, seed: 42 } as const;

/** Create the LLM API from backend factories (created lazily, one active at a time). */
export function createLlmApi(factories: Partial<Record<LlmBackendKind, () => LlmBackend>>): LlmApi {
  let active: LlmBackend | undefined;
  let running: AbortController | undefined;

  return {
    async 'llm.load'({ options }, onProgress) {
      const factory = factories[options.backend];
      if (!factory) throw new Error(`llm.load: backend "${options.backend}" is not available in this build (available: ${Object.keys(factories).join(', ')})`);
      if (active && active.kind !== options.backend) await active.unload();
      if (!active || active.kind !== options.backend) active = factory();
      return active.load(options, onProgress);
    },
    async 'llm.generate'(request: GenerateRequest, onToken) {
      if (!active) throw new Error('llm.generate: no model loaded; call llm.load first');
      if (running) throw new Error('llm.generate: a generation is already running; cancel it or wait for it');
      if (!request.messages?.length) throw new Error('llm.generate: messages is empty');
      const controller = new AbortController();
      running = controller;
      try {
        const result: GenerateResult = await active.generate(
          {
            messages: request.messages,
            maxTokens: request.maxTokens ?? GENERATION_DEFAULTS.maxTokens,
            temperature: request.temperature ?? GENERATION_DEFAULTS.temperature,
            seed: request.seed ?? GENERATION_DEFAULTS.seed,
            schema: request.schema
          },
          (delta) => onToken?.(delta),
          controller.signal
        );
        return controller.signal.aborted ? { ...result, finishReason: 'cancelled' } : result;
      } finally {
        running = undefined;
      }
    },
    async 'llm.cancel'() {
      running?.abort();
    },
    async 'llm.unload'() {
      running?.abort();
      await active?.unload();
      active = undefined;
    }
  };
}
