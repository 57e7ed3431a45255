/**
 * `npm run eval`: the evaluation harness. Measures, on the dev split in ../shared/data and in one run:
 * category matching (top-1, MRR, AUC, P@10, nDCG@10) of the product's scorer against BM25 alone on the
 * same text with a per-signal ablation, for one-paragraph and sectioned job descriptions (part `ranking`,
 * with the combination refitted on other categories, category-fold CV); field extraction per DataTurks label,
 * exact and lenient, with macro-F1, and the kaggle PDF work-entry layout check (part `parse`, eval/parse.ts);
 * masking leak counts (part `masking`, masking.ts: names, addresses, phones left visible, qualification text
 * wrongly masked); counterfactual invariance of scores and ranks under identity changes (part `invariance`,
 * counterfactual.ts); score gained by keyword stuffing, plain, repeated, as a keyword list or hidden in a real
 * PDF/DOCX, and honest resumes flagged (part `stuffing`, stuffing.ts); re-fitting the combination to simulated
 * recruiter decisions per job family, agreement on held-out decisions before/after and fit time (part `refit`,
 * refit.ts, on the ranking part's scores); the ranking with the semantic signal of a matcher trained here on other
 * categories, at the shipped and a CV-chosen weight, beside BM25 (part `semantic`, semantic.ts). Every scoring,
 * parsing or masking change is judged by these tables, never by individual files.
 *
 * Options: --only ranking,parse,masking,invariance,stuffing,refit,semantic (parts to run), --limit N (N resumes, for a
 *          quick look; part `semantic` then also trains for QUICK_STEPS steps),
 *          --json FILE (also write every figure as JSON), --features FILE (write the fit examples as JSONL
 *          for `training-node fit-ranker`).
 * Prints counts and rates only, never resume content.
 */
import { writeFileSync } from 'node:fs';
import { crossValidate, examplesOf } from './fit';
import { have, loadKagglePdfs, loadNer, PATHS, type CategoryDoc } from './data';
import { evaluateKaggleWork, evaluateParsing, type ParseReport } from './parse';
import { evaluateInvariance, printInvariance } from './counterfactual';
import { evaluateMasking, printMasking } from './masking';
import { topicFolds } from './topic-folds';
import { categoryJobsFor, evaluateCategoryRanking, haveJobSet, JOB_SETS, parseDocs, type JobSet, type RankingReport } from './ranking';
import { evaluateRefit, printRefit } from './refit';
import { evaluateStuffing, printStuffing } from './stuffing';
import { TOKENIZER_DIR } from './matcher';
import { evaluateSemantic, printSemantic, SEMANTIC_TRAINING } from './semantic';

/** Matcher steps of part `semantic` under --limit (a quick look, not the reported figures). */
const QUICK_STEPS = 40;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const f3 = (x: number) => x.toFixed(3);

/** At most n items spread evenly over the list (every k-th), for --limit and the sampled parts. */
function evenSpread<T>(items: T[], n: number): T[] {
  return items.filter((_, i) => i % Math.max(1, Math.floor(items.length / n)) === 0).slice(0, n);
}

function printRanking(r: RankingReport): void {
  const which = r.set === 'main' ? '' : `, independently written set (eval/jobs/categories-${r.set}.json)`;
  console.log(`\n### Category matching — ${r.form} job descriptions${which} (${r.docs} resumes × ${r.jobs} jobs, ${(r.ms / 1000).toFixed(0)} s)`);
  console.log('| scorer | top-1 | MRR | AUC (jobs per resume) | P@10 | nDCG@10 | AUC (resumes per job) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of r.rows) {
    const f = row.figures;
    console.log(`| ${row.scorer} | ${f3(f.top1)} | ${f3(f.mrr)} | ${f3(f.docAuc)} | ${f3(f.p10)} | ${f3(f.ndcg10)} | ${f3(f.jobAuc)} |`);
  }
}

