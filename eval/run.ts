/**
 * `npm run eval`: the evaluation harness. Measures, on the dev split in ../shared/data and in one run:
 * category matching (top-1, MRR, AUC, P@10, nDCG@10) of the product's scorer against BM25 alone on the
 * same text with a per-signal ablation, for one-paragraph and sectioned job descriptions; masking leak counts
 * (masking.ts: names, addresses, phones left visible, qualification text wrongly masked); counterfactual
 * invariance of blind scores and ranks under identity changes (counterfactual.ts).
 * Every scoring change is judged by this table, never by individual files.
 *
 * Options: --only ranking,masking,invariance (parts to run), --limit N (N resumes, for a quick look),
 *          --json FILE (also write every figure as JSON).
 * Prints counts and rates only, never resume content.
 */
import { writeFileSync } from 'node:fs';
import { have, loadKagglePdfs, PATHS } from './data';
import { evaluateInvariance, printInvariance } from './counterfactual';
import { evaluateMasking, printMasking } from './masking';
import { evaluateCategoryRanking, parseDocs, type RankingReport } from './ranking';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const f3 = (x: number) => x.toFixed(3);

function printRanking(r: RankingReport): void {
  console.log(`\n### Category matching — ${r.form} job descriptions (${r.docs} resumes × ${r.jobs} jobs, ${(r.ms / 1000).toFixed(0)} s)`);
  console.log('| scorer | top-1 | MRR | AUC (jobs per resume) | P@10 | nDCG@10 | AUC (resumes per job) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of r.rows) {
    const f = row.figures;
    console.log(`| ${row.scorer} | ${f3(f.top1)} | ${f3(f.mrr)} | ${f3(f.docAuc)} | ${f3(f.p10)} | ${f3(f.ndcg10)} | ${f3(f.jobAuc)} |`);
  }
}

async function main(): Promise<void> {
  const only = flag('--only')?.split(',');
  const want = (part: string) => !only || only.includes(part);
  const limit = flag('--limit') ? Number(flag('--limit')) : undefined;
  const out: Record<string, unknown> = {};
  if (want('ranking')) {
    if (!have(PATHS.kagglePdfs)) console.log(`[skip] ranking: ${PATHS.kagglePdfs} not found`);
    else {
      const { docs, skipped } = await loadKagglePdfs({ onProgress: (d, n) => d % 400 === 0 && process.stderr.write(`  text ${d}/${n}\n`) });
      const picked = limit ? docs.filter((_, i) => i % Math.max(1, Math.floor(docs.length / limit)) === 0).slice(0, limit) : docs;
      console.log(`kaggle_resume_pdfs: ${picked.length} resumes (${skipped} unreadable skipped)`);
      const resumes = parseDocs(picked);
      const reports = (['paragraph', 'sectioned'] as const).map((form) => evaluateCategoryRanking(picked, resumes, form));
      reports.forEach(printRanking);
      out.ranking = reports;
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
      const picked = docs.filter((_, i) => i % Math.max(1, Math.floor(docs.length / n)) === 0).slice(0, n);
      const report = evaluateInvariance(picked);
      printInvariance(report);
      out.invariance = report;
    }
  }
  const json = flag('--json');
  if (json) writeFileSync(json, JSON.stringify(out, null, 2));
}

await main();
