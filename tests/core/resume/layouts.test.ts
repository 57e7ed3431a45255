/**
 * parseResume on the layouts real resumes use, each written here as generated text (no personal data):
 * "Title, Company, City ST | dates" on one line, "Company — Title", date lines before or after the title,
 * the Indeed "Title / Company - City, State - / dates" block, Kaggle-style flattened PDF lines, sections
 * without headings, education entries with their own dates (date line first), headline (basics.label),
 * location from the contact block only, and "Present" resolved to the document's date.
 * Every expectation here failed on the parser before issue 10's rework, or guards a layout it reads.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../../src/lib/core/ingest';
import { parseResume, type ParsedResume } from '../../../src/lib/core/resume';
import { twoColumnPdf } from '../../fixtures/bad-inputs';

const REF = new Date(Date.UTC(2024, 5, 15));

/** Every string field with a span: the span's text is the field's value (provenance kept as the parser writes it). */
function expectProvenance(r: ParsedResume): void {
  const valueAt = (path: string): unknown => path.replace(/\[(\d+)\]/g, '.$1').split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], r);
  for (const p of r.provenance) {
    const value = valueAt(p.path);
    expect(p.end, p.path).toBeGreaterThan(p.start);
    if (typeof value !== 'string' || /Date$|keywords/.test(p.path)) continue;
    expect(r.text.slice(p.start, p.end).replace(/\s+/g, ''), p.path).toBe(value.replace(/\s+/g, ''));
  }
}

const parsed: ParsedResume[] = [];
const parse = (text: string, opts = { referenceDate: REF }) => {
  const r = parseResume(text, opts);
  parsed.push(r);
  return r;
};

const work = (r: ParsedResume) => r.work.map((w) => ({ position: w.position, name: w.name, startDate: w.startDate, endDate: w.endDate ?? (w.current ? 'present' : undefined) }));

/** A position or company must never be a bullet or a sentence. */
function expectNoProseFields(r: ParsedResume): void {
  for (const w of r.work) {
    for (const v of [w.position, w.name]) {
      if (!v) continue;
      // No bullet, no sentence end ("Inc." and "Ltd." are abbreviations, not sentence ends).
      expect(v, v).not.toMatch(/^[•*\-–]|[;:]$|\p{Ll}{4,}\.$/u);
      expect(v.split(/\s+/).length, v).toBeLessThanOrEqual(8);
    }
  }
}