function printParse(r: ParseReport): void {
  console.log(`\n### Field extraction — DataTurks resumes through shortlist parse (${r.all.resumes}: half A ${r.A.resumes}, half B ${r.B.resumes}; ${(r.ms / 1000).toFixed(0)} s)`);
  console.log('| label | resumes | predicted | gold | exact P | exact R | exact F1 | lenient P | lenient R | lenient F1 | lenient F1 A | lenient F1 B |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  r.all.labels.forEach((l, i) => {
    const c = l.counts;
    console.log(
      `| ${l.label} | ${c.resumes} | ${c.predicted} | ${c.gold} | ${f3(l.exact.precision)} | ${f3(l.exact.recall)} | ${f3(l.exact.f1)} | ${f3(l.lenient.precision)} | ${f3(l.lenient.recall)} | ${f3(l.lenient.f1)} | ${f3(r.A.labels[i].lenient.f1)} | ${f3(r.B.labels[i].lenient.f1)} |`
    );
  });
  console.log(`| **macro-F1** | | | | | | ${f3(r.all.macroExact)} | | | ${f3(r.all.macroLenient)} | ${f3(r.A.macroLenient)} | ${f3(r.B.macroLenient)} |`);
}

const PARTS = ['ranking', 'parse', 'masking', 'invariance', 'stuffing', 'refit', 'semantic'] as const;

const HELP = `npm run eval -- [options]   the evaluation harness on the dev split of ../shared/data (see README "Evaluation")
  --only PARTS     comma-separated parts to run (default: all): ${PARTS.join(', ')}
  --limit N        only N resumes, for a quick look (not the reported figures)
  --jobs SETS      ranking job sets, comma-separated (default: main,alt,alt2): main = eval/jobs/categories.json,
                   alt, alt2 = eval/jobs/categories-alt.json, -alt2.json (each written independently, never tuned on)
  --json FILE      also write every figure as JSON
  --features FILE  write the ranking fit examples as JSONL for \`training-node fit-ranker\`
  --help           this text`;

