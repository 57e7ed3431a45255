/**
 * Builds models/person-names.json: given names and family names of many countries, folded (lower-case,
 * accents removed), for the blind-mode masker's layout-independent name finder (src/lib/core/mask/gazetteer.ts).
 * Source: the `person.first_name` and `person.last_name` lists of every locale of @faker-js/faker (MIT), a
 * devDependency used only here. Dropped: the joke locale en_BORK; Han, Hangul and kana names (they need their
 * own word splitting); one-letter words and family-name particles; and every word that is an ordinary word of
 * resume language — a term in at least COMMON_DOC_FREQ of the 1,712 masked dev resumes of
 * models/background-corpus.json ("will", "grant", "young"), since the masked text no longer holds the people's
 * names, what remains of such a word there is its ordinary use.
 * Run: npx tsx scripts/build-person-names.ts   (deterministic: same faker version, same file; a unit test checks it)
 */
import { writeFileSync } from 'node:fs';
import { allLocales } from '@faker-js/faker';
import fakerPackage from '@faker-js/faker/package.json' with { type: 'json' };
import background from '../models/background-corpus.json' with { type: 'json' };
import { foldText } from '../src/lib/core/mask/fold';
import { PARTICLES } from '../src/lib/core/mask/name-sources';
import { stem } from '../src/lib/core/score/text';

const COMMON_DOC_FREQ = 20;
const SKIPPED_LOCALES = new Set(['en_BORK', 'base']);
const UNSPLIT_SCRIPT = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD = /^\p{L}[\p{L}\p{M}'’-]*$/u;

const docFreq = background.docFreq as Record<string, number>;

function collect(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v, into);
}

function words(list: string[]): Set<string> {
  const out = new Set<string>();
  for (const entry of list) {
    if (UNSPLIT_SCRIPT.test(entry)) continue;
    for (const raw of entry.normalize('NFC').split(/\s+/)) {
      if (!WORD.test(raw)) continue;
      const w = foldText(raw);
      if ([...w].length < 2 || PARTICLES.has(w)) continue;
      if ((docFreq[stem(w)] ?? 0) >= COMMON_DOC_FREQ || (docFreq[w] ?? 0) >= COMMON_DOC_FREQ) continue;
      out.add(w);
    }
  }
  return out;
}

/** The gazetteer as written to models/person-names.json. */
export function buildPersonNames() {
  const given: string[] = [];
  const family: string[] = [];
  const used: string[] = [];
  for (const [code, locale] of Object.entries(allLocales).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const person = (locale as { person?: { first_name?: unknown; last_name?: unknown } }).person;
    if (SKIPPED_LOCALES.has(code) || !person) continue;
    if (!person.first_name && !person.last_name) continue;
    used.push(code);
    collect(person.first_name, given);
    collect(person.last_name, family);
  }
  const sorted = (s: Set<string>) => [...s].sort().join(' ');
  return {
    $comment:
      `Given and family names of ${used.length} locales, folded (lower-case, no accents), one space between words. ` +
      `From @faker-js/faker ${fakerPackage.version} (MIT) person.first_name / person.last_name; ordinary words of resume ` +
      `language (in >= ${COMMON_DOC_FREQ} masked dev resumes) and particles dropped. Built by scripts/build-person-names.ts; ` +
      'used by src/lib/core/mask/gazetteer.ts to find names whatever the layout. Names only: no person is described.',
    locales: used,
    given: sorted(words(given)),
    family: sorted(words(family))
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = buildPersonNames();
  writeFileSync(new URL('../models/person-names.json', import.meta.url), JSON.stringify(out) + '\n');
  console.log(`models/person-names.json: ${out.given.split(' ').length} given, ${out.family.split(' ').length} family names from ${out.locales.length} locales`);
}
