/**
 * The pure parts of the harness's `semantic` part (eval/semantic.ts): category folds partition the categories;
 * a fold's matcher rows use nothing of its held-out categories (no job text, no resume chunk) and are the same
 * for the same seed; figures pooled over folds weight resumes and jobs; the CV weight choice takes the best
 * score and, on a tie, the smaller weight. The matcher itself trains deterministically (skipped without the
 * MiniLM tokenizer in ../shared).
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import categoryJobs from '../../../eval/jobs/categories.json';
import { FOLDS, heldOutCategories } from '../../../eval/fit';
import { TOKENIZER_DIR, trainMatcher } from '../../../eval/matcher';
import type { RankingFigures } from '../../../eval/metrics';
import { chooseWeight, matcherRows, pooledFigures, type RowSource } from '../../../eval/semantic';

const categories = categoryJobs.jobs.map((j) => j.category);

/** Synthetic resumes: 3 per category, each with chunks that name their resume (and one too short to use). */
function sources(): RowSource[] {
  return categories.flatMap((category) =>
    [0, 1, 2].map((n) => ({
      id: `${category}/${n}.pdf`,
      category,
      chunks: [`${category}#${n} heading`, ...[0, 1, 2, 3, 4, 5].map((c) => `${category}#${n} chunk ${c} `.padEnd(100, 'x'))]
    }))
  );
}

describe('category folds', () => {
  it('partition the categories into FOLDS disjoint held-out sets of near-equal size', () => {
    const sets = Array.from({ length: FOLDS }, (_, k) => heldOutCategories(categories, k));
    const all = sets.flatMap((s) => [...s]);
    expect(all.sort()).toEqual([...categories].sort());
    expect(new Set(all).size).toBe(categories.length);
    for (const s of sets) expect(Math.abs(s.size - categories.length / FOLDS)).toBeLessThan(1);
  });
});

describe('matcher rows of a fold', () => {
  const src = sources();
  for (let k = 0; k < FOLDS; k++) {
    it(`fold ${k + 1}: no job text or resume chunk of a held-out category`, () => {
      const held = heldOutCategories(categories, k);
      const rows = matcherRows(categoryJobs.jobs, src, held, { perResume: 4, seed: 7 });
      const heldJobTexts = new Set(categoryJobs.jobs.filter((j) => held.has(j.category)).flatMap((j) => [j.paragraph, j.sectioned]));
      const trainJobTexts = new Set(categoryJobs.jobs.filter((j) => !held.has(j.category)).flatMap((j) => [j.paragraph, j.sectioned]));
      expect(rows.length).toBe((categories.length - held.size) * 3 * 4);
      for (const r of rows) {
        const category = r.positive.split('#')[0];
        expect(held.has(category)).toBe(false);
        expect(heldJobTexts.has(r.anchor)).toBe(false);
        expect(trainJobTexts.has(r.anchor)).toBe(true);
        // The anchor is the positive's own category's job, in either form.
        const job = categoryJobs.jobs.find((j) => j.category === category)!;
        expect([job.paragraph, job.sectioned]).toContain(r.anchor);
        expect(r.positive.length).toBeGreaterThanOrEqual(80);
      }
      // Both forms of the job descriptions are used.
      expect(new Set(rows.map((r) => r.anchor)).size).toBe(2 * (categories.length - held.size));
    });
  }

  it('is deterministic for a seed and changes the pick with the seed', () => {
    const held = heldOutCategories(categories, 0);
    const a = matcherRows(categoryJobs.jobs, src, held, { perResume: 2, seed: 7 });
    expect(matcherRows(categoryJobs.jobs, src, held, { perResume: 2, seed: 7 })).toEqual(a);
    expect(matcherRows(categoryJobs.jobs, src, held, { perResume: 2, seed: 8 }).map((r) => r.positive)).not.toEqual(a.map((r) => r.positive));
  });
});

describe('pooled figures and the weight choice', () => {
  const fig = (v: number): RankingFigures => ({ top1: v, mrr: v, docAuc: v, p10: v, ndcg10: v, jobAuc: v });

  it('weights per-resume figures by resumes and per-job figures by jobs', () => {
    const p = pooledFigures([{ figures: fig(1), docs: 30, jobs: 1 }, { figures: fig(0), docs: 10, jobs: 3 }]);
    expect(p.top1).toBeCloseTo(0.75, 12);
    expect(p.mrr).toBeCloseTo(0.75, 12);
    expect(p.p10).toBeCloseTo(0.25, 12);
    expect(p.jobAuc).toBeCloseTo(0.25, 12);
  });

  it('chooses the best-scoring weight, and the smaller one on a tie', () => {
    expect(chooseWeight([0, 0.1, 0.3, 1], (w) => -((w - 0.3) ** 2))).toBe(0.3);
    expect(chooseWeight([0, 0.1, 0.3], () => 0.5)).toBe(0);
    expect(chooseWeight([0, 0.1, 0.3], (w) => (w >= 0.1 ? 0.6 : 0.5))).toBe(0.1);
  });
});

const hasTokenizer = existsSync(TOKENIZER_DIR);
if (!hasTokenizer) console.warn(`[skip] eval matcher training: ${TOKENIZER_DIR} not found`);

describe.skipIf(!hasTokenizer)('the harness matcher', () => {
  it('trains deterministically and embeds to unit vectors', async () => {
    const shape = { vocabSize: 30522, hidden: 8, intermediate: 16, layers: 1, heads: 2, maxPositions: 64, typeVocabSize: 2, layerNormEps: 1e-12 };
    const rows = matcherRows(categoryJobs.jobs, sources(), heldOutCategories(categories, 0), { perResume: 1, seed: 7 });
    const training = { steps: 3, batchSize: 4, lr: 1e-2, seed: 3 };
    const a = await trainMatcher(rows, training, shape);
    const b = await trainMatcher(rows, training, shape);
    const texts = ['Accounting and GAAP reporting', 'Line cook in a busy kitchen'];
    const [va, vb] = [a.embed(texts), b.embed(texts)];
    expect(va.map((v) => Array.from(v))).toEqual(vb.map((v) => Array.from(v)));
    for (const v of va) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(Number.isFinite(a.lossStart) && Number.isFinite(a.lossEnd)).toBe(true);
  }, 120_000);
});
