/**
 * The default scorer on real resumes: ranking quality against the UpdatedResumeDataSet categories (precision@10
 * and MRR vs chance), and exact name-swap invariance on the DataTurks resumes (their annotated names replaced).
 * Only counts and rates are printed, never personal data.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJob } from '../../../src/lib/core/job';
import { parseResume } from '../../../src/lib/core/resume';
import { scoreCandidate } from '../../../src/lib/core/score';
import { loadNer } from '../resume/dataturks-eval';
import { CATEGORY_JOBS, evaluateRanking, loadUniqueResumes } from './ranking-eval';

const data = path.resolve(__dirname, '../../../../shared/data');
const updatedCsv = path.join(data, 'updated_resume_dataset/UpdatedResumeDataSet.csv');
const nerFile = path.join(data, 'resume_entities_ner/Entity Recognition in Resumes.json');
for (const f of [updatedCsv, nerFile]) if (!existsSync(f)) console.warn(`[skip] ${f} not found; the real-data scoring checks that need it are skipped`);

describe.skipIf(!existsSync(updatedCsv))('ranking quality on UpdatedResumeDataSet (deduplicated)', () => {
  it('ranks same-category resumes far above chance', () => {
    const result = evaluateRanking(loadUniqueResumes(updatedCsv));
    console.info(`[score] ranking over ${CATEGORY_JOBS.length} category jobs: mean P@10 ${result.meanP10.toFixed(3)}, mean MRR ${result.meanMrr.toFixed(3)}, chance rate ${result.meanChance.toFixed(3)}`);
    for (const r of result.rows) console.info(`[score]   ${r.category}: relevant ${r.relevant}, P@10 ${r.precisionAt10.toFixed(2)}, MRR ${r.mrr.toFixed(2)}`);
    expect(result.meanP10).toBeGreaterThanOrEqual(5 * result.meanChance);
    expect(result.meanP10).toBeGreaterThanOrEqual(0.33);
    expect(result.meanMrr).toBeGreaterThanOrEqual(0.55);
  });
});

describe.skipIf(!existsSync(nerFile))('name-swap invariance on real resumes (DataTurks)', () => {
  it('gives exactly the same blind score after replacing the annotated name everywhere', () => {
    const job = parseJob(CATEGORY_JOBS[0]);
    const ref = new Date(Date.UTC(2020, 0, 1));
    const replacements = ['Ngozi', 'Okafor', 'Adeyemi', 'Bello'];
    let compared = 0;
    let identical = 0;
    for (const row of loadNer(nerFile)) {
      const name = (row.annotation ?? []).find((a) => a.label.includes('Name'))?.points[0]?.text.trim();
      if (!name) continue;
      let swapped = row.content;
      name
        .split(/\s+/)
        .filter((p) => p.replace(/\./g, '').length >= 2)
        .forEach((part, k) => {
          const re = new RegExp(`(?<![\\p{L}])${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'giu');
          swapped = swapped.replace(re, replacements[k] ?? 'Bello');
        });
      const a = scoreCandidate(job, parseResume(row.content, { referenceDate: ref }), { blind: true, referenceDate: ref });
      const b = scoreCandidate(job, parseResume(swapped, { referenceDate: ref }), { blind: true, referenceDate: ref });
      compared++;
      if (a.score === b.score) identical++;
    }
    console.info(`[score] DataTurks name swap: ${identical}/${compared} identical scores`);
    expect(compared).toBeGreaterThan(100);
    expect(identical).toBe(compared);
  });
});
