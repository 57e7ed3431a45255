/**
 * The given and family names of many countries (models/person-names.json, built by scripts/build-person-names.ts).
 * Purpose: one loaded copy of the name lists for the name finders (gazetteer.ts, name-sources.ts).
 * Non-goals: deciding whether a word stands as a name in a text (gazetteer.ts does, with the text's context).
 */
import personNames from '../../../../models/person-names.json';
import { foldText } from './fold';

export const GIVEN_NAMES = new Set(personNames.given.split(' '));
export const FAMILY_NAMES = new Set(personNames.family.split(' '));

/** Whether a word (any case or accents) is a known given or family name. */
export const isKnownName = (word: string): boolean => {
  const f = foldText(word.replace(/['’]s$/, ''));
  return GIVEN_NAMES.has(f) || FAMILY_NAMES.has(f);
};
