/**
 * Accent- and case-folding that keeps offsets: "José MÜLLER" → "jose muller", one character for one.
 * Purpose: let name matching ignore accents and case while the offsets found index the original text.
 * Non-goals: Unicode normalisation of the text itself (the output is only for matching).
 */
const FOLD_SPECIAL: Record<string, string> = { ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ß: 's', ı: 'i', æ: 'a', Æ: 'a', œ: 'o', Œ: 'o', ð: 'd', þ: 't' };

/** Lower-case, accent-free copy of `text` with the same length, so offsets found in it index the original. */
export function foldText(text: string): string {
  const out: string[] = new Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const code = c.charCodeAt(0);
    if (code < 128) out[i] = c.toLowerCase();
    else if (code >= 0xd800 && code <= 0xdfff) out[i] = c;
    else {
      const base = FOLD_SPECIAL[c] ?? c.normalize('NFD')[0];
      const lower = base.toLowerCase();
      out[i] = lower.length === 1 ? lower : base.length === 1 ? base : c;
    }
  }
  return out.join('');
}
