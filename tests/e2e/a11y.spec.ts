/**
 * Accessibility in the built app (Debian Chromium):
 *  - axe-core finds no serious or critical violation on the home, job, candidate, compare and settings pages
 *    (real resume PDFs from ../shared; skips without them);
 *  - keyboard: the skip link lands on the page's main action ("Choose files…" on a job), and the requirements
 *    editor costs a handful of tab stops, not three per requirement;
 *  - at 390 px wide nothing overflows sideways: the header fits, the blind-mode switch and every control of the
 *    home, job, candidate and settings pages can be reached;
 *  - duplicates and the storage state are explained in toasts that stay long enough to read, with correct plurals.
 * The last three use small TXT resumes written here, so they run without ../shared.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTANT_JOB_DESCRIPTION, SKIP_MESSAGE, createJob, hasResumePdfs, pickResumes, waitForBatch } from './helpers';

/** Serious and critical axe violations on the current page, one line each (rule, impact, first targets). */
async function seriousViolations(page: Page, name: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const lines = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.length}× e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical').map((v) => `${v.id} (${v.impact})`);
  console.log(`axe ${name}: ${violations.length} violations, ${lines.length} serious or critical`, [...lines, ...minor].join('; '));
  return lines;
}

const resumeTxt = (name: string, years: number) => ({
  name: `${name}.txt`,
  mimeType: 'text/plain',
  buffer: Buffer.from(`${name}\nSenior Accountant\n\nExperience\nAccountant, Acme Ltd, 2015 - 2024 (${years} years): general ledger, month-end close, account reconciliation, accounts payable and receivable, GAAP financial reporting in Excel and QuickBooks.\n\nEducation\nBachelor of Accounting, 2014\n`)
});

test('axe: no serious or critical violation on the home, job, candidate, compare and settings pages', async ({ page }) => {
  test.skip(!hasResumePdfs, SKIP_MESSAGE);
  const found: string[] = [];
  await createJob(page, 'Senior Accountant', ACCOUNTANT_JOB_DESCRIPTION);
  await page.getByTestId('resume-input').setInputFiles(pickResumes({ ACCOUNTANT: 2, FINANCE: 1 }));
  await waitForBatch(page, 3);
  found.push(...(await seriousViolations(page, 'job')));

  const rows = page.getByTestId('candidate-row');
  for (const i of [0, 1]) await rows.nth(i).getByRole('checkbox').check();
  await page.getByRole('button', { name: /^Compare 2\/3$/ }).click();
  await expect(page.getByTestId('compare')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Compare candidates' })).toBeVisible();
  found.push(...(await seriousViolations(page, 'compare')));

  await page.goBack();
  await rows.first().getByRole('link').click();
  await expect(page.locator('[data-testid="pdf-pages"] canvas').first()).toBeVisible();
  await expect(page.getByTestId('evidence').first()).toBeVisible();
  found.push(...(await seriousViolations(page, 'candidate')));

  await page.goto('/');
  await expect(page.getByRole('link', { name: /Senior Accountant/ })).toBeVisible();
  found.push(...(await seriousViolations(page, 'home')));

  await page.goto('/settings');
  await expect(page.getByTestId('model-features')).toBeVisible();
  found.push(...(await seriousViolations(page, 'settings')));
  await page.getByText('Advanced', { exact: true }).click();
  await expect(page.getByTestId('model-catalog')).toBeVisible();
  found.push(...(await seriousViolations(page, 'settings (advanced)')));

  expect(found).toEqual([]);
});

test('keyboard: the skip link lands on "Choose files…"; the requirements editor costs few tab stops', async ({ page }) => {
  await createJob(page, 'Senior Accountant', ACCOUNTANT_JOB_DESCRIPTION);
  const requirements = await page.getByTestId('requirement').count();
  expect(requirements).toBeGreaterThan(8);
  await page.reload();
  await expect(page.getByTestId('requirement').first()).toBeVisible();

  // Tab from the top of the page until "Choose files…" has focus; count the stops inside the editor on the way.
  const chooseFiles = page.getByRole('button', { name: 'Choose files…' });
  let stops = 0;
  let inEditor = 0;
  for (; stops < 200; stops++) {
    if (await chooseFiles.evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.closest('[aria-labelledby="req-heading"]') != null)) inEditor++;
  }
  console.log(`tab stops: ${stops} from the top of the job page to "Choose files…", ${inEditor} in the requirements editor (${requirements} requirements)`);
  expect(inEditor).toBeLessThanOrEqual(10);

  // The skip link is the first stop and takes the recruiter straight to the main action.
  await page.reload();
  await expect(page.getByTestId('requirement').first()).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: /^Skip to/ });
  await expect(skip).toBeFocused();
  await expect(skip).toHaveText('Skip to adding resumes');
  await page.keyboard.press('Enter');
  await expect(chooseFiles).toBeFocused();

  // Inside the editor, the arrow keys move between requirements; Tab then reaches that one's controls.
  const names = page.getByTestId('requirement').locator('button.label');
  await names.first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(names.nth(1)).toBeFocused();
  await page.keyboard.press('End');
  await expect(names.last()).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('requirement').nth(1).getByRole('combobox')).toBeFocused();
});

