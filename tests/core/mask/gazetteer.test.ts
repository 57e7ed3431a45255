/**
 * The layout-independent name finder (src/lib/core/mask/gazetteer.ts) and its data (models/person-names.json).
 * Each case is a made-up person in a header layout the layout rules do not know, with the text that must
 * survive next to it; each precondition that a word is (or is not) in the gazetteer is asserted, so a rebuilt
 * gazetteer that changes it fails here first rather than silently.
 */
import { describe, expect, it } from 'vitest';
import personNames from '../../../models/person-names.json';
import { buildPersonNames } from '../../../scripts/build-person-names';
import { maskText } from '../../../src/lib/core/mask';
import { fileNameMentions, gazetteerHeaderNames, gazetteerPairs, gazetteerRuns } from '../../../src/lib/core/mask/gazetteer';
import { coverage, leakedNameOccurrences } from '../../fixtures/mask-coverage';

const GIVEN = new Set(personNames.given.split(' '));
const FAMILY = new Set(personNames.family.split(' '));
const blind = (text: string) => maskText(text, { profile: 'blind' });
const nameLeaks = (text: string, name: string) => leakedNameOccurrences(text, coverage(text, blind(text)), name);
const BODY = '\n\nSUMMARY\nPlatform engineer, 8 years of Kubernetes, Jenkins and Terraform.\n\nSKILLS\nRuby, Kafka, Docker\n';

describe('person-names gazetteer', () => {
  it('holds given and family names of many countries, folded, and no everyday resume words', () => {
    expect(personNames.locales.length).toBeGreaterThan(40);
    for (const w of ['priya', 'kwame', 'jose', 'chinedu', 'bence']) expect(GIVEN.has(w), w).toBe(true);
    for (const w of ['sharma', 'mensah', 'nagy', 'kovacs']) expect(FAMILY.has(w), w).toBe(true);
    // Dropped because masked resumes use them as ordinary words.
    for (const w of ['will', 'grant', 'young', 'summer', 'may']) expect(GIVEN.has(w) || FAMILY.has(w), w).toBe(false);
    const latin = [...GIVEN, ...FAMILY].filter((w) => /^\p{Script=Latin}+$/u.test(w));
    expect(latin.length).toBeGreaterThan(20000);
    expect(latin.filter((w) => w !== w.toLowerCase() || /\p{M}/u.test(w.normalize('NFD')))).toEqual([]);
  });

  it('is exactly what scripts/build-person-names.ts builds from the pinned faker version', () => {
    expect(buildPersonNames()).toEqual(personNames);
  });
});

describe('names wherever the header puts them', () => {
  it.each([
    ['after a Europass label and a column gap', 'PERSONAL INFORMATION        Chinedu Okafor\nData Engineer\n', 'Chinedu Okafor'],
    ['inside a box drawn with characters', '╔════════════════╗\n║  PRIYA SHARMA  ║\n╚════════════════╝\nAnalyst\n', 'PRIYA SHARMA'],
    ['family name first over two lines', 'KOVÁCS\nBence\nBudapest\nProduct Manager\n', 'KOVÁCS'],
    ['"FAMILY, Given" after contact lines', 'bk.work@mail.hu | +36 1 555 0100\nNAGY, Bence\nProduct Manager\n', 'NAGY, Bence'],
    ['after a tagline on the same line', 'Priya Sharma — turning data into decisions\nAnalyst\n', 'Priya Sharma'],
    ['with pronouns after it', 'Kwame Mensah (he/him)\nAnalyst\n', 'Kwame Mensah']
  ])('%s', (_case, header, name) => {
    const text = header + BODY;
    expect(gazetteerHeaderNames(text).length).toBeGreaterThan(0);
    expect(nameLeaks(text, name)).toEqual([]);
    // Skills that are also names stay.
    for (const skill of ['Jenkins', 'Ruby', 'Kafka']) expect(blind(text).text).toContain(skill);
  });

  it.each([
    ['a city and state code', 'Austin, TX'],
    ['a city and region', 'Pune, Maharashtra'],
    ['a job title', 'Senior Data Analyst'],
    ['a heading', 'PROFESSIONAL SUMMARY'],
    ['a month and year', 'May 2019'],
    ['skills', 'Ruby Jenkins']
  ])('finds no name in %s', (_case, line) => {
    expect(gazetteerHeaderNames(`${line}\nAnalyst\n`)).toEqual([]);
  });

  it('takes no evidence from a name word this text also uses in lower case', () => {
    expect(GIVEN.has('rose') || FAMILY.has('rose')).toBe(true);
    expect(gazetteerHeaderNames('Rose Valley Farms\nRevenue rose by 20% in a year.\n')).toEqual([]);
  });
});

