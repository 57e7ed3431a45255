/**
 * Validation of models/skills-taxonomy.json as data: well-formed JSON with its source noted, categories that
 * exist and are used, the fields recruiters hire for covered, no alias shared by two skills unless both mark it,
 * context rules that point at real names and categories, and no stopword or generic posting word ("data",
 * "engineer", "production") that counts as a skill anywhere without a context guard.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aliasKey } from '../../../src/lib/core/resume/skills';
import type { SkillsTaxonomy, TaxonomySkill } from '../../../src/lib/core/resume/types';

const FILE = path.resolve(import.meta.dirname, '../../../models/skills-taxonomy.json');
const raw = readFileSync(FILE, 'utf8');
const taxonomy = JSON.parse(raw) as SkillsTaxonomy & { $comment: string };

/** English stopwords and words every posting uses: never a skill on their own outside a skills context. */
const GENERIC_WORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by can could
  did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it its
  just me more most my no nor not now of off on once only or other our out over own same she should so some such than that the
  their them then there these they this those through to too under until up very was we were what when where which while who whom
  why will with would you your us may might must shall get use new one two per via etc also well able
  data engineer engineering engineers management manager managing communication communications production development developer
  design designer analysis analyst operations operation support service services customer customers client clients experience
  skills skill team teams work working business technology technologies technical solutions solution systems system process
  processes quality maintenance compliance research planning training project projects program programs product products
  report reports reporting documentation tools tool software hardware application applications office online digital media
  marketing strategy performance safety security health care finance financial administration administrative coordination
  coordinator specialist assistant associate director lead senior junior intern plan budget cost costs time people staff employee
  employees company organization industry environment knowledge ability abilities responsible responsibilities duties tasks task
  goals results success growth excellent strong good great high level professional written verbal information internet computer
  testing inspection construction inventory logistics leadership analytics monitoring`
    .split(/\s+/)
    .filter(Boolean)
);

/** The fields the issue names, each with the least number of skills it should hold. */
const REQUIRED_FIELDS: Record<string, number> = {
  finance: 25, banking: 12, hr: 15, healthcare: 40, construction: 12, civil: 8, mechanical: 8, electrical: 12, manufacturing: 20,
  automotive: 10, aviation: 12, agriculture: 12, arts: 12, collections: 6, design: 20, marketing: 20, communications: 10,
  sales: 15, 'customer-service': 10, education: 20, legal: 20, culinary: 10, hospitality: 10, fashion: 15, logistics: 15,
  science: 20, business: 15, fitness: 10, safety: 8, 'big-data': 20
};

const namesOf = (s: TaxonomySkill) => [s.name, ...s.aliases];
/** Names that a confirming rule (near words or categories) covers: they never count without context. */
function guardedNames(s: TaxonomySkill): Set<string> {
  const out = new Set<string>();
  if (s.contextOnly) out.add(aliasKey(s.name));
  for (const a of s.contextOnlyAliases ?? []) out.add(aliasKey(a));
  for (const r of s.rules ?? []) if (r.near?.length || r.nearCategories?.length) for (const n of r.names ?? [s.name]) out.add(aliasKey(n));
  return out;
}

describe('skills taxonomy data', () => {
  it('is well-formed JSON with its source noted and a version', () => {
    expect(() => JSON.parse(raw)).not.toThrow();
    expect(taxonomy.$comment).toMatch(/curated by hand/i);
    expect(taxonomy.$comment).toMatch(/ESCO|O\*NET/);
    expect(Number.isInteger(taxonomy.version)).toBe(true);
    expect(taxonomy.skills.length).toBeGreaterThan(800);
  });

  it('puts every skill in a category that exists, and every category holds skills', () => {
    const used = new Map<string, number>();
    for (const s of taxonomy.skills) {
      expect(taxonomy.categories[s.category], `${s.name}: category ${s.category}`).toBeTypeOf('string');
      used.set(s.category, (used.get(s.category) ?? 0) + 1);
    }
    for (const c of Object.keys(taxonomy.categories)) expect(used.get(c) ?? 0, `category ${c} is empty`).toBeGreaterThan(0);
    for (const [field, least] of Object.entries(REQUIRED_FIELDS)) expect(used.get(field) ?? 0, `skills in ${field}`).toBeGreaterThanOrEqual(least);
  });

  it('has unique canonical names and no name twice within a skill', () => {
    const canonical = taxonomy.skills.map((s) => s.name);
    expect(new Set(canonical).size).toBe(canonical.length);
    for (const s of taxonomy.skills) {
      const keys = namesOf(s).map(aliasKey);
      expect(new Set(keys).size, `${s.name} repeats a name`).toBe(keys.length);
      for (const k of keys) expect(k.length, `${s.name} has an empty name`).toBeGreaterThan(0);
    }
  });

  it('shares an alias between two skills only where both mark it, and marks nothing it does not share', () => {
    const owners = new Map<string, string[]>();
    for (const s of taxonomy.skills) for (const k of namesOf(s).map(aliasKey)) owners.set(k, [...(owners.get(k) ?? []), s.name]);
    for (const s of taxonomy.skills) {
      const marked = new Set((s.sharedAliases ?? []).map(aliasKey));
      for (const k of namesOf(s).map(aliasKey)) {
        const shared = (owners.get(k) ?? []).length > 1;
        expect(shared && !marked.has(k), `"${k}" of ${s.name} is shared with ${owners.get(k)} but not marked`).toBe(false);
      }
      for (const k of marked) expect((owners.get(k) ?? []).length, `${s.name} marks "${k}" as shared, but no other skill has it`).toBeGreaterThan(1);
    }
  });

  it('keeps the field lists consistent: context-only aliases, common words and rule names are names of the skill', () => {
    for (const s of taxonomy.skills) {
      const keys = new Set(namesOf(s).map(aliasKey));
      for (const a of s.contextOnlyAliases ?? []) expect(keys.has(aliasKey(a)), `${s.name}: contextOnly alias ${a}`).toBe(true);
      for (const w of s.commonWords ?? []) expect(keys.has(aliasKey(w)), `${s.name}: common word ${w}`).toBe(true);
      const covered = new Set<string>();
      for (const r of s.rules ?? []) {
        for (const n of r.names ?? [s.name]) {
          expect(keys.has(aliasKey(n)), `${s.name}: rule name ${n}`).toBe(true);
          expect(covered.has(aliasKey(n)), `${s.name}: ${n} under two rules`).toBe(false);
          covered.add(aliasKey(n));
        }
        for (const c of r.nearCategories ?? []) expect(taxonomy.categories[c], `${s.name}: rule category ${c}`).toBeTypeOf('string');
        const effects = [r.near, r.nearCategories, r.notNear, r.notFollowedBy, r.notPrecededBy].some((l) => l?.length) || r.caseSensitive === true; // a case rule alone narrows "Solid" out of SOLID
        expect(effects, `${s.name}: a rule that does nothing`).toBe(true);
      }
    }
  });

  it('lets no stopword or generic posting word count as a skill without a context guard', () => {
    for (const s of taxonomy.skills) {
      const guarded = guardedNames(s);
      const common = new Set((s.commonWords ?? []).map(aliasKey));
      for (const n of namesOf(s)) {
        const k = aliasKey(n);
        if (!GENERIC_WORDS.has(k)) continue;
        expect(common.has(k), `${s.name}: generic word "${n}" marked as a common word that counts anywhere`).toBe(false);
        expect(guarded.has(k), `${s.name}: generic word "${n}" counts anywhere`).toBe(true);
      }
    }
  });

  it('guards every one-letter or two-letter name that is not an acronym', () => {
    for (const s of taxonomy.skills) {
      const guarded = guardedNames(s);
      for (const n of namesOf(s)) {
        const short = n.replace(/[^\p{L}]/gu, '').length <= 2 && !/\d/.test(n);
        const acronym = n.length <= 4 && n === n.toUpperCase();
        if (short && !acronym) expect(guarded.has(aliasKey(n)) || !!s.caseSensitive, `${s.name}: short name "${n}"`).toBe(true);
        if (n.length === 1) expect(guarded.has(aliasKey(n)), `${s.name}: one-letter name "${n}" needs context`).toBe(true);
      }
    }
  });
});
