/**
 * Blind masking rules added after the fresh and fresh2 synthetic splits (tests/fixtures/synthetic-fresh*.ts)
 * showed leaks: one particle list for every name pattern, more honorifics and supervisor/relative labels, split
 * name fields, sign-offs in other languages, self-introductions, markdown headers, nicknames; phone forms
 * (NANP "1 (…)", "00CC", "(0)" trunk, " / ", extensions, European groupings, never across a line); street types,
 * postcodes and address labels of more countries. Each case is a made-up person or address, with the
 * qualification text that must survive next to it.
 */
import { describe, expect, it } from 'vitest';
import { maskText } from '../../../src/lib/core/mask';
import { anyMasked, coverage, leakedAddressTokens, leakedDigits, leakedNameOccurrences } from '../../fixtures/mask-coverage';

const blind = (text: string) => maskText(text, { profile: 'blind' });
const BODY = '\n\nSUMMARY\nPlatform engineer, 8 years of Kubernetes and Terraform.\n\nSKILLS\nHaskell, Postman, Athena, Docker\n';

const nameLeaks = (text: string, name: string) => leakedNameOccurrences(text, coverage(text, blind(text)), name);

describe('names: particles, honorifics, labels', () => {
  it.each([
    ['a particle of the one list inside a supervisor label', 'Anna Berg\nanna.berg@mail.com\n\nEXPERIENCE\n- Reports to: Dr. Inês dos Reis\n', 'Inês dos Reis'],
    ['"ter" in the declaration sentence', 'Engineer\nops.mail@mail.com\n\nDECLARATION\nI, Joris ter Velde, confirm that the details above are correct.\n', 'Joris ter Velde'],
    ['a Dutch "\'t" particle in the header', "Marieke van 't Veld\nmarieke@mail.com | +31 6 1234 5678\n", "Marieke van 't Veld"],
    ['a particle before the family name after an honorific', 'Bo Lind\nbo@mail.com\n\n- Mr. das Chagas received the award in 2021.\n', 'das Chagas'],
    ['"Herr" before a referee', 'Bo Lind\nbo@mail.com\n\nREFERENCES\n- Worked under the supervision of Herr Tobias Wendler.\n', 'Tobias Wendler'],
    ['two people after "Mentored by"', 'Bo Lind\nbo@mail.com\n\n- Mentored by Carla Benedetti and Ravi Subramanyam.\n', 'Ravi Subramanyam'],
    ['"S/o" in personal details', 'Bo Lind\nbo@mail.com\n\nPERSONAL DETAILS\nS/o Harish Venkatraman\n', 'Harish Venkatraman'],
    ['a German references heading and a referee in brackets', 'Bo Lind\nbo@mail.com\n\nReferenzen\n1. Eng. Ottilie Brandauer (Head of Data, Initrode) – o.b@initrode.de\n', 'Ottilie Brandauer'],
    ['a markdown header', '**Delphine Marchetti**\n_Platform Engineer_\nd.m@mail.com | +33 6 12 34 56 78\n', 'Delphine Marchetti'],
    ['pronouns after the header name', 'Yusra Haddadin (she/her)\nPlatform Engineer\nyh@mail.com\n', 'Yusra Haddadin'],
    ['a nickname between the names', 'Rodrigo "Rigo" Valdivieso\nPlatform Engineer\nrv@mail.com\n', 'Rodrigo "Rigo" Valdivieso'],
    ['a name only in a self-introduction', 'Platform Engineer\nops.mail@mail.com\n\nABOUT ME\nMy name is Teodora Vasilescu and I build platforms.\n', 'Teodora Vasilescu'],
    ['a German sign-off', 'Platform Engineer\nops.mail@mail.com\n\nOrt, Datum: Graz, 3.04.2024\nUnterschrift: Leopold Haidinger\n', 'Leopold Haidinger'],
    ['"The undersigned"', 'Platform Engineer\nops.mail@mail.com\n\nThe undersigned, Mirela Costache, confirms the above.\n', 'Mirela Costache'],
    ['a dash before the signature', 'Platform Engineer\nops.mail@mail.com\n\nCordialement,\n\n— Ambroise Delacour\n', 'Ambroise Delacour'],
    ['a letter-spaced hyphenated name', 'I N G A  L U N D - H O L M\nPlatform Engineer · inga@mail.com\n', 'I N G A  L U N D - H O L M']
  ])('masks %s', (_what, header, name) => {
    expect(nameLeaks(header + BODY, name)).toEqual([]);
  });

  it('masks one-word values of split name fields, even a heading word ("Nachname: Head")', () => {
    const text = `PERSÖNLICHE DATEN\nVorname: Cliff\nNachname: Head\nE-Mail: ops@mail.com\n${BODY}`;
    expect(nameLeaks(text, 'Cliff')).toEqual([]);
    expect(nameLeaks(text, 'Head')).toEqual([]);
  });

  it('keeps skills, "Best practices" and a job title that a new rule could take for a name', () => {
    const text = `Jordan Avery\njordan@mail.com\n\nBest practices for CI\nI am Senior DevOps Engineer at Initech.\n- Team lead: responsible for 6 engineers\n${BODY}`;
    const masked = blind(text).text;
    expect(masked).toContain('Best practices for CI');
    expect(masked).toContain('I am Senior DevOps Engineer at Initech.');
    expect(masked).toContain('Haskell, Postman, Athena, Docker');
  });
});

