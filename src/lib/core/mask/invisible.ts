/**
 * The text the finders read: invisible and look-alike characters made plain, with a map back to the original.
 * Purpose: a name "held together" by a no-break space, a soft hyphen or a zero-width joiner ("Jane\u00a0Doe",
 * "Ja\u00adne", "\u200bJane\u200b Doe"), or parted from its role by an en/em space or an icon-font glyph (private use
 * characters, "\uf007 Jane Doe"), is the same name to a reader; the finders match plain spaces and letters, so
 * they read a folded copy: format characters (soft hyphen, zero-width space / non-joiner / joiner, word joiner,
 * BOM) are dropped, wide and no-break spaces become a space, and private-use glyphs become a space.
 * Masking still replaces spans of the ORIGINAL text: `toOriginal` maps a folded span back, and a span covers the
 * invisible characters inside it; characters outside masked spans are kept as they were.
 * Non-goals: Unicode normalisation (NFC/NFKC), homoglyphs, hyphen-wrapped line ends (the finders' own business).
 */
import type { DetectedSpan } from './types';

// Dropped: soft hyphen, zero-width space / non-joiner / joiner, word joiner, BOM.
const DROP_RE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;
// Made a space: no-break, en/em and other wide spaces; private-use glyphs (icon fonts).
const SPACE_RE = /[\u00a0\u2000-\u200a\u202f\u205f\u3000\ue000-\uf8ff]/;
const ANY_RE = /[\u00ad\u200b-\u200d\u2060\ufeff\u00a0\u2000-\u200a\u202f\u205f\u3000\ue000-\uf8ff]/;

export interface FinderText {
  /** The folded text the finders read (the original itself when nothing needed folding). */
  text: string;
  /** Map spans found on `text` back to the original; the identity when nothing was folded. */
  toOriginal(spans: DetectedSpan[]): DetectedSpan[];
}

/** The finders' copy of `text`: one pass, linear in the text; no copy at all for plain text. */
export function finderText(text: string): FinderText {
  if (!ANY_RE.test(text)) return { text, toOriginal: (spans) => spans };
  const out: string[] = [];
  // at[i] = original offset of folded character i; at[folded length] = original length.
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (DROP_RE.test(ch)) continue;
    out.push(SPACE_RE.test(ch) ? ' ' : ch);
    at.push(i);
  }
  at.push(text.length);
  return {
    text: out.join(''),
    // A span ends after its last folded character, so invisible characters inside it are masked with it and
    // those just after it are left as they were.
    toOriginal: (spans) => spans.map((s) => (s.end > s.start ? { ...s, start: at[s.start], end: at[s.end - 1] + 1 } : { ...s, start: at[s.start], end: at[s.start] }))
  };
}
