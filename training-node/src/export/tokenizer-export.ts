/**
 * Tokenizer files for a published decoder, in the Hugging Face layout transformers.js and web-llm read:
 * - a llama2.c `tok*.bin` becomes `tokenizer.json` (sentencepiece-style BPE: Prepend "▁" + Replace " "→"▁" normaliser,
 *   byte fallback, merges ranked by the merged piece's score as transformers' SentencePieceExtractor does, so HF's
 *   lowest-rank-first merging equals llama2.c's highest-score-first merging) plus `tokenizer_config.json` with a chat
 *   template that renders the plain `role: content` format chat-tokenizer.ts trains llama2.c models on;
 * - a Hugging Face tokenizer is copied, with `chat_template.jinja` inlined into `tokenizer_config.json` (transformers.js
 *   tokenizers only read the template from there, PUBLISHING-FORMATS.md A1).
 * `generation_config.json` carries the bos/eos ids the app stops on.
 *
 * Non-goals: other tokenizer families (WordPiece files are copied as they are), sentencepiece `.model` protobufs.
 * Shape legend: pieces are UTF-8 strings with " " shown as "▁"; ids are the llama2.c token ids.
 */
import { LLAMA2C_BOS, LLAMA2C_EOS, type Llama2cTokenizer } from '../io/llama2c-tokenizer';

const SPACE = '\u2581';
const SPECIALS: Record<number, string> = { 0: '<unk>', [LLAMA2C_BOS]: '<s>', [LLAMA2C_EOS]: '</s>' };

/**
 * The plain chat format of llama2.c SFT (chat-tokenizer.ts): each turn encoded separately as " role:" and " content\n"
 * (assistant: " content" + EOS). Tokens match training up to merges across the turn boundaries inside one segment.
 */
export const LLAMA2C_CHAT_TEMPLATE =
  "{{ bos_token }}{% for m in messages %}{% if not loop.first and messages[loop.index0 - 1]['role'] != 'assistant' %} {% endif %}" +
  "{{ m['role'] + ': ' + m['content'] }}{% if m['role'] == 'assistant' %}{{ eos_token }}{% else %}{{ '\\n' }}{% endif %}{% endfor %}" +
  "{% if add_generation_prompt %}{% if messages | length > 0 and messages[messages | length - 1]['role'] != 'assistant' %} {% endif %}assistant:{% endif %}";

/** tokenizer.json (as an object) equivalent to a llama2.c tokenizer. */
export function llama2cTokenizerJson(tok: Llama2cTokenizer, source = 'llama2.c tokenizer'): Record<string, unknown> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const vocab: Record<string, number> = {};
  const pieces: string[] = [];
  tok.vocab.forEach((bytes, id) => {
    let piece: string;
    if (SPECIALS[id] !== undefined) piece = SPECIALS[id];
    else {
      try {
        piece = decoder.decode(bytes).replaceAll(' ', SPACE);
      } catch {
        throw new Error(`${source}: token ${id} is not valid UTF-8; it cannot be written as a tokenizer.json piece`);
      }
    }
    if (piece in vocab) throw new Error(`${source}: tokens ${vocab[piece]} and ${id} are the same piece "${piece}"; tokenizer.json needs unique pieces`);
    vocab[piece] = id;
    pieces.push(piece);
  });
  // Merges: every split a+b of a piece into two pieces, ranked by the merged piece's score (high first), then by ids.
  const merges: { a: string; b: string; score: number; ia: number; ib: number }[] = [];
  pieces.forEach((piece, id) => {
    if (SPECIALS[id] !== undefined || /^<0x[0-9A-F]{2}>$/.test(piece)) return;
    const chars = [...piece];
    for (let i = 1; i < chars.length; i++) {
      const a = chars.slice(0, i).join(''), b = chars.slice(i).join('');
      if (a in vocab && b in vocab) merges.push({ a, b, score: tok.scores[id], ia: vocab[a], ib: vocab[b] });
    }
  });
  merges.sort((x, y) => y.score - x.score || x.ia - y.ia || x.ib - y.ib);
  const added = Object.entries(SPECIALS).map(([id, content]) => ({
    id: Number(id), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true
  }));
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: SPACE }, { type: 'Replace', pattern: { String: ' ' }, content: SPACE }] },
    pre_tokenizer: null,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '<s>', type_id: 1 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '<s>': { id: '<s>', ids: [LLAMA2C_BOS], tokens: ['<s>'] } }
    },
    decoder: {
      type: 'Sequence',
      decoders: [{ type: 'Replace', pattern: { String: SPACE }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }, { type: 'Strip', content: ' ', start: 1, stop: 0 }]
    },
    model: {
      type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: true, byte_fallback: true, ignore_merges: false, vocab, merges: merges.map((m) => [m.a, m.b])
    }
  };
}

/** tokenizer_config.json for a llama2.c tokenizer (LlamaTokenizer class, the plain chat template inlined). */
export function llama2cTokenizerConfig(maxLength: number, chatTemplate = LLAMA2C_CHAT_TEMPLATE): Record<string, unknown> {
  const decoder = Object.fromEntries(Object.entries(SPECIALS).map(([id, content]) => [id, { content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true }]));
  return {
    add_bos_token: true, add_eos_token: false, added_tokens_decoder: decoder,
    bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>', pad_token: '<unk>',
    chat_template: chatTemplate, clean_up_tokenization_spaces: false, legacy: true,
    model_max_length: maxLength, tokenizer_class: 'LlamaTokenizer'
  };
}

/** tokenizer_config.json of an HF folder with a separate chat template file folded in (and an override applied). */
export function inlineChatTemplate(config: Record<string, unknown>, templateFile: string | undefined, override?: string): Record<string, unknown> {
  const template = override ?? config.chat_template ?? templateFile;
  return template === undefined ? { ...config } : { ...config, chat_template: template };
}

/** The id of a special token named in tokenizer_config.json (string or {content}), looked up in tokenizer.json. */
export function specialTokenId(tokenizerJson: Record<string, unknown>, token: unknown): number | undefined {
  const text = typeof token === 'string' ? token : (token as { content?: unknown } | null)?.content;
  if (typeof text !== 'string') return undefined;
  const added = (tokenizerJson.added_tokens as { id: number; content: string }[] | undefined)?.find((t) => t.content === text);
  if (added) return added.id;
  const vocab = (tokenizerJson.model as { vocab?: unknown } | undefined)?.vocab;
  if (vocab && !Array.isArray(vocab) && typeof vocab === 'object') return (vocab as Record<string, number>)[text];
  return undefined;
}
