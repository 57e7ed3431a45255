/**
 * occursLowercase answers letter-only words from one pass over the text's letter runs (cached for the last text);
 * it must give exactly what the per-word regex gives, outside emails and links, for any word and text.
 */
import { describe, expect, it } from 'vitest';
import { occursLowercase } from '../../../src/lib/core/mask/name-sources';

const reference = (text: string, word: string) => {
  const lower = word.toLowerCase();
  if (lower === word) return false;
  const escaped = lower.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(String.raw`(?<![\p{L}\p{N}@./_-])${escaped}(?![\p{L}\p{N}@_/-]|\.[\p{L}])`, 'u').test(text);
};

const TEXTS = [
  'Revenue rose 20%. Contact rose.lee@mail.com or see example.com/rose and rose-gold, Rosewood, roses.',
  'Hunter Smith\nhunter2 is a password; the hunter.\nMason built a mason_jar app; mason/… and mason.',
  'Grace: grace period, GRACE, gracé, graceful. José Müller wrote müller-style code; müller.',
  'Ruby on Rails, ruby gems; jenkins pipelines (Jenkins); kafka. streams',
  ''
];
const WORDS = ['Rose', 'Hunter', 'Mason', 'Grace', 'Müller', 'Ruby', 'Jenkins', 'Kafka', 'Rosewood', 'Roses', 'Gracé', 'rose', "O'Neil", 'Rose-Gold'];

describe('occursLowercase', () => {
  it('equals the per-word regex on every word of several texts, asked in any order', () => {
    for (const text of TEXTS) {
      for (const word of [...WORDS, ...[...WORDS].reverse()]) expect(occursLowercase(text, word), `${word} in ${JSON.stringify(text)}`).toBe(reference(text, word));
    }
  });

  it('does not answer from the previous text', () => {
    expect(occursLowercase('the rose garden', 'Rose')).toBe(true);
    expect(occursLowercase('Rose Garden', 'Rose')).toBe(false);
    expect(occursLowercase('the rose garden', 'Rose')).toBe(true);
  });
});