describe('work entries by layout', () => {
  it('reads "Title, Company, City ST | dates" on one line, and keeps the bullet below as the summary', () => {
    const text = [
      'Jordan Vale',
      'jordan.vale@example.com',
      '',
      'EXPERIENCE',
      'Senior Data Engineer, Brightwave Analytics, San Francisco, CA | Jan 2019 - Present',
      '• Grew the reporting department by 5% in every quarter.',
      'Data Engineer, Harbor Logistics Inc., Oakland, CA | Jun 2015 - Dec 2018',
      '• Built the nightly warehouse loads.'
    ].join('\n');
    const r = parse(text);
    expect(work(r)).toEqual([
      { position: 'Senior Data Engineer', name: 'Brightwave Analytics', startDate: '2019-01', endDate: 'present' },
      { position: 'Data Engineer', name: 'Harbor Logistics Inc.', startDate: '2015-06', endDate: '2018-12' }
    ]);
    expect(r.work[0].location).toBe('San Francisco, CA');
    expect(r.work[0].summary).toBe('Grew the reporting department by 5% in every quarter.');
    expectNoProseFields(r);
  });

  it('reads "Company — Title" with the dates on the next line', () => {
    const text = ['Work History', 'Northwind Traders Ltd — Account Manager', 'Mar 2016 – Dec 2018', 'Managed 40 key accounts.', '', 'Contoso Retail Group — Sales Associate', 'Jan 2013 – Feb 2016', 'Opened a new store.'].join('\n');
    const r = parse(text);
    expect(work(r)).toEqual([
      { position: 'Account Manager', name: 'Northwind Traders Ltd', startDate: '2016-03', endDate: '2018-12' },
      { position: 'Sales Associate', name: 'Contoso Retail Group', startDate: '2013-01', endDate: '2016-02' }
    ]);
  });

  it('gives each entry its own dates when the date line comes before the title', () => {
    const text = [
      'PROFESSIONAL EXPERIENCE',
      '2019 - 2021',
      'Operations Manager',
      'Fabrikam Foods Pvt Ltd',
      'Ran three distribution centres.',
      '',
      '2016 - 2019',
      'Shift Supervisor',
      'Tailspin Logistics Limited',
      'Scheduled 25 staff.'
    ].join('\n');
    const r = parse(text);
    expect(work(r)).toEqual([
      { position: 'Operations Manager', name: 'Fabrikam Foods Pvt Ltd', startDate: '2019', endDate: '2021' },
      { position: 'Shift Supervisor', name: 'Tailspin Logistics Limited', startDate: '2016', endDate: '2019' }
    ]);
  });

  it('reads the Indeed block (title, "Company - City, State -", dates) and an undated current job before it', () => {
    const text = [
      'Riya Example',
      'Senior Program Coordinator - Orbit Systems Limited',
      '',
      'Pune, Maharashtra - Email me on Indeed: indeed.com/r/Riya-Example/0123456789abcdef',
      '',
      'WORK EXPERIENCE',
      '',
      'Program Lead',
      '',
      'Orbit Systems Limited',
      '',
      'Senior Program Coordinator',
      '',
      'Orbit Systems Limited -  Pune, Maharashtra -',
      '',
      'July 2014 to Present',
      '',
      'Managing the learning platform and all processes supporting partner trainings.',
      '',
      'Process Specialist',
      '',
      'Meridian Services -  Bengaluru, Karnataka -',
      '',
      'July 2011 to December 2014',
      '',
      'Responsibility Areas:',
      '〓 Daily, weekly and monthly performance monitoring.'
    ].join('\n');
    const r = parse(text);
    expect(work(r)).toEqual([
      { position: 'Program Lead', name: 'Orbit Systems Limited', startDate: undefined, endDate: undefined },
      { position: 'Senior Program Coordinator', name: 'Orbit Systems Limited', startDate: '2014-07', endDate: 'present' },
      { position: 'Process Specialist', name: 'Meridian Services', startDate: '2011-07', endDate: '2014-12' }
    ]);
    expect(r.work[1].location).toBe('Pune, Maharashtra');
    expect(r.basics.label).toBe('Senior Program Coordinator');
    expect(r.basics.location).toMatchObject({ city: 'Pune', region: 'Maharashtra' });
  });

  it('reads Kaggle-style PDF lines: "Title MM/YYYY to Current" then "Company Name - City , State", and a header glued to its description', () => {
    const text = [
      'SENIOR ACCOUNTANT',
      'Summary',
      'Accountant with ten years in manufacturing.',
      'Experience',
      'Senior Accountant 04/2016 to Current',
      'Company Name - City , State',
      'Closed the books monthly for three entities.',
      'Company Name City , State Staff Accountant 01/2012 to 03/2016 Reconciled all bank and credit card accounts every month.',
      'Processed payroll for 120 employees.'
    ].join('\n');
    const r = parse(text);
    expect(work(r)).toEqual([
      { position: 'Senior Accountant', name: 'Company Name', startDate: '2016-04', endDate: 'present' },
      { position: 'Staff Accountant', name: 'Company Name', startDate: '2012-01', endDate: '2016-03' }
    ]);
    expect(r.basics.label).toBe('SENIOR ACCOUNTANT');
    expect(r.work[1].summary).toMatch(/^Reconciled all bank/);
    expectNoProseFields(r);
  });

  it('reads flattened text where runs of spaces separate the pieces of a line', () => {
    const flat = '   DATA ANALYST       Summary    Analyst with SQL.      Experience      Data Analyst   01/2019   to   Current     Company Name   City  ,   State      Built weekly dashboards for sales.      Education      Bachelor of Science  :   Statistics   2018   State University      Skills    SQL, Tableau   ';
    const r = parse(flat);
    expect(work(r)).toEqual([{ position: 'Data Analyst', name: 'Company Name', startDate: '2019-01', endDate: 'present' }]);
    expect(r.education[0]).toMatchObject({ studyType: 'Bachelor of Science', area: 'Statistics', endDate: '2018', institution: 'State University' });
  });

  it('finds dated entries in a resume without section headings, and never a bullet as a title', () => {
    const text = [
      'Sam Placeholder',
      'sam@example.org | 555-0100',
      'Backend Developer at Lakeside Software Solutions (2018 - 2021)',
      '- Shipped the billing API used by 40 teams.',
      'Junior Developer at Riverbank Technologies (2016 - 2018)',
      '- Maintained the test suite from 2016 to 2017.'
    ].join('\n');
    const r = parse(text);
    expect(work(r)).toEqual([
      { position: 'Backend Developer', name: 'Lakeside Software Solutions', startDate: '2018', endDate: '2021' },
      { position: 'Junior Developer', name: 'Riverbank Technologies', startDate: '2016', endDate: '2018' }
    ]);
    expectNoProseFields(r);
  });

  it('never takes a description label, a sentence or a profile link for a company or title', () => {
    const text = [
      'EXPERIENCE',
      'Test Engineer',
      'Quantum Apps Pvt Ltd -  Chennai, Tamil Nadu -',
      'June 2017 to Present',
      'Following are my roles and responsibilities in the project:',
      'PROJECT SUMMARY',
      'Environment: Java, Selenium',
      'https://www.indeed.com/r/Some-One/0123456789abcdef?isid=rex-download',
      'Period: June 2017 - Till Date',
      'Worked on the regression suite and reduced escapes.'
    ].join('\n');
    const r = parse(text);
    expect(work(r)).toEqual([{ position: 'Test Engineer', name: 'Quantum Apps Pvt Ltd', startDate: '2017-06', endDate: 'present' }]);
  });
});

