/**
 * mlc-chat-config.json of a published fine-tune: the base model's own file (from the organisation's mirror of the
 * catalog base) with what belongs to the fine-tune replaced — quantisation, vocabulary size, context window (kept
 * ≤ the catalog's runtime value for the reused library), tokenizer files and tokenizer_info detected from the
 * fine-tune's tokenizer.json, bos/eos/pad ids. The conversation template and generation defaults stay the base's:
 * a fine-tune keeps its base's chat format (PUBLISHING-FORMATS.md B3, B7).
 *
 * Non-goals: generating conversation templates (MLC keeps them in code; copying the base's file is the only
 * faithful source offline). Shape legend: JSON objects as web-llm's ChatConfig reads them.
 */
import type { LlamaConfig } from '../models/llama-params';
import { type MlcQuantization, mlcTokenizerInfo } from './mlc';
import type { MlcBaseMatch } from './mlc-bases';

/** MLC_CHAT_CONFIG_VERSION of MLC-LLM (support/constants.py). */
export const MLC_CHAT_CONFIG_VERSION = '0.1.0';

/** Tokenizer files published next to the shards (and listed in tokenizer_files). */
export const MLC_TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json'];

/** Build the fine-tune's mlc-chat-config.json from the base's. */
export function mlcChatConfig(
  base: Record<string, unknown>, cfg: LlamaConfig, quantization: MlcQuantization, match: MlcBaseMatch,
  tokenizerJson: Record<string, unknown>, ids: { bos?: number; eos?: number; pad?: number }
): Record<string, unknown> {
  if (typeof base.conv_template !== 'object' || base.conv_template === null) {
    throw new Error('base mlc-chat-config.json: no conv_template object to copy');
  }
  const baseWindow = typeof base.context_window_size === 'number' && base.context_window_size > 0 ? base.context_window_size : Infinity;
  const contextWindow = Math.min(baseWindow, match.contextWindow);
  const modelConfig = { ...(base.model_config as Record<string, unknown> | undefined), vocab_size: cfg.vocabSize, context_window_size: contextWindow };
  return {
    ...base,
    version: MLC_CHAT_CONFIG_VERSION,
    quantization,
    model_config: modelConfig,
    vocab_size: cfg.vocabSize,
    context_window_size: contextWindow,
    sliding_window_size: -1,
    tokenizer_files: MLC_TOKENIZER_FILES,
    tokenizer_info: mlcTokenizerInfo(tokenizerJson),
    ...(ids.bos !== undefined ? { bos_token_id: ids.bos } : {}),
    ...(ids.eos !== undefined ? { eos_token_id: ids.eos } : {}),
    ...(ids.pad !== undefined ? { pad_token_id: ids.pad } : {})
  };
}
