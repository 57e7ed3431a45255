/**
 * Dev check (not a test): the harness's BM25 baseline (eval/bm25.ts) against the rank-bm25 package it
 * reimplements. Writes the masked, tokenised dev resumes and the category-job queries with our scores to a JSON
 * file, then runs eval/dev/bm25_parity.py on it with the Python of `.cache/py` (or $PYTHON) to score the same
 * tokens with rank_bm25.BM25Okapi and report the largest difference.
 * Usage: npx tsx eval/dev/bm25-parity.ts [--limit 300]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { prepareBlindResume } from '../../src/lib/core/score';
import { Bm25Okapi, terms } from '../bm25';
import { loadKagglePdfs, REPO } from '../data';
import { categoryJobsFor, EVAL_REFERENCE_DATE, parseDocs } from '../ranking';

const i = process.argv.indexOf('--limit');
const limit = i >= 0 ? Number(process.argv[i + 1]) : 300;
const { docs } = await loadKagglePdfs();
const picked = docs.filter((_, k) => k % Math.max(1, Math.floor(docs.length / limit)) === 0).slice(0, limit);
const corpus = parseDocs(picked).map((r) => terms(prepareBlindResume(r, { referenceDate: EVAL_REFERENCE_DATE }).mask.text));
const queries = categoryJobsFor('paragraph').map((j) => terms(j.job.text));
const bm25 = new Bm25Okapi(corpus);
const scores = queries.map((q) => Array.from(bm25.scores(q)));
const file = path.join(REPO, '.cache/eval/bm25-parity.json');
mkdirSync(path.dirname(file), { recursive: true });
writeFileSync(file, JSON.stringify({ corpus, queries, scores }));
const python = process.env.PYTHON ?? path.join(REPO, '.cache/py/bin/python');
if (!existsSync(python)) {
  console.log(`[skip] no Python with rank-bm25 at ${python} (python3 -m venv .cache/py && .cache/py/bin/pip install rank-bm25)`);
  process.exit(0);
}
const r = spawnSync(python, [path.join(REPO, 'eval/dev/bm25_parity.py'), file], { encoding: 'utf8', stdio: 'inherit' });
process.exit(r.status ?? 1);
