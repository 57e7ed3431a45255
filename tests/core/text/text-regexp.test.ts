/** textRegExp: a pattern reduced to one text's characters finds exactly what the full Unicode pattern finds there. */
import { describe, expect, it } from 'vitest';
import { textRegExp } from '../../../src/lib/core/text/text-regexp';

const PATTERNS: Array<[string, string]> = [
  // the name masker's word boundary around a name with combining marks allowed after each letter
  [String.raw`(?<![\p{L}\p{M}\p{N}]|[\p{L}\p{N}][.@_])(?:j\p{M}*o\p{M}*s\p{M}*e\p{M}*(?:\s+\p{L}\.?)*\s+m\p{M}*u\p{M}*l\p{M}*l\p{M}*e\p{M}*r\p{M}*)(?![\p{L}\p{M}\p{N}]|[.@_][\p{L}\p{N}])`, 'gu'],
  [String.raw`(?<![\p{L}\p{N}@./_-])rose(?![\p{L}\p{N}@_/-]|\.[\p{L}])`, 'u'],
  [String.raw`[^\p{L}\p{N}\s]+|\p{Lu}\p{Ll}+|[\p{M}]|[^\p{M}]x`, 'gu'],
  [String.raw`\\p\{L\}|\p{Script=Latin}{2}`, 'gu']
];

// Latin-1 text, typographic punctuation, decomposed accents, non-Latin scripts, digits of other scripts, an emoji,
// a lone surrogate: each class must keep exactly the members the text holds.
const TEXTS = [
  'Jose Muller, jose.muller@example.com — José Müller (Jose\u0301 Mu\u0308ller) J. Muller 2019 Rose rose',
  'Résumé • Ärzte ÖL ½ ² x\u0301x ×x Ωx ЖУК жук 山田 太郎 ٣٤ 😀x \ud800x \\p{L} Rose_rose rose.Rose',
  'plain ascii only: jose muller, JOSE MULLER, rose; 12 Baker St'
];

const all = (re: RegExp, text: string) =>
  re.global ? [...text.matchAll(re)].map((m) => [m.index, m[0]]) : [re.exec(text)?.index, re.exec(text)?.[0]];

describe('textRegExp', () => {
  it('matches what the Unicode pattern matches, on the text it was built for', () => {
    for (const text of TEXTS) {
      for (const [source, flags] of PATTERNS) {
        const reduced = textRegExp(text, source, flags);
        expect(reduced.source).not.toContain('\\p{L}\\p');
        expect(all(reduced, text)).toEqual(all(new RegExp(source, flags), text));
      }
    }
  });

  it('reduces property escapes to the text’s own characters, in and out of classes', () => {
    const re = textRegExp('abc É 1 ²', String.raw`[\p{L}\p{N}]\p{Lu}[^\p{M}]`, 'u');
    expect(re.source).toBe(String.raw`[a-c\u{c9}1\u{b2}][\u{c9}][^]`);
    // an escaped backslash before "p{" is a literal, not a property escape
    expect(textRegExp('ab', String.raw`\\p\{L\}|\p{L}`, 'u').source).toBe(String.raw`\\p\{L\}|[a-b]`);
  });

  it('leaves case-insensitive, v-flag and negated-property patterns as they are', () => {
    for (const [source, flags] of [[String.raw`\p{Lu}`, 'iu'], [String.raw`\P{L}`, 'u'], [String.raw`\p{L}`, 'g']] as const) {
      expect(textRegExp('abc', source, flags).source).toBe(new RegExp(source, flags).source);
    }
  });
});
