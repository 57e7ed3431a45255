/**
 * Row profiles (core/shortlist/profile): the latest title naming the job's role, years in relevant roles, skills,
 * and a search text that keeps what the resume says about work but never the name, contact details or location.
 */
import { describe, expect, it } from 'vitest';
import { candidateProfile, searchableText } from '../../../src/lib/core/shortlist';
import { parseJob } from '../../../src/lib/core/job';
import { parseResume } from '../../../src/lib/core/resume';
import { prepareBlindResume } from '../../../src/lib/core/score';

const RESUME = `Dana Whitfield
Senior Accountant
dana.whitfield@example.com | (555) 014-2278 | Springfield, IL 62701

Summary
Accountant with general ledger experience. Based in Springfield, Illinois.

Experience
Senior Accountant, Northwind Traders, Austin, TX — January 2020 to December 2023
- Own the general ledger; Spark and Hadoop pipelines for reconciliation data
Barista, Blue Bottle Coffee — June 2016 to December 2019
- Espresso drinks and cash handling

Education
Bachelor of Science in Accounting, 2016
`;

const accountant = parseJob({ title: 'Senior Accountant', description: 'Requirements:\n- 3+ years of experience in accounting\n- Excel and QuickBooks' });
const chef = parseJob({ title: 'Head Chef', description: 'Requirements:\n- 2+ years of experience in kitchens' });

describe('candidateProfile', () => {
  const resume = parseResume(RESUME, { referenceDate: new Date('2024-06-01') });

  it('names the latest title of the role and counts only relevant years', () => {
    const p = candidateProfile(accountant, resume);
    expect(p.title).toBe('Senior Accountant');
    expect(p.titleRelevant).toBe(true);
    // 2020-01 … 2023-12 as an accountant; the barista years are not relevant to this job.
    expect(p.relevantYears).toBe(4);
    expect(p.skills).toContain('Apache Spark');
  });

  it('depends on the job: no title names a chef, so none is relevant and no year counts', () => {
    const p = candidateProfile(chef, resume);
    expect(p.titleRelevant).toBe(false);
    expect(p.title).toBe('Senior Accountant'); // the latest title, shown as not this role
    expect(p.relevantYears).toBeNull();
  });

  it('searches words of the work but never the name, contact details or places', () => {
    const { searchText } = candidateProfile(accountant, resume);
    for (const present of ['spark', 'general ledger', 'northwind traders', 'espresso']) expect(searchText).toContain(present);
    for (const secret of ['dana', 'whitfield', 'example.com', '014-2278', 'springfield', 'illinois', 'austin', '[name]', 'email']) expect(searchText).not.toContain(secret);
  });
});

describe('searchableText', () => {
  it('drops countries and regions named anywhere, keeps the words around them', () => {
    const masked = prepareBlindResume(parseResume('Experience\nData Engineer, Acme — 2019 to 2022\n- Moved from India to Ontario, Canada; Spark and Kafka\n')).resume;
    const text = searchableText(masked);
    expect(text).toContain('spark and kafka');
    for (const place of ['india', 'ontario', 'canada']) expect(text).not.toContain(place);
  });
});
