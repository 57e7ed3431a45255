/**
 * What a recruiter does with a ranked shortlist, on 7 real resume PDFs plus one generated TXT resume that carries a
 * name and contact details (the Kaggle PDFs are anonymised, so only it can show a name appearing when blind mode is
 * switched off). Everything is checked against the ranking and against IndexedDB, read directly:
 *   a. compare three candidates side by side: labels, scores, must-have verdicts, skills and decisions agree with
 *      the ranking and the stored parse/score;
 *   b. export JSON: one row per candidate with the ranking's rank and score, the decisions and notes; blind mode hides
 *      names, contacts and file names; the rank stays the ranking's rank when the table is sorted otherwise;
 *   c. delete a candidate: gone from the table, every IndexedDB store and the export, also after a reload; the other
 *      candidates keep their scores and decisions;
 *   d. switch blind mode off: the name and file names appear, and the stored scores stay exactly the same, also when
 *      every candidate is re-scored with blind mode off (scores are always computed on masked text); switch it back
 *      on: masked again, scores still the same.
 * Needs ../shared (skips with a message otherwise).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ACCOUNTANT_JOB_DESCRIPTION, SKIP_MESSAGE, createJob, hasResumePdfs, pickResumes, readStores, waitForBatch } from './helpers';

// A fictional person: the name, e-mail, phone and city must never show in blind mode.
const NAME = 'Dana Whitfield';
const EMAIL = 'dana.whitfield@example.com';
const NAMED_FILE = 'dana-whitfield-resume.txt';
const NAMED_RESUME = `${NAME}
Senior Accountant
${EMAIL} | (555) 014-2278 | Springfield, IL

Summary
Accountant with 6 years of experience in general ledger, month-end close and financial reporting under GAAP.

Experience
Senior Accountant, Northwind Traders — January 2020 to Present
- Own the general ledger and account reconciliation for 14 entities
- Run accounts payable and accounts receivable; built Excel models for cash forecasting
Staff Accountant, Contoso Ltd — June 2017 to December 2019
- QuickBooks bookkeeping, payroll and audit support

Education
Bachelor of Science in Accounting, University of Illinois, 2017

Skills
Excel, QuickBooks, SAP, GAAP, account reconciliation, payroll, audit
`;

/** One candidate as stored in IndexedDB (read directly, not through the app). */
interface StoredCandidate {
  id: string;
  ordinal: number;
  fileName: string;
  name: string;
  score: number | null;
  scoredBlind: boolean | null;
  verdicts: Array<{ requirementId: string; met: string }>;
  decision: string | null;
  note: string;
  skills: string[];
}

/** The job's candidates from IndexedDB, best first (ties: lower ordinal), plus the candidate ids each store holds. */
async function readDb(page: Page): Promise<{ ranked: StoredCandidate[]; mustIds: string[]; idsByStore: Record<string, string[]> }> {
  const { records, keys } = await readStores(page, ['jobs', 'candidates', 'scores', 'decisions', 'parses', 'batchItems'], ['files']);
  const jobs = records.jobs as Array<{ job: { requirements: Array<{ id: string; priority: string }> } }>;
  const candidates = records.candidates as Array<{ id: string; ordinal: number; fileName: string; name: string }>;
  const scores = records.scores as Array<{ candidateId: string; blind: boolean; result: { score: number; requirements: Array<{ requirementId: string; met: string }> } }>;
  const decisions = records.decisions as Array<{ candidateId: string; decision: string; note: string }>;
  const parses = records.parses as Array<{ candidateId: string; resume: { skills: Array<{ keywords: string[] }> } | null }>;
  const idsByStore = {
    candidates: candidates.map((c) => c.id),
    files: keys.files,
    parses: parses.map((p) => p.candidateId),
    scores: scores.map((s) => s.candidateId),
    decisions: decisions.map((d) => d.candidateId),
    batchItems: (records.batchItems as Array<{ candidateId?: string }>).flatMap((b) => (b.candidateId ? [b.candidateId] : []))
  };
  const scoreOf = new Map(scores.map((s) => [s.candidateId, s]));
  const decisionOf = new Map(decisions.map((d) => [d.candidateId, d]));
  const parseOf = new Map(parses.map((p) => [p.candidateId, p]));
  const ranked = candidates
    .map((c) => {
      const score = scoreOf.get(c.id);
      return {
        id: c.id,
        ordinal: c.ordinal,
        fileName: c.fileName,
        name: c.name,
        score: score?.result.score ?? null,
        scoredBlind: score?.blind ?? null,
        verdicts: (score?.result.requirements ?? []).map((r) => ({ requirementId: r.requirementId, met: r.met })),
        decision: decisionOf.get(c.id)?.decision ?? null,
        note: decisionOf.get(c.id)?.note ?? '',
        skills: [...new Set((parseOf.get(c.id)?.resume?.skills ?? []).flatMap((g) => g.keywords))]
      };
    })
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.ordinal - b.ordinal);
  return { ranked, mustIds: jobs[0].job.requirements.filter((r) => r.priority === 'must').map((r) => r.id), idsByStore };
}

