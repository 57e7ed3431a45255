/**
 * parseResume on issue 10's fourth pass over company values: what an entry's company slot holds that is no
 * employer's name, each on generated text in the shape real resumes use (made-up names, no personal data): a
 * site before " at " in the headline, a client labelled in Indeed's company slot, a date's lead word left by the
 * cut-out date, a city in brackets after the name, and sentences or lower-case phrases in the company slot.
 * Each rule's positive case failed on the parser before it; the other cases guard its limits.
 */
import { describe, expect, it } from 'vitest';
import { fields, indeedBlock, indeedTop, parse, span } from './work-helpers';
import { beforeDateWord, clientLabel, employerBracket, gluedCity, sentenceNotName } from '../../../src/lib/core/resume/title-employer';

const top = (headline: string) => indeedTop(headline);

describe('headline: a site before " at " is no employer', () => {
  it('reads "Supervisor, Plant at Northwind Estate" as the title alone', () => {
    const r = parse(top('Electrical Supervisor, Plant at Northwind Estate'));
    expect(r.basics.label).toBe('Electrical Supervisor');
    expect(fields(r)).toEqual([['Security Analyst', 'Fabrikam Technologies']]);
  });

  it('still takes a name after the title as its employer', () => {
    expect(fields(parse(top('Electrical Supervisor, Contoso Labs')))[0]).toEqual(['Electrical Supervisor', 'Contoso Labs']);
    expect(fields(parse(top('Electrical Supervisor, Contoso')))[0]).toEqual(['Electrical Supervisor', 'Contoso']);
  });
});

describe("experience: a client labelled in Indeed's company slot", () => {
  it('takes the employer the title names in brackets over the client', () => {
    const r = parse(indeedBlock('Technical Lead (HCL)', 'Client Contoso Systems -'));
    expect(fields(r)).toEqual([['Technical Lead', 'HCL']]);
    expect(span(r, 'work[0].name')).toBe('HCL');
  });

  it('keeps the client without its label when the title names no one', () => {
    const r = parse(indeedBlock('Test Lead', 'Client Contoso Systems -'));
    expect(fields(r)).toEqual([['Test Lead', 'Contoso Systems']]);
    expect(span(r, 'work[0].name')).toBe('Contoso Systems');
  });

  it('reads the label only at the start of the slot, before a name', () => {
    expect(clientLabel('Client Contoso Systems')).toBe('Client '.length);
    expect(clientLabel('Client: Contoso')).toBe('Client: '.length);
    expect(clientLabel('Clientele Contoso')).toBe(0);
    expect(clientLabel('client servicing team')).toBe(0);
    expect(clientLabel('Contoso Client Services')).toBe(0);
  });
});

describe('experience: what the cut-out date and the place leave on the name', () => {
  it('drops a date lead word ("Contoso Technology From March 2018 …")', () => {
    const r = parse(['WORK EXPERIENCE', '', 'Software Testing Intern at Contoso Technology From March 2018 to May 2018', '', '• Wrote tests.']);
    expect(fields(r)).toEqual([['Software Testing Intern', 'Contoso Technology']]);
    expect(beforeDateWord('Contoso Technology Since')).toBe('Contoso Technology'.length);
    expect(beforeDateWord('Fromm Logistics')).toBe('Fromm Logistics'.length);
  });

  it('moves a city in brackets to the place ("Fabrikam technology (Pune)")', () => {
    const r = parse(indeedBlock('System Engineer', 'Fabrikam technology (Pune) -'));
    expect(r.work.map((w) => [w.position, w.name, w.location])).toEqual([['System Engineer', 'Fabrikam technology', 'Pune']]);
    expect(span(r, 'work[0].location')).toBe('Pune');
    // Beside the slot's own place the name still loses the bracket.
    expect(fields(parse(indeedBlock('System Engineer', 'Fabrikam technology (Pune) - Pune, Maharashtra -')))).toEqual([['System Engineer', 'Fabrikam technology']]);
  });

  it('keeps a bracket that is no city, and a name that is only a city', () => {
    expect(fields(parse(indeedBlock('System Engineer', 'Fabrikam Systems (Software) -')))).toEqual([['System Engineer', 'Fabrikam Systems (Software)']]);
    expect(gluedCity({ start: 0, end: 10, text: 'Ltd (Pune)' })).toBeUndefined();
  });
});

describe('experience: a sentence is no company', () => {
  it('drops a verb-led value and a participle before its preposition', () => {
    expect(fields(parse(['EXPERIENCE', 'Established the Contoso Networks, Inc.', 'Founder 01/2010 to 12/2014', '• Built the product.']))).toEqual([['Founder', undefined]]);
    expect(parse(['EXPERIENCE', 'Commissioned by Contoso Cards Inc.', '', 'Featured in Inc.', '']).work).toEqual([]);
  });

  it('drops a lower-case phrase, and takes the name before "a Contoso Company"', () => {
    expect(parse(['EXPERIENCE', 'Gourmet office lunches, packaged meals, vegan solutions', '']).work).toEqual([]);
    expect(fields(parse(indeedBlock('Engineer', 'Fabrikam, a Contoso Company -')))).toEqual([['Engineer', 'Fabrikam']]);
  });

  it('keeps names that hold an article, a lower-case known company, and a subsidiary phrase', () => {
    expect(sentenceNotName('Fabrikam an Contoso Company')).toBe(false);
    expect(sentenceNotName('Bank of the West')).toBe(false);
    expect(sentenceNotName('The Consortium for Public Education')).toBe(false);
    expect(sentenceNotName('teleperformance microsoft')).toBe(false);
    expect(sentenceNotName('contoso technologies pvt ltd')).toBe(false);
    expect(sentenceNotName('oracle')).toBe(false);
    expect(sentenceNotName('Company is a diversified manufacturer')).toBe(true);
    expect(sentenceNotName('Complete the verification process')).toBe(true);
    expect(sentenceNotName('Facilitate a Growth Group monthly')).toBe(true);
  });
});

describe('title-employer: the employer in brackets after a title', () => {
  it('gives where the title ends and the employer', () => {
    const v = 'Technical Lead (Contoso Ltd)';
    const b = employerBracket(v)!;
    expect(v.slice(0, b.titleEnd)).toBe('Technical Lead');
    expect(v.slice(...b.employer)).toBe('Contoso Ltd');
    expect(employerBracket('Program Manager (Software Delivery)')).toBeUndefined();
  });
});

describe('experience: the office named before the employer', () => {
  it('drops "Head quarters of" and "Regional Office of" before the name', () => {
    expect(fields(parse(indeedBlock('Travel Consultant', 'Head quarters of CONTOSO TRAVELS PVT.LTD - Mysore, Karnataka -')))).toEqual([['Travel Consultant', 'CONTOSO TRAVELS PVT.LTD']]);
    expect(fields(parse(indeedBlock('Travel Consultant', 'Regional Office of Contoso Travels -')))).toEqual([['Travel Consultant', 'Contoso Travels']]);
  });

  it('keeps a name that only holds "office"', () => {
    expect(fields(parse(indeedBlock('Program Manager', 'Office Beacon - Vadodara, Gujarat -')))).toEqual([['Program Manager', 'Office Beacon']]);
  });
});
