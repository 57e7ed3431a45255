/**
 * The contact-block rules (src/lib/core/mask/contact-block.ts): an address known by where it stands (beside the
 * phone or email, on the lines around them, under an address label) rather than by a country's street words, and
 * a bare number of the header that is a phone. Every address here is made up, in formats of countries that no
 * synthetic split or word list covers, so the rules are tested on layout alone; the negatives are headline, skill,
 * date and prose lines that stand in the same places and must stay visible.
 */
import { describe, expect, it } from 'vitest';
import { maskText } from '../../../src/lib/core/mask';
import { addressLikeSegment } from '../../../src/lib/core/mask/contact-block';
import { anyMasked, coverage, leakedAddressTokens, leakedDigits } from '../../fixtures/mask-coverage';

const blind = (text: string) => maskText(text, { profile: 'blind' });

/** Address tokens of `part` (found in `text`) left visible after blind masking. */
function leaks(text: string, part: string): string[] {
  const at = text.indexOf(part);
  expect(at).toBeGreaterThanOrEqual(0);
  return leakedAddressTokens(text, coverage(text, blind(text)), at, at + part.length);
}

/** Whether any character of `part` was masked. */
function masked(text: string, part: string): boolean {
  const at = text.indexOf(part);
  expect(at).toBeGreaterThanOrEqual(0);
  return anyMasked(coverage(text, blind(text)), at, at + part.length);
}

describe('addressLikeSegment', () => {
  it.each([
    'mkr. Samal-2, d. 58, kv. 14, Almaty 050059', // Kazakhstan
    'Tartu mnt 14-3, 10117 Tallinn', // Estonia
    'Ruga Lunga 9, Ap. 4, Chişinău MD-2012', // Moldova
    'Pärnu 7', // a street and house number alone
    '4410 Liestal', // a postcode and town alone
    'Lagja Kala, Rr. Dëshmorët 12, Durrës', // Albania
    'Kampong Svay Dangkum, Sangkat 2, Siem Reap', // Cambodia
    'Gaun Palika 4, Tole Bazaar, Near Shiva Mandir, Dhangadhi' // a locality line with landmark and ward
  ])('reads %j as an address', (seg) => expect(addressLikeSegment(seg)).toBe(true));

  it.each([
    'Senior Data Analyst',
    'AWS Certified Solutions Architect, Level 2',
    'Windows 10, Office 365',
    'Python, SQL, Tableau, Power BI',
    'Acme Corp, Jan 2019 – Present',
    'B.Tech, Anna University, 2014 - 2018',
    'Led a team of 12 engineers. Built the data platform',
    'CGPA 8.2/10, Mumbai',
    'Analyst with 6 years of SQL',
    'Expected salary 40,000 EUR'
  ])('does not read %j as an address', (seg) => expect(addressLikeSegment(seg)).toBe(false));
});

describe('addresses in the contact block', () => {
  it('masks an address piece of the contact line, not the title beside it', () => {
    const text = 'Mira Kask\nData Engineer | Tartu mnt 14-3, 10117 Tallinn | mira.kask@mail.ee | +372 512 3456\n\nSUMMARY\nEngineer.\n';
    expect(leaks(text, 'Tartu mnt 14-3, 10117 Tallinn')).toEqual([]);
    expect(masked(text, 'Data Engineer')).toBe(false);
  });

  it('masks a two-line address above the phone, and keeps the line after a blank line', () => {
    const text = 'Aigerim Bekova\nmkr. Samal-2, d. 58, kv. 14\nAlmaty 050059\n+7 701 555 1234\n\nSUMMARY\nBuilt 3 dashboards in 2021.\n';
    expect(leaks(text, 'mkr. Samal-2, d. 58, kv. 14\nAlmaty 050059')).toEqual([]);
    expect(masked(text, 'Built 3 dashboards in 2021.')).toBe(false);
  });

  it('keeps a skills headline and a dated line that stand next to the email', () => {
    const text = 'Sam Lee\nPython, SQL, Tableau, Power BI\nsam.lee@mail.com\nAcme Corp, Jan 2019 – Present\n';
    expect(masked(text, 'Python, SQL, Tableau, Power BI')).toBe(false);
    expect(masked(text, 'Acme Corp, Jan 2019 – Present')).toBe(false);
  });

  it('masks an address line of the header that stands apart from the contacts, not the headline above it', () => {
    const text = 'Mira Kask\nData Engineer, 6 years in Spark\nPärnu mnt 31-4, 10119 Tallinn\n\nSUMMARY\nEngineer.\n\nCONTACT\n+372 512 3456\n';
    expect(leaks(text, 'Pärnu mnt 31-4, 10119 Tallinn')).toEqual([]);
    expect(masked(text, 'Data Engineer, 6 years in Spark')).toBe(false);
  });

  it('masks every line under an address label that ends its line, up to the next field', () => {
    const text = 'PERSONAL DETAILS\nAddress:\nLagja Kala, Rr. Dëshmorët 12\nDurrës 2001\nLanguages: English, Italian\n';
    expect(leaks(text, 'Lagja Kala, Rr. Dëshmorët 12\nDurrës 2001')).toEqual([]);
    expect(masked(text, 'English, Italian')).toBe(false);
  });

  it('masks a location code standing alone and a "GPS:" field', () => {
    const text = 'Kofi Mensah\nBA-204-1187\nGPS: WR-311-9042\n+233 20 555 0101\n\nSUMMARY\nAccountant.\n';
    expect(leaks(text, 'BA-204-1187')).toEqual([]);
    expect(leaks(text, 'WR-311-9042')).toEqual([]);
  });
});

describe('phones of the contact block', () => {
  const digitsLeft = (text: string, part: string) => {
    const at = text.indexOf(part);
    return leakedDigits(text, coverage(text, blind(text)), at, at + part.length);
  };

  it('masks a short bare number that stands alone in the header', () => {
    const text = 'Bat-Erdene Dorj\nSenior Accountant\n7011-4528\n\nSUMMARY\nAccountant.\n';
    expect(digitsLeft(text, '7011-4528')).toBe(0);
  });

  it('leaves a bare number of the same shape inside a sentence', () => {
    const text = 'Jo Park\n\nEXPERIENCE\nCut ticket backlog by 7011-4528 entries in two quarters.\n';
    expect(digitsLeft(text, '7011-4528')).toBe(4 + 4);
  });

  it('keeps a year range that stands alone at the top', () => {
    const text = 'Jo Park\n2016 - 2021\n\nEXPERIENCE\n';
    expect(digitsLeft(text, '2016 - 2021')).toBe(8);
  });

  it('masks the trunk "8" before a bracketed code and a Spanish or Portuguese extension', () => {
    expect(digitsLeft('Tel: 8 (029) 455 12 90\n', '8 (029) 455 12 90')).toBe(0);
    expect(digitsLeft('Oksana Li\n+52 55 5123 4567 anexo 318\n', '+52 55 5123 4567 anexo 318')).toBe(0);
    expect(digitsLeft('Ana Reis\n+55 11 3456-7890 ramal 22\n', '+55 11 3456-7890 ramal 22')).toBe(0);
  });
});
