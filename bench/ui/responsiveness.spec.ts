/**
 * Benchmark (`npm run bench:ui`), not a test: main-thread responsiveness during a 300-file batch. Every long
 * task (PerformanceObserver 'longtask') from the drop until the batch is ranked is recorded; the target is
 * none over 200 ms. Timings depend on the machine's load, so this runs as a benchmark and never in CI.
 * Uses 300 real resume PDFs across all categories when ../shared is present, else skips with a message.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PDF_ROOT, SKIP_MESSAGE, createJob, hasResumePdfs, rankedFromDb } from '../../tests/e2e/helpers';

const BATCH_SIZE = 300;

test.skip(!hasResumePdfs, SKIP_MESSAGE);

/** BATCH_SIZE real PDFs, round-robin over the categories so the batch is varied. */
function pickBatch(): string[] {
  const categories = readdirSync(PDF_ROOT).sort();
  const lists = categories.map((c) => readdirSync(path.join(PDF_ROOT, c)).filter((f) => f.endsWith('.pdf')).sort().map((f) => path.join(PDF_ROOT, c, f)));
  const picked: string[] = [];
  for (let i = 0; picked.length < BATCH_SIZE; i++) for (const list of lists) if (list[i] && picked.length < BATCH_SIZE) picked.push(list[i]);
  return picked;
}

test('no long task over 200 ms while 300 resumes are read, stored and ranked', async ({ page }) => {
  test.setTimeout(9 * 60_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  await createJob(page, 'Project Manager', 'Project manager with 5+ years of experience, Agile, Scrum, budgeting, stakeholder management, Excel. Bachelor degree required. PMP is a plus.');
  const files = pickBatch();
  expect(files).toHaveLength(BATCH_SIZE);

  await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
  const started = Date.now();
  await page.getByTestId('resume-input').setInputFiles(files);
  await expect(page.getByTestId('ingest-progress')).toBeVisible();
  await expect(page.getByTestId('ingest-progress')).toHaveCount(0, { timeout: 8 * 60_000 });
  const seconds = (Date.now() - started) / 1000;
  // Read the long tasks before the test's own IndexedDB read below (that runs on the page's main thread).
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  // Real PDFs: a few may be byte-identical duplicates or unreadable; the rest must all be ranked.
  const rows = (await rankedFromDb(page)).length;
  expect(rows).toBeGreaterThan(BATCH_SIZE * 0.9);
  await expect(page.getByTestId('shortlist-count')).toHaveText(`${rows} of ${rows} candidates`);

  const max = Math.max(0, ...longTasks);
  test.info().annotations.push({
    type: 'measurement',
    description: `${BATCH_SIZE} PDFs → ${rows} candidates in ${seconds.toFixed(1)} s; ${longTasks.length} long tasks, max ${max.toFixed(0)} ms`
  });
  console.log(`[responsiveness] ${BATCH_SIZE} PDFs -> ${rows} rows in ${seconds.toFixed(1)} s; long tasks: ${longTasks.length}, max ${max.toFixed(0)} ms`);
  expect(max).toBeLessThan(200);
});
