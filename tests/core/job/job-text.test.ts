/**
 * jobFromText: the role a one-paragraph posting names, however the writer opens it. Postings are pasted as a
 * single paragraph more often than not, and the role's words drive the role-match part of the score, so a posting
 * that falls back to "its first eight words" as the title ranks on noise.
 */
import { describe, expect, it } from 'vitest';
import { jobFromText } from '../../../src/lib/core/job/job-text';

const cases: Array<[string, string]> = [
  ['Bright Path Logistics is hiring a Warehouse Supervisor to lead our night shift team.', 'Warehouse Supervisor'],
  ['The Staff Accountant will be responsible for preparing journal entries and reconciliations. CPA preferred.', 'Staff Accountant'],
  ['Job Summary: The Registered Nurse provides direct patient care in our medical-surgical unit.', 'Registered Nurse'],
  ['Acme Bank seeks a Personal Banker to open accounts and advise customers.', 'Personal Banker'],
  ['Title: Data Analyst - Remote. Analyze data with SQL and Tableau.', 'Data Analyst'],
  ['Duties include teaching grades 3-5 and lesson planning. A state license is required for this Elementary Teacher position.', 'Elementary Teacher'],
  ['Fitness trainer wanted for a busy downtown gym; design programs and coach clients one-on-one.', 'Fitness Trainer'],
  ['Our client, a top consulting firm, is looking to hire an Associate Consultant to support engagements.', 'Associate Consultant'],
  ['Position Overview: We are growing our HR team and want an HR Generalist who can handle onboarding.', 'HR Generalist'],
  ['In this role, the Business Development Manager will identify new clients and close deals.', 'Business Development Manager'],
  ['Help us feed the city! Line cooks needed for breakfast and lunch shifts.', 'Line Cooks'],
  ['The ideal candidate has 5 years of sales experience. As our Account Executive you will own a territory.', 'Account Executive'],
  ['Hiring now: Customer Support Associate (voice process) for our inbound centre.', 'Customer Support Associate'],
  ['Seeking a hands-on Farm Operations Supervisor for a 2,000-acre row crop operation.', 'Farm Operations Supervisor'],
  ['Account Executive, Public Relations – Consumer. Our agency is looking for an AE who loves media.', 'Account Executive'],
  [`The Program Coordinator will run after-school programs.${' We run classes for children and teens.'.repeat(14)} We are looking for someone with a degree in Art.`, 'Program Coordinator']
];

describe('jobFromText on one-paragraph postings', () => {
  it.each(cases)('reads the role of %j', (text, title) => {
    const job = jobFromText(text)!;
    expect(job.title).toBe(title);
    expect(job.titleFrom).toBe('phrase');
    expect(job.description).toBe(text);
  });

  it('does not take a word that names nobody for the role ("looking for someone to …")', () => {
    const job = jobFromText('Looking for someone to handle our public relations: press releases and media contacts.')!;
    expect(job.titleFrom).toBe('fallback');
    expect(job.title).not.toMatch(/^someone$/i);
  });

  it('keeps a title line when the posting has one', () => {
    const job = jobFromText('Senior Payroll Specialist\nWe run payroll for 4,000 staff across three states.')!;
    expect(job).toEqual({ title: 'Senior Payroll Specialist', description: 'We run payroll for 4,000 staff across three states.', titleFrom: 'first-line' });
  });
});
