/**
 * parseResume on the company/designation rules of issue 10's second pass, each on generated text in the shape
 * real resumes use (made-up names, no personal data): the Indeed dash line as the company slot, sub-heading
 * words that end no company name, a school with dates and no title, a job written out twice from the same start
 * date, Indeed's headline slot written "Company - Title", and a state code glued to a digit ("CA7").
 * Each rule's positive case failed on the parser before it; the other cases guard its limits.
 */
import { describe, expect, it } from 'vitest';
import { parseResume } from '../../../src/lib/core/resume';
import { fields, indeedBlock, parse, REF, span } from './work-helpers';

describe("experience: Indeed's dash line is the company slot", () => {
  it('takes the cued company on the dash line over a site named after "at" on the title line', () => {
    const r = parse(indeedBlock('Engineer - Service at Wipro Ltd. Ph', 'Fabrikam Ltd - Pune, Maharashtra -'));
    expect(r.work.map((w) => w.name)).toEqual(['Fabrikam Ltd']);
    expect(span(r, 'work[0].name')).toBe('Fabrikam Ltd');
  });

  it('keeps the employer after "at"/"@" on the title line when the dash line holds no cued name', () => {
    expect(parse(indeedBlock('Process Associate@ Contoso Services', 'HR SPOC - Pune, Maharashtra -')).work.map((w) => w.name)).toEqual(['Contoso Services']);
    expect(parse(indeedBlock('Process Associate at Contoso Ltd', 'SAP FICO -')).work.map((w) => w.name)).toEqual(['Contoso Ltd']);
  });

  it('never reads the title line as the company while the dash line names something', () => {
    const r = parse(indeedBlock('Assisting Microsoft Partners', 'Exchange Online and Office -'));
    expect(r.work.map((w) => w.name)).not.toContain('Assisting Microsoft Partners');
  });

  it('still reads a title line over a place-only dash line', () => {
    expect(fields(parse(indeedBlock('Data Entry Operator', 'Contoso Services - Pune, Maharashtra -')))).toEqual([['Data Entry Operator', 'Contoso Services']]);
  });
});

describe("experience: Indeed's title slot", () => {
  it('reads no sentence led by a past-tense verb as the title, still "Typing work" and "online job in home"', () => {
    expect(fields(parse(indeedBlock('Worked on network migration during intern', 'Contoso -')))).toEqual([[undefined, 'Contoso']]);
    expect(fields(parse(indeedBlock('Typing work', 'Contoso -')))).toEqual([['Typing work', 'Contoso']]);
    expect(fields(parse(indeedBlock('online job in home', 'Contoso -')))).toEqual([['online job in home', 'Contoso']]);
  });
});

describe('experience: sub-heading words end no company name', () => {
  it('drops "SAP Expertise" and "Life Sciences Domain" as companies, keeps "Contoso Skills Academy"', () => {
    const r = parse([
      'WORK EXPERIENCE',
      '',
      'Senior Systems Engineer',
      '',
      'Contoso Limited - Bengaluru, Karnataka -',
      '',
      'October 2015 to Present',
      '',
      '• Built reports.',
      '',
      'SAP Expertise',
      'SAPUI5/Fiori',
      '',
      '• Developed SAP UI5 applications.'
    ]);
    expect(r.work.map((w) => w.name)).toEqual(['Contoso Limited']);
    const domain = parse(indeedBlock('Technical Lead at Contoso Ltd.', 'Pharmaceuticals and Life Sciences Domain -'));
    expect(fields(domain)).toEqual([['Technical Lead', 'Contoso Ltd.']]);
    expect(fields(parse(indeedBlock('Trainer', 'Contoso Skills Academy - Pune, Maharashtra -')))).toEqual([['Trainer', 'Contoso Skills Academy']]);
  });
});

