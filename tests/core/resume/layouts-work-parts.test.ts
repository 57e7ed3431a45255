/**
 * parseResume on the layout rules of issue 10's third parser pass, each on generated text in the shape real
 * resumes use (made-up names, no personal data): the employer a headline names, Indeed's title slot holding a
 * phrase, a tools label without its colon, an undated repeat of a dated job, and brackets a line leaves open.
 * Each rule's positive case failed on the parser before it (stamp ingest-4); the other cases guard its limits.
 */
import { describe, expect, it } from 'vitest';
import { parseResume } from '../../../src/lib/core/resume';

const REF = { referenceDate: new Date(Date.UTC(2024, 5, 15)) };
const parse = (lines: string[]) => parseResume(lines.join('\n'), REF);
const fields = (r: ReturnType<typeof parseResume>) => r.work.map((w) => [w.position, w.name]);
const span = (r: ReturnType<typeof parseResume>, path: string) => {
  const p = r.provenance.find((x) => x.path === path);
  return p ? r.text.slice(p.start, p.end) : undefined;
};

const top = (headline: string) => ['Riya Example', headline, '', 'Pune, Maharashtra - Email me on Indeed: indeed.com/r/Riya-Example/0123456789abcdef', ''];
const job = ['WORK EXPERIENCE', '', 'Support Engineer', '', 'Contoso Systems - Pune, Maharashtra -', '', 'June 2016 to Present', '', 'Handled the service desk for the plant.', ''];

describe('experience: description lines', () => {
  it('reads "Technologies Used X" without its colon as a description line, never a company', () => {
    const r = parse(['EXPERIENCE', '', 'Developer', 'Technologies Used Contoso Studio .Net 2008', '', 'Tester', 'Environment Linux, Contoso Cloud']);
    expect(r.work.map((w) => w.name).filter(Boolean)).toEqual([]);
  });
});

describe("headline: the employer it names", () => {
  it('adds the headline job first when no entry names that employer', () => {
    const r = parse([...top('Associate Consultant - Northwind Bank'), ...job]);
    expect(fields(r)).toEqual([
      ['Associate Consultant', 'Northwind Bank'],
      ['Support Engineer', 'Contoso Systems']
    ]);
    expect(r.work[0].startDate).toBeUndefined();
    expect(span(r, 'work[0].name')).toBe('Northwind Bank');
    expect(span(r, 'work[0].position')).toBe('Associate Consultant');
    expect(span(r, 'work[1].name')).toBe('Contoso Systems');
    expect(span(r, 'work[1].startDate')).toBe('June 2016 to Present');
  });

  it('passes over further titles and a lead-in before the name', () => {
    expect(fields(parse([...top('UI Lead, Native App Developer - Northwind Bank'), ...job]))[0]).toEqual(['UI Lead', 'Northwind Bank']);
    expect(fields(parse([...top('Senior Executive - Job Profile in Northwind Services'), ...job]))[0]).toEqual(['Senior Executive', 'Northwind Services']);
  });

  it('adds nothing for an employer an entry names, a place, a school, a product or a sentence', () => {
    for (const headline of [
      'Support Engineer - Contoso Systems Ltd',
      'Analyst - Pune, Maharashtra',
      'Student - Contoso Institute of Technology',
      'Java Developer - Spring Boot',
      'Developer - looking for a job in testing'
    ]) {
      expect(fields(parse([...top(headline), ...job])), headline).toEqual([['Support Engineer', 'Contoso Systems']]);
    }
  });

  it('reads the employer only in Indeed\'s slot: elsewhere the second piece is as often a field', () => {
    const r = parse(['Pat Example', 'DIRECTOR, FINANCE OPERATIONS', 'pat@example.com', '', 'EXPERIENCE', 'Director at Contoso Systems', '2019 - 2020']);
    expect(r.basics.label).toBe('DIRECTOR');
    expect(fields(r)).toEqual([['Director', 'Contoso Systems']]);
  });
});

describe("experience: Indeed's title slot", () => {
  it('reads the line above "Company -" and the dates as the title even when it reads as a phrase', () => {
    expect(fields(parse(['WORK EXPERIENCE', '', 'Typing work', '', 'Contoso -', '', 'January 2018 to Present', '', 'Typed forms.']))).toEqual([['Typing work', 'Contoso']]);
    expect(fields(parse(['WORK EXPERIENCE', '', 'online job in home', '', 'Contoso Services - Pune, Maharashtra -', '', 'August 2016 to July 2017']))).toEqual([
      ['online job in home', 'Contoso Services']
    ]);
  });

  it('keeps a labelled detail, a sentence or a long phrase out of the slot', () => {
    for (const line of ['Project Title: Web Portal', 'Typed forms for the office.', 'Passed out in the first class with a three month training']) {
      const r = parse(['WORK EXPERIENCE', '', line, '', 'Contoso Services - Pune, Maharashtra -', '', 'August 2016 to July 2017']);
      expect(r.work.map((w) => w.position), line).toEqual([undefined]);
    }
  });
});

describe('experience: repeats and open brackets', () => {
  it('drops an undated entry that repeats a dated job, and keeps one at another employer', () => {
    const r = parse([
      'WORK EXPERIENCE',
      '',
      'Maintenance Consultant',
      '',
      'Contoso Limited - Chennai, Tamil Nadu -',
      '',
      'August 2013 to Present',
      '',
      '• Ran the asset module for the plant.',
      '',
      'Maintenance consultant',
      '',
      'Contoso Limited',
      '',
      '• Trained new members of the team.',
      '',
      'Junior Consultant',
      '',
      'Fabrikam Limited',
      '',
      '• Wrote reports.'
    ]);
    expect(fields(r)).toEqual([
      ['Maintenance Consultant', 'Contoso Limited'],
      ['Junior Consultant', 'Fabrikam Limited']
    ]);
    expect(span(r, 'work[1].name')).toBe('Fabrikam Limited');
  });

  it('leaves out a bracket a labelled company value leaves open at the end of its line', () => {
    const r = parse(['EXPERIENCE', 'Position: SUPPORT ENGINEER', 'Company: Contoso Corporation - Contoso Global Support Centre (Contoso', 'GSC), Bangalore', '2015 - 2017']);
    // The bracket goes; of "Corporation - Support Centre" the part with the legal form is the employer (title-employer.ts).
    expect(r.work.map((w) => w.name)).toEqual(['Contoso Corporation']);
  });

  it('drops an opening bracket a title never closes, in the headline and in an entry', () => {
    const r = parse(['Asha Example', '(Partner Readiness Project Manager (APAC) -', 'Contoso GPS', '', 'Bangalore, Karnataka - Email me on Indeed: indeed.com/r/Asha-Example/0123', '', 'WORK EXPERIENCE', '', '(Partner Readiness Project Manager (APAC)', '', 'Contoso GPS -', '', 'August 2014 to Present']);
    expect(r.basics.label).toBe('Partner Readiness Project Manager (APAC)');
    expect(fields(r)).toEqual([['Partner Readiness Project Manager (APAC)', 'Contoso GPS']]);
  });
});
