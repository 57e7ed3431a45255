/**
 * parseJob on handwritten postings (sections, phrasing cues, years, education, title skills), weight
 * normalisation, and agreement with the ekrimmel CSV's approximate LLM-extracted fields.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeWeights, parseJob, type Job, type Requirement } from '../../../src/lib/core/job';
import { evaluatePostings, loadPostings } from './ekrimmel-eval';

const byId = (job: Job) => new Map(job.requirements.map((r) => [r.id, r]));
const sourceText = (job: Job, r: Requirement) => job.text.slice(r.source.start, r.source.end);

const BACKEND = {
  title: 'Senior Backend Engineer (Go)',
  description: `About us
We are a fintech startup. Perks: Python lunch club, free snacks.

Responsibilities
- Build APIs in PostgreSQL-backed services
- Operate services on k8s

Requirements:
- 5+ years of experience in backend development
- Strong SQL and Docker skills
- Bachelor's degree in Computer Science or related field

Nice to have
- Rust, Kafka
- Master's degree
- Terraform is a plus`
};

describe('parseJob', () => {
  const job = parseJob(BACKEND);
  const reqs = byId(job);

  it('takes must-haves from the requirements section and the title, nice-to-haves from "Nice to have" and cues', () => {
    expect(reqs.get('skill:go')?.priority).toBe('must'); // named in the title
    expect(reqs.get('skill:sql')?.priority).toBe('must');
    expect(reqs.get('skill:docker')?.priority).toBe('must');
    expect(reqs.get('skill:rust')?.priority).toBe('nice');
    expect(reqs.get('skill:kafka')?.priority).toBe('nice');
    expect(reqs.get('skill:terraform')?.priority).toBe('nice');
    // Duties name skills too, but with a requirements section present they are extras.
    expect(reqs.get('skill:kubernetes')?.priority).toBe('nice');
    // Company boilerplate is not a requirement.
    expect(reqs.has('skill:python')).toBe(false);
  });

  it('reads minimum years and education (lowest required level, higher level as a nice-to-have)', () => {
    expect(reqs.get('years')).toMatchObject({ kind: 'years', minYears: 5, priority: 'must' });
    expect(sourceText(job, reqs.get('years')!)).toBe('5+ years of experience');
    expect(reqs.get('education:bachelor')).toMatchObject({ degreeLevel: 'bachelor', area: 'Computer Science', priority: 'must' });
    expect(reqs.get('education:master')).toMatchObject({ degreeLevel: 'master', priority: 'nice' });
  });

  it('points every requirement at the text that justifies it', () => {
    for (const r of job.requirements) {
      expect(r.source.end, r.id).toBeGreaterThan(r.source.start);
      if (r.kind === 'skill') expect(sourceText(job, r).length, r.id).toBeGreaterThan(0);
    }
    expect(sourceText(job, reqs.get('skill:kubernetes')!)).toBe('k8s');
    expect(job.text.startsWith(BACKEND.title)).toBe(true);
  });

  it('treats a posting without sections as all requirements, with sentence cues still deciding', () => {
    const j = parseJob({
      title: 'Data Analyst',
      description: 'We need an analyst with at least three years working with Excel, Tableau and SQL. Familiarity with Python is a plus. BS in Statistics required.'
    });
    const r = byId(j);
    expect(r.get('years')).toMatchObject({ minYears: 3, priority: 'must' });
    expect(r.get('skill:tableau')?.priority).toBe('must');
    expect(r.get('skill:python')?.priority).toBe('nice');
    expect(r.get('education:bachelor')).toMatchObject({ area: 'Statistics', priority: 'must' });
  });

  it('reads years written as words, ranges and with a parenthesised digit', () => {
    const cases: Array<[string, number]> = [
      ['Minimum of two (2) years of relevant experience.', 2],
      ['3-5 years of experience with Java.', 3],
      ['You bring 10+ yrs experience leading teams.', 10],
      ['At least four years supervising volunteers.', 4]
    ];
    for (const [description, years] of cases) {
      expect(byId(parseJob({ title: 'Role', description })).get('years')?.minYears, description).toBe(years);
    }
    expect(byId(parseJob({ title: 'Role', description: 'Founded 12 years ago, we build tools.' })).has('years')).toBe(false);
  });

  it('gives weights by priority, and normalizeWeights makes them sum to 1 without mutating', () => {
    expect(reqs.get('skill:sql')!.weight).toBeGreaterThan(reqs.get('skill:rust')!.weight);
    const normalized = normalizeWeights(job.requirements);
    expect(normalized.reduce((a, r) => a + r.weight, 0)).toBeCloseTo(1, 10);
    expect(normalized.find((r) => r.id === 'skill:sql')!.weight / normalized.find((r) => r.id === 'skill:rust')!.weight).toBeCloseTo(2, 10);
    expect(job.requirements.reduce((a, r) => a + r.weight, 0)).toBeGreaterThan(1);
    const zero = normalizeWeights(job.requirements.slice(0, 4).map((r) => ({ ...r, weight: 0 })));
    expect(zero.map((r) => r.weight)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

const csvFile = path.resolve(__dirname, '../../../../shared/data/ekrimmel_collections_job_postings/job_descriptions.csv');
describe('parseJob on one-paragraph postings from other fields', () => {
  const para = (description: string) => parseJob({ title: '', description });
  const prio = (job: Job, id: string) => byId(job).get(id)?.priority;

  it('reads an inline "Requirements:" label as the must-have section, and "preferred" years as a nice-to-have', () => {
    const job = para(
      'Riverside Clinic is hiring a Medical Assistant. You will take vitals, room patients and draw blood. Requirements: medical assistant certification (CMA or RMA), phlebotomy experience and BLS. Spanish is a plus. At least 1 year in a clinic preferred.'
    );
    expect(prio(job, 'skill:phlebotomy')).toBe('must');
    expect(prio(job, 'skill:bls')).toBe('must');
    expect(prio(job, 'skill:spanish')).toBe('nice');
    expect(prio(job, 'years')).toBe('nice');
    // Without the label the same sentence names duties, not requirements.
    const unlabelled = para('Riverside Clinic is hiring a Medical Assistant. You will draw blood and keep BLS current.');
    expect(prio(unlabelled, 'skill:bls')).toBe('nice');
  });

  it('settles clinical and payroll acronyms by their surroundings (CMA/RMA, CPP)', () => {
    const clinic = para('Requirements: medical assistant certification (CMA or RMA) and experience with patients.');
    const skills = clinic.requirements.flatMap((r) => r.anyOf ?? (r.skill ? [r.skill] : []));
    expect(skills).toContain('Medical Assistant');
    expect(skills).not.toContain('CMA'); // the management accountant's credential
    expect(skills).not.toContain('Reverse Logistics');
    const payroll = para('You must have 3 years of payroll experience; CPP certification is nice to have.');
    expect(payroll.requirements.some((r) => r.skill === 'C++' || r.anyOf?.includes('C++'))).toBe(false);
    // The same names keep their meaning elsewhere.
    const names = (text: string) => para(text).requirements.flatMap((r) => r.anyOf ?? (r.skill ? [r.skill] : []));
    expect(names('Required: CPP and Linux for embedded firmware programming.')).toContain('C++');
    expect(names('Required: RMA processing for customer returns and warehouse inventory.')).toContain('Reverse Logistics');
    expect(names('Required: CMA or CPA and 5 years of cost accounting.')).toContain('CMA');
  });

  it('does not read ordinary words and abbreviations of other fields as skills or degrees', () => {
    const names = (text: string) => para(text).requirements.flatMap((r) => r.anyOf ?? (r.skill ? [r.skill] : []));
    const labels = (text: string) => para(text).requirements.map((r) => r.label);
    expect(names('Requirements: solid understanding of GAAP and accrual accounting.')).not.toContain('Design Patterns');
    expect(names('Requirements: Java, Spring and SOLID principles.')).toContain('Design Patterns');
    expect(names('Requirements: 3 years of litigation practice. Good drafting in English is essential.')).not.toContain('Technical Drawing');
    expect(names('Requirements: knowledge of FMVSS 135 and ECE R13-H braking regulations.')).not.toContain('Early Childhood Education');
    expect(names('Requirements: ECE certificate and 2 years with preschool children in a classroom.')).toContain('Early Childhood Education');
    expect(names("Requirements: a formal credit training program (e.g., Moody's, RMA) and strong Excel.")).not.toContain('Reverse Logistics');
    const kinds = (text: string) => para(text).requirements.filter((r) => r.kind === 'education').map((r) => r.label);
    expect(kinds('Requirements: working knowledge of MS Excel and MS-Office.')).toEqual([]);
    expect(kinds('Required: 3 years of desktop support; support VPN, MFA and SSO for 300 users.')).toEqual([]);
    expect(kinds('Required: MS in Computer Science.')).toHaveLength(1);
    expect(kinds('What you need: high school diploma (degree preferred).').join(' ')).not.toMatch(/in degree/i);
    expect(labels('Requirements: able to pass a background check and a drug test.').join(' ')).not.toMatch(/able to pass/);
    expect(names('Requirements: teachers collaborate in grade-level PLCs with other educators.')).not.toContain('PLC');
    expect(names('Requirements: PLC programming (Allen-Bradley) for packaging lines.')).toContain('PLC');
    expect(names('Requirements: keep the ATS (Greenhouse) accurate for every candidate.')).not.toContain('Horticulture');
  });
});

const hasCsv = existsSync(csvFile);
if (!hasCsv) console.warn(`[skip] ${csvFile} not found; job-posting agreement is not measured`);

describe.skipIf(!hasCsv)('parseJob on real collections-job postings (ekrimmel CSV)', () => {
  it('agrees with the extracted minimum years, degree level and required/preferred split', () => {
    const m = evaluatePostings(loadPostings(csvFile));
    console.info(`[job] ekrimmel agreement: ${JSON.stringify(m)}`);
    expect(m.years.agreement).toBeGreaterThanOrEqual(0.8);
    expect(m.education.agreement).toBeGreaterThanOrEqual(0.85);
    expect(m.niceUnderPreferred.agreement).toBeGreaterThanOrEqual(0.95);
    expect(m.mustUnderRequirements.agreement).toBeGreaterThanOrEqual(0.93);
  });
});