describe('experience: a school with dates and no title', () => {
  it("drops Indeed's education block put among the jobs, keeps a school with a title or a legal form", () => {
    const r = parse([
      'WORK EXPERIENCE',
      '',
      'Sales Executive',
      '',
      'Contoso Retail - Pune, Maharashtra -',
      '',
      'May 2010 to June 2014',
      '',
      '• Sold phones.',
      '',
      'Fabrikam University',
      '',
      'Amritsar, Punjab -',
      '',
      'July 2004 to June 2008'
    ]);
    expect(fields(r)).toEqual([['Sales Executive', 'Contoso Retail']]);
    expect(r.work.every((w) => w.startDate !== '2004-07')).toBe(true);
    expect(fields(parse(indeedBlock('Lab Assistant', 'Fabrikam University - Amritsar, Punjab -')))).toEqual([['Lab Assistant', 'Fabrikam University']]);
    expect(fields(parse(['WORK EXPERIENCE', '', 'Fabrikam Academy Pvt Ltd -', '', 'July 2004 to June 2008']))).toEqual([[undefined, 'Fabrikam Academy Pvt Ltd']]);
  });
});

describe('experience: a job written out twice', () => {
  const twice = (second: string[]) =>
    parse([
      'WORK EXPERIENCE',
      '',
      'Backup Administrator',
      '',
      'Contoso -',
      '',
      'May 2015 to April 2018',
      '',
      '• Ran the backups.',
      '',
      ...second,
      '',
      '• Restored the archive.'
    ]);

  it('keeps one entry for the same job from the same start date, with the place only the repeat gives', () => {
    const r = twice(['Backup Administrator', '', 'Contoso Technologies - Hyderabad, Telangana -', '', 'May 2015 to November 2017']);
    expect(fields(r)).toEqual([['Backup Administrator', 'Contoso']]);
    expect(r.work[0].location).toBe('Hyderabad, Telangana');
    expect(span(r, 'work[0].location')).toBe('Hyderabad, Telangana');
    expect(r.provenance.some((p) => p.path.startsWith('work[1]'))).toBe(false);
  });

  it('keeps two entries for another title, another employer or another start date', () => {
    expect(fields(twice(['Team Lead', '', 'Contoso Technologies -', '', 'May 2015 to November 2017']))).toHaveLength(2);
    expect(fields(twice(['Backup Administrator', '', 'Fabrikam Ltd -', '', 'May 2015 to November 2017']))).toHaveLength(2);
    expect(fields(twice(['Backup Administrator', '', 'Contoso Technologies -', '', 'June 2012 to April 2015']))).toHaveLength(2);
  });
});

describe("headline: Indeed's slot written \"Company - Title\"", () => {
  const top = (headline: string) => [
    'Riya Example',
    headline,
    '',
    'Chennai, Tamil Nadu - Email me on Indeed: indeed.com/r/Riya-Example/0123456789abcdef',
    '',
    'WORK EXPERIENCE',
    '',
    'Backup Administrator',
    '',
    'Fabrikam Technologies - Hyderabad, Telangana -',
    '',
    'May 2015 to April 2018'
  ];

  it('takes the title as the headline and the company before it as the headline job', () => {
    const r = parseResume(top('CONTOSO SYSTEMS - Backup Administrator').join('\n'), REF);
    expect(r.basics.label).toBe('Backup Administrator');
    expect(fields(r)).toEqual([
      ['Backup Administrator', 'CONTOSO SYSTEMS'],
      ['Backup Administrator', 'Fabrikam Technologies']
    ]);
    expect(span(r, 'work[0].name')).toBe('CONTOSO SYSTEMS');
  });

  it('keeps "Title - Company" and an uncued first piece as before', () => {
    expect(parseResume(top('Backup Administrator - Contoso Systems').join('\n'), REF).basics.label).toBe('Backup Administrator');
    expect(parseResume(top('Online data work - Backup Administrator').join('\n'), REF).basics.label).toBe('Online data work');
  });
});

describe('pieces: a state code glued to a digit is no place', () => {
  it('reads "Unix, CA7 scheduler" whole, not as the place "Unix, CA" and the fragment "7 scheduler"', () => {
    const r = parse(indeedBlock('Unix, CA7 scheduler', 'Contoso Limited -'));
    expect(r.work.map((w) => [w.position, w.location])).toEqual([['CA7 scheduler', undefined]]);
    expect(parse(indeedBlock('Data Analyst', 'Contoso Limited - Fresno, CA -')).work.map((w) => w.location)).toEqual(['Fresno, CA']);
  });
});
