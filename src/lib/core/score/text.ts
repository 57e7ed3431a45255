/**
 * Tokenisation for lexical scoring: lower-cased terms with offsets, the Porter stemmer, stopwords, and
 * mask placeholders ("[NAME]", "[EMAIL_2]") skipped so they never match a job term.
 * Purpose: one tokenizer shared by the BM25 signal and corpus statistics.
 * Non-goals: linguistics beyond English suffix stripping.
 * Shape legend: Token = {term (stemmed), start, end} with half-open offsets into the input text.
 */

import { stemmer } from 'stemmer';

export interface Token {
  term: string;
  start: number;
  end: number;
}

const TOKEN_RE = /[\p{L}\p{N}](?:[\p{L}\p{N}+#]|\.(?=[\p{L}\p{N}]))*[+#]*/gu;
const PLACEHOLDER_RE = /\[[A-Z]+(?:_\d+)?\]/g;

// English function words plus posting/resume boilerplate that carries no signal about fit.
const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by
can could did do does doing down during each etc few for from further had has have having he her here hers him his how i if in
into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she should so
some such than that the their them then there these they this those through to too under until up very was we were what when
where which while who whom why will with would you your yours yourself per via within across among including include includes
e.g i.e ability able excellent good great strong strongly work working worked works job role position candidate candidates
applicant applicants team teams company looking seeking opportunity responsibilities responsibility required requirement
requirements preferred plus must nice bonus years year experience experienced skills skill knowledge knowledgeable understanding
well new using use used various etc related relevant field ideal ideally desired desirable minimum least equivalent degree`.split(/\s+/)
);

/**
 * Stems already computed: the stemmer is pure and resumes repeat their words (and a batch its vocabulary), so
 * every word is stemmed once (stemming was ~5 of ~90 CPU-ms per resume on the CLI path, node --cpu-prof).
 * Bounded: emptied when full, so a long session cannot grow it without limit.
 */
const STEMS = new Map<string, string>();
const MAX_STEMS = 50_000;

/**
 * Porter stem of a lower-cased word, so "accountant"/"accounting"/"accounts" meet "account" and
 * "engineering" meets "engineer"; technology names with symbols or digits (C++, C#, Node.js, S3) and words of
 * three letters or fewer are kept as written.
 */
export function stem(term: string): string {
  if (term.length <= 3 || /[^a-z]/.test(term)) return term;
  let stemmed = STEMS.get(term);
  if (stemmed === undefined) {
    if (STEMS.size >= MAX_STEMS) STEMS.clear();
    stemmed = stemmer(term);
    STEMS.set(term, stemmed);
  }
  return stemmed;
}

/** Tokens of text[from, to) with stemmed terms; stopwords and mask placeholders are dropped. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const slice = text.slice(from, to).replace(PLACEHOLDER_RE, (m) => ' '.repeat(m.length));
  const out: Token[] = [];
  for (const m of slice.matchAll(TOKEN_RE)) {
    const lower = m[0].toLowerCase();
    if (STOPWORDS.has(lower) || /^\d+$/.test(lower)) continue;
    out.push({ term: stem(lower), start: from + m.index, end: from + m.index + m[0].length });
  }
  return out;
}

/** One line of text ([^\n]+) with its tokens. */
export interface TokenLine {
  start: number;
  end: number;
  tokens: Token[];
}

// The last text's tokens, whole and by line: BM25, the keyword-block check and the keyword judge each read the
// same masked resume (once per job). Tokens never cross a newline, so the lines partition the whole-text tokens.
// Shared answers: callers must not modify them.
let last: { text: string; tokens: Token[]; lines?: TokenLine[] } | undefined;

/** tokenize(text) of the whole text; the last text's answer is reused (do not modify it). */
export function tokenizeText(text: string): readonly Token[] {
  if (last?.text !== text) last = { text, tokens: tokenize(text) };
  return last.tokens;
}

/** Each line of text ([^\n]+) with tokenize(text, line.start, line.end); the last text's answer is reused (do not modify it). */
export function tokenizeLines(text: string): readonly TokenLine[] {
  const tokens = tokenizeText(text);
  if (!last!.lines) {
    const lines: TokenLine[] = [];
    let k = 0;
    for (const m of text.matchAll(/[^\n]+/g)) {
      const end = m.index + m[0].length;
      const from = k;
      while (k < tokens.length && tokens[k].end <= end) k++;
      lines.push({ start: m.index, end, tokens: tokens.slice(from, k) });
    }
    last!.lines = lines;
  }
  return last!.lines;
}
