/**
 * Blind masking rules added after the fresh5 synthetic split (tests/fixtures/synthetic-fresh5*.ts) showed leaks,
 * each written as a general cause (where a person stands, not who): referees' entries and prose that credits a
 * person, name columns of tables, labels with a note in brackets, signatures, a name over two column cells, and
 * Baltic/Bulgarian/Latin-American address forms. The people are made up, not taken from the fixture lists; each
 * case also checks the text around the name that must stay.
 */
import { describe, expect, it } from 'vitest';
import { maskText } from '../../../src/lib/core/mask';
import { coverage, leakedAddressTokens, leakedNameOccurrences } from '../../fixtures/mask-coverage';

const blind = (text: string) => maskText(text, { profile: 'blind' });
const nameLeaks = (text: string, name: string) => leakedNameOccurrences(text, coverage(text, blind(text)), name);
const HEAD = 'Ada Obi\nada@mail.com\n\n';
const BODY = '\n\nSUMMARY\nPlatform engineer, 8 years of Kubernetes, Jenkins and Terraform.\n\nSKILLS\nRuby, Kafka, Docker\n';

describe('referees and people credited in prose (unknown names)', () => {
  it.each([
    ['initials and a family name before ", <role>"', 'REFEREES\nT. Batbayar, Director of Studies, Orbis Academy — +976 9911 2233', 'T. Batbayar', 'Director of Studies'],
    ['a name before " · <role>"', 'Who can vouch for my work\nZorigt Batbayar · Head of Platform, Orbis Freight · +976 9911 2233', 'Zorigt Batbayar', 'Head of Platform'],
    ['"FAMILY, Given — <role>"', 'People to ask\n1. BATBAYAR, Zorigt — Plant Director, Orbis Freight', 'BATBAYAR, Zorigt', 'Plant Director'],
    ['a referee sentence', 'Zorigt Batbayar has agreed to act as my referee (Chief Engineer, Orbis Freight).', 'Zorigt Batbayar', 'Chief Engineer'],
    ['"hired by"', '- Hired by Oyunaa Dashdorj in 2018 to rebuild the pipeline.', 'Oyunaa Dashdorj', 'rebuild the pipeline'],
    ['"signed off by" and lower-case titles', '- Appraisals signed off by doc. dr. Oyunaa Dashdorj.', 'Oyunaa Dashdorj', 'Appraisals'],
    ['a one-letter title after "by"', '- Appraisals signed off by U Oyunaa Dashdorj.', 'Oyunaa Dashdorj', 'Appraisals'],
    ['"thanks to"', '- Thanks to Oyunaa Dashdorj for mentoring me.', 'Oyunaa Dashdorj', 'mentoring me'],
    ['"paired with" and ", our <role>"', '- Paired daily with Oyunaa Dashdorj, our staff engineer, on the rewrite.', 'Oyunaa Dashdorj', 'our staff engineer'],
    ['a list after "worked with"', '- Worked in a squad with Oyunaa Dashdorj, Zorigt Batbayar and two contractors.', 'Zorigt Batbayar', 'two contractors'],
    ['"(my manager …) can confirm"', '- Oyunaa Dashdorj (my manager at the time) can confirm these figures.', 'Oyunaa Dashdorj', 'can confirm'],
    ['"Escalation contact:"', '- Escalation contact: Oyunaa Dashdorj, Platform', 'Oyunaa Dashdorj', 'Escalation contact'],
    ['"Approver:" with a title', '- Approver: Geshe OYUNAA DASHDORJ | Cost centre 4410', 'OYUNAA DASHDORJ', 'Cost centre 4410'],
    ['an email\'s "From:"', 'From: Oyunaa Dashdorj <od@orbis.example>', 'Oyunaa Dashdorj', 'From:'],
    ['"— knew me as …"', '• Oyunaa Dashdorj — knew me as a client (2019–2023) — +976 9911 2233', 'Oyunaa Dashdorj', 'knew me as a client'],
    ['"Manager on record:" with a title', '- Manager on record: Encik Oyunaa Dashdorj', 'Oyunaa Dashdorj', 'Manager on record'],
    ['slash-joined labels and values', 'Name / Title / Contact: Oyunaa Dashdorj / Dean, Faculty of Informatics / od@orbis.example', 'Oyunaa Dashdorj', 'Dean, Faculty of Informatics']
  ])('%s', (_case, line, name, keep) => {
    const text = HEAD + 'EXPERIENCE\n' + line + BODY;
    expect(nameLeaks(text, name)).toEqual([]);
    expect(blind(text).text).toContain(keep);
  });

  it('masks a second person named after "and" even in skill words, and keeps a role after a comma', () => {
    const text = HEAD + 'EXPERIENCE\n- Mentored by Oyunaa Dashdorj and Travis Haskell.\n- Escalation contact: Oyunaa Dashdorj, Head of Platform' + BODY;
    expect(nameLeaks(text, 'Travis Haskell')).toEqual([]);
    expect(blind(text).text).toContain('Head of Platform');
  });

  it('keeps a firm after "acquired by" or "worked with" and a role after a name', () => {
    const masked = blind(HEAD + 'EXPERIENCE\n- Acquired by Orbis Freight Corporation in 2020.\n- Worked with BNY Mellon to set up accounts.\n- Shadowed Oyunaa Dashdorj, Chief Engineer.' + BODY).text;
    expect(masked).toContain('Orbis Freight Corporation');
    expect(masked).toContain('BNY Mellon');
    expect(masked).toContain('Chief Engineer');
  });
});

