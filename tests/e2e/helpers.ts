/**
 * Shared e2e helpers: where the real resume PDFs are, a deterministic pick across categories, a recorder
 * that flags any request leaving the app's origin, a watcher for page errors, dialogs and Content-Security-Policy
 * violations, job creation, a shared job posting, reading the app's IndexedDB (read-only, e.g. to know which real
 * file each blind "Candidate #N" is), and an organisation's static model hosting (a CORS file server on 127.0.0.1).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, type BrowserContext, type Page } from '@playwright/test';

export const PDF_ROOT = path.resolve(process.cwd(), '../shared/data/kaggle_resume_pdfs/data');
export const hasResumePdfs = existsSync(PDF_ROOT);
export const SKIP_MESSAGE = `needs real resume PDFs at ${PDF_ROOT} (../shared is absent on this machine)`;

/** The first `count` PDFs (sorted by name) of each listed category, as absolute paths. */
export function pickResumes(perCategory: Record<string, number>): string[] {
  const picked: string[] = [];
  for (const [category, count] of Object.entries(perCategory)) {
    const dir = path.join(PDF_ROOT, category);
    const files = readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort().slice(0, count);
    picked.push(...files.map((f) => path.join(dir, f)));
  }
  return picked;
}

/** Records every request of the context (pages, workers, service worker); `foreign()` lists off-origin ones. */
export function recordRequests(context: BrowserContext, origin: string) {
  const urls: string[] = [];
  const record = (url: string) => urls.push(url);
  context.on('request', (request) => record(request.url()));
  context.on('page', (page) => page.on('request', (request) => record(request.url())));
  return {
    urls,
    foreign: () =>
      urls.filter((url) => {
        if (url.startsWith('data:') || url.startsWith('blob:' + origin) || url.startsWith('about:')) return false;
        try {
          return new URL(url).origin !== origin;
        } catch {
          return true;
        }
      })
  };
}

/**
 * Watches a page for what must never happen: an uncaught error, a dialog opened by page script (alert/confirm from
 * injected markup), and a Content-Security-Policy violation (reported by the page's securitypolicyviolation event
 * and by Chromium's console). `problems()` lists them; `acceptConfirms` lets the app's own confirm() through.
 */
export function watchPage(page: Page, options: { acceptConfirms?: boolean } = {}) {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.push(`CSP: ${msg.text()}`);
  });
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'beforeunload') return; // tests that expect it handle it themselves
    if (options.acceptConfirms && dialog.type() === 'confirm') return void dialog.accept();
    problems.push(`dialog ${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { problems: () => [...problems] };
}

/** Creates a job through the UI and waits for its page. */
export async function createJob(page: Page, title: string, description: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Job title').fill(title);
  await page.getByLabel('Job description').fill(description);
  await page.getByRole('button', { name: 'Create job' }).click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]+$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** Waits until the batch is read and ranked: no progress bar and `count` rows. */
export async function waitForBatch(page: Page, count: number, timeout = 240_000): Promise<void> {
  await expect(page.getByTestId('candidate-row')).toHaveCount(count, { timeout });
  await expect(page.getByTestId('ingest-progress')).toHaveCount(0, { timeout });
}

/** The app's IndexedDB, read directly (read-only): every record of each store in `records`, the primary keys of each in `keys`. */
export async function readStores(page: Page, records: string[], keys: string[] = []): Promise<{ records: Record<string, unknown[]>; keys: Record<string, string[]> }> {
  return page.evaluate(
    async ({ records, keys }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('shortlist');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const read = (store: string, how: 'getAll' | 'getAllKeys') =>
        new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(store).objectStore(store)[how]();
          req.onsuccess = () => resolve(req.result as unknown[]);
          req.onerror = () => reject(req.error);
        });
      const out = {
        records: Object.fromEntries(await Promise.all(records.map(async (store) => [store, await read(store, 'getAll')] as const))),
        keys: Object.fromEntries(await Promise.all(keys.map(async (store) => [store, (await read(store, 'getAllKeys')) as string[]] as const)))
      };
      db.close();
      return out;
    },
    { records, keys }
  );
}

/** Candidates of the (only) job with their score, best first (ties: lower ordinal first, as the UI), from IndexedDB. */
export async function rankedFromDb(page: Page): Promise<Array<{ fileName: string; score: number | null; ordinal: number }>> {
  const { records } = await readStores(page, ['candidates', 'scores']);
  const candidates = records.candidates as Array<{ id: string; fileName: string; ordinal: number }>;
  const scores = new Map((records.scores as Array<{ candidateId: string; result: { score: number } }>).map((s) => [s.candidateId, s.result.score]));
  return candidates
    .map((c) => ({ fileName: c.fileName, ordinal: c.ordinal, score: scores.get(c.id) ?? null }))
    // The table ranks by the exact score (it only displays it rounded), ties by ordinal: sort the same way.
    .sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.ordinal - b.ordinal);
}

/** A Senior Accountant posting with must-haves (years, degree, skills) and nice-to-haves, for the screening specs. */
export const ACCOUNTANT_JOB_DESCRIPTION = `We are hiring a Senior Accountant to own the general ledger and month-end close.

Requirements:
- 3+ years of experience in accounting
- Bachelor's degree in Accounting or Finance
- Strong Excel skills; QuickBooks experience
- Account reconciliation, accounts payable and accounts receivable
- Knowledge of GAAP and financial reporting

Nice to have:
- CPA
- SAP, payroll and audit experience`;

/**
 * Serves `root` on 127.0.0.1 as an organisation's static model hosting must for a cross-origin isolated app (README
 * "Hosting"): CORS (the app fetches in CORS mode) and Cross-Origin-Resource-Policy cross-origin; `close` stops it.
 */
export async function serveOrgHosting(root: string): Promise<{ base: string; close: () => Promise<void> }> {
  const shared = { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' };
  const server = http.createServer((req, res) => {
    const file = path.resolve(root, '.' + decodeURIComponent((req.url ?? '/').split('?')[0]));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) return void res.writeHead(404, shared).end();
    res.writeHead(200, { ...shared, 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => (server.listening ? server.close(() => r()) : r()))
  };
}