describe('two-column PDF', () => {
  it('reads each column as its own sections: skills and education on the left, experience on the right', async () => {
    const extracted = await extractText(twoColumnPdf(), 'two-column.pdf');
    expect(extracted.ok).toBe(true);
    if (!extracted.ok) return;
    const r = parse(extracted.value.text);
    expect(r.sections.map((s) => s.kind)).toEqual(expect.arrayContaining(['skills', 'education', 'experience']));
    expect(r.work.map((w) => [w.position, w.name])).toEqual([['Lead engineer', 'Acme Analytics']]);
    expect(r.education.map((e) => [e.studyType, e.area, e.degreeLevel])).toEqual([['BSc', 'Computer Science', 'bachelor']]);
    expect(r.skillMentions.map((m) => m.skill)).toEqual(expect.arrayContaining(['TypeScript', 'Rust', 'PostgreSQL', 'Kubernetes']));
  });
});

describe('education entries', () => {
  it('gives each degree its own dates when the date line comes first', () => {
    const text = ['EDUCATION', '2018 – 2020', 'MBA in Finance', 'Anderson School of Management', '', '2014 – 2018', 'B.Com in Accounting', 'Riverside College'].join('\n');
    const r = parse(text);
    expect(r.education).toEqual([
      { studyType: 'MBA', degreeLevel: 'master', area: 'Finance', institution: 'Anderson School of Management', endDate: '2020' },
      { studyType: 'B.Com', degreeLevel: 'bachelor', area: 'Accounting', institution: 'Riverside College', endDate: '2018' }
    ]);
  });

  it('reads the Indeed layout, a degree line without a degree word, and table rows', () => {
    const text = [
      'EDUCATION',
      '',
      'Electrical and Electronics Engineering',
      '',
      'Lakeview Institute of Technology - Hyderabad, Telangana',
      '',
      '2011 to 2015',
      '',
      'B.COM. in Marketing, Accountancy',
      '',
      'Hillside Degree College -  Bengaluru, Karnataka',
      '',
      '2011',
      '',
      'SKILLS',
      'Excel',
      '',
      'ACADEMIC QUALIFICATIONS',
      'Qualification | Institute | Year | Percentage',
      'B.Tech (CSE) | Northfield Engineering College | 2016 | 78%',
      'HSC | Greenfield Junior College | 2012 | 81%'
    ].join('\n');
    const r = parse(text);
    expect(r.education).toEqual([
      { area: 'Electrical and Electronics Engineering', institution: 'Lakeview Institute of Technology', endDate: '2015' },
      { studyType: 'B.COM.', degreeLevel: 'bachelor', area: 'Marketing, Accountancy', institution: 'Hillside Degree College', endDate: '2011' },
      { studyType: 'B.Tech', degreeLevel: 'bachelor', area: 'CSE', institution: 'Northfield Engineering College', endDate: '2016' },
      { studyType: 'HSC', degreeLevel: 'secondary', institution: 'Greenfield Junior College', endDate: '2012' }
    ]);
  });

  it('separates institution and degree written in one run, in either order', () => {
    const text = ['Education', 'Westbrook University Master of Business Administration : Finance 2015', 'B.Com (Hons) Eastgate University 2011'].join('\n');
    const r = parse(text);
    expect(r.education.map((e) => [e.studyType, e.area, e.institution, e.endDate])).toEqual([
      ['Master of Business', 'Administration : Finance', 'Westbrook University', '2015'],
      ['B.Com', 'Hons', 'Eastgate University', '2011']
    ]);
  });
});

