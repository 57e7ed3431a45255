/**
 * Evaluation data: the dev split in ../shared/data, loaded the way the product reads it, with the extracted
 * PDF text cached so a run of `npm run eval` does not re-read 1,700 PDFs every time.
 * Purpose: one loader per dataset for every part of the harness (ranking, parsing, masking, invariance).
 * Non-goals: metrics (each eval/*.ts module), printing.
 * Shape legend: the text cache is `.cache/eval/pdf-text-<key>.json`, where key hashes the ingest code
 * (src/lib/core/ingest, src/lib/core/text) so that a change to extraction invalidates it; entries map a
 * PDF's path relative to the data folder to its extracted text and hidden-text counts (or an error code). Nothing read here is
 * ever printed: the harness reports counts and rates only.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { extractText } from '../src/lib/core/ingest';

export const REPO = path.resolve(import.meta.dirname, '..');
export const DATA = path.resolve(REPO, '../shared/data');
const CACHE_DIR = path.join(REPO, '.cache/eval');

export const PATHS = {
  kagglePdfs: path.join(DATA, 'kaggle_resume_pdfs/data'),
  ner: path.join(DATA, 'resume_entities_ner/Entity Recognition in Resumes.json'),
  updated: path.join(DATA, 'updated_resume_dataset/UpdatedResumeDataSet.csv')
};

/** Whether a dataset is present; the harness skips a part with a message when it is not. */
export function have(file: string): boolean {
  return existsSync(file);
}

function ingestCodeKey(): string {
  const h = createHash('sha256');
  for (const dir of ['src/lib/core/ingest', 'src/lib/core/text']) {
    const abs = path.join(REPO, dir);
    for (const f of readdirSync(abs).sort()) h.update(f).update(readFileSync(path.join(abs, f)));
  }
  return h.digest('hex').slice(0, 16);
}

export interface CategoryDoc {
  /** Path relative to the dataset folder, e.g. "ACCOUNTANT/10554236.pdf". */
  id: string;
  category: string;
  text: string;
  /** Characters extractText dropped as invisible, by reason (PDFs read since the cache kept it). */
  hidden?: { chars: number; byReason: Record<string, number> };
}

/**
 * Every kaggle resume PDF as extracted text, through the product's own extractText (hidden-text defence on).
 * Unreadable and image-only files are left out and counted.
 */
export async function loadKagglePdfs(opts: { limit?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<{ docs: CategoryDoc[]; skipped: number }> {
  const files: Array<{ id: string; category: string }> = [];
  for (const category of readdirSync(PATHS.kagglePdfs).sort()) {
    const dir = path.join(PATHS.kagglePdfs, category);
    for (const f of readdirSync(dir).sort()) if (f.toLowerCase().endsWith('.pdf')) files.push({ id: `${category}/${f}`, category });
  }
  const key = ingestCodeKey();
  const cacheFile = path.join(CACHE_DIR, `pdf-text-${key}.json`);
  const cache: Record<string, { text?: string; error?: string; hidden?: CategoryDoc['hidden'] }> = existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, 'utf8')) : {};
  let dirty = false;
  let done = 0;
  for (const f of files) {
    if (!cache[f.id]) {
      const bytes = new Uint8Array(readFileSync(path.join(PATHS.kagglePdfs, f.id)));
      const r = await extractText(bytes, f.id);
      cache[f.id] = r.ok ? (r.value.imageOnly ? { error: 'image-only' } : { text: r.value.text, hidden: r.value.hidden }) : { error: r.error.code };
      dirty = true;
    }
    opts.onProgress?.(++done, files.length);
  }
  if (dirty) {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(`${cacheFile}.tmp`, JSON.stringify(cache));
    renameSync(`${cacheFile}.tmp`, cacheFile);
  }
  const docs: CategoryDoc[] = [];
  let skipped = 0;
  for (const f of files) {
    const c = cache[f.id];
    if (c.text && c.text.trim().length > 0) docs.push({ ...f, text: c.text, ...(c.hidden ? { hidden: c.hidden } : {}) });
    else skipped++;
  }
  return { docs: opts.limit ? docs.slice(0, opts.limit) : docs, skipped };
}

/** The UpdatedResumeDataSet, deduplicated by text (962 rows hold only 166 distinct resumes). */
export function loadUpdatedDataset(): CategoryDoc[] {
  const rows = Papa.parse<Record<string, string>>(readFileSync(PATHS.updated, 'utf8'), { header: true, skipEmptyLines: true }).data;
  const seen = new Set<string>();
  const out: CategoryDoc[] = [];
  rows.forEach((r, i) => {
    if (!r.Resume || seen.has(r.Resume)) return;
    seen.add(r.Resume);
    out.push({ id: `row-${i}`, category: r.Category, text: r.Resume });
  });
  return out;
}

export interface NerAnnotation {
  label: string[];
  points: Array<{ start: number; end: number; text: string }>;
}
export interface NerRow {
  content: string;
  annotation: NerAnnotation[] | null;
}

/** DataTurks annotated resumes (one JSON object per line; `end` is inclusive). */
export function loadNer(): NerRow[] {
  return readFileSync(PATHS.ner, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as NerRow);
}
