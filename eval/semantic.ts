/**
 * Part `semantic` of `npm run eval`: does an active embedding model make the ranking better, not diluted?
 * For each category fold (fit.ts's folds: every third category held out in turn), a matcher is trained from
 * scratch (eval/matcher.ts) on rows built ONLY from the other categories' resumes (masked and chunked as the app
 * does, core/embed/semantic-input.ts). The recipe (MatcherRecipe) picks the rows: category-agnostic ones by
 * default (semantic-rows.ts: span pairs and skill in context; taxonomy aliases optional), or the category rows of matcherRows
 * (training category's job description ↔ chunk, CATEGORY_RECIPE). The fold's cosine rescaling is set from the
 * trained model's best-chunk cosines on training-category data (calibratedRescaling). The held-out categories'
 * requirement labels and resume chunks are then embedded, and the app's semantic signal (core/embed/semantic.ts)
 * goes to scoreCandidate as an extra signal. Each fold's sub-problem is its held-out jobs × held-out resumes
 * (8 jobs, so the figures are NOT comparable with part `ranking`'s 24-job table).
 * Rows: the score without the semantic signal; with it at the shipped weight (models/ranker.json, the app's
 * computation with the fold's rescaling); at the weight shipped before it was measured (0.3); with the weight
 * chosen on the OTHER folds' held-out rows (grid, best MRR); the signal alone;
 * BM25 on the same masked text (IDF over every resume of the run). Figures are pooled over folds (per resume:
 * top-1, MRR, AUC; per job: P@10, nDCG@10, AUC), and given per fold.
 * Non-goals: shipping a model; the other parts' tables.
 * Prints counts and rates only, never resume content. Deterministic: seeded init, seeded data order.
 */
import { fnv1a32, seededRandom, shuffled } from '../training-node/src/data/random';
import { prepareSemanticInput, semanticExtraFromVectors } from '../src/lib/core/embed/semantic-input';
import { cosine, isSemanticRequirement, SEMANTIC_SIGNAL_ID } from '../src/lib/core/embed/semantic';
import type { Job } from '../src/lib/core/job';
import type { ParsedResume } from '../src/lib/core/resume';
import { prepareBlindResume, rankerScore, scoreCandidate, shippedRanker, type Example } from '../src/lib/core/score';
import { Bm25Okapi, terms } from './bm25';
import type { CategoryDoc } from './data';
import { examplesOf, FOLDS, heldOutCategories } from './fit';
import { MIN_POSITIVE_CHARS, rescalingFrom, skillContextRows, spanPairRows, taxonomyAliasRows, type Row, type RowSource } from './semantic-rows';
import { DEFAULT_TRAINING, MATCHER_SHAPE, trainMatcher, type MatcherTraining } from './matcher';
import { rankingFigures, type RankingFigures } from './metrics';
import { categoryJobsFor, EVAL_REFERENCE_DATE, type JobForm } from './ranking';
import categoryJobs from './jobs/categories.json';

const FORMS: JobForm[] = ['paragraph', 'sectioned'];

/** Semantic weights tried for the CV choice (relative to role 0.26, lexical 0.66, nice 0.08 in models/ranker.json). */
export const SEMANTIC_WEIGHT_GRID = [0, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5];

/** The semantic weight models/ranker.json shipped before this harness measured it (reported for comparison). */
export const PREVIOUS_SEMANTIC_WEIGHT = 0.3;

export type { RowSource } from './semantic-rows';

/**
 * MNRL rows for one fold: for every resume of a training category, up to `perResume` of its chunks (a seeded
 * pick per resume) paired with its category's job description, paragraph and sectioned form alternately.
 * Nothing of a held-out category is used, neither its job texts nor its resumes.
 */
export function matcherRows(
  jobs: ReadonlyArray<{ category: string; paragraph: string; sectioned: string }>,
  sources: readonly RowSource[],
  held: ReadonlySet<string>,
  opts: { perResume: number; seed: number }
): Array<{ anchor: string; positive: string }> {
  const jobOf = new Map(jobs.filter((j) => !held.has(j.category)).map((j) => [j.category, j]));
  const rows: Array<{ anchor: string; positive: string }> = [];
  for (const s of sources) {
    const job = jobOf.get(s.category);
    if (!job || held.has(s.category)) continue;
    const usable = s.chunks.filter((c) => c.length >= MIN_POSITIVE_CHARS);
    const picked = shuffled(usable, seededRandom(opts.seed ^ fnv1a32(s.id))).slice(0, opts.perResume);
    for (const positive of picked) rows.push({ anchor: rows.length % 2 === 0 ? job.paragraph : job.sectioned, positive });
  }
  return rows;
}