/** The shortlist table as the recruiter reads it, top to bottom. */
async function readTable(page: Page): Promise<Array<{ rank: number; score: number; label: string; must: string; decision: string; file: string }>> {
  return page.getByTestId('candidate-row').evaluateAll((rows) =>
    rows.map((row) => {
      const cell = (i: number) => (row.querySelectorAll('td')[i] as HTMLElement).innerText.trim();
      const part = (testId: string) => (row.querySelector(`[data-testid="${testId}"]`) as HTMLElement).innerText.trim();
      return { rank: Number(cell(0)), score: Number.parseInt(cell(1), 10), label: part('row-label'), must: part('must-count'), decision: cell(4), file: part('row-file') };
    })
  );
}

/** Clicks "Export JSON" and returns the parsed file and its raw text. */
async function exportJson(page: Page): Promise<{ text: string; json: { job: string; blind: boolean; exportedAt: string; candidates: Array<Record<string, unknown>> } }> {
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('shortlist-senior-accountant.json');
  const text = readFileSync((await download.path())!, 'utf8');
  return { text, json: JSON.parse(text) };
}

const label = (c: StoredCandidate) => `Candidate #${c.ordinal}`;
const mustMet = (c: StoredCandidate, mustIds: string[]) => c.verdicts.filter((v) => v.met === 'yes' && mustIds.includes(v.requirementId)).length;
const scoresById = (cs: StoredCandidate[]) => Object.fromEntries(cs.map((c) => [c.id, { score: c.score, scoredBlind: c.scoredBlind }]));

test.skip(!hasResumePdfs, SKIP_MESSAGE);

