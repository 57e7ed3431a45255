/**
 * JSON-schema-constrained decoding for the transformers.js backend with @mlc-ai/web-xgrammar (the grammar engine
 * web-llm itself uses): the tokenizer's vocabulary → TokenizerInfo, the schema → CompiledGrammar, and per request
 * a GrammarMatcher whose next-token bitmask sets every disallowed logit to -Infinity.
 *
 * Non-goals: sampling, the decode loop (transformers-backend.ts). Shape legend: bitmask is Int32Array
 * [ceil(V/32)], bit (i & 31) of word (i >> 5) set = token i allowed; V = logits width (config vocab_size).
 */
import type * as XGrammar from '@mlc-ai/web-xgrammar';

type XGrammarModule = typeof XGrammar;
let xgrammarPromise: Promise<XGrammarModule> | undefined;

/**
 * Load web-xgrammar. Its lib/index.js is a UMD bundle inside a "type": "module" package: in Node ESM it
 * needs `require`/`__filename` to locate itself and it registers on `globalThis.xgrammar` instead of exporting.
 * Bundlers (Vite) see the CommonJS branch and export normally; we accept either.
 */
export function loadXGrammar(): Promise<XGrammarModule> {
  xgrammarPromise ??= (async () => {
    const g = globalThis as Record<string, unknown>;
    const isNode = typeof process !== 'undefined' && !!process.versions?.node;
    if (isNode && typeof g.require === 'undefined') {
      const { createRequire } = await import(/* @vite-ignore */ 'node:module');
      const req = createRequire(import.meta.url);
      g.require = req;
      g.__filename ??= req.resolve('@mlc-ai/web-xgrammar');
    }
    const mod = (await import('@mlc-ai/web-xgrammar')) as Partial<XGrammarModule> & { default?: XGrammarModule };
    const api = mod.TokenizerInfo ? (mod as XGrammarModule) : mod.default?.TokenizerInfo ? mod.default : (g.xgrammar as XGrammarModule | undefined);
    if (!api?.TokenizerInfo) throw new Error('web-xgrammar failed to load: no TokenizerInfo export found');
    return api;
  })();
  return xgrammarPromise;
}

/** The parts of a Hugging Face tokenizer.json we need to describe the vocabulary to xgrammar. */
export interface TokenizerJson {
  model: { type: string; vocab: Record<string, number> | [string, number][]; byte_fallback?: boolean };
  added_tokens?: { id: number; content: string }[];
  decoder?: unknown;
  normalizer?: unknown;
  pre_tokenizer?: unknown;
}

/** Vocabulary in id order plus how tokens decode: 'byte_level' (GPT-2/Qwen/SmolLM), 'byte_fallback' (Llama-2 SentencePiece) or 'raw'. */
export function describeVocabulary(tok: TokenizerJson): { encodedVocab: string[]; vocabType: 'byte_level' | 'byte_fallback' | 'raw'; prependSpace: boolean } {
  const encodedVocab: string[] = [];
  const vocab = tok.model.vocab;
  if (Array.isArray(vocab)) vocab.forEach(([piece], id) => (encodedVocab[id] = piece)); // Unigram: [piece, score][]
  else for (const [piece, id] of Object.entries(vocab)) encodedVocab[id] = piece;
  for (const t of tok.added_tokens ?? []) encodedVocab[t.id] = t.content;
  for (let i = 0; i < encodedVocab.length; i++) encodedVocab[i] ??= `<unused_${i}>`;
  const json = JSON.stringify([tok.decoder ?? null, tok.pre_tokenizer ?? null]);
  const vocabType = json.includes('"ByteLevel"') ? 'byte_level' : tok.model.byte_fallback || json.includes('"ByteFallback"') ? 'byte_fallback' : 'raw';
  const prependSpace = JSON.stringify(tok.normalizer ?? null).includes('"Prepend"') || JSON.stringify(tok.pre_tokenizer ?? null).includes('"Metaspace"');
  return { encodedVocab, vocabType, prependSpace };
}

/** A compiler bound to one tokenizer; compiled grammars are cached per schema string. */
export class SchemaConstrainer {
  private cache = new Map<string, Promise<XGrammar.CompiledGrammar>>();
  private constructor(
    private xg: XGrammarModule,
    private compiler: XGrammar.GrammarCompiler,
    readonly vocabSize: number
  ) {}

  /** Build from tokenizer.json, the logits width and the stop token ids. */
  static async create(tok: TokenizerJson, vocabSize: number, stopTokenIds: number[]): Promise<SchemaConstrainer> {
    const xg = await loadXGrammar();
    const { encodedVocab, vocabType, prependSpace } = describeVocabulary(tok);
    const info = await xg.TokenizerInfo.createTokenizerInfo(encodedVocab, vocabType, prependSpace, vocabSize, stopTokenIds);
    const compiler = await xg.GrammarCompiler.createGrammarCompiler(info);
    return new SchemaConstrainer(xg, compiler, vocabSize);
  }

  /** A fresh matcher for one generation under `schema` (compact JSON: any whitespace off, one line). */
  async matcherFor(schema: Record<string, unknown>): Promise<XGrammar.GrammarMatcher> {
    const key = JSON.stringify(schema);
    let compiled = this.cache.get(key);
    if (!compiled) {
      compiled = this.compiler.compileJSONSchema(key, false, -1, [',', ':'], true);
      this.cache.set(key, compiled);
      compiled.catch(() => this.cache.delete(key));
    }
    try {
      return await this.xg.GrammarMatcher.createGrammarMatcher(await compiled);
    } catch (e) {
      throw new Error(`Constrained decoding: xgrammar could not compile the JSON schema: ${(e as Error).message}`);
    }
  }

  dispose(): void {
    this.compiler.dispose();
  }
}

/** Set logits of tokens the bitmask forbids to -Infinity, in place. Returns how many tokens stay allowed. */
export function applyTokenBitmask(logits: Float32Array | Float64Array, bitmask: Int32Array): number {
  let allowed = 0;
  for (let i = 0; i < logits.length; i++) {
    if ((bitmask[i >> 5] >>> (i & 31)) & 1) allowed++;
    else logits[i] = -Infinity;
  }
  return allowed;
}

/**
 * Allowed-bits mask of tokens whose decoded text has no raw control character (U+0000–U+001F). xgrammar's JSON
 * string rule only excludes `"`, `\`, CR and LF, so without this a byte-fallback token such as <0x03> yields text
 * JSON.parse rejects. Compact JSON (no indentation) never needs a raw control character, so we ban them all.
 */
export function controlCharFreeMask(decodeOne: (id: number) => string, vocabSize: number): Int32Array {
  const mask = new Int32Array(Math.ceil(vocabSize / 32)).fill(-1);
  for (let id = 0; id < vocabSize; id++) {
    if (/[\u0000-\u001f]/.test(decodeOne(id))) mask[id >> 5] &= ~(1 << (id & 31));
  }
  return mask;
}

/** Bitwise AND of two masks into `target` (in place). */
export function intersectMasks(target: Int32Array, other: Int32Array): Int32Array {
  for (let i = 0; i < target.length; i++) target[i] &= other[i] ?? 0;
  return target;
}
