/**
 * The category-agnostic rows and the rescaling of the harness's matcher (eval/semantic-rows.ts): span pairs are
 * two different chunks of one training-category resume; a skill-in-context row pairs a taxonomy skill's name with
 * a chunk that mentioned it, the mention cut out; alias rows come from the taxonomy; held-out categories give
 * nothing; the rescaling is the quantiles of the given cosines. Also the fold rows of a recipe (eval/semantic.ts).
 */
import { describe, expect, it } from 'vitest';
import categoryJobs from '../../../eval/jobs/categories.json';
import { heldOutCategories } from '../../../eval/fit';
import { CATEGORY_RECIPE, DEFAULT_RECIPE, foldRows } from '../../../eval/semantic';
import { quantile, rescalingFrom, skillContextRows, spanPairRows, taxonomyAliasRows, type RowSource } from '../../../eval/semantic-rows';
import { defaultTaxonomy } from '../../../src/lib/core/resume/skills';

const categories = categoryJobs.jobs.map((j) => j.category);
const SKILL_TEXT = [
  'Prepared monthly reconciliations and journal entries in QuickBooks for a client portfolio of small firms',
  'Managed accounts payable with QuickBooks and Excel, closing each month on time for the finance team',
  'Cooked for a busy restaurant line, kept the kitchen to food safety standards and trained new cooks daily',
  'Planned lessons for a class of thirty pupils and met parents each term to review progress in reading'
];

/** Synthetic resumes: 2 per category, chunks tagged with their resume, one too short to use. */
function sources(): RowSource[] {
  return categories.flatMap((category) =>
    [0, 1].map((n) => ({
      id: `${category}/${n}.pdf`,
      category,
      chunks: ['heading', ...SKILL_TEXT.map((t, c) => `${category}#${n}#${c} ${t}`)]
    }))
  );
}

describe('span pairs', () => {
  it('pair two different usable chunks of one resume of a training category, disjoint pairs, up to perResume', () => {
    const held = heldOutCategories(categories, 1);
    const rows = spanPairRows(sources(), held, { perResume: 5, seed: 7 });
    expect(rows.length).toBe((categories.length - held.size) * 2 * 2); // 4 usable chunks → 2 disjoint pairs
    for (const r of rows) {
      const [a, b] = [r.anchor, r.positive].map((t) => t.split(' ')[0].split('#'));
      expect(held.has(a[0])).toBe(false);
      expect(a.slice(0, 2)).toEqual(b.slice(0, 2));
      expect(a[2]).not.toBe(b[2]);
    }
    expect(spanPairRows(sources(), held, { perResume: 1, seed: 7 }).length).toBe((categories.length - held.size) * 2);
    expect(spanPairRows(sources(), held, { perResume: 5, seed: 7 })).toEqual(rows);
  });
});

describe('skill in context', () => {
  it('pairs a skill the chunk mentions with the chunk, every mention of that skill cut out', () => {
    const held = heldOutCategories(categories, 0);
    const rows = skillContextRows(sources(), held, { perResume: 3, seed: 7 });
    expect(rows.length).toBeGreaterThan(0);
    const names = new Set(defaultTaxonomy.skills.map((s) => s.name));
    for (const r of rows) {
      expect(held.has(r.positive.split('#')[0])).toBe(false);
      expect(names.has(r.anchor)).toBe(true);
      const skill = defaultTaxonomy.skills.find((s) => s.name === r.anchor)!;
      for (const written of [skill.name, ...skill.aliases]) expect(r.positive.toLowerCase()).not.toMatch(new RegExp(`\\b${written.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`));
    }
    // QuickBooks is mentioned twice in one chunk's sources: the row of a chunk that named it no longer does.
    expect(rows.some((r) => r.anchor === 'QuickBooks')).toBe(true);
    // One row per (resume, skill), at most perResume per resume.
    const perResume = new Map<string, string[]>();
    for (const r of rows) {
      const id = r.positive.split('#').slice(0, 2).join('#');
      perResume.set(id, [...(perResume.get(id) ?? []), r.anchor]);
    }
    for (const skills of perResume.values()) {
      expect(skills.length).toBeLessThanOrEqual(3);
      expect(new Set(skills).size).toBe(skills.length);
    }
  });
});

describe('taxonomy aliases', () => {
  it('pairs canonical names with aliases that differ by more than case', () => {
    const rows = taxonomyAliasRows();
    expect(rows).toContainEqual({ anchor: 'JavaScript', positive: 'JS' });
    for (const r of rows) expect(r.anchor.toLowerCase()).not.toBe(r.positive.toLowerCase());
  });
});

describe('recipe rows', () => {
  it('the default recipe reads nothing of a held-out category and no job text', () => {
    const held = heldOutCategories(categories, 2);
    const jobTexts = new Set(categoryJobs.jobs.flatMap((j) => [j.paragraph, j.sectioned]));
    const rows = foldRows(DEFAULT_RECIPE, categoryJobs.jobs, sources(), held, 7);
    for (const r of rows) {
      expect(jobTexts.has(r.anchor)).toBe(false);
      for (const t of [r.anchor, r.positive]) if (t.includes('#')) expect(held.has(t.split('#')[0])).toBe(false);
    }
    expect(foldRows(CATEGORY_RECIPE, categoryJobs.jobs, sources(), held, 7).every((r) => jobTexts.has(r.anchor))).toBe(true);
  });
});

describe('rescaling from quantiles', () => {
  it('interpolates quantiles and keeps ceil above floor', () => {
    expect(quantile([3, 1, 2, 4, 5], 0.5)).toBe(3);
    expect(quantile([0, 10], 0.25)).toBeCloseTo(2.5, 12);
    const xs = Array.from({ length: 101 }, (_, i) => i / 100);
    const r = rescalingFrom(xs);
    expect(r.floor).toBeCloseTo(0.1, 12);
    expect(r.ceil).toBeCloseTo(0.9, 12);
    const flat = rescalingFrom([0.5, 0.5, 0.5]);
    expect(flat.ceil).toBeGreaterThan(flat.floor);
  });
});
