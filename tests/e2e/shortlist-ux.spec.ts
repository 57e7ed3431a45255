/**
 * Issue 13, the recruiter's day on the shortlist (real resume PDFs plus one generated TXT resume with a name and
 * contact details), in blind mode throughout:
 *   a. search by skill finds exactly the rows whose resume mentions it (checked against the stored text), and no
 *      name, e-mail or city finds anything; rows show the latest title, must-have chips and the score chart;
 *   b. picking a met requirement (by click and by keyboard) highlights its passage on the rendered PDF page, over
 *      pdf.js' text layer, labelled with the requirement, and in the extracted text; a missing one says so;
 *      a TXT resume shows its (masked) text in the document pane;
 *   c. moving candidates through the pipeline (keyboard shortcuts, the row's select, the candidate screen with a
 *      note) persists after a reload, with counts per stage and a dated history;
 *   d. compare columns line up: a long decision note does not push one score card down.
 * Nothing may break the page's Content-Security-Policy (Chart.js, pdf.js text layer). Needs ../shared.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTANT_JOB_DESCRIPTION, SKIP_MESSAGE, createJob, hasResumePdfs, pickResumes, readStores, waitForBatch, watchPage } from './helpers';

const NAME = 'Marisol Quintero';
const EMAIL = 'marisol.quintero@example.com';
const CITY = 'Albuquerque';
const NAMED_RESUME = `${NAME}
Senior Accountant
${EMAIL} | (505) 555-0147 | ${CITY}, NM 87102

Experience
Senior Accountant, Sandia Ledger Co — March 2019 to Present
- General ledger, month-end close and account reconciliation under GAAP
- Built reporting on Apache Spark and SQL; Excel models for cash forecasting

Education
Bachelor of Business Administration in Accounting, 2018

Skills
Excel, QuickBooks, GAAP, SQL, Apache Spark
`;

interface Stored {
  id: string;
  ordinal: number;
  fileName: string;
  score: number | null;
  text: string;
  skills: string[];
}

/** Candidates with the text and skills they were parsed with (read straight from IndexedDB). */
async function stored(page: Page): Promise<Stored[]> {
  const { records } = await readStores(page, ['candidates', 'parses', 'scores']);
  const parses = new Map((records.parses as Array<{ candidateId: string; resume: { text: string; skills: Array<{ keywords: string[] }> } | null }>).map((p) => [p.candidateId, p.resume]));
  const scores = new Map((records.scores as Array<{ candidateId: string; result: { score: number } }>).map((s) => [s.candidateId, s.result.score]));
  return (records.candidates as Array<{ id: string; ordinal: number; fileName: string }>).map((c) => ({
    id: c.id,
    ordinal: c.ordinal,
    fileName: c.fileName,
    score: scores.get(c.id) ?? null,
    text: parses.get(c.id)?.text ?? '',
    skills: (parses.get(c.id)?.skills ?? []).flatMap((g) => g.keywords)
  }));
}

const label = (c: Stored) => `Candidate #${c.ordinal}`;
/** The rows a search for `query` must show: the resume's text or its skills mention it. */
const mentioning = (all: Stored[], query: string) => all.filter((c) => c.text.toLowerCase().includes(query) || c.skills.some((s) => s.toLowerCase().includes(query))).map(label).sort();

test.skip(!hasResumePdfs, SKIP_MESSAGE);

