/**
 * textRegExp: a RegExp built for one text (a name found in this resume, a word of it) whose Unicode property
 * escapes (\p{L}, \p{Lu}, \p{N}, \p{M}, …) are replaced by the characters of that property the text actually holds.
 * Purpose: V8 expands every property escape to its full Unicode range table when it compiles a pattern (~1–2 ms
 * for a name pattern with \p{L}, \p{M} and \p{N}, per resume and per name); the same pattern over the few dozen
 * characters of one resume compiles in tens of microseconds.
 * Exactness: the RegExp is only ever run on `text` (or on a string whose characters all occur in it), where a
 * character belongs to the reduced class exactly when it belongs to the property, so matches are the same.
 * Patterns with the i or v flag or a negated property escape (\P{…}) are built unchanged: case folding and set
 * operations can relate a character of the text to one outside it.
 * Non-goals: patterns compiled once at module load (they pay the cost once; leave them as they are).
 */

/** Distinct code points of recent texts (the mask alternates between a resume and its folded copy). */
const alphabets = new Map<string, { chars: string[]; classes: Map<string, string> }>();
const MAX_TEXTS = 4;

function alphabetOf(text: string) {
  let a = alphabets.get(text);
  if (!a) {
    const seen = new Set<string>();
    for (const ch of text) seen.add(ch);
    a = { chars: [...seen].sort((x, y) => x.codePointAt(0)! - y.codePointAt(0)!), classes: new Map() };
    if (alphabets.size >= MAX_TEXTS) alphabets.delete(alphabets.keys().next().value!);
    alphabets.set(text, a);
  }
  return a;
}

const hex = (cp: number) => (/[0-9A-Za-z]/.test(String.fromCodePoint(cp)) ? String.fromCodePoint(cp) : `\\u{${cp.toString(16)}}`);

/** The members of property `name` among the text's characters, as class contents ("a-z\u{e9}"). */
function classContents(alphabet: ReturnType<typeof alphabetOf>, name: string): string {
  let out = alphabet.classes.get(name);
  if (out === undefined) {
    const test = new RegExp(`^\\p{${name}}$`, 'u');
    const cps = alphabet.chars.filter((ch) => test.test(ch)).map((ch) => ch.codePointAt(0)!);
    out = '';
    for (let i = 0; i < cps.length; ) {
      let j = i;
      while (j + 1 < cps.length && cps[j + 1] === cps[j] + 1) j++;
      out += j > i ? `${hex(cps[i])}-${hex(cps[j])}` : hex(cps[i]);
      i = j + 1;
    }
    alphabet.classes.set(name, out);
  }
  return out;
}

/** `new RegExp(source, flags)`, its property escapes reduced to the characters of `text` (see above). */
export function textRegExp(text: string, source: string, flags: string): RegExp {
  if (!flags.includes('u') || flags.includes('i') || flags.includes('v') || !source.includes('\\p{') || source.includes('\\P{')) return new RegExp(source, flags);
  const alphabet = alphabetOf(text);
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      if (source[i + 1] === 'p' && source[i + 2] === '{') {
        const close = source.indexOf('}', i + 3);
        const members = classContents(alphabet, source.slice(i + 3, close));
        out += inClass ? members : `[${members}]`;
        i = close;
      } else {
        out += ch + (source[i + 1] ?? '');
        i++;
      }
      continue;
    }
    if (ch === '[' && !inClass) inClass = true;
    else if (ch === ']' && inClass) inClass = false;
    out += ch;
  }
  return new RegExp(out, flags);
}