describe('headline and contact location', () => {
  it('takes the location from the contact block only', () => {
    const noHeadings = ['Alex Sample', 'alex@example.com', 'Front-end developer who builds accessible sites.', 'Tools: HTML, CSS, Bootstrap, React'].join('\n');
    expect(parseResume(noHeadings, { referenceDate: REF }).basics.location).toBeUndefined();
    const withCity = ['Alex Sample', 'Austin, TX | alex@example.com', 'Front-end developer.', 'Tools: HTML, CSS, Bootstrap'].join('\n');
    expect(parseResume(withCity, { referenceDate: REF }).basics.location).toEqual({ address: 'Austin, TX', city: 'Austin', region: 'TX' });
  });

  it('reads the headline from the top of the resume, with its provenance', () => {
    const text = ['Casey Example', 'Data Engineer | casey@example.com | +1 555 0100', 'Experience', 'Data Engineer at Acme Corp', '2019 - 2020'].join('\n');
    const r = parse(text);
    expect(r.basics.label).toBe('Data Engineer');
    const p = r.provenance.find((x) => x.path === 'basics.label')!;
    expect(text.slice(p.start, p.end)).toBe('Data Engineer');
    expect(p.start).toBe(text.indexOf('Data Engineer'));
  });
});

describe('years of experience', () => {
  const text = [
    'Morgan Example',
    'Analyst with 6+ years of experience in retail banking.',
    'Experience',
    'Senior Analyst, Bluefin Bank Ltd | Jan 2016 - Present',
    'Analyst, Bluefin Bank Ltd | Jan 2012 - Jun 2016',
    'Intern, Coral Credit Union | Jun 2011 - Aug 2011',
    'Certifications',
    'CFA Level I, June 2018'
  ].join('\n');

  it('states the stated figure and the merged, non-overlapping total', () => {
    const r = parseResume(text, { referenceDate: new Date(Date.UTC(2020, 0, 1)) });
    expect(r.statedYearsExperience).toBe(6);
    // 2011-06..2011-08 (3 months) + 2012-01..2019-12 (96 months, the 2016 overlap counted once) = 8.25 → 8.3.
    expect(r.totalYearsExperience).toBe(8.3);
    expect(r.referenceMonth).toBe('2020-01');
  });

  it('resolves "Present" to the latest date the resume mentions when no document date is given', () => {
    const r = parseResume(text);
    // The latest date mentioned is June 2018: 2011-06..08 + 2012-01..2018-06 = 3 + 78 months = 6.75 years.
    expect(r.referenceMonth).toBe('2018-06');
    expect(r.totalYearsExperience).toBe(6.8);
  });

  it('reads stated figures with months and extra words', () => {
    const cases: Array<[string, number]> = [
      ['Azure developer with 9 Yrs 8 months of working experience', 9.7],
      ['Offering over 22 years of rich national & international experience', 22],
      ['6+ Exp in banking operations', 6],
      ['Total experience: 4.5 years', 4.5]
    ];
    for (const [line, years] of cases) expect(parseResume(`Summary\n${line}\n`).statedYearsExperience, line).toBe(years);
  });
});