test('scannable rows, skill search, evidence on the PDF, pipeline that persists, aligned compare', async ({ page }) => {
  test.setTimeout(300_000);
  const watch = watchPage(page, { acceptConfirms: true });
  const pdfs = pickResumes({ ACCOUNTANT: 3, FINANCE: 1, CHEF: 1, 'INFORMATION-TECHNOLOGY': 2 });
  const files = [
    ...pdfs.map((p) => ({ name: path.basename(p), mimeType: 'application/pdf', buffer: readFileSync(p) })),
    { name: 'marisol-quintero.txt', mimeType: 'text/plain', buffer: Buffer.from(NAMED_RESUME, 'utf8') }
  ];
  await createJob(page, 'Senior Accountant', ACCOUNTANT_JOB_DESCRIPTION);
  await page.getByTestId('resume-input').setInputFiles(files);
  await waitForBatch(page, files.length);
  await expect(page.getByRole('switch', { name: 'Blind mode' })).toBeChecked();
  const all = await stored(page);
  const rows = page.getByTestId('candidate-row');
  const shownLabels = async () => (await rows.getByTestId('row-label').allInnerTexts()).sort();
  const search = page.getByTestId('shortlist-search');

  await test.step('a. search by skill in blind mode; rows to scan; the score chart', async () => {
    // A skill some candidates have and others not, chosen from what was parsed (not hard-coded).
    const counts = new Map<string, number>();
    for (const c of all) for (const s of new Set(c.skills)) counts.set(s.toLowerCase(), (counts.get(s.toLowerCase()) ?? 0) + 1);
    const [skill] = [...counts].filter(([, n]) => n > 0 && n < all.length).sort((a, b) => Math.abs(a[1] - all.length / 2) - Math.abs(b[1] - all.length / 2) || a[0].localeCompare(b[0]))[0];
    for (const query of ['spark', skill]) {
      const expected = mentioning(all, query);
      expect(expected.length, `"${query}" is in some resumes`).toBeGreaterThan(0);
      expect(expected.length, `"${query}" is not in every resume`).toBeLessThan(all.length);
      await search.fill(query.toUpperCase());
      await expect.poll(shownLabels, { message: `search "${query}"` }).toEqual(expected);
      await expect(page.getByTestId('shortlist-count')).toHaveText(`${expected.length} of ${all.length} candidates`);
    }
    // Blind mode: identity and location find nothing (the TXT resume holds all three).
    for (const secret of [NAME.split(' ')[1], EMAIL, CITY, 'marisol-quintero']) {
      await search.fill(secret);
      await expect(rows).toHaveCount(0);
    }
    await search.fill('');
    await expect(rows).toHaveCount(all.length);

    // The named resume's row: its title and must-have chips, and not its name.
    const named = all.find((c) => c.text.includes(NAME))!;
    const row = rows.filter({ has: page.getByRole('link', { name: label(named), exact: true }) });
    await expect(row.getByTestId('row-title')).toHaveText('Senior Accountant');
    await expect(row.getByTestId('row-years')).toHaveText(/^\d+\.\d yrs relevant$/);
    const chips = row.getByTestId('must-chip');
    expect(await chips.count()).toBeGreaterThan(0);
    await expect(row.getByTestId('must-count')).toHaveText(`${await row.locator('[data-testid="must-chip"][data-met="yes"]').count()}/${await chips.count()}`);
    await expect(page.getByTestId('shortlist')).not.toContainText(NAME.split(' ')[1]);

    // The chart counts the candidates at or above the cut, and follows the minimum score.
    const chart = page.getByTestId('score-chart');
    await expect(chart.locator('canvas')).toBeVisible();
    await expect(chart).toHaveAttribute('data-kept', String(all.filter((c) => c.score !== null).length));
    await page.getByTestId('min-score').fill('50');
    await expect(chart).toHaveAttribute('data-kept', String(all.filter((c) => (c.score ?? -1) >= 50).length));
    await expect(chart).toContainText('≥ 50');
    await page.getByTestId('min-score').fill('0');
  });

  await test.step('b. a requirement highlights its passage on the PDF page and in the text', async () => {
    const pdfCandidate = [...all].filter((c) => c.fileName.endsWith('.pdf')).sort((a, b) => (b.score ?? -1) - (a.score ?? -1))[0];
    await rows.getByRole('link', { name: label(pdfCandidate), exact: true }).click();
    await expect(page.getByTestId('candidate-title')).toHaveText(label(pdfCandidate));
    await expect(page.locator('[data-testid="pdf-pages"] .textLayer span').first()).toBeAttached();
    const met = page.locator('[data-testid="verdict"][data-met="yes"] button');
    expect(await met.count(), 'the top accountant meets some requirement').toBeGreaterThan(0);
    const requirement = (await met.first().locator('span').nth(1).innerText()).trim();

    // Keyboard: focus the requirement and press Enter.
    await met.first().focus();
    await page.keyboard.press('Enter');
    await expect(met.first()).toHaveAttribute('aria-pressed', 'true');
    const highlight = page.getByTestId('pdf-highlight').first();
    await expect(highlight).toBeVisible();
    await expect(page.getByTestId('pdf-highlight-label')).toHaveText(requirement);
    await expect(page.getByTestId('evidence-focus')).toContainText(`${requirement}:`);
    // The highlight lies on a rendered page, over text-layer runs that hold the passage's text.
    const overlap = await highlight.evaluate((mark) => {
      const page = mark.closest('.pdf-page')!;
      const canvas = page.querySelector('canvas')!.getBoundingClientRect();
      const box = mark.getBoundingClientRect();
      const inside = box.left >= canvas.left - 1 && box.right <= canvas.right + 1 && box.top >= canvas.top - 1 && box.bottom <= canvas.bottom + 1;
      const under = [...page.querySelectorAll<HTMLElement>('.textLayer span')].filter((s) => {
        const r = s.getBoundingClientRect();
        return r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
      });
      return { inside, area: box.width * box.height, text: under.map((s) => s.textContent).join(' ') };
    });
    expect(overlap.inside).toBe(true);
    expect(overlap.area).toBeGreaterThan(4);
    expect(overlap.text.trim().length).toBeGreaterThan(0);
    const activeText = page.locator('[data-testid="extracted-text"] mark.active');
    await expect(activeText.first()).toBeVisible();
    await expect(page.getByTestId('evidence-label')).toHaveText(requirement);
    // The first marked passage in the text starts with what the text-layer run under the first highlight says.
    const fold = (s: string) => s.toLowerCase().replace(/\s+/g, '');
    const passage = fold(await activeText.first().innerText());
    expect(passage.length).toBeGreaterThan(0);
    expect(fold(overlap.text)).toContain(passage.slice(0, 3));

    // A breakdown point is a button too, reachable by Tab from the requirement list's neighbours.
    await page.getByTestId('breakdown-point').first().getByRole('button').click();
    await expect(page.getByTestId('breakdown-point').first().getByRole('button')).toHaveAttribute('aria-pressed', 'true');
    // A missing requirement says no passage backs it.
    const missing = page.locator('[data-testid="verdict"][data-met="no"] button');
    if ((await missing.count()) > 0) {
      await missing.first().click();
      await expect(page.getByTestId('evidence-focus')).toContainText('no passage in the resume backs it');
      await expect(page.getByTestId('pdf-highlight')).toHaveCount(0);
    }

    // A TXT resume shows its text in the document pane, identity masked, and highlights there.
    const named = all.find((c) => c.text.includes(NAME))!;
    await page.goto(page.url().replace(pdfCandidate.id, named.id));
    const docPane = page.getByRole('region', { name: 'Original document' });
    await expect(docPane.getByTestId('extracted-text')).toContainText('Sandia Ledger Co');
    await expect(docPane.getByTestId('extracted-text')).not.toContainText(NAME);
    await page.locator('[data-testid="verdict"][data-met="yes"] button').first().click();
    await expect(docPane.locator('mark.active').first()).toBeVisible();
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Senior Accountant' }).click();
    await expect(rows).toHaveCount(all.length);
  });

  const stageOf = (c: Stored) => rows.filter({ has: page.getByRole('link', { name: label(c), exact: true }) }).getByTestId('stage-select');
  const counts = async () => Object.fromEntries(await page.getByTestId('stage-filter').getByRole('button').evaluateAll((bs) => bs.map((b) => [b.getAttribute('data-stage'), Number(b.querySelector('[data-testid="stage-count"]')!.textContent)])));
  let ranked: Stored[] = [];

  await test.step('c. move candidates through the pipeline; it persists after a reload', async () => {
    ranked = [...all].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.ordinal - b.ordinal);
    // "?" documents the shortcuts.
    await page.locator('body').press('?');
    await expect(page.getByTestId('shortcuts-help')).toBeVisible();
    await expect(page.getByTestId('shortcuts-help')).toContainText('Move to Interview');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts-help')).toBeHidden();
    // A stage key before any row is picked moves nobody.
    await page.locator('body').press('s');
    await expect.poll(counts).toEqual({ all: all.length, new: all.length, shortlisted: 0, interview: 0, offer: 0, rejected: 0 });
    // Keyboard: j to the first row, s shortlists it; j, i sends the second to interview.
    await page.locator('body').press('j');
    await expect(rows.first().getByTestId('row-label')).toBeFocused();
    await page.keyboard.press('s');
    await expect(stageOf(ranked[0])).toHaveValue('shortlisted');
    await page.keyboard.press('j');
    await page.keyboard.press('i');
    await expect(stageOf(ranked[1])).toHaveValue('interview');
    // The row's select.
    await stageOf(ranked[2]).selectOption('offer');
    await expect(stageOf(ranked[2])).toHaveValue('offer');
    // The candidate screen, with a note.
    await rows.getByRole('link', { name: label(ranked[3]), exact: true }).click();
    await page.getByLabel('Move to').selectOption('rejected');
    await page.getByLabel('Comment on the move').fill('Asked for relocation budget we cannot offer');
    await page.getByTestId('stage-panel').getByRole('button', { name: 'Move' }).click();
    await expect(page.getByTestId('stage-status')).toContainText('Rejected');
    await expect(page.getByTestId('stage-history')).toContainText('Asked for relocation budget we cannot offer');
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Senior Accountant' }).click();

    const expectedCounts = { all: all.length, new: all.length - 4, shortlisted: 1, interview: 1, offer: 1, rejected: 1 };
    await expect.poll(counts).toEqual(expectedCounts);
    await page.reload();
    await waitForBatch(page, all.length);
    await expect.poll(counts).toEqual(expectedCounts);
    for (const [i, stage] of ['shortlisted', 'interview', 'offer', 'rejected'].entries()) await expect(stageOf(ranked[i])).toHaveValue(stage);
    await page.getByTestId('stage-filter').getByRole('button', { name: /^Interview/ }).click();
    expect(await shownLabels()).toEqual([label(ranked[1])]);
    await page.getByTestId('stage-filter').getByRole('button', { name: /^All/ }).click();

    const { records } = await readStores(page, ['stages']);
    const stages = records.stages as Array<{ candidateId: string; stage: string; note: string; movedAt: number; history: Array<{ stage: string; at: number }> }>;
    expect(stages.map((s) => [s.candidateId, s.stage]).sort()).toEqual(ranked.slice(0, 4).map((c, i) => [c.id, ['shortlisted', 'interview', 'offer', 'rejected'][i]]).sort());
    // One move each: the stray key at the start moved nobody.
    expect(stages.map((s) => s.history.length)).toEqual([1, 1, 1, 1]);
    const rejected = stages.find((s) => s.candidateId === ranked[3].id)!;
    expect(rejected.note).toBe('Asked for relocation budget we cannot offer');
    expect(rejected.history).toEqual([{ stage: 'rejected', note: 'Asked for relocation budget we cannot offer', at: rejected.movedAt }]);
    await rows.getByRole('link', { name: label(ranked[3]), exact: true }).click();
    await expect(page.getByTestId('stage-history')).toContainText('Asked for relocation budget we cannot offer');
  });

  await test.step('d. compare columns line up despite a long decision note', async () => {
    await page.getByLabel('Note', { exact: true }).fill('Long note. '.repeat(40));
    await page.getByRole('button', { name: 'Reject' }).click();
    await expect(page.getByTestId('decision-status')).toContainText('rejected');
    await page.goto(page.url().replace(/\/candidates\/.*$/, `/compare?a=${ranked[3].id}&b=${ranked[0].id}&c=${ranked[1].id}`));
    const scores = page.getByTestId('compare-column').getByTestId('candidate-score');
    await expect(scores).toHaveCount(3);
    const tops = await scores.evaluateAll((els) => els.map((e) => Math.round(e.closest('section')!.getBoundingClientRect().top)));
    expect(new Set(tops).size, `score cards start at ${tops.join(', ')}`).toBe(1);
  });

  expect(watch.problems()).toEqual([]);
});
