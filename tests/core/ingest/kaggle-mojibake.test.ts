/**
 * Real-data check for the truncated fullwidth-dash mojibake in the Kaggle resume PDFs: their text layer reads
 * "Company Name ï¼ City" (U+FF0D "－" = EF BC 8D, whose 0x8D byte a Windows-1252 decoder dropped before the
 * PDFs were made). Counts "ï¼" in the raw pdf.js text and in extractText's cleaned text over a spread sample
 * of the dataset: the raw text must have some (else the sample proves nothing) and the cleaned text none.
 * Skips when ../shared is absent. Prints counts only, never resume text.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../src/lib/core/ingest';
import { extractPdfText } from '../../../src/lib/core/ingest/pdf';

const pdfRoot = path.resolve(__dirname, '../../../../shared/data/kaggle_resume_pdfs/data');
const hasShared = fs.existsSync(pdfRoot);
if (!hasShared) console.warn(`[skip] Kaggle PDF mojibake check: ${pdfRoot} not found`);
const SAMPLE = 100;
const TRUNCATED = /ï¼/g;
/** "Â" ending a word: a no-break space's lead byte (see core/text/mojibake.ts). */
const STRANDED_NBSP = /(?<=\S)Â(?=\s|$)/g;

/** Every k-th PDF of the sorted dataset, so each category is represented. */
function samplePdfs(): string[] {
  const all: string[] = [];
  for (const category of fs.readdirSync(pdfRoot).sort()) {
    for (const f of fs.readdirSync(path.join(pdfRoot, category)).sort()) if (f.endsWith('.pdf')) all.push(path.join(pdfRoot, category, f));
  }
  const step = Math.max(1, Math.floor(all.length / SAMPLE));
  return all.filter((_, i) => i % step === 0).slice(0, SAMPLE);
}

describe.skipIf(!hasShared)('Kaggle resume PDFs: truncated fullwidth dash', () => {
  it('leaves no "ï¼" in extracted text where the raw text layer has them', async () => {
    let raw = 0;
    let cleaned = 0;
    let fullwidthLeft = 0;
    let strandedRaw = 0;
    let strandedLeft = 0;
    let files = 0;
    for (const file of samplePdfs()) {
      const bytes = new Uint8Array(fs.readFileSync(file));
      const layer = await extractPdfText(bytes, path.basename(file), {});
      const result = await extractText(bytes, path.basename(file));
      if (!layer.ok || !result.ok) continue;
      files++;
      raw += layer.value.text.match(TRUNCATED)?.length ?? 0;
      cleaned += result.value.text.match(TRUNCATED)?.length ?? 0;
      fullwidthLeft += result.value.text.match(/[\uff01-\uff5e]/g)?.length ?? 0;
      strandedRaw += layer.value.text.match(STRANDED_NBSP)?.length ?? 0;
      strandedLeft += result.value.text.match(STRANDED_NBSP)?.length ?? 0;
    }
    console.log(`[ingest] ${files} Kaggle PDFs: "ï¼" in raw text layer ${raw}, after extractText ${cleaned}; stranded "Â" ${strandedRaw} -> ${strandedLeft}`);
    expect(files).toBeGreaterThanOrEqual(SAMPLE - 2);
    expect(raw).toBeGreaterThan(0);
    expect(cleaned).toBe(0);
    expect(fullwidthLeft).toBe(0);
    expect(strandedRaw).toBeGreaterThan(0);
    expect(strandedLeft).toBe(0);
  }, 300_000);
});
