/**
 * parseResume on the title/employer rules of issue 10's third pass (title-employer.ts, work-entries.ts), each on
 * generated text in the shape real resumes use (made-up names, no personal data): a headline written "Title in
 * Company" or "Company as Title", "Title in Field" as one title, a client glued to its employer by a dash, a phrase in Indeed's company slot
 * ending in its employer, an employer in brackets after a title, and the candidate's own name in the company slot.
 * Each rule's positive case failed on the parser before it; the other cases guard its limits.
 */
import { describe, expect, it } from 'vitest';
import { fields, indeedBlock, indeedTop, parse, span } from './work-helpers';
import { employerInSlot, legalPart, titleAndEmployer, titleBeforeEmployerBracket } from '../../../src/lib/core/resume/title-employer';

const top = indeedTop;

describe('headline: "Title in Company" and "Company as Title"', () => {
  it('takes the title as the headline and the company as its employer', () => {
    const r = parse(top('Security Analyst in Contoso Services'));
    expect(r.basics.label).toBe('Security Analyst');
    expect(span(r, 'basics.label')).toBe('Security Analyst');
    // No entry names Contoso Services: the headline's job comes first.
    expect(fields(r)).toEqual([
      ['Security Analyst', 'Contoso Services'],
      ['Security Analyst', 'Fabrikam Technologies']
    ]);
  });

  it('reads "Project Lead for Contoso Cloud Services" and "Contoso group as a Test Analyst" the same way', () => {
    expect(parse(top('Project Lead for Contoso Cloud Services')).basics.label).toBe('Project Lead');
    const r = parse(top('Contoso group as a Test Analyst', indeedBlock('Test Analyst', 'Contoso Ltd - Pune, Maharashtra -')));
    expect(r.basics.label).toBe('Test Analyst');
    // "Contoso group" is Contoso: the entry names it already, no second job is made up.
    expect(fields(r)).toEqual([['Test Analyst', 'Contoso Ltd']]);
  });

  it('leaves a field after "for" in the title, and a title without a cued company whole', () => {
    const r = parse(top('Associate Vice President for College Advancement'));
    expect(r.basics.label).not.toBe('Associate Vice President');
    expect(r.work.map((w) => w.name)).not.toContain('College Advancement');
    expect(parse(top('Data Analyst in Healthcare')).basics.label).toBe('Data Analyst in Healthcare');
  });
});

describe('experience: a client glued to its employer by a dash', () => {
  it('keeps the part with a legal form ("Northwind- Contoso BPO Ltd")', () => {
    const r = parse(indeedBlock('Process Specialist', 'Northwind Mortgage- Contoso BPO Ltd - Pune, Maharashtra -'));
    expect(fields(r)).toEqual([['Process Specialist', 'Contoso BPO Ltd']]);
    expect(span(r, 'work[0].name')).toBe('Contoso BPO Ltd');
  });

  it('keeps a title glued to the employer by a dash as the title', () => {
    expect(fields(parse(['EXPERIENCE', 'Senior Manager- Contoso Ltd, Jan 2015 - Dec 2018', '• Ran the team.']))).toEqual([['Senior Manager', 'Contoso Ltd']]);
    expect(fields(parse(indeedBlock('Sales Officer- Contoso Pvt Ltd', 'Fabrikam -')))).toEqual([['Sales Officer', 'Fabrikam']]);
  });

  it('reads a labelled company the same way, and keeps a hyphenated name whole', () => {
    const r = parse(['EXPERIENCE', '', 'Position: Support Engineer', 'Company: Contoso Corporation - Contoso India Support Center', 'July 2013 to May 2016']);
    expect(r.work.map((w) => w.name)).toEqual(['Contoso Corporation']);
    expect(legalPart('Coca-Cola Ltd')).toBeUndefined();
    // Both parts (or neither) with a legal form: no way to tell, the value stays.
    expect(legalPart('Contoso Ltd - Fabrikam Pvt Ltd')).toBeUndefined();
    expect(legalPart('Northwind - Fabrikam')).toBeUndefined();
  });
});

