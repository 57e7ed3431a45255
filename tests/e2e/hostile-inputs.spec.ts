/**
 * The hostile-input suite (tests/fixtures/hostile-inputs.ts: 51 generated files, a 20 MB TXT and a 26 MB DOCX
 * among them) dropped on a job in the built app, in Debian Chromium with its real workers and IndexedDB:
 *   - the batch completes, and every file is accounted for exactly once: a candidate, a duplicate listed with its
 *     reason, or an error row naming the file with the core reader's own message for it (0 records lost);
 *   - what ingestion noticed (400 pages, owner password, renamed, hidden text, injection) is on the candidate row;
 *   - nothing in any file or file name runs (no dialog, no page error, no CSP violation), no request leaves the
 *     app's origin, and a formula file name is exported as text in the CSV (blind mode off);
 *   - a reload re-reads nothing and loses nothing.
 * Needs nothing from ../shared.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { expect, test, type Page } from '@playwright/test';
import { extractText } from '../../src/lib/core/ingest';
import { writeHostileCorpus, type HostileFile } from '../fixtures/hostile-inputs';
import { ACCOUNTANT_JOB_DESCRIPTION, createJob, readStores, recordRequests, watchPage } from './helpers';

interface Candidate { id: string; fileName: string; status: string; warnings?: string[] }
interface Item { fileName: string; status: string; error?: string; candidateId?: string; duplicateReason?: string }

/** Every file's outcome as stored: candidates, and the error and duplicate rows of the batch. */
async function outcomes(page: Page) {
  const { records } = await readStores(page, ['candidates', 'batchItems']);
  const candidates = records.candidates as Candidate[];
  const items = records.batchItems as Item[];
  return {
    candidates,
    errors: items.filter((i) => i.status === 'error'),
    duplicates: items.filter((i) => i.status === 'duplicate'),
    queued: items.filter((i) => i.status === 'queued')
  };
}

