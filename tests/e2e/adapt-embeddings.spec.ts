/**
 * Adapting the embedding model to the recruiter's decisions, in real Chromium on WebGPU (SwiftShader): a tiny random
 * BERT (tests/fixtures/tiny-bert-onnx.ts, real MiniLM tokenizer, float32 ONNX) is installed from an organisation's
 * hosting and made the active embedding model; a Senior Accountant job gets 9 accountant and 9 chef resumes (real
 * PDFs), the recruiter selects the accountants and rejects the chefs on the candidate screen. Then, in the re-fit
 * panel:
 *   a. "Also adapt the embedding model (LoRA)" runs in the adapt worker with a progress bar; Cancel stops it (no
 *      proposal, a toast says nothing changed);
 *   b. run again (12 steps, set in Settings): held-out agreement before and after is shown, on the WebGPU path;
 *   c. "Use adapted model": installed as a model of its own and active; the job's scores are re-computed and differ;
 *   d. "Revert to previous embedding model": the base model is active again and every stored score equals, exactly,
 *      the one stored before (c);
 *   e. "Export for central training" downloads a zip whose manifest lists the files with their SHA-256.
 * Prints the time of the LoRA in Chromium. Needs ../shared (skips with a message otherwise).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { buildTinyBertOnnx } from '../fixtures/tiny-bert-onnx';
import { SKIP_MESSAGE, createJob, hasResumePdfs, pickResumes, readStores, serveOrgHosting, waitForBatch, watchPage } from './helpers';

const TOKENIZER = path.resolve(process.cwd(), '../shared/models/minilm-l6-tokenizer');
const MODEL_ID = 'acme/tiny-matcher@fp32';
const PER_CATEGORY = { ACCOUNTANT: 9, CHEF: 9 };
const STEPS = 12;
const TOTAL = PER_CATEGORY.ACCOUNTANT + PER_CATEGORY.CHEF;
const JOB = `Senior Accountant. Requirements: general ledger and month-end close; account reconciliations; accounts payable
and receivable; financial statements and audits; GAAP; Excel and ERP systems.`;

test.skip(!hasResumePdfs, SKIP_MESSAGE);
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader', '--disable-vulkan-surface', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  }
});

async function storedScores(page: Page): Promise<Map<string, unknown>> {
  const { records } = await readStores(page, ['scores']);
  return new Map((records.scores as Array<{ candidateId: string; result: unknown }>).map((s) => [s.candidateId, s.result]));
}

test('LoRA of the embedding model on decisions: progress, cancel, agreement, use, revert exactly, export', async ({ page }) => {
  test.setTimeout(900_000);
  const watch = watchPage(page);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'shortlist-adapt-'));
  const dir = path.join(tmp, 'tiny-matcher');
  buildTinyBertOnnx(dir, { tokenizerDir: TOKENIZER, hiddenSize: 32, numLayers: 2, numHeads: 4, intermediateSize: 64, maxPositions: 512, seed: 3 });
  const list = (sub: string): string[] => readdirSync(path.join(dir, sub), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(path.join(sub, e.name)) : [path.join(sub, e.name)]));
  const files = list('').map((rel) => {
    const bytes = readFileSync(path.join(dir, rel));
    return { path: rel.split(path.sep).join('/'), size_bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ format: 'shortlist-model-manifest', version: 1, id: MODEL_ID, label: 'Tiny matcher (test)', task: 'embeddings', runtime: 'transformers.js', dtype: 'fp32', license: 'mit', files }));
  const hosting = await serveOrgHosting(tmp);
  try {
    await page.goto('/settings#advanced');
    await page.getByLabel('Model folder URL').fill(`${hosting.base}/tiny-matcher/`);
    await page.getByRole('button', { name: 'Download and verify' }).click();
    await expect(page.getByTestId('model-download')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(page.locator('#active-embeddings')).toHaveValue(MODEL_ID);
    // A short LoRA keeps the spec modest on SwiftShader (the setting's default is 40 steps).
    await page.goto('/settings');
    await page.getByLabel('Embedding model adaptation (LoRA)').fill(String(STEPS));
    await page.getByLabel('Embedding model adaptation (LoRA)').blur();

    const pdfs = pickResumes(PER_CATEGORY);
    const accountants = new Set(pdfs.filter((p) => path.basename(path.dirname(p)) === 'ACCOUNTANT').map((p) => path.basename(p)));
    await createJob(page, 'Senior Accountant', JOB);
    const jobUrl = new URL(page.url()).pathname;
    await page.getByTestId('resume-input').setInputFiles(pdfs.map((p) => ({ name: path.basename(p), mimeType: 'application/pdf', buffer: readFileSync(p) })));
    await waitForBatch(page, TOTAL, 400_000);
    const { records } = await readStores(page, ['candidates']);
    for (const c of records.candidates as Array<{ id: string; fileName: string }>) {
      const button = accountants.has(c.fileName) ? 'Select' : 'Reject';
      await page.goto(`${jobUrl}/candidates/${c.id}`);
      await page.getByRole('button', { name: button, exact: true }).click();
      await expect(page.getByTestId('decision-status')).toContainText(button === 'Select' ? 'selected' : 'rejected');
    }
    await page.goto(jobUrl);
    const adapt = page.getByTestId('adapt-panel');
    const start = adapt.getByRole('button', { name: 'Also adapt the embedding model (LoRA)' });
    await expect(adapt).toContainText('WebGPU');

    // a. Cancel mid-training.
    await start.click();
    await expect(adapt.getByRole('progressbar', { name: 'LoRA training steps' })).toBeVisible({ timeout: 300_000 });
    await adapt.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByText('Adapting the embedding model was cancelled; nothing changed.')).toBeVisible();
    await expect(adapt.getByTestId('adapt-progress')).toHaveCount(0);
    await expect(adapt.getByTestId('adapt-proposal')).toHaveCount(0);

    // b. The whole run.
    await start.click();
    await expect(adapt.getByTestId('adapt-proposal')).toBeVisible({ timeout: 600_000 });
    const before = Number(await adapt.getByTestId('adapt-before').innerText());
    const after = Number(await adapt.getByTestId('adapt-after').innerText());
    const seconds = Number(await adapt.getByTestId('adapt-ms').innerText());
    const proposalText = await adapt.getByTestId('adapt-proposal').innerText();
    console.log(`embedding LoRA in Chromium: ${TOTAL} decisions, held-out agreement ${before} → ${after}, ${seconds} s — ${proposalText.split('\n').find((l) => l.includes('steps'))}`);
    expect(proposalText).toMatch(/webgpu/i);
    expect(proposalText).toContain(`${STEPS} steps on`);
    expect(after).toBeGreaterThanOrEqual(0);
    expect(after).toBeLessThanOrEqual(1);

    // e. Export: a zip with the manifest, the merged ONNX and the adapter.
    const download = page.waitForEvent('download');
    await adapt.getByRole('button', { name: 'Export for central training' }).click();
    const zip = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
    const manifest = JSON.parse(new TextDecoder().decode(zip['manifest.json'])) as { files: Array<{ path: string; sha256: string }> };
    expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(['onnx/model.onnx', 'tokenizer.json', 'adapter/adapter_model.safetensors', 'adapter/adapter_config.json']));
    for (const f of manifest.files) expect(createHash('sha256').update(zip[f.path]).digest('hex')).toBe(f.sha256);

    // c. Use it: its own model, active, the job re-scored.
    const baseScores = await storedScores(page);
    await adapt.getByRole('button', { name: 'Use adapted model' }).click();
    await expect(adapt.getByRole('button', { name: 'Revert to previous embedding model' })).toBeVisible({ timeout: 300_000 });
    await expect.poll(async () => [...(await storedScores(page))].some(([id, r]) => JSON.stringify(r) !== JSON.stringify(baseScores.get(id))), { timeout: 300_000 }).toBe(true);
    await page.goto('/settings#advanced');
    await expect(page.locator('#active-embeddings')).toHaveValue('local/adapted-account@fp32');
    await page.goto(jobUrl);

    // d. Revert: the base model again, every score exactly as before.
    await adapt.getByRole('button', { name: 'Revert to previous embedding model' }).click();
    await expect(adapt.getByRole('button', { name: 'Revert to previous embedding model' })).toHaveCount(0, { timeout: 300_000 });
    await expect.poll(async () => {
      const now = await storedScores(page);
      return [...baseScores].every(([id, r]) => JSON.stringify(now.get(id)) === JSON.stringify(r));
    }, { timeout: 300_000 }).toBe(true);
    const reverted = await storedScores(page);
    expect([...reverted.keys()].sort()).toEqual([...baseScores.keys()].sort());
    for (const [id, r] of baseScores) expect(reverted.get(id)).toEqual(r);
    expect(watch.problems()).toEqual([]);
  } finally {
    await hosting.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});