describe('experience: "Title in Field" is one title', () => {
  it('reads "Visiting Instructor in Finance" as the title, not "Finance" as the employer', () => {
    const r = parse(['EXPERIENCE', 'Visiting Instructor in Finance 09/2013 to 08/2014 Company Name City , State', 'Taught MBA classes in investments and financial markets.']);
    expect(fields(r)).toEqual([['Visiting Instructor in Finance', 'Company Name']]);
  });

  it('still splits a title from a named employer on such a line', () => {
    const r = parse(['EXPERIENCE', 'Visiting Instructor in Contoso Finance 09/2013 to 08/2014 City , State', 'Taught MBA classes in investments and financial markets.']);
    expect(fields(r)).toEqual([['Visiting Instructor', 'Contoso Finance']]);
  });
});

describe("experience: a phrase in Indeed's company slot ending in its employer", () => {
  it('takes the employer after "in" when it carries a legal form', () => {
    const r = parse(indeedBlock('Linux Administrator', 'Linux Administration in Contoso Ltd. - Bengaluru, Karnataka -'));
    expect(fields(r)).toEqual([['Linux Administrator', 'Contoso Ltd']]);
  });

  it('leaves a phrase whose tail is no known company or legal form, and an organisation before "in"', () => {
    expect(employerInSlot('Support Centre in Fabrikam Park')).toBeUndefined();
    expect(employerInSlot('Contoso Services in Fabrikam Ltd')).toBeUndefined();
    expect(employerInSlot('Linux Administration in Contoso Ltd.')).toEqual([24, 35]);
  });
});

describe('experience: an employer in brackets after the title', () => {
  it('ends the title before "(Contoso Ltd)" and "(Client of Contoso Pvt Ltd)"', () => {
    expect(fields(parse(indeedBlock('Technical Lead (Contoso Ltd)', 'Fabrikam Systems -')))).toEqual([['Technical Lead', 'Fabrikam Systems']]);
    expect(titleBeforeEmployerBracket('Sr. Software Engineer (Client of Contoso Pvt Ltd)')).toBe('Sr. Software Engineer'.length);
  });

  it('keeps a field or a level in brackets', () => {
    expect(fields(parse(indeedBlock('Program Manager (Software Delivery)', 'Fabrikam Systems -')))).toEqual([['Program Manager (Software Delivery)', 'Fabrikam Systems']]);
    expect(titleBeforeEmployerBracket('Senior Executive (MIS & Audit)')).toBe('Senior Executive (MIS & Audit)'.length);
  });
});

describe('experience: the candidate is not their own employer', () => {
  const resume = (dash: string) => [
    'Priya Tavarekere',
    'Bengaluru, Karnataka - Email me on Indeed: indeed.com/r/Priya-Tavarekere/0123456789abcdef',
    '',
    ...indeedBlock('Analyst Programmer', dash)
  ];

  it("drops a company that is a word of the candidate's name, keeps the entry", () => {
    const r = parse(resume('Tavarekere - Bengaluru, Karnataka -'));
    expect(r.basics.name).toBe('Priya Tavarekere');
    expect(fields(r)).toEqual([['Analyst Programmer', undefined]]);
    expect(r.work[0].startDate).toBe('2016-10');
    expect(r.provenance.some((p) => p.path === 'work[0].name')).toBe(false);
  });

  it('keeps a company that only starts with the name', () => {
    expect(fields(parse(resume('Tavarekere Software Ltd - Bengaluru, Karnataka -')))).toEqual([['Analyst Programmer', 'Tavarekere Software Ltd']]);
  });
});

describe('titleAndEmployer', () => {
  it('splits "Title in Company" and "Company as Title", not a title without a cued company', () => {
    const s = 'Security Analyst in Contoso Services';
    const both = titleAndEmployer(s)!;
    expect([s.slice(...both.title), s.slice(...both.company)]).toEqual(['Security Analyst', 'Contoso Services']);
    const t = 'Contoso group as a Test Analyst';
    const as = titleAndEmployer(t)!;
    expect([t.slice(...as.title), t.slice(...as.company)]).toEqual(['Test Analyst', 'Contoso group']);
    expect(titleAndEmployer('Data Analyst in Healthcare')).toBeUndefined();
  });
});
