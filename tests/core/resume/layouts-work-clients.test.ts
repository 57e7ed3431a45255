/**
 * parseResume on the company rules of issue 10's fifth parser pass, each on generated text in the shape real
 * resumes use (made-up names, no personal data): legal forms written two ways, a table value on its own line
 * after its label, a project's client row, an undated Indeed job under a typed sub-heading, and courses or tools
 * in the company slot, a city glued to a company's name. Each rule's positive case failed on the parser before it; the other cases guard its limits.
 */
import { describe, expect, it } from 'vitest';
import { parseResume } from '../../../src/lib/core/resume';

const REF = { referenceDate: new Date(Date.UTC(2024, 5, 15)) };
const parse = (lines: string[]) => parseResume(lines.join('\n'), REF);
const fields = (r: ReturnType<typeof parseResume>) => r.work.map((w) => [w.position, w.name]);
const names = (r: ReturnType<typeof parseResume>) => r.work.map((w) => w.name);

/** An Indeed job block: title, "Company - City, State -", dates, one description line. */
const indeedJob = (title: string, company: string, dates: string) => ['', title, '', `${company} - Pune, Maharashtra -`, '', dates, '', '• Ran the release process for the team.'];

describe('experience: legal forms written two ways', () => {
  it('drops an undated repeat whose legal form is abbreviated ("CONTOSO SYSTEMS LTD." / "Contoso Systems Limited")', () => {
    const r = parse(['WORK EXPERIENCE', ...indeedJob('Build Engineer', 'Contoso Systems Limited', 'December 2014 to Present'), '', 'Responsibilities:', 'BUILD ADMINISTRATOR', 'CONTOSO SYSTEMS LTD.', '', '• Kept the build farm running.']);
    expect(names(r)).toEqual(['Contoso Systems Limited']);
  });

  it('keeps another company of the same group and a private/limited pair that differ in name', () => {
    const r = parse([
      'WORK EXPERIENCE',
      ...indeedJob('Build Engineer', 'Contoso Systems Pvt. Ltd', 'December 2014 to Present'),
      '',
      'Team Lead',
      'Contoso Systems BPO Private Limited',
      '',
      '• Led the night shift.',
      '',
      'Analyst',
      'Fabrikam Private Limited',
      '',
      '• Wrote reports.'
    ]);
    expect(names(r)).toEqual(['Contoso Systems Pvt. Ltd', 'Contoso Systems BPO Private Limited', 'Fabrikam Private Limited']);
  });
});

describe('experience: table values on their own line', () => {
  it('reads ": value" under a label as a detail, never as a title or company', () => {
    const r = parse([
      'WORK EXPERIENCE',
      ...indeedJob('Test Engineer', 'Contoso Ltd', 'April 2017 to Present'),
      '',
      'Project Name: Order Tracking',
      'Database tools',
      'Duration',
      '',
      ': SQL Developer, Fabrikam Loader for DB2',
      '',
      ': Mar 2016 - Oct 2016',
      '',
      'Client: Northwind Traders'
    ]);
    expect(fields(r)).toEqual([['Test Engineer', 'Contoso Ltd']]);
  });
});

describe("experience: a project's client row", () => {
  const top = ['WORK EXPERIENCE', ...indeedJob('Consultant', 'Contoso Infotech', 'November 2016 to Present'), ''];

  it('reads an undated name under a project heading and a "Client …" column header as the client, not an employer', () => {
    const r = parse([...top, 'PROJECT UNDERTAKEN', 'Client ERP Version Role and Responsibilities', 'Northwind Steel Group Plate Mills Division', 'Contoso ERP 6.0', ...indeedJob('Consultant', 'Fabrikam Works Ltd', 'January 2016 to October 2016')]);
    expect(fields(r)).toEqual([
      ['Consultant', 'Contoso Infotech'],
      ['Consultant', 'Fabrikam Works Ltd']
    ]);
  });

  it('keeps the employer a project block names by its label after the client ("Client X" / "Company Y Pvt. Ltd.")', () => {
    const r = parse([...top, 'Project 2:', '', 'Project Name Order Hub', 'Client Northwind Globe', 'Company Fabrikam Pvt. Ltd.', 'Environment Contoso BO 4.2', '', 'Description:', 'This project gives reports to the business users.']);
    expect(names(r)).toEqual(['Contoso Infotech', 'Company Fabrikam Pvt. Ltd.']);
  });

  it('keeps an undated job whose title merely starts with "Project" or "Customer"', () => {
    for (const title of ['Project Manager', 'Customer Service Advocate']) {
      const r = parse([...top, title, 'Northwind Traders Ltd', '', '• Ran the accounts.']);
      expect(fields(r).at(-1), title).toEqual([title, 'Northwind Traders Ltd']);
    }
  });
});

