/**
 * Bias audit and decision log in the real app, on 6 real resume PDFs (../shared; skips with a message otherwise):
 *   a. the recruiter selects 3 and rejects 3 candidates on their pages (each decision goes to the log);
 *   b. a malformed self-identification CSV is refused with a message naming the file, row and column;
 *   c. a valid one (keyed by candidate id, one row by file name, one row matching nobody) is imported: the audit page
 *      shows selection rates and impact ratios equal to the hand computation below, with the four-fifths flag on
 *      exactly the categories below 0.8, a chart per table, and the CSV export carries the same ratios;
 *   d. the counterfactual check runs on every candidate;
 *   e. the decision log's chain verifies, also after a reload; deleting a candidate keeps an anonymous entry and the
 *      chain still verifies; an entry edited directly in IndexedDB is reported as the first broken entry;
 *   f. the self-identification data is deleted in one click.
 * No Content-Security-Policy violation, page error or request off the app's origin happens along the way.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTANT_JOB_DESCRIPTION, SKIP_MESSAGE, createJob, hasResumePdfs, pickResumes, readStores, recordRequests, waitForBatch, watchPage } from './helpers';

test.skip(!hasResumePdfs, SKIP_MESSAGE);

/**
 * The fixture, by the candidates' order in the table (0 = best score): [sex, race, decision]. Hand computation for
 * the recruiter's decisions (the 6 are all decided):
 *   sex:  F 1 of 3 = 1/3; M 2 of 2 = 1 (reference); unknown 1 (0 selected)  → F ratio 1/3 = 0.333, flagged
 *   race: X 2 of 3 = 2/3 (reference); Y 1 of 3 = 1/3                       → Y ratio 0.5, flagged
 *   sex × race: F×X 1/2, F×Y 0/1, M×X 1/1, M×Y 1/1 (ref.); unknown 1       → F×X 0.5 and F×Y 0, flagged
 */
const FIXTURE: Array<[string, string, 'Select' | 'Reject']> = [
  ['F', 'X', 'Select'],
  ['F', 'X', 'Reject'],
  ['F', 'Y', 'Reject'],
  ['M', 'X', 'Select'],
  ['M', 'Y', 'Select'],
  ['', 'Y', 'Reject']
];
const EXPECTED: Record<string, Record<string, { rate: string; ratio: string; flagged: boolean }>> = {
  sex: { F: { rate: '33.33%', ratio: '0.333', flagged: true }, M: { rate: '100.00%', ratio: '1.000', flagged: false } },
  race: { X: { rate: '66.67%', ratio: '1.000', flagged: false }, Y: { rate: '33.33%', ratio: '0.500', flagged: true } },
  intersection: {
    'F × X': { rate: '50.00%', ratio: '0.500', flagged: true },
    'F × Y': { rate: '0.00%', ratio: '0.000', flagged: true },
    'M × X': { rate: '100.00%', ratio: '1.000', flagged: false },
    'M × Y': { rate: '100.00%', ratio: '1.000', flagged: false }
  }
};

interface StoredEntry {
  jobId: string;
  seq: number;
  action: string;
  personal: { candidateId: string } | null;
}

async function storedLog(page: Page): Promise<StoredEntry[]> {
  return ((await readStores(page, ['decisionLog'])).records.decisionLog as StoredEntry[]).sort((a, b) => a.seq - b.seq);
}

