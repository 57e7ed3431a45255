/**
 * Counterfactual identities: names of several origins and genders, names that are also skills, pronouns, ages
 * and home countries, each a variant of one base identity with ONE dimension changed.
 * Purpose: the one list the bias audit (audit/counterfactual.ts, on a job's own candidates), the counterfactual
 * test suite and the evaluation harness (tests/fixtures/counterfactual.ts writes them into synthetic resumes,
 * eval/counterfactual.ts) all use.
 * Non-goals: writing an identity into text (the callers do), realism of frequencies; no real person is described.
 */

export type Dimension = 'base' | 'name' | 'skill-name' | 'pronoun' | 'age' | 'address';

export interface Identity {
  given: string;
  family: string;
  pronoun: 'she' | 'he' | 'they';
  age: number;
  country: string;
}

export interface Variant {
  dimension: Dimension;
  label: string;
  identity: Identity;
}

export const BASE_IDENTITY: Identity = { given: 'Emily', family: 'Whitfield', pronoun: 'she', age: 34, country: 'US' };

const NAMES: Array<[string, string, Identity['pronoun']]> = [
  ['Lakisha', 'Washington', 'she'],
  ['Jamal', 'Robinson', 'he'],
  ['Ngozi', 'Okonkwo-Bello', 'she'],
  ['Kwame', 'Mensah', 'he'],
  ['Priya', 'Venkataraman', 'she'],
  ['Arjun', 'Chatterjee', 'he'],
  ['Mei', 'Zhang', 'she'],
  ['Haruto', 'Nakamura', 'he'],
  ['Fatima', 'Al-Farsi', 'she'],
  ['Mohammed', 'bin Abdullah', 'he'],
  ['María José', 'de la Cruz', 'she'],
  ['Joaquín', 'Núñez', 'he'],
  ['Søren', 'van der Berg', 'he'],
  ['Chloé', 'Lefèvre', 'she'],
  ['Siobhán', "O'Brien", 'she'],
  ['Łukasz', 'Wiśniewski', 'he'],
  ['Nguyễn', 'Thảo', 'she'],
  ['Grace', 'King', 'she']
];

const SKILL_NAMES: Array<[string, string, Identity['pronoun']]> = [
  ['Alex', 'Jenkins', 'he'],
  ['Cassandra', 'Whitfield', 'she'],
  ['Franz', 'Kafka', 'he'],
  ['Ruby', 'Chen', 'she'],
  ['Julia', 'Rust', 'she'],
  ['Taylor', 'Swift', 'she'],
  ['Kate', 'Hudson', 'she'],
  ['Django', 'Helm', 'he']
];

/** Every variant: the base identity, then one dimension changed at a time. */
export const VARIANTS: Variant[] = [
  { dimension: 'base', label: 'base', identity: BASE_IDENTITY },
  ...NAMES.map(([given, family, pronoun]) => ({ dimension: 'name' as const, label: `${given} ${family}`, identity: { ...BASE_IDENTITY, given, family, pronoun } })),
  ...SKILL_NAMES.map(([given, family, pronoun]) => ({ dimension: 'skill-name' as const, label: `${given} ${family}`, identity: { ...BASE_IDENTITY, given, family, pronoun } })),
  ...(['he', 'they'] as const).map((pronoun) => ({ dimension: 'pronoun' as const, label: pronoun, identity: { ...BASE_IDENTITY, pronoun } })),
  ...[23, 41, 58, 64].map((age) => ({ dimension: 'age' as const, label: `age ${age}`, identity: { ...BASE_IDENTITY, age } })),
  ...['DE', 'ES', 'FR', 'IN', 'CA', 'UK', 'AE', 'BR', 'JP', 'NG'].map((country) => ({ dimension: 'address' as const, label: country, identity: { ...BASE_IDENTITY, country } }))
];