let dir = '';
let corpus: Array<HostileFile & { path: string }> = [];
test.beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shortlist-hostile-e2e-'));
  corpus = writeHostileCorpus(dir);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('hostile inputs: a clear error per bad file, the batch completes, nothing lost, nothing runs', async ({ page, context, baseURL }) => {
  test.setTimeout(8 * 60_000);
  const requests = recordRequests(context, new URL(baseURL!).origin);
  const watch = watchPage(page, { acceptConfirms: true });
  await createJob(page, 'Senior Accountant', ACCOUNTANT_JOB_DESCRIPTION);
  const started = Date.now();
  await page.getByTestId('resume-input').setInputFiles(corpus.map((f) => f.path));
  await expect(page.getByTestId('ingest-progress')).toBeVisible();
  await expect(page.getByTestId('ingest-progress')).toHaveCount(0, { timeout: 6 * 60_000 });
  console.log(`[hostile] ${corpus.length} files read in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await expect(page.getByTestId('pending-files')).toHaveCount(0);

  // 0 records lost: every file is exactly one candidate, duplicate or error row.
  await expect.poll(async () => { const o = await outcomes(page); return o.candidates.length + o.errors.length + o.duplicates.length; }, { timeout: 30_000 }).toBe(corpus.length);
  const stored = await outcomes(page);
  expect(stored.queued).toEqual([]);
  const names = [...stored.candidates.map((c) => c.fileName), ...stored.errors.map((e) => e.fileName), ...stored.duplicates.map((d) => d.fileName)];
  expect(names.sort()).toEqual(corpus.map((f) => f.name).sort());

  // A clear error per bad file: the core reader's own message (computed here on the same bytes), on screen.
  const errorRows = page.getByTestId('batch-errors').locator('li');
  await expect(page.getByTestId('batch-errors')).toContainText(`${stored.errors.length} files could not be read`);
  for (const f of corpus.filter((c) => c.expect.kind === 'error')) {
    const code = (f.expect as { code: string }).code;
    const stored1 = stored.errors.find((e) => e.fileName === f.name);
    expect(stored1, f.name).toBeDefined();
    if (code === 'text-too-long') expect(stored1!.error).toMatch(new RegExp(`^${f.name.replace('.', '\\.')}: [\\d,]+ characters of text is more than a resume can have`));
    else {
      const direct = await extractText(f.bytes(), f.name);
      expect(direct.ok ? 'ok' : direct.error.code, f.name).toBe(code);
      if (!direct.ok) expect(stored1!.error).toBe(direct.error.message);
    }
    await expect(errorRows.filter({ hasText: stored1!.error! })).toHaveCount(1);
  }

  // What ingestion noticed is on the candidate's row; scans are marked as needing OCR.
  const byName = new Map(stored.candidates.map((c) => [c.fileName, c]));
  const rowOf = (c: Candidate) => page.getByTestId('candidate-row').filter({ has: page.locator(`a[href$="/candidates/${c.id}"]`) });
  for (const f of corpus) {
    const e = f.expect;
    const c = byName.get(f.name);
    if (e.kind === 'image-only') {
      expect(c?.status, f.name).toBe('image-only');
      await expect(rowOf(c!)).toContainText('Image only · needs OCR');
    }
    if (e.kind !== 'candidate' || !(e.warning || e.injection)) continue;
    expect(c, f.name).toBeDefined();
    const warnings = (c!.warnings ?? []).join('\n');
    if (e.warning) expect(warnings, f.name).toMatch(e.warning);
    if (e.injection) expect(warnings, f.name).toMatch(/possible prompt injection: asks the screener to ignore its instructions/);
    const shown = rowOf(c!).getByTestId('candidate-warnings');
    await shown.locator('summary').click();
    await expect(shown).toContainText(c!.warnings![0]);
  }

  // Duplicates: one of each pair is the candidate, the other is listed with the reason and points to it.
  const dupRows = page.getByTestId('batch-duplicates').locator('li');
  for (const f of corpus.filter((c) => c.expect.kind === 'duplicate')) {
    const e = f.expect as { of: string; reason: string };
    const kept = [f.name, e.of].filter((n) => byName.has(n));
    expect(kept, f.name).toHaveLength(1);
    const dropped = [f.name, e.of].find((n) => n !== kept[0])!;
    expect(stored.duplicates.find((d) => d.fileName === dropped)).toMatchObject({ duplicateReason: e.reason, candidateId: byName.get(kept[0])!.id });
    await expect(dupRows.filter({ hasText: `${dropped}:` })).toContainText(e.reason === 'same-text' ? 'Same text' : 'Same file');
  }

  // Blind mode off: hostile file names show as text, and the CSV neutralises the formula name. (The switch's
  // input is visually hidden under its track: click its label, as a recruiter does.)
  const blindLabel = page.getByRole('banner').getByText('Blind mode', { exact: true });
  await blindLabel.click();
  await expect(page.getByRole('switch', { name: 'Blind mode' })).not.toBeChecked();
  await expect(page.getByText('<img src=x onerror=alert(1)>.txt', { exact: true })).toHaveCount(1);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = Papa.parse<Record<string, string>>(readFileSync((await (await downloading).path())!, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const formula = corpus.find((f) => f.name.startsWith('=HYPERLINK'))!;
  expect(csv.map((r) => r.file)).toContain(`'${formula.name}`);
  for (const row of csv) expect(row.file, row.file).not.toMatch(/^[=+\-@\t\r]/);
  await blindLabel.click();

  // A reload re-reads nothing and loses nothing.
  await page.reload();
  await expect(page.getByTestId('batch-errors')).toContainText(`${stored.errors.length} files could not be read`);
  await expect(page.getByTestId('ingest-progress')).toHaveCount(0);
  const after = await outcomes(page);
  expect([after.candidates.length, after.errors.length, after.duplicates.length]).toEqual([stored.candidates.length, stored.errors.length, stored.duplicates.length]);

  expect(watch.problems()).toEqual([]);
  expect(requests.foreign()).toEqual([]);
});