describe('phones', () => {
  it.each([
    ['CA', '1 (416) 555-0199'],
    ['CA', '416 555 0199 ext. 23'],
    ['MX', '+52 1 (33) 123 4567'],
    ['DE', '0049 (0) 151-2345 6789'],
    ['DE', '030 / 123 456 78'],
    ['ES', '652 89 85 14'],
    ['AT', '01/317 86 53'],
    ['IN', '+91 (98201) 52720'],
    ['PL', '(0-22) 158 97 60'],
    ['AE', '(+971) 50 123 4567']
  ])('masks every digit of a %s number written "%s"', (_c, phone) => {
    const text = `Jordan Avery\nSenior Data Analyst\n${phone}\n\nSUMMARY\nAnalyst.\n`;
    const at = text.indexOf(phone);
    expect(leakedDigits(text, coverage(text, blind(text)), at, at + phone.length)).toBe(0);
  });

  it('does not take a bracketed postcode above a number for its area code', () => {
    const text = 'Jordan Avery\nCalle Larios 97, Valladolid (29783)\n0034 681597471\n';
    const at = text.indexOf('0034');
    expect(leakedDigits(text, coverage(text, blind(text)), at, at + 14)).toBe(0);
  });

  it('keeps ISBNs, date ranges, page ranges and "aged 65 and over"', () => {
    const text = 'Jordan Avery\njordan@mail.com\n\nChapter, ISBN 978-3-16-148410-0, pp. 1203-1215; 01/2019 - 05/2021; clients aged 65 and over\n';
    const cov = coverage(text, blind(text));
    for (const keep of ['978-3-16-148410-0', '1203-1215', '01/2019 - 05/2021', 'aged 65 and over']) {
      const at = text.indexOf(keep);
      expect(anyMasked(cov, at, at + keep.length), keep).toBe(false);
    }
  });
});

describe('addresses', () => {
  it.each([
    ['ES', 'Rambla del Raval 14, 2º 1ª, 08001 Barcelona'],
    ['ES', 'Glorieta de Quevedo, s/n, 28015 Madrid'],
    ['BE', 'Chaussée de Wavre 112 bte 4, 1050 Ixelles'],
    ['BE', "Chaussée d'Alsemberg, 45/2, B-1180 Uccle"],
    ['AT', 'Tuchlauben 7\nA-1010 Wien'],
    ['DE', 'Hohe Straße 41\nD-50667 Köln'],
    ['DE', 'Wohnadresse: Lindenstr. 8, 04109 Leipzig'],
    ['PT', 'Avenida 5 de Outubro, n.º 120, 3.º Esq., 1050-051 Lisboa'],
    ['PT', 'Calçada do Combro 21\n1200-112 Lisboa'],
    ['SE', 'Götgatan 44, 3 tr\n118 26 STOCKHOLM'],
    ['IN', 'Flat No. 12, Shanti Co-operative Housing Society, Link Road, Pune - 411038'],
    ['IN', '#21, 14th Cross, 6th Main, HSR Layout, Bengaluru 560102'],
    ['MX', 'Calle 60 #512, Col. Centro\nMérida, Yuc. 97000'],
    ['BR', 'Endereço residencial: Rua Oscar Freire, 900 - São Paulo - SP, CEP 01426001'],
    ['JP', '2-4-1 Umeda, Kita-ku, Osaka, Japan ZIP 530-0001'],
    ['IT', 'Strada Nuova 18, scala B, 10121 - Torino (TO)'],
    ['AE', 'Flat 12, Al Noor Building 3, near Union Metro Station, Street 14, Ajman'],
    ['AU', 'Unit 7, 41 Marine Parade, FREMANTLE WA 6160']
  ])('masks a %s address: %s', (_c, address) => {
    const text = `Jordan Avery\nSenior Data Analyst\n${address}\n+44 20 7946 0018\n\nSUMMARY\nAnalyst.\n`;
    const at = text.indexOf(address);
    expect(leakedAddressTokens(text, coverage(text, blind(text)), at, at + address.length)).toEqual([]);
  });

  it('keeps employer and product names that hold a street word', () => {
    const text = 'Jordan Avery\njordan@mail.com\n\nReporter, The Wall Street Journal; intern at Park Avenue Capital; Street Works team of 14\n';
    const masked = blind(text).text;
    for (const keep of ['Wall Street Journal', 'Park Avenue Capital', 'Street Works team of 14']) expect(masked).toContain(keep);
  });
});
