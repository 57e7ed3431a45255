/**
 * parseResume on real resumes: DataTurks field precision/recall, and sections/entries found in the Kaggle
 * Resume.csv (IT subset, flattened PDF text) and the UpdatedResumeDataSet (deduplicated). Floors are a little
 * under the development numbers (part of each set is held back). Only counts are printed, never personal data.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseResume } from '../../../src/lib/core/resume';
import { evaluateDataTurks, loadNer } from './dataturks-eval';

const data = path.resolve(__dirname, '../../../../shared/data');
const nerFile = path.join(data, 'resume_entities_ner/Entity Recognition in Resumes.json');
const kaggleCsv = path.join(data, 'kaggle_resume_csv_it_subset/Resume.csv');
const updatedCsv = path.join(data, 'updated_resume_dataset/UpdatedResumeDataSet.csv');
for (const f of [nerFile, kaggleCsv, updatedCsv]) if (!existsSync(f)) console.warn(`[skip] ${f} not found; the real-data resume parsing checks that need it are skipped`);

const readCsv = (file: string) => Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
const REF = new Date(Date.UTC(2021, 0, 1));

describe.skipIf(!existsSync(nerFile))('DataTurks field extraction', () => {
  it('reaches the measured precision/recall floors', () => {
    const m = evaluateDataTurks(loadNer(nerFile));
    const fmt = (x: { precision: number; recall: number }) => `P ${x.precision.toFixed(3)} R ${x.recall.toFixed(3)}`;
    console.info(
      `[resume] DataTurks name ${fmt(m.name)}; email/profile ${fmt(m.email)}; graduation year ${fmt(m.graduationYear)}; ` +
        `years of experience ${fmt(m.yearsOfExperience)}; position ${fmt(m.position)}; company ${fmt(m.company)}; skill items recall ${m.skillItemRecall.toFixed(3)}, skill blocks with a match ${m.skillBlockRecall.toFixed(3)}`
    );
    expect(m.name.precision).toBeGreaterThanOrEqual(0.95);
    expect(m.name.recall).toBeGreaterThanOrEqual(0.95);
    expect(m.email.precision).toBeGreaterThanOrEqual(0.93);
    expect(m.email.recall).toBeGreaterThanOrEqual(0.93);
    expect(m.graduationYear.precision).toBeGreaterThanOrEqual(0.78);
    expect(m.graduationYear.recall).toBeGreaterThanOrEqual(0.68);
    expect(m.yearsOfExperience.precision).toBeGreaterThanOrEqual(0.8);
    expect(m.yearsOfExperience.recall).toBeGreaterThanOrEqual(0.6);
    // Positions/companies: the gold labels are incomplete (not every job is annotated), so precision reads low.
    expect(m.position.recall).toBeGreaterThanOrEqual(0.6);
    expect(m.position.precision).toBeGreaterThanOrEqual(0.35);
    expect(m.company.recall).toBeGreaterThanOrEqual(0.5);
    expect(m.company.precision).toBeGreaterThanOrEqual(0.3);
    expect(m.skillItemRecall).toBeGreaterThanOrEqual(0.5);
    expect(m.skillBlockRecall).toBeGreaterThanOrEqual(0.8);
  });
});

describe.skipIf(!existsSync(kaggleCsv))('Kaggle Resume.csv (flattened PDF text)', () => {
  it('finds experience, education and skills sections, dated entries and degrees in nearly every resume', () => {
    const rows = readCsv(kaggleCsv);
    const parsed = rows.map((row) => parseResume(row.Resume_str, { referenceDate: REF }));
    const share = (pred: (r: ReturnType<typeof parseResume>) => boolean) => parsed.filter(pred).length / parsed.length;
    const has = (kind: string) => (r: ReturnType<typeof parseResume>) => r.sections.some((s) => s.kind === kind);
    const shares = {
      experience: share(has('experience')),
      education: share(has('education')),
      skills: share(has('skills')),
      datedWork: share((r) => r.work.length > 0 && (r.totalYearsExperience ?? 0) > 0),
      degree: share((r) => r.education.some((e) => e.degreeLevel !== undefined))
    };
    console.info(`[resume] Kaggle IT subset (${rows.length}): ${JSON.stringify(Object.fromEntries(Object.entries(shares).map(([k, v]) => [k, Number(v.toFixed(3))])))}`);
    expect(shares.experience).toBeGreaterThanOrEqual(0.95);
    expect(shares.education).toBeGreaterThanOrEqual(0.93);
    expect(shares.skills).toBeGreaterThanOrEqual(0.92);
    expect(shares.datedWork).toBeGreaterThanOrEqual(0.9);
    expect(shares.degree).toBeGreaterThanOrEqual(0.85);
  });
});

describe.skipIf(!existsSync(updatedCsv))('UpdatedResumeDataSet (deduplicated)', () => {
  it('finds skills and experience sections and enough skills', () => {
    const texts = [...new Set(readCsv(updatedCsv).map((r) => r.Resume))];
    const parsed = texts.map((t) => parseResume(t, { referenceDate: REF }));
    const share = (pred: (r: ReturnType<typeof parseResume>) => boolean) => parsed.filter(pred).length / parsed.length;
    const skills = share((r) => r.sections.some((s) => s.kind === 'skills'));
    const experience = share((r) => r.sections.some((s) => s.kind === 'experience'));
    const threeSkills = share((r) => new Set(r.skillMentions.map((m) => m.skill)).size >= 3);
    console.info(`[resume] UpdatedResumeDataSet (${texts.length} unique): skills section ${skills.toFixed(3)}, experience section ${experience.toFixed(3)}, >=3 skills ${threeSkills.toFixed(3)}`);
    expect(skills).toBeGreaterThanOrEqual(0.95);
    expect(experience).toBeGreaterThanOrEqual(0.9);
    expect(threeSkills).toBeGreaterThanOrEqual(0.8);
  });
});
