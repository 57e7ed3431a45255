/**
 * The recruiter's main flow on real resume PDFs in Debian Chromium: create a job, drop 20 real PDFs,
 * see the ranking, open a candidate (original rendered by pdf.js + evidence highlighted), override the
 * decision, export CSV, then reload OFFLINE and still see everything. Throughout, no request may leave the
 * app's origin, and nothing may break the page's Content-Security-Policy. Needs ../shared (skips otherwise).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ACCOUNTANT_JOB_DESCRIPTION, SKIP_MESSAGE, createJob, hasResumePdfs, pickResumes, rankedFromDb, recordRequests, waitForBatch, watchPage } from './helpers';

test.skip(!hasResumePdfs, SKIP_MESSAGE);

test('screen 20 real resumes end to end, offline after first load, nothing leaves the origin', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const requests = recordRequests(context, origin);
  const watch = watchPage(page, { acceptConfirms: true });
  const files = pickResumes({ ACCOUNTANT: 7, FINANCE: 3, CHEF: 2, AVIATION: 2, ARTS: 2, TEACHER: 2, FITNESS: 2 });
  expect(files).toHaveLength(20);

  await page.goto('/');
  // Blind mode is on by default.
  await expect(page.getByRole('switch', { name: 'Blind mode' })).toBeChecked();
  await createJob(page, 'Senior Accountant', ACCOUNTANT_JOB_DESCRIPTION);
  await expect(page.getByTestId('requirement').first()).toBeVisible();

  await page.getByTestId('resume-input').setInputFiles(files);
  await waitForBatch(page, 20);
  await expect(page.getByTestId('batch-errors')).toHaveCount(0);

  // The ranking: sorted by score, blind labels only, and accountants ahead of chefs, pilots and artists.
  const rows = page.getByTestId('candidate-row');
  await expect(rows.first().getByRole('link')).toHaveText(/^Candidate #\d+$/);
  const ranked = await rankedFromDb(page);
  expect(ranked).toHaveLength(20);
  const category = (fileName: string) => files.find((f) => path.basename(f) === fileName)!.split(path.sep).at(-2)!;
  const isMatch = (fileName: string) => ['ACCOUNTANT', 'FINANCE'].includes(category(fileName));
  const meanRank = (match: boolean) => {
    const ranks = ranked.map((r, i) => ({ r, i })).filter(({ r }) => isMatch(r.fileName) === match).map(({ i }) => i);
    return ranks.reduce((a, b) => a + b, 0) / ranks.length;
  };
  expect(meanRank(true)).toBeLessThan(meanRank(false));
  expect(isMatch(ranked[0].fileName)).toBe(true);
  const shownScores = (await rows.locator('td:nth-child(2)').allInnerTexts()).map((t) => Number.parseInt(t, 10)).filter((n) => !Number.isNaN(n));
  expect(shownScores).toEqual([...shownScores].sort((a, b) => b - a));

  // Open the top candidate: original rendered, evidence highlighted, identity masked.
  const topLabel = await rows.first().getByRole('link').innerText();
  expect(topLabel).toBe(`Candidate #${ranked[0].ordinal}`);
  await rows.first().getByRole('link').click();
  await expect(page.getByTestId('candidate-title')).toHaveText(topLabel);
  await expect(page.locator('[data-testid="pdf-pages"] canvas').first()).toBeVisible();
  expect(await canvasHasInk(page)).toBe(true);
  await expect(page.getByTestId('evidence').first()).toBeVisible();

  // The recruiter overrides the ranking: reject the top-scored candidate with a note.
  await page.getByLabel('Note').fill('Strong ledger work but no CPA; revisit next quarter');
  await page.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByTestId('decision-status')).toContainText('rejected');

  await page.getByRole('link', { name: 'Senior Accountant' }).click();
  await expect(rows.first().getByTestId('row-decision')).toHaveText('Rejected'); // the decision, not the pipeline stage
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloadPromise;
  const csv = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
  expect(csv[0]).toBe('rank,candidate,file,location,score,mustHavesMet,mustHavesMissing,title,relevantYears,stage,status,decision,note');
  expect(csv).toHaveLength(21);
  expect(csv.join('\n')).toContain('rejected,Strong ledger work but no CPA; revisit next quarter');
  expect(csv.join('\n')).not.toMatch(/\d{8}\.pdf/); // blind export hides file names

  // Offline: the service worker serves the app shell; IndexedDB still has everything.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Senior Accountant' })).toBeVisible();
  await expect(rows).toHaveCount(20);
  await expect(rows.first().getByTestId('row-decision')).toHaveText('Rejected'); // the decision, not the pipeline stage
  await rows.nth(1).getByRole('link').click();
  await expect(page.locator('[data-testid="pdf-pages"] canvas').first()).toBeVisible();
  expect(await canvasHasInk(page)).toBe(true);
  await page.goto('/');
  await expect(page.getByRole('link', { name: /Senior Accountant/ })).toContainText('20 candidates');
  await context.setOffline(false);

  expect(requests.urls.length).toBeGreaterThan(10);
  expect(requests.foreign()).toEqual([]);
  // The strict Content-Security-Policy (csp.config.js) blocked nothing the app needs: pdf.js, workers, export.
  expect(watch.problems()).toEqual([]);
});

/** True when the first rendered page has dark pixels (text), i.e. pdf.js really drew the document. */
async function canvasHasInk(page: import('@playwright/test').Page): Promise<boolean> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="pdf-pages"] canvas');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return false;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let dark = 0;
    for (let i = 0; i < data.length; i += 16) if (data[i] < 100 && data[i + 1] < 100 && data[i + 2] < 100 && data[i + 3] > 0) dark++;
    return dark > 200;
  });
}