/** Which rows a fold's matcher trains on, and how its signal is rescaled. */
export interface MatcherRecipe {
  /** Category rows (matcherRows: training category's job description ↔ chunk) per resume; 0 = none. */
  categoryRows: number;
  /** Span pairs per resume (semantic-rows.ts spanPairRows). */
  spanPairs: number;
  /** Skill-in-context rows per resume (skillContextRows). */
  skillContext: number;
  /** Taxonomy name ↔ alias rows (taxonomyAliasRows). */
  taxonomyAliases: boolean;
  /** Rescale cosines by the trained model's own best-cosine quantiles on training-category data (else [0.2, 0.75]). */
  calibrate: boolean;
}

/** The recipe measured before this one: category rows only, the fixed rescaling. */
export const CATEGORY_RECIPE: MatcherRecipe = { categoryRows: 4, spanPairs: 0, skillContext: 0, taxonomyAliases: false, calibrate: false };

/**
 * Measured on the dev split (README "Semantic signal"): span pairs ×4 + skill in context ×8 at 300 steps put the
 * signal alone at top-1 0.22-0.27 of 8 on held-out categories; adding the taxonomy alias rows (half the rows,
 * short and easy) with skill ×4 at 200 steps gave 0.15-0.20.
 */
export const DEFAULT_RECIPE: MatcherRecipe = { categoryRows: 0, spanPairs: 4, skillContext: 8, taxonomyAliases: false, calibrate: true };

/** The matcher training of this part: the recipe's rows are many more than the category rows, so more steps. */
export const SEMANTIC_TRAINING: MatcherTraining = { ...DEFAULT_TRAINING, steps: 300 };

/** A fold's training rows under a recipe; nothing of a held-out category is read. */
export function foldRows(
  recipe: MatcherRecipe, jobs: ReadonlyArray<{ category: string; paragraph: string; sectioned: string }>, sources: readonly RowSource[], held: ReadonlySet<string>, seed: number
): Row[] {
  return [
    ...(recipe.categoryRows > 0 ? matcherRows(jobs, sources, held, { perResume: recipe.categoryRows, seed }) : []),
    ...(recipe.spanPairs > 0 ? spanPairRows(sources, held, { perResume: recipe.spanPairs, seed }) : []),
    ...(recipe.skillContext > 0 ? skillContextRows(sources, held, { perResume: recipe.skillContext, seed }) : []),
    ...(recipe.taxonomyAliases ? taxonomyAliasRows() : [])
  ];
}

/** Resumes of training categories whose best cosines set a fold's rescaling (a seeded sample). */
const CALIBRATION_RESUMES = 60;

/** Figures of several disjoint sub-problems as one: per-resume means weighted by resumes, per-job by jobs. */
export function pooledFigures(parts: ReadonlyArray<{ figures: RankingFigures; docs: number; jobs: number }>): RankingFigures {
  const docs = parts.reduce((a, p) => a + p.docs, 0);
  const jobs = parts.reduce((a, p) => a + p.jobs, 0);
  const byDoc = (k: keyof RankingFigures) => parts.reduce((a, p) => a + p.figures[k] * p.docs, 0) / Math.max(1, docs);
  const byJob = (k: keyof RankingFigures) => parts.reduce((a, p) => a + p.figures[k] * p.jobs, 0) / Math.max(1, jobs);
  return { top1: byDoc('top1'), mrr: byDoc('mrr'), docAuc: byDoc('docAuc'), p10: byJob('p10'), ndcg10: byJob('ndcg10'), jobAuc: byJob('jobAuc') };
}

/** The weight with the best mean score on the given folds; ties go to the smaller weight (less dilution). */
export function chooseWeight(grid: readonly number[], scoreOf: (w: number) => number): number {
  let best = grid[0];
  let bestScore = -Infinity;
  for (const w of grid) {
    const s = scoreOf(w);
    if (s > bestScore + 1e-9) [best, bestScore] = [w, s];
  }
  return best;
}