describe('experience: an undated Indeed job under a typed sub-heading', () => {
  it('reads "Title / Company Pvt. Ltd - City, State" in a skills part the sub-heading opened', () => {
    const r = parse([
      'WORK EXPERIENCE',
      '',
      'Contoso SQL Server',
      '',
      'Technical Expertise:-',
      'Languages C, C++, C#.NET.',
      'Databases Contoso SQL Server 2008, MySql.',
      '',
      'Jr. Developer',
      '',
      'Fabrikam Softech Pvt. Ltd - Pune, Maharashtra',
      '',
      'Database designing, user side coding and user side designing',
      '',
      'Grocery Billing System - Pune, Maharashtra',
      '',
      'Pune',
      'Technologies Used Visual Studio 2008'
    ]);
    expect(fields(r)).toEqual([['Jr. Developer', 'Fabrikam Softech Pvt. Ltd']]);
  });

  it('reads no such pair outside a sub-heading of the experience, nor one without a legal form or organisation word', () => {
    expect(parse(['Sam Example', '', 'SKILLS', '', 'Java Developer', '', 'Fabrikam Softech Pvt. Ltd - Pune, Maharashtra']).work).toEqual([]);
    const r = parse(['WORK EXPERIENCE', '', 'Developer', '', 'KEY SKILLS', '', 'Java Developer', '', 'Spring Boot - Pune, Maharashtra', '', 'Built services.']);
    expect(names(r).filter(Boolean)).toEqual([]);
  });
});

describe('experience: courses and tools in the company slot', () => {
  it('reads no level or grade as a title and no product named without a title as an employer', () => {
    const r = parse([
      'WORK EXPERIENCE',
      ...indeedJob('Test Engineer', 'Contoso Ltd', 'April 2017 to Present'),
      '',
      'Test Management Tool',
      '',
      'Selenium WebDriver -',
      '',
      '2012 to 2012',
      '',
      'B+ Average',
      'Advanced',
      '',
      'Power BI -',
      '',
      '2016 to 2016'
    ]);
    expect(fields(r)).toEqual([['Test Engineer', 'Contoso Ltd']]);
  });

  it('keeps a product-named company that has a title, and a known company named alone', () => {
    const r = parse(['WORK EXPERIENCE', ...indeedJob('Consultant', 'SAP ABAP', 'April 2017 to Present'), ...indeedJob('Advanced', 'Oracle', 'January 2015 to March 2017')]);
    expect(fields(r)).toEqual([
      ['Consultant', 'SAP ABAP'],
      [undefined, 'Oracle']
    ]);
  });
});

describe('experience: a city glued to the company', () => {
  it('keeps the city out of the name and gives it as the place', () => {
    const r = parse(['WORK EXPERIENCE', '', 'Devops Engineer', '', 'Contoso Bangalore -', '', 'June 2014 to May 2016', '', 'Analyst', '', 'Fabrikam Systems Ltd New Delhi -', '', 'June 2012 to May 2014']);
    expect(fields(r)).toEqual([
      ['Devops Engineer', 'Contoso'],
      ['Analyst', 'Fabrikam Systems Ltd']
    ]);
    expect(r.work.map((w) => w.location)).toEqual(['Bangalore', 'New Delhi']);
    const p = r.provenance.find((x) => x.path === 'work[1].location');
    expect(p && r.text.slice(p.start, p.end)).toBe('New Delhi');
  });

  it('keeps a city that ends the name itself ("Bank of Baroda") and a name that is a city alone', () => {
    const r = parse(['WORK EXPERIENCE', '', 'Clerk', '', 'Bank of Baroda -', '', 'June 2014 to May 2016', '', 'Analyst', '', 'Pune Ltd -', '', 'June 2012 to May 2014']);
    expect(names(r)).toEqual(['Bank of Baroda', 'Pune Ltd']);
    expect(names(parse(['EXPERIENCE', 'Company: Contoso Controls, Dubai', 'Designation: Site Engineer']))).toEqual(['Contoso Controls']);
  });
});