describe('work entries: what is never a company or a title', () => {
  it('reads an Indeed company line ending in a country code ("City, IN -") and never takes "Location: …" for a title', () => {
    const text = [
      'WORK EXPERIENCE',
      '',
      'Northwind Ltd - PUNE, IN -',
      '',
      'December 2013 to July 2015',
      '',
      'Location: Pune, India',
      'Client: Energy client from the USA',
      'Duration: December 2013 - July 2015',
      '',
      'Northwind Ltd - PUNE, IN -',
      '',
      'June 2013 to November 2013',
      '',
      'Location: Pune, India'
    ].join('\n');
    const r = parse(text);
    expect(work(r)).toEqual([
      { position: undefined, name: 'Northwind Ltd', startDate: '2013-12', endDate: '2015-07' },
      { position: undefined, name: 'Northwind Ltd', startDate: '2013-06', endDate: '2013-11' }
    ]);
  });

  it('gives the Indeed title line to its entry even where another block has no title, and prefers the employer with a legal form', () => {
    const text = [
      'WORK EXPERIENCE',
      '',
      'Lead Network Engineer',
      '',
      'Tailwind Networks - Bengaluru, Karnataka -',
      '',
      'March 2014 to Present',
      '',
      'Tested routers for two product lines.',
      '',
      'Tailwind Networks Limited (Bengaluru, Karnataka)',
      'Network Engineer (Jan 2012 - 2014)',
      'Process Analyst',
      '',
      'Harbor Bank - Contoso BPO Ltd - Bengaluru, Karnataka -',
      '',
      'February 2010 to March 2012',
      '',
      'Reconciled trades for the client.'
    ].join('\n');
    const r = parse(text);
    expect(work(r)).toEqual([
      { position: 'Lead Network Engineer', name: 'Tailwind Networks', startDate: '2014-03', endDate: 'present' },
      { position: 'Network Engineer', name: 'Tailwind Networks Limited', startDate: '2012-01', endDate: '2014' },
      { position: 'Process Analyst', name: 'Contoso BPO Ltd', startDate: '2010-02', endDate: '2012-03' }
    ]);
    expectNoProseFields(r);
  });

  it('takes no field of work, product name, lone legal form, list number or placeholder for a company', () => {
    const text = [
      'WORK EXPERIENCE',
      '',
      'Trainee',
      '',
      'Any role',
      '',
      'Test Analyst',
      'Microsoft SQL Server',
      'January 2016 to March 2017',
      '',
      'Ran the regression suite.',
      '',
      'Manager',
      '',
      'Inc -',
      '',
      'April 2012 to March 2013',
      '',
      'Ran the store.',
      '',
      'SAP Consultant',
      '',
      '3 Contoso Foods -',
      '',
      'October 2007 to September 2008',
      '',
      'Built reports.',
      '',
      'Confidential - Mysore, Karnataka -',
      '',
      'October 2005 to November 2006'
    ].join('\n');
    const r = parse(text);
    const names = r.work.map((w) => w.name);
    expect(names).not.toContain('Any role');
    expect(names).not.toContain('Microsoft SQL Server');
    expect(names).not.toContain('Inc');
    expect(names).not.toContain('Confidential');
    expect(names).toContain('Contoso Foods');
    expect(r.work.find((w) => w.name === 'Contoso Foods')?.position).toBe('SAP Consultant');
  });

  it('takes a role for a position, not a field of work, a tool or a place note', () => {
    const text = [
      'WORK EXPERIENCE',
      '',
      'Vendor Management',
      '',
      'Fabrikam Services Ltd -',
      '',
      'June 2013 to October 2015',
      '',
      'Tracked budgets for the portfolio.',
      '',
      'Inventory Tool',
      '',
      'Contoso Retail Ltd -',
      '',
      '2012 to 2013',
      '',
      'Kept the test plans.',
      '',
      'Security Guard',
      '',
      'Northwind Stores Inc -',
      '',
      '2010 to 2012',
      '',
      'Guarded the warehouse at night.',
      '',
      'Sales / Webmaster',
      '',
      'Tailspin Toys LLC -',
      '',
      '2008 to 2010',
      '',
      'Sold toys and kept the website.'
    ].join('\n');
    const r = parse(text);
    expect(work(r).map((w) => [w.position, w.name])).toEqual([
      [undefined, 'Fabrikam Services Ltd'],
      [undefined, 'Contoso Retail Ltd'],
      ['Security Guard', 'Northwind Stores Inc'],
      ['Sales / Webmaster', 'Tailspin Toys LLC']
    ]);
  });

  it('reads the line under a bare "Environment" label as that description, not as an entry', () => {
    const text = [
      'EXPERIENCE',
      'PMO Analyst',
      'Contoso BPO Ltd - Bengaluru, Karnataka -',
      'June 2017 to Present',
      'Tracked invoices.',
      '',
      'Environment',
      'CRS (Cost Reporting Suite), VMS (Vendor Master Store)',
      '',
      'Analyst',
      'Fabrikam Bank Ltd - Mumbai, Maharashtra -',
      'May 2015 to May 2017',
      'Reported on trades.'
    ].join('\n');
    const r = parse(text);
    expect(work(r).map((w) => [w.position, w.name])).toEqual([
      ['PMO Analyst', 'Contoso BPO Ltd'],
      ['Analyst', 'Fabrikam Bank Ltd']
    ]);
  });

  it('finds Indeed work blocks that text extraction put under another heading', () => {
    const text = [
      'WORK EXPERIENCE',
      '',
      'Build Engineer',
      '',
      'Wingtip Systems - Pune, Maharashtra -',
      '',
      'June 2016 to Present',
      '',
      'Automated the release pipeline.',
      '',
      'Key Skills',
      '',
      'Jenkins, Git',
      '',
      'Software Engineer',
      '',
      'Litware Corp - Pune, Maharashtra -',
      '',
      'June 2014 to May 2016',
      '',
      'Wrote the billing service.'
    ].join('\n');
    const r = parse(text);
    expect(work(r).map((w) => [w.position, w.name, w.startDate])).toEqual([
      ['Build Engineer', 'Wingtip Systems', '2016-06'],
      ['Software Engineer', 'Litware Corp', '2014-06']
    ]);
    // The block's title and company are not skills of the section it sits in.
    expect(r.listedSkills.map((s) => s.name)).toEqual(['Jenkins', 'Git']);
  });
});

