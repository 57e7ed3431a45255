/**
 * parseResume on text extracted from real Kaggle resume PDFs through the app's own ingestion (pdf.js), one
 * PDF from each category: the layout the app really sees (line breaks, column order), not the CSV text.
 * Only shares are printed. Skips when ../shared is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../src/lib/core/ingest';
import { parseResume, type ParsedResume } from '../../../src/lib/core/resume';
import { maskText } from '../../../src/lib/core/mask';
import { looksLikeSentence } from '../../../eval/parse';

const root = path.resolve(__dirname, '../../../../shared/data/kaggle_resume_pdfs/data');
const hasPdfs = existsSync(root);
if (!hasPdfs) console.warn(`[skip] ${root} not found; parsing of real PDF text is not measured`);

describe.skipIf(!hasPdfs)('parseResume on real PDF text (one Kaggle PDF per category)', () => {
  it('finds sections, dated work, degrees and skills in nearly every resume; blind masking keeps the skills', async () => {
    const files = readdirSync(root)
      .sort()
      .map((category) => {
        const pdfs = readdirSync(path.join(root, category)).filter((f) => f.endsWith('.pdf')).sort();
        return path.join(root, category, pdfs[0]);
      });
    const parsed: ParsedResume[] = [];
    let skillsKept = 0;
    let skillsTotal = 0;
    for (const file of files) {
      const extracted = await extractText(new Uint8Array(readFileSync(file)), path.basename(file));
      if (!extracted.ok) continue;
      const resume = parseResume(extracted.value.text, { referenceDate: new Date(Date.UTC(2021, 0, 1)) });
      parsed.push(resume);
      skillsTotal += resume.skillMentions.length;
      skillsKept += parseResume(maskText(resume.text, { profile: 'blind', knownNames: resume.basics.name ? [resume.basics.name] : [] }).text).skillMentions.length;
    }
    const share = (pred: (r: ParsedResume) => boolean) => parsed.filter(pred).length / parsed.length;
    const has = (kind: string) => (r: ParsedResume) => r.sections.some((s) => s.kind === kind);
    const shares = {
      experience: share(has('experience')),
      education: share(has('education')),
      skills: share(has('skills')),
      datedWork: share((r) => r.work.length > 0),
      degree: share((r) => r.education.some((e) => e.degreeLevel !== undefined)),
      threeSkills: share((r) => new Set(r.skillMentions.map((m) => m.skill)).size >= 3),
      // "Title MM/YYYY to Current / Company Name - City , State": a work entry whose position is a title.
      titledWork: share((r) => r.work.some((w) => !!w.position && !looksLikeSentence(w.position))),
      headline: share((r) => !!r.basics.label)
    };
    console.info(`[resume] Kaggle PDFs via ingest (${parsed.length}/${files.length}): ${JSON.stringify(Object.fromEntries(Object.entries(shares).map(([k, v]) => [k, Number(v.toFixed(3))])))}; blind skill mentions kept ${(skillsKept / skillsTotal).toFixed(3)}`);
    expect(parsed.length).toBeGreaterThanOrEqual(files.length - 1);
    expect(shares.experience).toBeGreaterThanOrEqual(0.9);
    expect(shares.education).toBeGreaterThanOrEqual(0.9);
    expect(shares.skills).toBeGreaterThanOrEqual(0.9);
    expect(shares.datedWork).toBeGreaterThanOrEqual(0.85);
    expect(shares.degree).toBeGreaterThanOrEqual(0.8);
    expect(shares.threeSkills).toBeGreaterThanOrEqual(0.9);
    expect(shares.titledWork).toBeGreaterThanOrEqual(0.95);
    expect(shares.headline).toBeGreaterThanOrEqual(0.8);
    expect(skillsKept / skillsTotal).toBeGreaterThanOrEqual(0.98);
  });
});