/** One fold × one job form: held-out jobs × held-out resumes. */
interface Cell {
  fold: number;
  form: JobForm;
  jobCategory: string[];
  docCategory: string[];
  /** examples[j * docs + d]: the breakdown values (the semantic signal included) of job j and resume d. */
  examples: Example[];
  /** The app's score with the semantic signal at the shipped weight (scoreCandidate with extraSignals). */
  app: Float64Array[];
  semantic: Float64Array[];
  bm25: Float64Array[];
}

export interface SemanticFold {
  fold: number;
  heldOut: string[];
  trainRows: number;
  trainSeconds: number;
  lossStart: number;
  lossEnd: number;
  chunksEmbedded: number;
  embedSeconds: number;
  /** The semantic weight chosen on the other folds for this fold's rows. */
  chosenWeight: number;
  /** Of the (job, resume) pairs with a semantic value: shares at exactly 1 and 0 (the signal saturates at its ceil/floor). */
  saturatedHigh: number;
  saturatedLow: number;
  /** The cosine rescaling used for this fold (the fixed default, or quantiles of its own training data). */
  rescaling: { floor: number; ceil: number };
  /** This fold's held-out figures, both job forms pooled: without the signal, at the CV weight, the signal alone. */
  figures: { none: RankingFigures; cv: RankingFigures; alone: RankingFigures };
}

export interface SemanticReport {
  docs: number;
  jobs: number;
  shape: { layers: number; hidden: number; heads: number; intermediate: number; vocab: number; parameters: number; seqLen: number };
  training: MatcherTraining;
  recipe: MatcherRecipe;
  shippedWeight: number;
  folds: SemanticFold[];
  rows: Array<{ form: JobForm; scorer: string; figures: RankingFigures }>;
  /** Mean over folds of the held-out MRR for each semantic weight of the grid (not a CV figure: for reading the trend). */
  mrrByWeight: Array<{ form: JobForm; weight: number; mrr: number }>;
  /** The weight with the best mean MRR over every fold and form (not a CV figure: it saw every row). */
  weightOnAllFolds: number;
  ms: number;
}

function matrixOf(cell: Cell, f: (e: Example) => number): Float64Array[] {
  const D = cell.docCategory.length;
  return cell.jobCategory.map((_, j) => Float64Array.from({ length: D }, (_, d) => f(cell.examples[j * D + d])));
}

function withSemanticWeight(w: number): Record<string, number> {
  return { ...shippedRanker.weights, [SEMANTIC_SIGNAL_ID]: w };
}

function cellMrr(cell: Cell, w: number): number {
  const weights = withSemanticWeight(w);
  return rankingFigures(matrixOf(cell, (e) => rankerScore(e, weights, shippedRanker.mustDominance, shippedRanker.mustCap)), cell.jobCategory, cell.docCategory).mrr;
}

/** Embed texts once each, longest-first batches sorted by length (less padding), in input order. */
function embedDistinct(embed: (texts: string[]) => Float32Array[], texts: string[]): Map<string, Float32Array> {
  const distinct = [...new Set(texts)].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const vectors = embed(distinct);
  return new Map(distinct.map((t, i) => [t, vectors[i]]));
}

/** The signal's rescaling when no model-specific one is given (core/embed/semantic.ts defaults). */
export const FIXED_RESCALING = { floor: 0.2, ceil: 0.75 };

/**
 * A fold's rescaling from its own model on training data only: the best-chunk cosine of every semantic
 * requirement of the TRAINING categories' jobs (both forms) over a seeded sample of training-category resumes;
 * floor and ceil at its 10th and 90th percentiles (semantic-rows.ts rescalingFrom).
 */
function calibratedRescaling(
  embed: (texts: string[]) => Float32Array[], jobsByForm: Record<JobForm, Array<{ category: string; job: Job }>>, sources: readonly RowSource[], held: ReadonlySet<string>, seed: number
): { floor: number; ceil: number } {
  const labels = [...new Set(FORMS.flatMap((form) => jobsByForm[form].filter((j) => !held.has(j.category)).flatMap((j) => j.job.requirements.filter(isSemanticRequirement).map((r) => r.label))))];
  const sample = shuffled(sources.filter((s) => !held.has(s.category) && s.chunks.length > 0), seededRandom(seed ^ 0x5eed)).slice(0, CALIBRATION_RESUMES);
  const vectors = embedDistinct(embed, [...labels, ...sample.flatMap((s) => s.chunks)]);
  const best: number[] = [];
  for (const label of labels) {
    const q = vectors.get(label)!;
    for (const s of sample) best.push(Math.max(...s.chunks.map((c) => cosine(q, vectors.get(c)!))));
  }
  return rescalingFrom(best);
}