describe('known given + family pairs anywhere', () => {
  it('masks a referee named without a label, and the same family name elsewhere', () => {
    const text = 'Ada Obi\nada@mail.com\n\nEXPERIENCE\nWorked with Kwame Mensah on the ledger migration; Mensah led QA.\n' + BODY;
    expect(gazetteerPairs(text)).toContain('Kwame Mensah');
    expect(nameLeaks(text, 'Kwame Mensah')).toEqual([]);
    expect(blind(text).text).toContain('ledger migration');
  });

  it('tries again from the next word ("Manager Priya Sharma")', () => {
    expect(gazetteerPairs('Reports to Regional Manager Priya Sharma weekly.')).toEqual(['Priya Sharma']);
  });

  it('keeps a name that is part of an institution or a place', () => {
    expect(gazetteerPairs('Studied at Priya Sharma College and the University of Kwame Mensah.')).toEqual([]);
    expect(gazetteerPairs('Office at Santa Priya Sharma.')).toEqual([]);
  });

  it('never reads an email local part or a link as a name', () => {
    expect(gazetteerPairs('Write to Priya.Sharma@mail.com or see example.com/Priya Sharma')).toEqual([]);
  });
});

describe('layouts the fresh4 split showed (made-up people, not the fixture lists)', () => {
  it.each([
    ['a right-hand column after the job title, no known name', 'Backend Developer                                    ZORIGT BATBAYAR\nzb@mail.mn                              +976 9911 2233\n', 'ZORIGT BATBAYAR'],
    ['given and family name on the first two lines', 'Ayantu\nGEMECHU\n\nData Engineer\nag@mail.et\n', 'GEMECHU'],
    ['initials and family name in a page footer', 'Data Engineer\nag@mail.et\n\nSUMMARY\nEngineer.\n\nPage 2 of 3 – K. Wanjiru – CV\n', 'Wanjiru'],
    ['a CV file name in the footer', 'Data Engineer\nag@mail.et\n\nSUMMARY\nEngineer.\n\nCV_mahlet_tesfaye_2024.pdf — page 1 of 2\n', 'tesfaye'],
    ['"First name(s):" and "Surname:" fields', 'Surname: Batbayar\nFirst name(s): Zorigt\nTelephone: +976 9911 2233\n', 'Zorigt'],
    ['a name field after "/" and the same name in lower case', '氏名 / Name: MWANGI Achieng\nふりがな / Furigana: mwangi achieng\n', 'mwangi achieng']
  ])('%s', (_case, header, name) => {
    const text = header + BODY;
    expect(nameLeaks(text, name)).toEqual([]);
    for (const skill of ['Jenkins', 'Ruby', 'Kafka', 'Kubernetes']) expect(blind(text).text).toContain(skill);
  });

  it('keeps the label of a name field and ordinary resume words in the first lines', () => {
    const masked = blind('Surname: Batbayar\nFirst name(s): Zorigt\n' + BODY).text;
    expect(masked).toContain('Surname:');
    expect(masked).toContain('First name(s):');
    const top = 'Backend Developer        Platform Engineer\nzb@mail.mn\n' + BODY;
    expect(gazetteerHeaderNames(top)).toEqual([]);
  });

  it('reads no file name as a name when its words are resume words', () => {
    const text = 'Data Engineer\nag@mail.et\n\nPortfolio: Data_Engineer_CV.pdf and Project_Report_2024.pdf\n';
    expect(fileNameMentions(text)).toEqual([]);
    expect(fileNameMentions('Attached: CV_mahlet_tesfaye_2024.pdf').map((f) => f.parts)).toEqual([['mahlet', 'tesfaye']]);
  });
});

