/**
 * Counterfactual invariance (part `invariance` of `npm run eval`): the kaggle resumes, each written under the
 * counterfactual identities of tests/fixtures/counterfactual.ts (names of several origins and genders, names
 * that are skills, pronouns, ages, addresses of several countries), scored in blind mode against the category
 * jobs plus one DevOps job. Reports, per dimension, the largest score change and the largest rank change
 * against the base identity.
 * Purpose: blind mode must make identity irrelevant: every figure here should be 0.
 * Non-goals: ranking quality (ranking.ts); the masker itself.
 * Shape legend: a variant's rank for a job is 1 + the number of OTHER resumes (in their base identity) that
 * score strictly higher; the BM25 corpus statistics are those of the base identities, shared by all variants.
 */
import { parseJob, type Job } from '../src/lib/core/job';
import { parseResume } from '../src/lib/core/resume';
import { scoreCandidate } from '../src/lib/core/score';
import { InvarianceTally, type InvarianceRow } from '../src/lib/core/audit/counterfactual';
import { VARIANTS, withIdentity } from '../tests/fixtures/counterfactual';
import type { CategoryDoc } from './data';
import { categoryJobsFor, EVAL_REFERENCE_DATE } from './ranking';

/** A DevOps job: the skills that are also names (Jenkins, Kafka, Cassandra…) are its requirements. */
export const DEVOPS_JOB: Job = parseJob({
  title: 'DevOps Engineer',
  description: `Requirements:
- 3+ years of experience running CI/CD with Jenkins
- Kafka and Cassandra in production
- Docker, Kubernetes and Terraform
- Scripting in Ruby, Python or Rust
Nice to have
- Helm, Swift, Julia`
});

export type { InvarianceRow };

export interface InvarianceReport {
  resumes: number;
  jobs: number;
  rows: InvarianceRow[];
  ms: number;
}

/** Blind scores of every identity variant of `docs` against the category jobs and the DevOps job. */
export function evaluateInvariance(docs: CategoryDoc[]): InvarianceReport {
  const t0 = performance.now();
  const jobs = [...categoryJobsFor('sectioned').map((j) => j.job), DEVOPS_JOB];
  const opts = { referenceDate: EVAL_REFERENCE_DATE };
  const variantsOf = (d: CategoryDoc) => VARIANTS.map((v) => parseResume(withIdentity(d.text, v.identity, 2020), opts));
  const base = docs.map((d) => parseResume(withIdentity(d.text, VARIANTS[0].identity, 2020), opts));
  const score = (job: Job, r: ReturnType<typeof parseResume>) => scoreCandidate(job, r, { referenceDate: EVAL_REFERENCE_DATE }).score;
  const baseScores = jobs.map((job) => base.map((r) => score(job, r)));
  const tally = new InvarianceTally(VARIANTS);
  docs.forEach((d, di) => {
    const variants = variantsOf(d);
    jobs.forEach((job, ji) => {
      VARIANTS.forEach((v, vi) => {
        if (vi !== 0) tally.add(v, baseScores[ji], di, score(job, variants[vi]));
      });
    });
  });
  return { resumes: docs.length, jobs: jobs.length, rows: tally.result(), ms: performance.now() - t0 };
}

/** Markdown table of an invariance report. */
export function printInvariance(r: InvarianceReport): void {
  console.log(`\n### Counterfactual invariance in blind mode (${r.resumes} resumes × ${r.jobs} jobs, ${(r.ms / 1000).toFixed(0)} s)`);
  console.log('| dimension | variants | triples changed > 0.01 | largest score change | largest rank change | worst variant |');
  console.log('|---|---|---|---|---|---|');
  for (const row of r.rows) {
    console.log(`| ${row.dimension} | ${row.variants} | ${row.changed}/${row.triples} | ${row.maxScoreChange.toFixed(2)} | ${row.maxRankChange} | ${row.worst || '—'} |`);
  }
}