/** Fails with the offending elements when anything visible sticks out of a 390 px viewport (scrolling boxes aside). */
async function expectFitsWidth(page: Page, where: string): Promise<void> {
  const out = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const offending: string[] = [];
    for (const el of document.querySelectorAll('a, button, input, select, textarea, summary, [role="switch"], [tabindex]')) {
      const box = (el.closest('label') ?? el).getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.classList.contains('skip') || el.classList.contains('sr-only')) continue;
      let parent = el.parentElement;
      let inScroller = false;
      for (; parent && parent !== document.body; parent = parent.parentElement) if (scrolls(parent)) inScroller = true;
      if (inScroller) continue;
      if (box.left < -1 || box.right > width + 1) offending.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(box.left)}–${Math.round(box.right)}`);
    }
    return { width, scrollWidth: document.documentElement.scrollWidth, offending };
  });
  expect(out.offending, `${where}: controls outside ${out.width} px`).toEqual([]);
  expect(out.scrollWidth, `${where}: page scrolls sideways`).toBeLessThanOrEqual(out.width);
}

test('390 px: the header fits, the blind-mode switch and every control can be reached', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await expect(page.getByLabel('Job title')).toBeVisible();
  const banner = page.getByRole('banner');
  const blind = banner.getByRole('switch', { name: 'Blind mode' });
  const blindLabel = banner.locator('label', { has: page.getByRole('switch', { name: 'Blind mode' }) });
  await expect(blind).toBeChecked();
  for (const control of [banner.getByRole('link', { name: 'Settings' }), blindLabel, banner.getByLabel('Location shown in blind mode'), banner.getByTestId('storage-status')]) {
    const box = await control.boundingBox();
    expect(box, 'header control is laid out').not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  }
  await expectFitsWidth(page, 'home');
  await blindLabel.click();
  await expect(blind).not.toBeChecked();
  await blindLabel.click();
  await expect(blind).toBeChecked();

  await createJob(page, 'Senior Accountant', ACCOUNTANT_JOB_DESCRIPTION);
  await page.getByTestId('resume-input').setInputFiles([resumeTxt('Alex', 9), resumeTxt('Sam', 4)]);
  await waitForBatch(page, 2);
  await expectFitsWidth(page, 'job');
  await page.getByTestId('candidate-row').first().getByRole('link').click();
  await expect(page.getByTestId('candidate-title')).toBeVisible();
  await expectFitsWidth(page, 'candidate');
  await page.goto('/settings');
  await expect(page.getByTestId('model-features')).toBeVisible();
  await page.getByText('Advanced', { exact: true }).click();
  await expect(page.getByTestId('model-catalog')).toBeVisible();
  await expectFitsWidth(page, 'settings');
});

test('toasts: a duplicate is explained and stays readable; the storage state is explained; plurals are right', async ({ page }) => {
  await createJob(page, 'Senior Accountant', ACCOUNTANT_JOB_DESCRIPTION);
  await page.getByTestId('resume-input').setInputFiles([resumeTxt('Alex', 9)]);
  await waitForBatch(page, 1);
  await page.getByTestId('resume-input').setInputFiles([resumeTxt('Alex', 9)]);
  const toast = page.getByRole('status').filter({ hasText: 'duplicate' });
  await expect(toast).toContainText('1 duplicate file skipped');
  await expect(toast).not.toContainText('duplicates');
  await expect(toast).toContainText(/same (file|resume text) as Candidate #1/);
  await page.waitForTimeout(5000);
  await expect(toast).toBeVisible(); // long enough to read, and the list below the drop zone keeps it
  await expect(page.getByTestId('batch-duplicates')).toContainText('1 duplicate file skipped');

  // Two more copies at once: plural.
  await page.getByTestId('resume-input').setInputFiles([{ ...resumeTxt('Alex', 9), name: 'a.txt' }, { ...resumeTxt('Alex', 9), name: 'b.txt' }]);
  await expect(page.getByRole('status').filter({ hasText: '2 duplicate files skipped' })).toBeVisible();

  // The storage state says what it means, in the header and in Settings.
  const storage = page.getByRole('banner').getByTestId('storage-status');
  await expect(storage).toBeVisible();
  const persisted = (await storage.getAttribute('data-persisted')) === 'true';
  await storage.click();
  await expect(page.getByTestId('storage-explainer')).toContainText(persisted ? /will not clear/ : /may clear/);
});