describe('headline variants', () => {
  it('takes the title that opens a sentence, and "Head of …"', () => {
    const lead = parse(['Pat Example', 'Cloud Engineer with 7 years of experience in data platforms, streaming services and cost control.', '', 'Experience', 'Developer at Acme Corp', '2019 - 2020'].join('\n'));
    expect(lead.basics.label).toBe('Cloud Engineer');
    const head = parse(['Pat Example', 'head of finance and logistics', '', 'Experience', 'Manager at Acme Corp', '2019 - 2020'].join('\n'));
    expect(head.basics.label).toBe('head of finance and logistics');
    const objective = parse(['Pat Example', 'To work with a team that values growth and learning at every step of every project.', '', 'Experience', 'Manager at Acme Corp', '2019 - 2020'].join('\n'));
    expect(objective.basics.label).toBeUndefined();
    // "I" before a capitalised word is part of a name ("I Phone"), not the first person of a sentence.
    const product = parse(['Pat Example', 'I Phone Support Consultant', '', 'Experience', 'Consultant at Acme Corp', '2019 - 2020'].join('\n'));
    expect(product.basics.label).toBe('I Phone Support Consultant');
  });
});

describe('education: examining boards and column headings', () => {
  it('keeps an examining board ("Council of Secondary Education") whole as the institution and skips column-heading lines', () => {
    const text = ['EDUCATION', '', 'SSC', '', 'Council of Secondary Education - Nagpur, Maharashtra', '', '2008', '', 'B.Tech in CSE', '', 'Lakeview Institute of Technology - Pune, Maharashtra', '', '2014', '', 'School / Board', '', 'College or University'].join('\n');
    const r = parse(text);
    expect(r.education).toEqual([
      { studyType: 'SSC', degreeLevel: 'secondary', institution: 'Council of Secondary Education', endDate: '2008' },
      { studyType: 'B.Tech', degreeLevel: 'bachelor', area: 'CSE', institution: 'Lakeview Institute of Technology', endDate: '2014' }
    ]);
  });
});

