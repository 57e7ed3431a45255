/**
 * Creating a job by importing a real job-posting PDF: the description is extracted in the ingest worker
 * (pdf.js, no network), the title is prefilled from the file name, and the parsed requirements are shown
 * for editing. Needs ../shared (skips with a message otherwise).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const POSTINGS = path.resolve(process.cwd(), '../shared/data/ekrimmel_collections_job_postings/data');

test.skip(!existsSync(POSTINGS), `needs real job-posting PDFs at ${POSTINGS} (../shared is absent on this machine)`);

test('import a job description from a real PDF and edit its requirements', async ({ page }) => {
  const posting = path.join(POSTINGS, readdirSync(POSTINGS).filter((f) => f.endsWith('.pdf')).sort()[0]);
  await page.goto('/');
  await page.locator('input[type=file][accept=".pdf,.docx,.txt"]').setInputFiles(posting);
  const description = page.getByLabel('Job description');
  await expect(description).not.toHaveValue('', { timeout: 60_000 });
  expect((await description.inputValue()).length).toBeGreaterThan(300);
  await expect(page.getByLabel('Job title')).not.toHaveValue('');

  await page.getByLabel('Job title').fill('Collections Technician');
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Collections Technician' })).toBeVisible();
  const requirements = page.getByTestId('requirement');
  await expect(requirements.first()).toBeVisible();
  const before = await requirements.count();

  // The recruiter adds a requirement, demotes the first one to nice-to-have, and saves.
  await page.getByRole('textbox', { name: 'New requirement' }).fill('Kubernetes');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(requirements).toHaveCount(before + 1);
  await requirements.first().getByRole('combobox').selectOption('nice');
  await page.getByRole('button', { name: 'Save and re-score' }).click();
  await expect(page.getByText('Requirements saved')).toBeVisible();
  await page.reload();
  await expect(requirements).toHaveCount(before + 1);
  await expect(requirements.first().getByRole('combobox')).toHaveValue('nice');
});
