/**
 * parseResume on layout rules added for issue 10's Companies/Designation bar, each on generated text in the shape
 * real resumes use (made-up names, no personal data): Indeed's headline slot between the name and the "Email me
 * on Indeed" line, slashed titles in a headline, undated description or project lines that are no company, the
 * first line of a wrapped sentence under a date line, and a quoted title before "in Company".
 * Each rule's positive case failed on the parser before it (stamp ingest-3); the other cases guard its limits.
 */
import { describe, expect, it } from 'vitest';
import { parseResume } from '../../../src/lib/core/resume';

const REF = { referenceDate: new Date(Date.UTC(2024, 5, 15)) };
const parse = (lines: string[]) => parseResume(lines.join('\n'), REF);
const fields = (r: ReturnType<typeof parseResume>) => r.work.map((w) => [w.position, w.name]);

const indeedTop = (headline: string) => [
  'Riya Example',
  headline,
  '',
  'Pune, Maharashtra - Email me on Indeed: indeed.com/r/Riya-Example/0123456789abcdef',
  '',
  'WORK EXPERIENCE',
  '',
  'Data Entry Operator',
  '',
  'Contoso Services - Pune, Maharashtra -',
  '',
  'June 2016 to Present',
  ''
];

describe("headline: Indeed's slot and slashed titles", () => {
  it('takes the line between the name and the Indeed contact line as the headline without a title word', () => {
    expect(parse(indeedTop('IT SUPPORT')).basics.label).toBe('IT SUPPORT');
    expect(parse(indeedTop('Online data work - Contoso Services')).basics.label).toBe('Online data work');
  });

  it('keeps out of the slot: the name repeated, a sentence, a long phrase and a figure', () => {
    expect(parse(indeedTop('RIYA EXAMPLE')).basics.label).toBeUndefined();
    expect(parse(indeedTop('Actively looking for an opportunity in data entry and reporting')).basics.label).toBeUndefined();
    expect(parse(indeedTop('6+ Exp in banking operations')).basics.label).toBeUndefined();
  });

  it('needs the Indeed contact line below it to read an uncued line as the headline', () => {
    const r = parse(['Riya Example', 'Typing work', 'riya@example.com', '', 'EXPERIENCE', 'Clerk at Contoso Services', '2019 - 2020']);
    expect(r.basics.label).toBeUndefined();
  });

  it('reads a headline whose titles are joined by "/", but not a link', () => {
    // "Title in Company": the title is the headline, the company its employer (title-employer.ts).
    expect(parse(indeedTop('FI/CO Consultant in Fabrikam Ltd - Contoso')).basics.label).toBe('FI/CO Consultant');
    expect(parse(['Pat Example', 'HR DIRECTOR/ADMINISTRATOR', '', 'Experience', 'Director at Acme Corp', '2019 - 2020']).basics.label).toBe('HR DIRECTOR/ADMINISTRATOR');
    expect(parse(['Pat Example', 'github.com/pat-example/Engineer', '', 'Experience', 'Engineer at Acme Corp', '2019 - 2020']).basics.label).toBeUndefined();
  });
});

describe('work entries: lines that are no company', () => {
  it('drops an undated company-only entry that is a description line or a project heading, and keeps a named one', () => {
    const r = parse([
      'WORK EXPERIENCE',
      '',
      'Report Developer',
      '',
      'Fabrikam Limited - Pune, Maharashtra -',
      '',
      'August 2013 to Present',
      '',
      '• The earlier report had many drawbacks such as',
      '',
      'No flexibility for modification',
      'Not align with Systems objectives and processes',
      'Historical context on the asset is missing',
      '',
      'Private cloud Systems in India',
      '• Deployed a private cloud for a city data center',
      '',
      'Northwind Technologies Pvt Ltd'
    ]);
    expect(fields(r)).toEqual([
      ['Report Developer', 'Fabrikam Limited'],
      [undefined, 'Northwind Technologies Pvt Ltd']
    ]);
  });

  it('does not read the first line of a wrapped sentence under a date line as a glued header', () => {
    const r = parse([
      'WORK EXPERIENCE',
      '',
      'Individual - Mangalore, Karnataka -',
      '',
      'October 2009 to November 2010',
      '',
      'Effectiveness Lab, Organisational Effectiveness Labs and Group Workshop conducted',
      'by Contoso Consulting Services Private Limited during the academic years.'
    ]);
    expect(r.work.map((w) => w.name)).toEqual([undefined]);
    expect(r.work[0].startDate).toBe('2009-10');
  });

  it('still reads a flattened glued header under a date line that wraps ("Title Company Name - City , State Did …")', () => {
    const r = parse([
      'Experience',
      '05/2006 to 09/2006',
      'Website Designer Company Name - City , State Completed the website of a local water authority, including layout, content,',
      'and graphics.'
    ]);
    expect(fields(r)).toEqual([['Website Designer', 'Company Name']]);
  });

  it('splits a quoted title before "in Company" into title and employer', () => {
    const r = parse(['WORK EXPERIENCE', '', '"Process Executive" in Fabrikam BPO Limited, Bangalore', '', 'January 2006 to December 2007']);
    expect(fields(r)).toEqual([['Process Executive', 'Fabrikam BPO Limited']]);
  });
});