describe('listed skills', () => {
  it('lists the items of skills sections as written: group labels, years notes, dates, places and sentences left off, duplicates once', () => {
    const text = [
      'Jo Example',
      'Pune, Maharashtra',
      '',
      'WORK EXPERIENCE',
      '',
      'Analyst',
      '',
      'Fabrikam Ltd - Pune, Maharashtra -',
      '',
      'June 2015 to March 2016',
      '',
      'Kept the ledgers.',
      '',
      'SKILLS',
      '',
      'DOCKER (2 years), KUBERNETES (2 years), JIRA (Less than 1 year), TERRAFORM (Less',
      'than 1 year), Client handling (3 years)',
      '',
      'ADDITIONAL INFORMATION',
      '',
      'Technical skills:',
      '❖ Build Tools: Gradle Wrapper (GW), Visual Studio 2019',
      '❖ Monitoring Tools: Grafana Cloud, Splunk',
      'Soft skills: Client handling, Audit &amp; Compliance',
      'Date of Birth: 01/01/1990',
      'Pune, Maharashtra',
      'June 2015 to March 2016',
      'Eager to learn new things in every project I join',
      '',
      'https://www.indeed.com/r/Jo-Example/0123456789abcdef'
    ].join('\n');
    const r = parse(text);
    expect(r.listedSkills.map((s) => s.name)).toEqual([
      'DOCKER',
      'KUBERNETES',
      'JIRA',
      'TERRAFORM',
      'Client handling',
      'Gradle Wrapper (GW)',
      'Visual Studio 2019',
      'Grafana Cloud',
      'Splunk',
      'Audit &amp; Compliance'
    ]);
    for (const s of r.listedSkills) expect(text.slice(s.start, s.end)).toBe(s.name);
    expect(r.listedSkills.find((s) => s.name === 'Visual Studio 2019')?.skills).toEqual(['Visual Studio']);
  });

  it('reads a programming "Languages:" section as a skill list, spoken languages and description text not', () => {
    const programming = parse(['EXPERIENCE', 'Developer at Acme Corp', '2019 - 2020', 'Built services in Go and Rust.', '', 'Languages: Go, Rust, Kotlin (JVM)', 'Frameworks: Ktor 2 & Gin 1'].join('\n'));
    expect(programming.listedSkills.map((s) => s.name)).toEqual(['Go', 'Rust', 'Kotlin (JVM)', 'Ktor 2 & Gin 1']);
    const spoken = parse(['EXPERIENCE', 'Developer at Acme Corp', '2019 - 2020', 'Built services in Go and Rust.', '', 'LANGUAGES', 'English, Hindi'].join('\n'));
    expect(spoken.listedSkills).toEqual([]);
  });
});

describe('provenance', () => {
  it('keeps a span for every field of every resume above, whose text is the field', () => {
    expect(parsed.length).toBeGreaterThan(10);
    for (const r of parsed) expectProvenance(r);
  });
});