/**
 * Train one matcher per fold, score each fold's held-out jobs × resumes with and without the semantic signal,
 * choose the semantic weight on the other folds, and pool the figures.
 */
export async function evaluateSemantic(
  docs: CategoryDoc[], resumes: ParsedResume[], opts: { training?: MatcherTraining; recipe?: MatcherRecipe; log?: (line: string) => void } = {}
): Promise<SemanticReport> {
  const t0 = performance.now();
  const training = opts.training ?? SEMANTIC_TRAINING;
  const recipe = opts.recipe ?? DEFAULT_RECIPE;
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const jobsByForm = Object.fromEntries(FORMS.map((form) => [form, categoryJobsFor(form)])) as Record<JobForm, ReturnType<typeof categoryJobsFor>>;
  const categories = categoryJobs.jobs.map((j) => j.category);
  // The chunks do not depend on the job: one masked chunking per resume (scoreCandidate reuses the masked parse).
  const anyJob = jobsByForm.paragraph[0].job;
  const sources: RowSource[] = docs.map((d, i) => ({ id: d.id, category: d.category, chunks: prepareSemanticInput(anyJob, resumes[i], true, { referenceDate: EVAL_REFERENCE_DATE }).chunks.map((c) => c.text) }));
  const masked = resumes.map((r) => prepareBlindResume(r, { referenceDate: EVAL_REFERENCE_DATE }).mask.text);
  const bm25 = new Bm25Okapi(masked.map(terms));
  const cells: Cell[] = [];
  const folds: SemanticFold[] = [];
  let parameters = 0;
  for (let k = 0; k < FOLDS; k++) {
    const held = heldOutCategories(categories, k);
    const rows = foldRows(recipe, categoryJobs.jobs, sources, held, training.seed);
    const matcher = await trainMatcher(rows, training);
    const rescaling = recipe.calibrate ? calibratedRescaling(matcher.embed, jobsByForm, sources, held, training.seed) : { ...FIXED_RESCALING };
    parameters = matcher.parameters;
    log(`  semantic fold ${k + 1}/${FOLDS}: trained on ${rows.length} rows in ${matcher.seconds.toFixed(0)} s, MNRL loss ${matcher.lossStart.toFixed(3)} -> ${matcher.lossEnd.toFixed(3)}`);
    const docIdx = docs.map((_, i) => i).filter((i) => held.has(docs[i].category));
    const te = performance.now();
    const labels = FORMS.flatMap((form) => jobsByForm[form].filter((j) => held.has(j.category)).flatMap((j) => j.job.requirements.map((r) => r.label)));
    const vectors = embedDistinct(matcher.embed, [...labels, ...docIdx.flatMap((i) => sources[i].chunks)]);
    const embedSeconds = (performance.now() - te) / 1000;
    log(`  semantic fold ${k + 1}/${FOLDS}: embedded ${vectors.size} texts in ${embedSeconds.toFixed(0)} s; scoring ${docIdx.length} held-out resumes`);
    const fold: SemanticFold = { fold: k, heldOut: [...held], trainRows: rows.length, trainSeconds: matcher.seconds, lossStart: matcher.lossStart, lossEnd: matcher.lossEnd, chunksEmbedded: vectors.size, embedSeconds, chosenWeight: NaN, saturatedHigh: 0, saturatedLow: 0, rescaling, figures: undefined! };
    folds.push(fold);
    let valued = 0;
    const vec = (t: string) => vectors.get(t)!;
    for (const form of FORMS) {
      const jobs = jobsByForm[form].filter((j) => held.has(j.category));
      const results = jobs.map(({ job }) =>
        docIdx.map((i) => {
          const input = prepareSemanticInput(job, resumes[i], true, { referenceDate: EVAL_REFERENCE_DATE });
          const extra = semanticExtraFromVectors(input, input.requirements.map((r) => vec(r.label)), input.chunks.map((c) => vec(c.text)), rescaling);
          return scoreCandidate(job, resumes[i], { referenceDate: EVAL_REFERENCE_DATE, extraSignals: [extra] });
        })
      );
      for (const r of results.flat()) {
        const e = r.breakdown[SEMANTIC_SIGNAL_ID];
        if (!e || e.weight === 0) continue;
        valued++;
        fold.saturatedHigh += e.value >= 1 ? 1 : 0;
        fold.saturatedLow += e.value <= 0 ? 1 : 0;
      }
      const jobCategory = jobs.map((j) => j.category);
      const docCategory = docIdx.map((i) => docs[i].category);
      cells.push({
        fold: k, form, jobCategory, docCategory,
        examples: examplesOf(results, jobCategory, docCategory, form),
        app: results.map((row) => Float64Array.from(row, (r) => r.score)),
        semantic: results.map((row) => Float64Array.from(row, (r) => r.signals[SEMANTIC_SIGNAL_ID] ?? 0)),
        bm25: jobs.map(({ job }) => {
          const all = bm25.scores(terms(job.text));
          return Float64Array.from(docIdx, (i) => all[i]);
        })
      });
    }
    fold.saturatedHigh /= Math.max(1, valued);
    fold.saturatedLow /= Math.max(1, valued);
    const alone = pooledFigures(cells.filter((c) => c.fold === k).map((c) => ({ figures: rankingFigures(c.semantic, c.jobCategory, c.docCategory), docs: c.docCategory.length, jobs: c.jobCategory.length })));
    log(`  semantic fold ${k + 1}/${FOLDS}: rescaling ${rescaling.floor.toFixed(3)}–${rescaling.ceil.toFixed(3)}; signal alone top-1 ${alone.top1.toFixed(3)}, MRR ${alone.mrr.toFixed(3)} (chance top-1 ${(1 / held.size).toFixed(3)})`);
  }
  const meanMrr = (list: Cell[], w: number) => list.reduce((a, c) => a + cellMrr(c, w), 0) / Math.max(1, list.length);
  // The weight for fold k is chosen on the other folds' held-out rows (scored by matchers that never saw them).
  for (const f of folds) {
    const others = cells.filter((c) => c.fold !== f.fold);
    f.chosenWeight = chooseWeight(SEMANTIC_WEIGHT_GRID, (w) => meanMrr(others, w));
  }
  const weightOnAllFolds = chooseWeight(SEMANTIC_WEIGHT_GRID, (w) => meanMrr(cells, w));
  const mrrByWeight = FORMS.flatMap((form) => SEMANTIC_WEIGHT_GRID.map((weight) => ({ form, weight, mrr: meanMrr(cells.filter((c) => c.form === form), weight) })));
  const pool = (list: Cell[], m: (c: Cell) => Float64Array[]) =>
    pooledFigures(list.map((c) => ({ figures: rankingFigures(m(c), c.jobCategory, c.docCategory), docs: c.docCategory.length, jobs: c.jobCategory.length })));
  const weighted = (c: Cell, w: number) => {
    const weights = withSemanticWeight(w);
    return matrixOf(c, (e) => rankerScore(e, weights, shippedRanker.mustDominance, shippedRanker.mustCap));
  };
  for (const f of folds) {
    const mine = cells.filter((c) => c.fold === f.fold);
    f.figures = { none: pool(mine, (c) => weighted(c, 0)), cv: pool(mine, (c) => weighted(c, f.chosenWeight)), alone: pool(mine, (c) => c.semantic) };
  }
  const rows: SemanticReport['rows'] = [];
  for (const form of FORMS) {
    const mine = cells.filter((c) => c.form === form);
    rows.push({ form, scorer: 'Shortlist, no semantic signal', figures: pool(mine, (c) => weighted(c, 0)) });
    rows.push({ form, scorer: `Shortlist + semantic at the shipped weight ${shippedRanker.weights[SEMANTIC_SIGNAL_ID]} (app computation, this fold's rescaling)`, figures: pool(mine, (c) => c.app) });
    rows.push({ form, scorer: `Shortlist + semantic at ${PREVIOUS_SEMANTIC_WEIGHT} (the weight shipped before this measurement)`, figures: pool(mine, (c) => weighted(c, PREVIOUS_SEMANTIC_WEIGHT)) });
    rows.push({ form, scorer: `Shortlist + semantic at the weight chosen on other folds (${folds.map((f) => f.chosenWeight).join(' / ')})`, figures: pool(mine, (c) => weighted(c, folds[c.fold].chosenWeight)) });
    rows.push({ form, scorer: '  semantic alone', figures: pool(mine, (c) => c.semantic) });
    rows.push({ form, scorer: 'BM25 (Okapi, same text)', figures: pool(mine, (c) => c.bm25) });
  }
  const s = MATCHER_SHAPE;
  return {
    docs: docs.length,
    jobs: categories.length,
    shape: { layers: s.layers, hidden: s.hidden, heads: s.heads, intermediate: s.intermediate, vocab: s.vocabSize, parameters, seqLen: s.maxPositions },
    training,
    recipe,
    shippedWeight: shippedRanker.weights[SEMANTIC_SIGNAL_ID] ?? shippedRanker.defaultExtraWeight,
    folds,
    rows,
    mrrByWeight,
    weightOnAllFolds,
    ms: performance.now() - t0
  };
}