describe('people in prose wherever they stand (made-up people)', () => {
  it.each([
    ['a known name after a verb and before a role', 'Shadowed Priya Nandakumar, Chief Engineer, for a year.', 'Priya Nandakumar'],
    ['an unknown name set off after "my supervisor,"', 'My supervisor, Zorigt Batbayar, nominated me for the award.', 'Zorigt Batbayar'],
    ['an unknown name before ", Regional Director"', 'Budget approved by Oyunaa Dashdorj, Regional Director.', 'Oyunaa Dashdorj'],
    ['an unknown name after an abbreviated title', 'Manager on record: Lic. Zorigt Batbayar', 'Zorigt Batbayar'],
    ['a relative', 'Married to Oyunaa Dashdorj, two children', 'Oyunaa Dashdorj']
  ])('%s', (_case, line, name) => {
    const text = 'Ada Obi\nada@mail.com\n\nEXPERIENCE\n- ' + line + BODY;
    expect(nameLeaks(text, name)).toEqual([]);
    for (const kept of ['Kubernetes', 'Jenkins', 'Terraform', 'Ruby', 'Kafka']) expect(blind(text).text).toContain(kept);
  });

  it('ends a name at a word of resume language and keeps institutions and skills', () => {
    expect(gazetteerRuns('Shadowed Priya Sharma Chief Engineer')).toEqual(['Priya Sharma']);
    expect(gazetteerRuns('Graduated from Priya Sharma College; studied at the University of Kwame Mensah')).toEqual([]);
    expect(gazetteerRuns('Tools: Apache Kafka Streams, Jenkins Pipeline, Ruby Gems')).toEqual([]);
    expect(gazetteerRuns('Led the Data Platform Migration for Regional Sales')).toEqual([]);
    // Institutions and awards named after people keep the person's name.
    expect(gazetteerRuns('Rotations at Sir Priya Sharma Hospital; Kwame Mensah Fellowship 2021; Ama Serwaa Children’s Hospital')).toEqual([]);
    // Firms, brands, labels and schools named after people (the audit's counterfactual check swaps every name span).
    expect(gazetteerRuns('close procedures for MSREF (Priya Sharma Real Estate Funds)')).toEqual([]);
    expect(gazetteerRuns('Perusahaan : PT. Kwame Mensah Zorvath; SMA Priya Sharma 2 Senior High School')).toEqual([]);
    expect(gazetteerRuns('Kwame Zorvath : SPO')).toEqual([]);
    expect(gazetteerRuns('daily operation of SunGard Priya system')).toEqual([]);
  });
});

describe("the candidate's own name is never evidence for other words", () => {
  it('masks the words around an unknown and a known candidate name alike', () => {
    const doc = (given: string, family: string) =>
      `${given} ${family}\n${given.toLowerCase()}.${family.toLowerCase()}@mail.com\n\nDECLARATION\n${given} Zorvath Quellin ${family}  Phone: +91 98765 43210\n` + BODY;
    expect(GIVEN.has('priya') && FAMILY.has('sharma')).toBe(true);
    expect(GIVEN.has('zorvath') || FAMILY.has('zorvath') || GIVEN.has('quellin') || FAMILY.has('quellin')).toBe(false);
    const unknown = blind(doc('Akilo', 'Mohidar')).text;
    const known = blind(doc('Priya', 'Sharma')).text;
    expect(known).toBe(unknown);
  });

  it("reads the candidate's name word like any word where the name does not stand ('Burger King' for a candidate named King)", () => {
    const doc = (given: string, family: string) =>
      `${given} ${family}\n${given.toLowerCase()}.${family.toLowerCase()}@mail.com\n\nShift Manager Jan 2015 to Current\nBurger King - Austin, TX\nTrained staff on Burger King standards.\n` + BODY;
    const king = blind(doc('Grace', 'King')).text;
    const other = blind(doc('Emily', 'Whitfield')).text;
    expect(king.split('\n').slice(2)).toEqual(other.split('\n').slice(2));
    expect(king).toContain('Burger King - Austin');
  });
});
