/**
 * Durability of a batch in the real browser: bad files become per-file error rows while the rest goes
 * on, and a tab reloaded mid-batch (files already queued in IndexedDB) resumes by itself and finishes
 * without duplicates or loss. Needs ../shared for the real PDFs (skips with a message otherwise).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { SKIP_MESSAGE, createJob, hasResumePdfs, pickResumes, waitForBatch } from './helpers';

test.skip(!hasResumePdfs, SKIP_MESSAGE);

test('a reload mid-batch resumes without duplicates; bad files get error rows', async ({ page }) => {
  const pdfs = pickResumes({ HR: 6, SALES: 6 });
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const files = [
    ...pdfs.map((p) => ({ name: path.basename(p), mimeType: 'application/pdf', buffer: readFileSync(p) })),
    { name: 'photo.pdf', mimeType: 'application/pdf', buffer: png },
    { name: 'empty.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(0) },
    { name: 'truncated.pdf', mimeType: 'application/pdf', buffer: readFileSync(pdfs[0]).subarray(0, 900) }
  ];
  await createJob(page, 'HR Generalist', 'HR generalist: recruiting, onboarding, payroll, employee relations, HRIS. 3+ years of experience.');
  await page.getByTestId('resume-input').setInputFiles(files);
  // Reload as soon as a few files are done: the rest are only in the durable queue.
  await expect(page.getByTestId('ingest-progress')).toContainText(/Reading [3-9] of|Reading 1\d of/, { timeout: 120_000 });
  await page.reload();

  await waitForBatch(page, 12);
  await expect(page.getByTestId('batch-errors')).toContainText('3 files could not be read');
  const errors = page.getByTestId('batch-errors').locator('li');
  await expect(errors.filter({ hasText: 'photo.pdf' })).toContainText(/PNG|image|not a PDF/i);
  await expect(errors.filter({ hasText: 'empty.pdf' })).toContainText(/empty/i);
  await expect(errors.filter({ hasText: 'truncated.pdf' })).toHaveCount(1);

  // Dropping the same files again adds nothing: duplicates are recognised by content.
  await page.getByTestId('resume-input').setInputFiles(files.slice(0, 4));
  await expect(page.getByTestId('ingest-progress')).toHaveCount(0, { timeout: 120_000 });
  await expect(page.getByTestId('candidate-row')).toHaveCount(12);
  const labels = await page.getByTestId('candidate-row').getByRole('link').allInnerTexts();
  expect(new Set(labels).size).toBe(12);
});