const f3 = (x: number) => x.toFixed(3);

function recipeText(r: MatcherRecipe): string {
  const parts = [
    r.categoryRows > 0 && `category job ↔ chunk ×${r.categoryRows}`,
    r.spanPairs > 0 && `span pairs ×${r.spanPairs}`,
    r.skillContext > 0 && `skill ↔ chunk without it ×${r.skillContext}`,
    r.taxonomyAliases && 'taxonomy name ↔ alias'
  ].filter(Boolean);
  return `${parts.join(', ')} (per training resume); rescaling ${r.calibrate ? 'from training-data quantiles' : 'fixed [0.2, 0.75]'}`;
}

export function printSemantic(r: SemanticReport): void {
  const s = r.shape;
  const trainS = r.folds.reduce((a, f) => a + f.trainSeconds, 0);
  console.log(`\n### Semantic signal with a matcher trained here — held-out categories (${r.docs} resumes, ${r.jobs} categories in ${r.folds.length} folds; ${(r.ms / 1000).toFixed(0)} s)`);
  console.log(
    `Matcher: BERT ${s.layers} layer, hidden ${s.hidden}, ${s.heads} heads, intermediate ${s.intermediate}, vocab ${s.vocab} (${(s.parameters / 1e6).toFixed(2)} M parameters), ` +
      `${s.seqLen} tokens, random init, MNRL ${r.training.steps} steps × ${r.training.batchSize}, lr ${r.training.lr}, seed ${r.training.seed}; rows ${recipeText(r.recipe)}; ` +
      `training ${trainS.toFixed(0)} s for ${r.folds.length} folds. Each fold: its held-out jobs × held-out resumes (figures not comparable with the 24-job table).`
  );
  console.log('| fold | held-out categories | train rows | MNRL loss start → end | texts embedded | rescaling floor – ceil | signal at its ceil (1) | at its floor (0) | weight chosen on the other folds | top-1 / MRR: no semantic | at the CV weight | semantic alone |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const f of r.folds) {
    const tm = (x: RankingFigures) => `${f3(x.top1)} / ${f3(x.mrr)}`;
    console.log(
      `| ${f.fold + 1} | ${f.heldOut.length} | ${f.trainRows} | ${f3(f.lossStart)} → ${f3(f.lossEnd)} | ${f.chunksEmbedded} | ${f3(f.rescaling.floor)} – ${f3(f.rescaling.ceil)} | ${f3(f.saturatedHigh)} | ${f3(f.saturatedLow)} | ${f.chosenWeight} | ${tm(f.figures.none)} | ${tm(f.figures.cv)} | ${tm(f.figures.alone)} |`
    );
  }
  for (const form of FORMS) {
    const line = r.mrrByWeight.filter((m) => m.form === form).map((m) => `${m.weight}: ${f3(m.mrr)}`).join(', ');
    console.log(`MRR by semantic weight (${form}, held-out rows, not CV): ${line}`);
  }
  console.log(`Weight with the best MRR over all folds and forms: ${r.weightOnAllFolds} (shipped: ${r.shippedWeight}).`);
  for (const form of FORMS) {
    console.log(`\n${form} job descriptions:`);
    console.log('| scorer | top-1 | MRR | AUC (jobs per resume) | P@10 | nDCG@10 | AUC (resumes per job) |');
    console.log('|---|---|---|---|---|---|---|');
    for (const row of r.rows.filter((x) => x.form === form)) {
      const f = row.figures;
      console.log(`| ${row.scorer} | ${f3(f.top1)} | ${f3(f.mrr)} | ${f3(f.docAuc)} | ${f3(f.p10)} | ${f3(f.ndcg10)} | ${f3(f.jobAuc)} |`);
    }
  }
}
