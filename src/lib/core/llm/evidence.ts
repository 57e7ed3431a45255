/**
 * Verbatim-quote verification: a quote the model cites must occur in the text it was shown. Matching tolerates
 * case, runs of whitespace, typographic quotes/dashes and Unicode compatibility forms (NFKC), nothing else —
 * no paraphrase, no ellipsis. The found span is reported in the text searched, and mapped to the original
 * resume through a MaskResult's toOriginal in blind mode.
 *
 * Non-goals: fuzzy matching, deciding whether a quote supports a score (the model's rationale does that).
 * Shape legend: spans half-open UTF-16 offsets.
 */

export interface QuoteCheck {
  quote: string;
  verified: boolean;
  /** Span in the searched text (present when verified). */
  span?: { start: number; end: number };
  /** Why not verified. */
  reason?: 'not-found' | 'too-short';
}

/** Minimum letters/digits for a quote to count as evidence (shorter ones match almost anywhere). */
export const MIN_QUOTE_CHARS = 4;

const FOLD: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'", '`': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u2033': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-',
  '\u2022': '*', '\u00b7': '*'
};

/** Normalised text plus, for each normalised char, the index of the source char it came from. */
export function normaliseForMatch(text: string): { norm: string; map: number[] } {
  let norm = '';
  const map: number[] = [];
  let lastSpace = true; // collapse leading whitespace too
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const width = ch.length;
    if (/\s/u.test(ch)) {
      if (!lastSpace) {
        norm += ' ';
        map.push(i);
        lastSpace = true;
      }
    } else {
      const folded = (FOLD[ch] ?? ch).normalize('NFKC').toLowerCase();
      for (const c of folded) {
        norm += c;
        map.push(i);
      }
      lastSpace = false;
    }
    i += width - 1;
  }
  if (norm.endsWith(' ')) {
    norm = norm.slice(0, -1);
    map.pop();
  }
  return { norm, map };
}

/** Find `quote` in `source` (whitespace/case-tolerant); report its span in `source`. */
export function verifyQuote(source: string, quote: string, prepared?: { norm: string; map: number[] }): QuoteCheck {
  const trimmed = quote.trim().replace(/^["'\u201c\u2018]+|["'\u201d\u2019]+$/g, '');
  const q = normaliseForMatch(trimmed).norm;
  if ((q.match(/[\p{L}\p{N}]/gu) ?? []).length < MIN_QUOTE_CHARS) return { quote, verified: false, reason: 'too-short' };
  const { norm, map } = prepared ?? normaliseForMatch(source);
  const at = norm.indexOf(q);
  if (at < 0) return { quote, verified: false, reason: 'not-found' };
  const start = map[at];
  const lastSrc = map[at + q.length - 1];
  const end = lastSrc + (source.codePointAt(lastSrc)! > 0xffff ? 2 : 1);
  return { quote, verified: true, span: { start, end } };
}