test('compare, JSON export, delete and blind mode agree with the ranking and IndexedDB', async ({ page }) => {
  test.setTimeout(240_000); // about 45 s here; a stuck action should fail well before the config's 6 minutes
  const pdfs = pickResumes({ ACCOUNTANT: 3, FINANCE: 2, CHEF: 1, TEACHER: 1 });
  const files = [
    ...pdfs.map((p) => ({ name: path.basename(p), mimeType: 'application/pdf', buffer: readFileSync(p) })),
    { name: NAMED_FILE, mimeType: 'text/plain', buffer: Buffer.from(NAMED_RESUME, 'utf8') }
  ];
  await createJob(page, 'Senior Accountant', ACCOUNTANT_JOB_DESCRIPTION);
  await page.getByTestId('resume-input').setInputFiles(files);
  await waitForBatch(page, 8);
  await expect(page.getByTestId('batch-errors')).toHaveCount(0);
  await expect(page.getByRole('switch', { name: 'Blind mode' })).toBeChecked();

  const start = await readDb(page);
  const { mustIds } = start;
  expect(mustIds.length).toBeGreaterThan(0);
  expect(start.ranked.every((c) => c.score !== null && c.scoredBlind === true)).toBe(true);
  const named = start.ranked.find((c) => c.name === NAME)!;
  expect(named, 'the generated resume is parsed with its name').toBeDefined();
  // The table is the stored ranking, blind: labels, rounded scores, must-haves met, file type and size only.
  const rows = page.getByTestId('candidate-row');
  expect(await readTable(page)).toEqual(
    start.ranked.map((c, i) => ({ rank: i + 1, score: Math.round(c.score!), label: label(c), must: `${mustMet(c, mustIds)}/${mustIds.length}`, decision: 'Undecided', file: expect.stringMatching(/^(PDF|TXT) · \d+ KB$/) }))
  );

  // Decisions first, so compare and export have some to show: select #2 with a note, reject #4.
  const [first, second, third, fourth] = start.ranked;
  const decide = async (c: StoredCandidate, button: 'Select' | 'Reject', note: string) => {
    await rows.getByRole('link', { name: label(c), exact: true }).click();
    await expect(page.getByTestId('candidate-title')).toHaveText(label(c));
    await page.getByLabel('Note').fill(note);
    await page.getByRole('button', { name: button }).click();
    await expect(page.getByTestId('decision-status')).toContainText(button === 'Select' ? 'selected' : 'rejected');
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Senior Accountant' }).click();
    await expect(rows).toHaveCount(8);
  };
  await decide(second, 'Select', 'Clean month-end close record; invite to interview');
  await decide(fourth, 'Reject', 'No GAAP reporting experience');

  await test.step('a. compare three candidates side by side', async () => {
    const compareButton = page.getByRole('button', { name: /^Compare \d\/3$/ });
    await expect(compareButton).toHaveText('Compare 0/3');
    await expect(compareButton).toBeDisabled();
    await page.getByRole('checkbox', { name: `Compare ${label(first)}`, exact: true }).check();
    await expect(compareButton).toBeDisabled(); // one is not a comparison
    await page.getByRole('checkbox', { name: `Compare ${label(second)}`, exact: true }).check();
    await page.getByRole('checkbox', { name: `Compare ${label(fourth)}`, exact: true }).check();
    await expect(compareButton).toHaveText('Compare 3/3');
    await compareButton.click();
    await expect(page).toHaveURL(new RegExp(`/compare\\?a=${first.id}&b=${second.id}&c=${fourth.id}$`));
    const columns = page.getByTestId('compare-column');
    await expect(columns).toHaveCount(3);
    const compared = [first, second, fourth];
    for (const [i, c] of compared.entries()) {
      const column = columns.nth(i);
      await expect(column.getByRole('heading', { level: 2 }).first()).toHaveText(label(c));
      await expect(column.getByTestId('candidate-score')).toHaveText(`${Math.round(c.score!)} / 100`);
      const verdicts = column.getByTestId('verdict');
      await expect(verdicts).toHaveCount(c.verdicts.length);
      const shown = await verdicts.evaluateAll((els) => els.map((e) => ({ met: e.getAttribute('data-met'), priority: e.getAttribute('data-priority') })));
      expect(shown.filter((v) => v.priority === 'must' && v.met === 'yes')).toHaveLength(mustMet(c, mustIds));
      expect(shown.filter((v) => v.met === 'yes')).toHaveLength(c.verdicts.filter((v) => v.met === 'yes').length);
      expect(await column.getByTestId('skill').allInnerTexts()).toEqual(c.skills.slice(0, 40));
      await expect(column.getByTestId('contact')).toHaveText('hidden in blind mode');
    }
    // Side by side, the columns keep the ranking's order of scores.
    const shownScores = (await columns.getByTestId('candidate-score').allInnerTexts()).map((t) => Number.parseInt(t, 10));
    expect(shownScores).toEqual([...shownScores].sort((x, y) => y - x));
    await expect(columns.nth(0).getByText(/^(selected|rejected)$/)).toHaveCount(0);
    await expect(columns.nth(1).getByText('selected', { exact: true })).toBeVisible();
    await expect(columns.nth(1)).toContainText('Clean month-end close record; invite to interview');
    await expect(columns.nth(2).getByText('rejected', { exact: true })).toBeVisible();
    await expect(columns.nth(2)).toContainText('No GAAP reporting experience');
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Senior Accountant' }).click();
    await expect(rows).toHaveCount(8);
  });

  await test.step('b. JSON export: ranking, scores, decisions; blind hides identity', async () => {
    const { text, json } = await exportJson(page);
    expect(json.job).toBe('Senior Accountant');
    expect(json.blind).toBe(true);
    expect(Number.isNaN(Date.parse(json.exportedAt))).toBe(false);
    // The columns the table shows beside the score: the stage, the masked title, relevant years, must-haves not met.
    for (const c of json.candidates) {
      expect(['New', 'Shortlisted', 'Interview', 'Offer', 'Rejected']).toContain(c.stage);
      expect(typeof c.title).toBe('string');
      expect(c.relevantYears === null || typeof c.relevantYears === 'number').toBe(true);
      const [met, total] = String(c.mustHavesMet).split('/').map(Number);
      expect(c.mustHavesMissing === '' ? 0 : String(c.mustHavesMissing).split('; ').length).toBeLessThanOrEqual(total - met);
    }
    expect(json.candidates.map(({ mustHavesMissing: _m, title: _t, relevantYears: _y, stage: _s, ...rest }) => rest)).toEqual(
      start.ranked.map((c, i) => ({
        rank: i + 1,
        candidate: label(c),
        file: expect.stringMatching(/^(PDF|TXT) · \d+ KB$/),
        location: '', // blind mode hides the location by default
        score: c.score, // exact: the table rounds for display, the export keeps the score it ranks by
        mustHavesMet: `${mustMet(c, mustIds)}/${mustIds.length}`,
        status: 'parsed',
        decision: c === second ? 'selected' : c === fourth ? 'rejected' : '',
        note: c === second ? 'Clean month-end close record; invite to interview' : c === fourth ? 'No GAAP reporting experience' : ''
      }))
    );
    for (const secret of [NAME, 'Whitfield', EMAIL, '014-2278', 'Springfield', NAMED_FILE, '.pdf', ...pdfs.map((p) => path.basename(p, '.pdf'))]) expect(text).not.toContain(secret);

    // The recruiter lets blind mode show the region: the export says Illinois, never the city; the
    // candidate's profile shows the same; back to hidden, both hide it again.
    const level = page.getByTestId('location-level');
    await level.selectOption('region');
    const regional = await exportJson(page);
    expect(regional.json.candidates.find((c) => c.candidate === label(named))?.location).toBe('Illinois, United States');
    expect(regional.text).not.toContain('Springfield');
    await rows.getByRole('link', { name: label(named), exact: true }).click();
    await expect(page.getByTestId('location')).toHaveText('Illinois, United States');
    await level.selectOption('none');
    await expect(page.getByTestId('location')).toHaveText('hidden in blind mode');
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Senior Accountant' }).click();
    await expect(rows).toHaveCount(8);

    // Sorted by decision instead of score (undecided first): the export keeps each candidate's rank in the ranking.
    await page.getByRole('button', { name: 'Decision', exact: true }).click();
    const sorted = await readTable(page);
    expect(sorted.map((r) => r.rank)).not.toEqual(sorted.map((_, i) => i + 1));
    const resorted = await exportJson(page);
    expect(resorted.json.candidates.map((c) => [c.candidate, c.rank])).toEqual(sorted.map((r) => [r.label, r.rank]));
    await page.getByRole('button', { name: 'Score', exact: true }).click();
    expect((await readTable(page)).map((r) => r.rank)).toEqual(start.ranked.map((_, i) => i + 1));
  });

  await test.step('c. delete a candidate: gone everywhere, the rest untouched, also after a reload', async () => {
    await rows.getByRole('link', { name: label(third), exact: true }).click();
    await expect(page.getByTestId('candidate-title')).toHaveText(label(third));
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete candidate' }).click();
    await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]+$/);
    await expect(rows).toHaveCount(7);
    const remaining = start.ranked.filter((c) => c !== third);
    const check = async () => {
      await expect(rows.getByRole('link', { name: label(third), exact: true })).toHaveCount(0);
      expect((await readTable(page)).map((r) => [r.label, r.score, r.decision])).toEqual(
        remaining.map((c) => [label(c), Math.round(c.score!), c === second ? 'Selected' : c === fourth ? 'Rejected' : 'Undecided'])
      );
      const db = await readDb(page);
      for (const [store, ids] of Object.entries(db.idsByStore)) expect(ids, `${store} still holds the deleted candidate`).not.toContain(third.id);
      expect(db.idsByStore.files.sort()).toEqual(remaining.map((c) => c.id).sort());
      expect(db.ranked.map((c) => ({ ...c, decision: null, note: '' }))).toEqual(remaining.map((c) => ({ ...c, decision: null, note: '' })));
      expect(db.ranked.filter((c) => c.decision).map((c) => [c.id, c.decision, c.note])).toEqual([
        [second.id, 'selected', 'Clean month-end close record; invite to interview'],
        [fourth.id, 'rejected', 'No GAAP reporting experience']
      ]);
      const { json } = await exportJson(page);
      expect(json.candidates.map((c) => c.candidate)).toEqual(remaining.map(label));
    };
    await check();
    await page.reload();
    await waitForBatch(page, 7);
    await check();
  });

  await test.step('d. blind mode off shows names and files, never changes a score; back on masks again', async () => {
    // "Re-read description" re-scores every candidate against the unchanged requirements and says so when done:
    // a deterministic point to compare stored scores with blind mode on and off.
    const rescoreAll = async () => {
      const reread = page.getByRole('button', { name: 'Re-read description' });
      await reread.click();
      await expect(reread).toBeEnabled();
      await expect(page.getByText('Requirements saved; candidates re-scored').first()).toBeVisible();
    };
    await rescoreAll();
    const before = await readDb(page);
    expect(before.ranked.every((c) => c.scoredBlind === true)).toBe(true);
    // The switch's input is visually hidden under its track: click the label, as a recruiter does.
    const blindSwitch = page.getByRole('switch', { name: 'Blind mode' });
    const blindLabel = page.getByRole('banner').getByText('Blind mode', { exact: true });
    await blindLabel.click();
    await expect(blindSwitch).not.toBeChecked();
    await expect(rows.getByRole('link', { name: NAME, exact: true })).toBeVisible();
    const open = await readTable(page);
    expect(open.map((r) => r.label)).toEqual(before.ranked.map((c) => (c.name ? c.name : label(c))));
    expect(open.map((r) => r.file)).toEqual(before.ranked.map((c) => c.fileName));
    expect(open.map((r) => r.score)).toEqual(before.ranked.map((c) => Math.round(c.score!)));
    await rescoreAll();
    expect(scoresById((await readDb(page)).ranked)).toEqual(scoresById(before.ranked));
    const { text, json } = await exportJson(page);
    expect(json.blind).toBe(false);
    expect(text).toContain(NAME);
    expect(json.candidates.map((c) => [c.file, c.score])).toEqual(before.ranked.map((c) => [c.fileName, c.score]));
    // The stored scores are exactly the ones computed on masked text, also after a reload with blind mode off.
    await page.reload();
    await waitForBatch(page, 7);
    await expect(rows.getByRole('link', { name: NAME, exact: true })).toBeVisible();
    expect(scoresById((await readDb(page)).ranked)).toEqual(scoresById(before.ranked));

    await blindLabel.click();
    await expect(blindSwitch).toBeChecked();
    await expect(rows.getByRole('link', { name: NAME, exact: true })).toHaveCount(0);
    expect((await readTable(page)).map((r) => [r.label, r.score])).toEqual(before.ranked.map((c) => [label(c), Math.round(c.score!)]));
    await page.reload();
    await waitForBatch(page, 7);
    expect(scoresById((await readDb(page)).ranked)).toEqual(scoresById(before.ranked));
  });
});
