/**
 * Blind masking of addresses, phones and protected attributes, case by case and on the synthetic generators
 * (tests/fixtures/synthetic-contacts.ts, both splits): international street addresses and postcodes, phone
 * numbers with country codes, ages, dates of birth, nationality, photo cues; and the qualification text that
 * must survive (ages of pupils, institutions, product versions, "He/She" quoted from a job description).
 */
import { describe, expect, it } from 'vitest';
import { maskText } from '../../../src/lib/core/mask';
import { detectPhones } from '../../../src/lib/core/mask/detectors';
import { ADDRESS_COUNTRIES, KEEP_CASES, syntheticAddress, syntheticPhone } from '../../fixtures/synthetic-contacts';
import { anyMasked, coverage, leakedAddressTokens, leakedDigits } from '../../fixtures/mask-coverage';
import { seededRandom } from '../../../training-node/src/data/random';

const blind = (text: string) => maskText(text, { profile: 'blind' });
const HEADER = 'Jordan Avery\nSenior Data Analyst\n';
const BODY = '\n\nSUMMARY\nAnalyst with 6 years of SQL, Python and Tableau (2017 - 2023).\n';

describe('street addresses and postcodes', () => {
  it.each([
    ['DE', 'Hauptstraße 12, 10115 Berlin'],
    ['DE', 'Am Markt 3a\n80331 München, Germany'],
    ['ES', 'Calle de Alcalá 45, 3º B, 28014 Madrid'],
    ['FR', '12 rue de la Paix, 75002 Paris'],
    ['IT', 'Via Roma 10, 00184 Roma (RM)'],
    ['NL', 'Keizersgracht 123, 1015 CJ Amsterdam'],
    ['IN', 'Flat No. 302, Sai Residency, MG Road, Bengaluru, Karnataka 560001'],
    ['IN', 'H.No. 12-3-45, Banjara Hills, Hyderabad, Telangana - 500034'],
    ['CA', '4500 rue Sherbrooke Ouest, Montréal (Québec) H3Z 1E6'],
    ['UK', 'Flat 4, 12 Kings Road, Brighton BN1 1NB'],
    ['US', '742 Evergreen Terrace, Springfield, IL 62704'],
    ['AU', 'Unit 5/22 Smith Street, Fitzroy VIC 3065'],
    ['AE', 'P.O. Box 12345, Abu Dhabi, United Arab Emirates'],
    ['BR', 'Rua Augusta, 1500, apto 12, Consolação, São Paulo - SP, 01304-001'],
    ['JP', '3-2-1 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023'],
    ['PL', 'ul. Długa 5/12, 00-238 Warszawa'],
    ['ZA', 'Unit 12, The Palms, 62 Beach Road, Sandton 2196'],
    ['IE', '23 Eyre Square, Co. Galway'],
    ['IE', '4 Merchants Quay, Ennis, Co. Clare'],
    ['NL', 'Prinsengracht 88 | 1983 AJ Utrecht'],
    ['CH', 'Spalenberg 10\n4051 Basel'],
    ['NL', 'Lange Voorhout 9, 2514 EA  DEN HAAG'],
    ['ES', 'Domicilio: Calle Sol 5, bajo, 41001 Sevilla'],
    ['FR', 'Résidence Le Parc, Bât. B, 4 rue des Roses, 33000 Bordeaux'],
    ['SE', 'Kungsgatan 8 lgh 1102, 41119 Göteborg'],
    ['BE', 'Meir 50 bus 3\n2000 Antwerpen']
  ])('%s: %s', (_country, address) => {
    const text = `${HEADER}${address}${BODY}`;
    const cov = coverage(text, blind(text));
    expect(leakedAddressTokens(text, cov, HEADER.length, HEADER.length + address.length)).toEqual([]);
    expect(anyMasked(cov, text.indexOf('SQL, Python and Tableau (2017 - 2023)'), text.length - 2)).toBe(false);
  });

  it('masks the label with the address, so a labelled and a bare address mask alike', () => {
    expect(blind(`${HEADER}Address: 12 rue de la Paix, 75002 Paris${BODY}`).text).toBe(blind(`${HEADER}12 rue de la Paix, 75002 Paris${BODY}`).text);
  });

  it('masks a home-location line of the contact area ("Pune, Maharashtra") but not an employer line further down', () => {
    const text = `${HEADER}Pune, Maharashtra | +91 98765 43210${BODY}\nEXPERIENCE\n${'Delivered dashboards for finance teams.\n'.repeat(20)}Analyst, Acme Corp, Chennai, Tamil Nadu 2019 - 2021\n`;
    const masked = blind(text).text;
    expect(masked).not.toContain('Pune');
    expect(masked).toContain('Acme Corp, Chennai, Tamil Nadu 2019 - 2021');
  });

  it('keeps a year before a capitalised word away from a street ("2019 BA Economics"), and a street line without a postcode below', () => {
    const text = `${HEADER}\nEDUCATION\n2019 BA Economics, University of Leeds\n2015 Infosys Mysore campus\n\nSKILLS\nPython 3\nTableau Desktop\nWindows 10\n2016 onwards: Azure administration\n`;
    expect(blind(text).masks.filter((m) => m.kind === 'address')).toEqual([]);
  });

  it('keeps numbers that only look like postcodes: product versions, years, counts, laws', () => {
    const text = `${HEADER}\nEXPERIENCE\nCisco 4500 chassis and Juniper SA 6500 SSL VPN; Implemented ACT 2006 rules;\nArgued 12 High Court appeals; led 3 Quality Circle projects; Adobe Creative Suite 5, Photo;\nJanuary 1996 S.S.C. St. Teresa's Convent High School; IP address: 10.0.0.1\n`;
    const res = blind(text);
    expect(res.masks.filter((m) => m.kind === 'address')).toEqual([]);
  });
});