/** Exits with a message naming the bad option (exit 2), before any work starts. */
function usageError(message: string): never {
  console.error(`eval: ${message}\n${HELP}`);
  process.exit(2);
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(HELP);
    return;
  }
  const only = flag('--only')?.split(',');
  const unknown = only?.filter((p) => !(PARTS as readonly string[]).includes(p)) ?? [];
  if (unknown.length) usageError(`unknown part(s) ${unknown.join(', ')}`);
  const limitText = flag('--limit');
  if (limitText !== undefined && !(Number.isInteger(Number(limitText)) && Number(limitText) > 0)) usageError(`--limit takes a positive whole number, got ${limitText}`);
  const want = (part: string) => !only || only.includes(part);
  const jobSets = (flag('--jobs') ?? JOB_SETS.join(',')).split(',') as JobSet[];
  const badSets = jobSets.filter((s) => !JOB_SETS.includes(s));
  if (badSets.length) usageError(`unknown job set(s) ${badSets.join(', ')}`);
  const limit = limitText !== undefined ? Number(limitText) : undefined;
  const out: Record<string, unknown> = {};
  // The category-matching scores, computed once for the parts that read them (ranking, refit).
  let scored: { picked: CategoryDoc[]; reports: RankingReport[] } | undefined;
  const categoryScores = async () => {
    if (scored) return scored;
    const { docs, skipped } = await loadKagglePdfs({ onProgress: (d, n) => d % 400 === 0 && process.stderr.write(`  text ${d}/${n}\n`) });
    const picked = limit ? evenSpread(docs, limit) : docs;
    console.log(`kaggle_resume_pdfs: ${picked.length} resumes (${skipped} unreadable skipped)`);
    const resumes = parseDocs(picked);
    const sets = jobSets.filter(haveJobSet);
    const topic = topicFolds(picked, resumes);
    console.log(`topic signal: ${topic.description}`);
    scored = { picked, reports: sets.flatMap((set) => (['paragraph', 'sectioned'] as const).map((form) => evaluateCategoryRanking(picked, resumes, form, set, topic))) };
    return scored;
  };
  if (want('ranking')) {
    if (!have(PATHS.kagglePdfs)) console.log(`[skip] ranking: ${PATHS.kagglePdfs} not found`);
    else {
      const { reports } = await categoryScores();
      for (const r of reports) {
        const cv = crossValidate(r.results!, r.jobCategory, r.docCategory);
        r.rows.splice(1, 0, { scorer: 'Shortlist, combination refitted on other categories (3-fold CV)', figures: cv.fitted });
        console.error(`  ${r.set} ${r.form}: fold rankers ${cv.rankers.map((k) => JSON.stringify(k)).join(' ')}`);
      }
      reports.forEach(printRanking);
      const features = flag('--features');
      if (features) {
        const rows = reports.filter((r) => r.set === 'main').flatMap((r) => examplesOf(r.results!, r.jobCategory, r.docCategory, r.form));
        writeFileSync(features, rows.map((e) => JSON.stringify(e)).join('\n') + '\n');
        console.log(`wrote ${rows.length} fit examples to ${features}`);
      }
      out.ranking = reports.map(({ results: _r, ...rest }) => rest);
    }
  }
  if (want('refit')) {
    if (!have(PATHS.kagglePdfs)) console.log(`[skip] refit: ${PATHS.kagglePdfs} not found`);
    else {
      const { picked, reports } = await categoryScores();
      const jobs = reports.filter((r) => r.set === 'main').flatMap((r) => categoryJobsFor(r.form, r.set).map(({ category, job }, j) => ({ title: job.title, category, results: r.results![j] })));
      const refit = [0, 0.1].map((noise) => evaluateRefit(jobs, picked, noise));
      printRefit(refit);
      out.refit = refit;
    }
  }
  if (want('parse')) {
    if (!have(PATHS.ner)) console.log(`[skip] parse: ${PATHS.ner} not found`);
    else {
      const rows = loadNer();
      const report = await evaluateParsing(limit ? rows.slice(0, limit) : rows);
      printParse(report);
      out.parse = report;
    }
    if (!have(PATHS.kagglePdfs)) console.log(`[skip] parse (kaggle layout): ${PATHS.kagglePdfs} not found`);
    else {
      const { docs } = await loadKagglePdfs();
      const picked = limit ? docs.slice(0, limit) : docs;
      const k = evaluateKaggleWork(picked, parseDocs(picked));
      console.log(`\n### Work entries on kaggle PDFs (${k.docs} resumes, ${k.entries} entries)`);
      console.log('| resumes with a titled work entry | entries whose position is a sentence, bullet or missing | resumes with a company | resumes with a headline |');
      console.log('|---|---|---|---|');
      console.log(`| ${f3(k.titledWork)} | ${f3(k.badPositions)} | ${f3(k.withCompany)} | ${f3(k.withLabel)} |`);
      out.parseKaggle = k;
    }
  }
  if (want('masking')) {
    const report = evaluateMasking({ limit });
    printMasking(report);
    out.masking = report;
  }
  if (want('invariance')) {
    if (!have(PATHS.kagglePdfs)) console.log(`[skip] invariance: ${PATHS.kagglePdfs} not found`);
    else {
      const { docs } = await loadKagglePdfs();
      // Every identity variant is re-parsed and re-masked, so this part takes a sample: an even spread over the set.
      const n = limit ?? 96;
      const picked = evenSpread(docs, n);
      const report = evaluateInvariance(picked);
      printInvariance(report);
      out.invariance = report;
    }
  }
  if (want('stuffing')) {
    if (!have(PATHS.kagglePdfs)) console.log(`[skip] stuffing: ${PATHS.kagglePdfs} not found`);
    else {
      const { docs } = await loadKagglePdfs();
      const picked = limit ? evenSpread(docs, limit) : docs;
      const reports = [];
      for (const form of ['paragraph', 'sectioned'] as const) {
        const report = await evaluateStuffing(picked, form, { onProgress: (d, n) => d % 40 === 0 && process.stderr.write(`  stuffing ${form} ${d}/${n}\n`) });
        printStuffing(report);
        reports.push(report);
      }
      out.stuffing = reports;
    }
  }
  if (want('semantic')) {
    if (!have(PATHS.kagglePdfs) || !have(TOKENIZER_DIR)) console.log(`[skip] semantic: ${have(PATHS.kagglePdfs) ? TOKENIZER_DIR : PATHS.kagglePdfs} not found`);
    else {
      const { docs } = await loadKagglePdfs();
      const picked = limit ? evenSpread(docs, limit) : docs;
      const training = limit ? { ...SEMANTIC_TRAINING, steps: QUICK_STEPS } : SEMANTIC_TRAINING;
      const report = await evaluateSemantic(picked, parseDocs(picked), { training });
      printSemantic(report);
      out.semantic = report;
    }
  }
  const json = flag('--json');
  if (json) writeFileSync(json, JSON.stringify(out, null, 2));
}

await main();