describe('relatives and emergency contacts', () => {
  it.each([
    ['a label with a note in brackets', "Mother (for visa purposes): Oyunaa Dashdorj", 'Oyunaa Dashdorj'],
    ["a \"<relative>'s name\" label", "Guardian's name (as per passport): ZORIGT BATBAYAR", 'ZORIGT BATBAYAR'],
    ['"ICE:" and a relation after the name', 'ICE: Oyunaa Dashdorj, aunt', 'Oyunaa Dashdorj']
  ])('%s', (_case, line, name) => {
    const text = HEAD + 'PERSONAL DETAILS\n' + line + BODY;
    expect(nameLeaks(text, name)).toEqual([]);
  });
});

describe('tables with a name column', () => {
  it('masks the cells under "Name" and keeps the header row and the other columns', () => {
    const text = HEAD + 'REFERENCES\nName\tOrganisation\tPhone\nZorigt Batbayar\tOrbis Freight\t99112233\n' + BODY;
    expect(nameLeaks(text, 'Zorigt Batbayar')).toEqual([]);
    const masked = blind(text).text;
    expect(masked).toContain('Name\tOrganisation\tPhone');
    expect(masked).toContain('Orbis Freight');
  });

  it('masks "Surname" and "Forenames" cells of a Markdown table, even words that are skills', () => {
    const text = '| Surname | Forenames | Phone |\n|---|---|---|\n| Jenkins | Ruby | +976 9911 2233 |\nBackend Developer' + BODY;
    const masked = blind(text).text;
    expect(masked.split('\n')[2]).not.toMatch(/Jenkins|Ruby/);
    expect(masked).toContain('Kubernetes, Jenkins and Terraform');
    expect(masked).toContain('Ruby, Kafka, Docker');
  });

  it('stops a references section at a heading in capitals it does not know', () => {
    const masked = blind(HEAD + 'Referencias personales\nZorigt Batbayar, Head of Platform, Orbis Freight\n\nPERSONAL PARTICULARS\nNationality: Mongolian' + BODY).text;
    expect(masked).toContain('PERSONAL PARTICULARS');
  });
});

describe('the candidate where the header does not say it', () => {
  it.each([
    ['a name over two lines of a right-hand column', 'CONTACT                             ZORIGT\n+976 9911 2233                      BATBAYAR\nBackend Developer\n', 'BATBAYAR'],
    ['after an email signature delimiter', 'Backend Developer\nzb@mail.mn\n' + BODY + '\n--\nZorigt Batbayar\n', 'Zorigt Batbayar'],
    ['an electronic signature', 'Backend Developer\nzb@mail.mn\n' + BODY + '\n/s/ Zorigt Batbayar\n', 'Zorigt Batbayar'],
    ['"Digitally signed by"', 'Backend Developer\nzb@mail.mn\n' + BODY + '\nDigitally signed by ZORIGT BATBAYAR\n', 'ZORIGT BATBAYAR'],
    ['a closing word and a comma on the last line', 'Backend Developer\nzb@mail.mn\n' + BODY + '\nAtte., Zorigt Batbayar\n', 'Zorigt Batbayar'],
    ['"Certified correct:"', 'Backend Developer\nzb@mail.mn\n' + BODY + '\nCertified correct: Zorigt Batbayar, 13.08.2025\n', 'Zorigt Batbayar'],
    ['"I (Name)" in an objective', 'Backend Developer\nzb@mail.mn\n\nOBJECTIVE\nSeeking a platform role, I (Zorigt Batbayar) bring eight years of operations.' + BODY, 'Zorigt Batbayar'],
    ['a third-person objective', 'Backend Developer\nzb@mail.mn\n\nOBJECTIVE\nTo join a team where Zorigt Batbayar can put eight years to work.' + BODY, 'Zorigt Batbayar'],
    ['a possessive objective', 'Backend Developer\nzb@mail.mn\n\nOBJECTIVE\nZorigt Batbayar\'s goal: to lead reliability work.' + BODY, 'Zorigt Batbayar'],
    ['a pictograph between the name and the title', 'Zorigt Batbayar 🔹 Backend Developer\nzb@mail.mn\n', 'Zorigt'],
    ['the name in another script in brackets', 'Zorigt Batbayar (ᠵᠣᠷᠢᠭᠲᠤ)\nBackend Developer\nzb@mail.mn\n', 'ᠵᠣᠷᠢᠭᠲᠤ']
  ])('%s', (_case, text, name) => {
    expect(nameLeaks(text, name)).toEqual([]);
    for (const skill of ['Jenkins', 'Ruby', 'Kafka', 'Kubernetes']) if (text.includes(skill)) expect(blind(text).text).toContain(skill);
  });
});

describe('addresses and phones', () => {
  it.each([
    ['LT street after the name, country-coded postcode', 'Pilies pr. 12-4, LT-01103 Vilnius'],
    ['LV street word after the name', 'Brīvības iela 120, Rīga'],
    ['BG housing estate, block, entrance, floor and flat', 'zh.k. Mladost 3, bl. 12, vh. A, et. 4, ap. 15, Sofia 1712'],
    ['a corner of two streets', 'Edif. Torre Azul, Calle Mella esq. Calle Duarte, Santiago de los Caballeros']
  ])('%s', (_case, addr) => {
    const text = 'Senior Data Analyst\n' + addr + '\n+44 20 7946 0018\n\nSUMMARY\nAnalyst with 6 years of SQL.\n';
    const cov = coverage(text, blind(text));
    const at = text.indexOf(addr);
    expect(leakedAddressTokens(text, cov, at, at + addr.length)).toEqual([]);
    expect(blind(text).text).toContain('Senior Data Analyst');
  });

  it('masks an area code with a trunk digit inside its brackets', () => {
    const masked = blind('Senior Data Analyst\nMobile: (8 5) 212 3456\n\nSUMMARY\nSQL.\n').text;
    expect(masked).not.toMatch(/\d/);
  });
});