test('self-identification → impact ratios with the four-fifths flag; the decision log verifies and catches an edit', async ({ page, context, baseURL }) => {
  test.setTimeout(10 * 60_000);
  const requests = recordRequests(context, new URL(baseURL!).origin);
  const watch = watchPage(page, { acceptConfirms: true });
  const pdfs = pickResumes({ ACCOUNTANT: 3, FINANCE: 3 });
  await createJob(page, 'Senior Accountant', ACCOUNTANT_JOB_DESCRIPTION);
  const jobUrl = page.url();
  await page.getByTestId('resume-input').setInputFiles(pdfs.map((p) => ({ name: path.basename(p), mimeType: 'application/pdf', buffer: readFileSync(p) })));
  await waitForBatch(page, 6);

  // a. Decisions, in table order.
  const hrefs = await page.getByTestId('candidate-row').getByRole('link').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
  const ids = hrefs.map((h) => h.split('/').pop()!);
  expect(new Set(ids).size).toBe(6);
  for (const [i, href] of hrefs.entries()) {
    await page.goto(href);
    await page.getByLabel('Note').fill(`decision ${i}`);
    await page.getByRole('button', { name: FIXTURE[i][2], exact: true }).click();
    await expect(page.getByTestId('decision-status')).toContainText(FIXTURE[i][2] === 'Select' ? 'selected' : 'rejected');
  }

  await page.goto(jobUrl);
  await page.getByRole('link', { name: /Bias audit/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Bias audit/ })).toBeVisible();
  await expect(page.getByTestId('impact-empty')).toBeVisible();

  // b. A malformed file: the error names the file, the row and the column.
  const input = page.getByLabel('Self-identification CSV');
  await input.setInputFiles({ name: 'bad-selfid.csv', mimeType: 'text/csv', buffer: Buffer.from(`candidate_id,sex,race_ethnicity\n${ids[0]},F,X\n,M,Y\n`) });
  await expect(page.getByTestId('selfid-error')).toContainText('bad-selfid.csv, row 3, column "candidate_id": empty');

  // c. The real file: ids, one file name, one row about nobody.
  const fileNameOf = (await readStores(page, ['candidates'])).records.candidates as Array<{ id: string; fileName: string }>;
  const keyOf = (i: number) => (i === 4 ? fileNameOf.find((c) => c.id === ids[4])!.fileName : ids[i]);
  const csv = ['candidate_id,sex,race_ethnicity', ...FIXTURE.map(([sex, race], i) => `${keyOf(i)},${sex},${race}`), 'someone-else,F,X'].join('\n');
  await input.setInputFiles({ name: 'selfid.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByTestId('selfid-summary')).toContainText('selfid.csv: 6 candidates');
  await expect(page.getByText(/1 row matched no candidate/)).toBeVisible();

  const decisions = page.locator('[data-testid="impact-report"][data-basis="decisions"]');
  await expect(decisions.getByRole('heading', { level: 3 })).toHaveText('Recruiter decisions: 3 selected of 6');
  for (const [dimension, categories] of Object.entries(EXPECTED)) {
    const table = decisions.locator(`[data-testid="impact-table"][data-dimension="${dimension}"]`);
    await expect(table.getByTestId('impact-row')).toHaveCount(Object.keys(categories).length);
    for (const [category, want] of Object.entries(categories)) {
      const row = table.locator(`[data-testid="impact-row"][data-category="${category}"]`);
      await expect(row.getByTestId('rate')).toHaveText(want.rate);
      await expect(row.getByTestId('ratio')).toHaveText(want.ratio);
      await expect(row.getByTestId('four-fifths-flag')).toHaveCount(want.flagged ? 1 : 0);
    }
  }
  await expect(decisions.locator('[data-dimension="sex"]').getByTestId('impact-unknown')).toContainText('Unknown (not in ratios)');
  await expect(decisions.locator('canvas')).toHaveCount(3);
  await expect(page.locator('[data-testid="impact-report"][data-basis="top-n"]').getByRole('heading', { level: 3 })).toHaveText('Top 3 by score: 3 selected of 6');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const exported = Papa.parse<Record<string, string>>(readFileSync((await (await download).path())!, 'utf8'), { header: true }).data;
  expect(exported.find((r) => r.basis === 'Recruiter decisions' && r.dimension === 'race' && r.category === 'Y')).toMatchObject({ impact_ratio: '0.5000', four_fifths_flag: 'yes' });

  // d. Counterfactual check over every candidate.
  await page.getByRole('button', { name: 'Run check' }).click();
  await expect(page.getByTestId('cf-summary')).toContainText('6 candidates: largest score change 0.00', { timeout: 240_000 });

  // e. The decision log: verified, also after a reload.
  await expect(page.getByTestId('chain-status')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('chain-status')).toContainText('6 entries');
  await page.reload();
  await expect(page.getByTestId('chain-status')).toHaveAttribute('data-ok', 'true');
  expect((await storedLog(page)).map((e) => e.action)).toEqual(FIXTURE.map(([, , d]) => (d === 'Select' ? 'select' : 'reject')));

  // Deleting a candidate keeps an anonymous entry; the chain still verifies.
  await page.goto(hrefs[1]);
  await page.getByRole('button', { name: 'Delete candidate' }).click();
  await expect(page).toHaveURL(jobUrl);
  await page.goto(`${jobUrl}/audit`);
  await expect(page.getByTestId('log-entry')).toHaveCount(6);
  await expect(page.locator('[data-testid="log-entry"][data-seq="2"]')).toContainText('Deleted candidate');
  await expect(page.getByTestId('chain-status')).toHaveAttribute('data-ok', 'true');
  const log = await storedLog(page);
  expect(log[1].personal).toBeNull();
  expect(JSON.stringify(log)).not.toContain(ids[1]);
  await expect(page.getByTestId('selfid-summary')).toContainText('5 candidates');

  // An entry edited in IndexedDB (a "reject" turned into a "select") is the first broken entry.
  await page.evaluate(
    async ({ jobId }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('shortlist');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      await new Promise<void>((resolve, reject) => {
        const store = db.transaction('decisionLog', 'readwrite').objectStore('decisionLog');
        const get = store.get([jobId, 3]);
        get.onsuccess = () => {
          const put = store.put({ ...get.result, action: 'select' });
          put.onsuccess = () => resolve();
          put.onerror = () => reject(put.error);
        };
        get.onerror = () => reject(get.error);
      });
      db.close();
    },
    { jobId: log[0].jobId }
  );
  await page.getByRole('button', { name: 'Verify again' }).click();
  await expect(page.getByTestId('chain-status')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('chain-status')).toHaveAttribute('data-seq', '3');
  await expect(page.getByTestId('chain-status')).toContainText('Chain broken at entry 3');

  // f. Self-identification data deleted in one click.
  await page.getByRole('button', { name: 'Delete self-identification data' }).click();
  await expect(page.getByTestId('impact-empty')).toBeVisible();
  expect((await readStores(page, ['selfIdentification'])).records.selfIdentification).toEqual([]);

  expect(watch.problems()).toEqual([]);
  expect(requests.foreign()).toEqual([]);
});