describe('phone numbers', () => {
  it.each(['(+971) 50 123 4567', '+49 (0) 30 1234567', '0049 30 123 456 78', '030/1234567', '+33 (0)6 12 34 56 78', '+55 (11) 91234-5678', '+81 90-1234-5678', '612 345 678'])('%s', (phone) => {
    const text = `${HEADER}Mobile: ${phone}${BODY}`;
    const at = text.indexOf(phone);
    expect(leakedDigits(text, coverage(text, blind(text)), at, at + phone.length)).toBe(0);
  });
});

describe('phone extensions', () => {
  // With the extension counted these have 16-19 digits, over a phone's 15: only the extension rule keeps them phones
  // (also next to a trunk "(0)", which is not counted either).
  it.each(['+44 20 7946 0958 ext. 12345', '+86 138 0013 8000 extn 4321', '+49 (0) 151 1234 5678 x204', '+52 1 (33) 1234 5678 poste 212', '0049 (0) 151-1234 5678 ext. 12'])('%s is one phone, extension included', (phone) => {
    const text = `Call ${phone} today`;
    const at = text.indexOf(phone);
    expect(detectPhones(text).map((s) => [s.start, s.end])).toEqual([[at, at + phone.length]]);
  });
});

const SPLITS = ['tune', 'check'] as const;

describe.each(SPLITS)('synthetic addresses and phones of %s countries (%s split)', (split) => {
  it('masks at least 95% of addresses whole and leaves no phone digit', () => {
    const r = seededRandom(split === 'tune' ? 31 : 32);
    let leakedAddresses = 0;
    let total = 0;
    for (const country of ADDRESS_COUNTRIES) {
      for (let i = 0; i < 8; i++) {
        const address = syntheticAddress(r, country, split);
        const phone = syntheticPhone(r, country, split);
        const text = `${HEADER}${address}\n${phone}${BODY}`;
        const cov = coverage(text, blind(text));
        total++;
        if (leakedAddressTokens(text, cov, HEADER.length, HEADER.length + address.length).length > 0) leakedAddresses++;
        const p0 = HEADER.length + address.length + 1;
        expect(leakedDigits(text, cov, p0, p0 + phone.length), `${country} phone`).toBe(0);
      }
    }
    expect(leakedAddresses / total).toBeLessThanOrEqual(0.05);
  });
});

describe('protected attributes', () => {
  it('masks age, date of birth, nationality, marital status, religion, gender and photo cues in several languages', () => {
    const text = `${HEADER}PHOTO\nAge: 34 | 34-year-old | Geburtsdatum: 12.03.1990 | Fecha de nacimiento: 12/03/1990\nNationality: Indian | Indian national | citizen of Brazil\nMarital Status: Married | Religion: Hindu | Sex: Female | Children: 2\nPassport size photograph attached${BODY}`;
    const masked = blind(text).text;
    for (const leak of ['PHOTO', '34', '1990', 'Indian', 'Brazil', 'Married', 'Hindu', 'Female', 'Children: 2', 'photograph']) expect(masked, leak).not.toContain(leak);
    expect(masked).toContain('SQL, Python and Tableau (2017 - 2023)');
  });

  it('keeps every qualification phrase of the false-positive list (both splits) inside a resume', () => {
    for (const c of KEEP_CASES) {
      const text = `${HEADER}jordan.avery@mail.com\n\nEXPERIENCE\n${c.text}\n`;
      const cov = coverage(text, blind(text));
      for (const k of c.keep) {
        const at = text.indexOf(k, HEADER.length);
        expect(anyMasked(cov, at, at + k.length), `"${k}" was masked`).toBe(false);
      }
    }
  });

  it('masks gendered pronouns but keeps the neutral "He/She" and "his/her" of a quoted job description', () => {
    const masked = blind(`${HEADER}She led a team of 6 and her work cut costs.\nQuoted JD: "He/She will own on-call; his/her duties include reviews."${BODY}`).text;
    expect(masked).toContain('[PRONOUN] led a team of 6 and [PRONOUN] work');
    expect(masked).toContain('He/She will own on-call; his/her duties');
  });
});
