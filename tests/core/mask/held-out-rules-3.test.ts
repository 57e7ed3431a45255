/**
 * Blind masking rules added after the fresh3 synthetic split (tests/fixtures/synthetic-fresh3*.ts) showed leaks:
 * honorifics of more cultures and chains of them, relatives' labels, numbered referee table rows, references
 * headings in more languages, name fields as table cells and in more wordings, single-quoted nicknames, a name
 * beside a role in brackets or before "'s guidance", third-person summaries, "I, Name, …", "email (Name)", the
 * Filipino "dela" and Dutch "in 't" particles; street types that are everyday words after a house number,
 * Turkish, Korean, Vietnamese, Philippine and Indonesian address words, Eircodes, Greek and Czech postcodes,
 * multi-line addresses ending in a postcode line, landmarks and capitalised cities. Each case is a made-up
 * person or address (not from the fixture lists), with the text that must survive next to it.
 */
import { describe, expect, it } from 'vitest';
import { maskText } from '../../../src/lib/core/mask';
import { coverage, leakedAddressTokens, leakedDigits, leakedNameOccurrences } from '../../fixtures/mask-coverage';

const blind = (text: string) => maskText(text, { profile: 'blind' });
const BODY = '\n\nSUMMARY\nPlatform engineer, 8 years of Kubernetes and Terraform.\n\nSKILLS\nTrello, Kibana, Docker\n';

const nameLeaks = (text: string, name: string) => leakedNameOccurrences(text, coverage(text, blind(text)), name);

describe('names after fresh3', () => {
  it.each([
    ['"Alhaji" before a referee', 'Ada Obi\nada@mail.com\n\nREFEREES\n1) Alhaji Musa Garba\n   Bursar, Example Poly\n', 'Musa Garba'],
    ['"Dipl.-Ing." after a supervisor label', 'Ada Obi\nada@mail.com\n\n- Line manager – Dipl.-Ing. Henrike Tammsaar\n', 'Henrike Tammsaar'],
    ['"Dr. (Mrs.)" before a referee', 'Ada Obi\nada@mail.com\n\nReferee: Dr. (Mrs.) Folake Adesina (Dean, Example College)\n', 'Folake Adesina'],
    ['"Atty." in a numbered table row', 'Ada Obi\nada@mail.com\n\nReferensi\n2 | Atty. Jericho Manalastas | Counsel, Acme | jm@acme.ph\n', 'Jericho Manalastas'],
    ['a capitals referee line under a Turkish heading', 'Ada Obi\nada@mail.com\n\nREFERANSLAR\nSELIN OKTAY — Director, Acme — Mobile: +90 532 111 22 33\n', 'SELIN OKTAY'],
    ['a spouse', 'Ada Obi\nada@mail.com\n\nPERSONAL DATA\nSpouse: Ikenna Uzor\n', 'Ikenna Uzor'],
    ['next of kin', 'Ada Obi\nada@mail.com\n\nNext of kin: Chidera Uzor (sibling)\n', 'Chidera Uzor'],
    ['a name before a role in brackets', 'Ada Obi\nada@mail.com\n\n- Worked closely with Tiberiu Marcu (CTO) on the roadmap.\n', 'Tiberiu Marcu'],
    ['a name in brackets after a role', 'Ada Obi\nada@mail.com\n\n- Reporting line: Head of Finance (Oanh Trinh)\n', 'Oanh Trinh'],
    ['a name before "\'s guidance"', "Ada Obi\nada@mail.com\n\n- Thesis written under Hon. Rangi Parata's guidance.\n", 'Rangi Parata'],
    ['"dela" in a family name', 'Ada Obi\nada@mail.com\n\n- Supervised by Lualhati dela Rosa.\n', 'Lualhati dela Rosa'],
    ['a table row name field', '| Name | Sander in \'t Hout |\n| Email | sh@mail.nl |\n', "Sander in 't Hout"],
    ['a tab-separated name field in capitals', 'Full Name\tMIRELA DOBRE\tNationality\tRomanian\n', 'MIRELA DOBRE'],
    ['"Name of the candidate"', 'BIO DATA\nName of the candidate: Farhad Yazdani\nMobile No.: 0912 345 6789\n', 'Farhad Yazdani'],
    ['a preferred name in brackets', 'Oluwatobi Ajayi (preferred name: Tobi)\nEngineer\nta@mail.com\n', 'Tobi'],
    ['a single-quoted nickname', "Katarzyna 'Kasia' Zielonka\nEngineer\nkz@mail.com\n", "Katarzyna 'Kasia' Zielonka"],
    ['the name in brackets after the email', 'jobs.inbox@mail.com (Ewa Marczak)\nEngineer\n', 'Ewa Marczak'],
    ['pronouns in square brackets', 'Hamid Nouri [he/him]\nEngineer\nhn@mail.com\n', 'Hamid Nouri'],
    ['several credentials', 'Lan Phan MBBS, MD\nPhysician\nlp@mail.com\n', 'Lan Phan'],
    ['a third-person objective', 'Engineer\nops.mail@mail.com\n\nCAREER OBJECTIVE\nNoemi Varga is a detail-oriented engineer seeking a new role.\n', 'Noemi Varga'],
    ['"I, Name, <verb>"', 'Engineer\nops.mail@mail.com\n\nThis is to certify that I, Kwabena Asare, have given true details.\n', 'Kwabena Asare'],
    ['"Name & Signature:"', 'Engineer\nops.mail@mail.com\n\nDECLARATION\nI hereby declare that the above is true.\nName & Signature: Rehana Akter\n', 'Rehana Akter'],
    ['a Polish closing', 'Engineer\nops.mail@mail.com\n\nZ poważaniem,\nWitold Sroka\n', 'Witold Sroka'],
    ['a Turkish document title', 'Özgeçmiş: DERYA KOCA\nEngineer\ndk@mail.com\n', 'DERYA KOCA']
  ])('masks %s', (_what, header, name) => {
    expect(nameLeaks(header + BODY, name)).toEqual([]);
  });

  it('keeps job titles, products and prose that the new rules could take for names', () => {
    const text = `Jordan Avery\njordan@mail.com\n\nChief Technology Officer at Initech; To-do lists in Notion\n- Worked closely with Product Design (Head of UX) on the roadmap.\n- Migrated Office 365, Teams and SharePoint.\nKubernetes Engine is a managed service we ran.\n${BODY}`;
    const masked = blind(text).text;
    for (const keep of ['Chief Technology Officer at Initech', 'To-do lists', 'Product Design (Head of UX)', 'Office 365, Teams', 'Kubernetes Engine is', 'Trello, Kibana, Docker']) expect(masked).toContain(keep);
  });
});

describe('addresses after fresh3', () => {
  it.each([
    ['UK', '14 Alder Close\nPollokshields\nGlasgow\nG41 4QN'],
    ['UK', 'Flat 2/1, 37 Thornwood Rise, Dundee DD1 4HN'],
    ['IE', '22 Sráid an Teampaill, Ballyfermot, Dublin 10, D10 P6X2'],
    ['TR', 'Moda Mah. Şair Nefi Sok. No: 12/4\n34710 Kadıköy/İstanbul'],
    ['TR', 'Adres: Ziya Gökalp Cad. No 8 Kat 2, Çankaya / ANKARA'],
    ['KR', '211, Yeouidaero, Yeongdeungpo-gu, Seoul 07335'],
    ['VN', 'Số 45 Nguyễn Trãi, Phường 7, Quận 5, Cần Thơ'],
    ['PH', 'Purok 3, Brgy. Malabanias, Angeles City, Philippines'],
    ['ID', 'Perumahan Griya Kencana Blok D7 No. 11, Malang'],
    ['CN', '200031 Shanghai, Yongkang Road 18-2'],
    ['GR', 'Mitropoleos 61\nT.K. 546 24, THESSALONIKI'],
    ['CZ', 'Lidická 44, 602 00 Brno, Česká republika'],
    ['IN', 'C-118, Sector 22, Noida (U.P.) 201301'],
    ['IN', '7, 2nd Floor, Shanti Apartments, Behind Post Office, Ashok Marg, Lucknow 226 001'],
    ['BR', 'Av. Rio Branco 156, sala 12\nRio de Janeiro/RJ — CEP 20040-003'],
    ['ES', 'Urb. Las Acacias, Portal 2, 3ºB, 29010 Málaga'],
    ['KE', 'Apt C4, Acacia Court, off Mombasa Road, Nairobi'],
    ['KR', '#301, 17 Dosan-daero45-gil, Busan, Republic of Korea'],
    ['KR', '88, Gyeongin buk-ro, Bupyeong-gu, Incheon 21356'],
    ['EG', 'Villa 14, Zayed Gardens, 10th of Ramadan City, Sharqia'],
    ['AE', 'Office 1102, 11th Floor, Al Attar Tower, Al Maktoum Road, Dubai'],
    ['VN', '27C Bà Triệu, TP. Hồ Chí Minh, Vietnam'],
    ['FR', '12, rue Pasteur\nRésidence Les Érables, Bât. C\n44000 Nantes'],
    ['DE', 'Konrad-Adenauer-Platz 3, 53113 Bonn'],
    ['TR', 'Yıldız Mahallesi, 42. Sokak No: 5 Daire: 8, Konya']
  ])('masks a %s address: %s', (_c, address) => {
    const text = `Jordan Avery\nSenior Data Analyst\n${address}\n+44 20 7946 0018\n\nSUMMARY\nAnalyst.\n`;
    const at = text.indexOf(address);
    expect(leakedAddressTokens(text, coverage(text, blind(text)), at, at + address.length)).toEqual([]);
  });

  it.each([
    ['KR', '02-734-5120'],
    ['TR', '0 (532) 418 27 90'],
    ['CA', '514-555-0148 poste 212']
  ])('masks every digit of a %s number written "%s"', (_c, phone) => {
    const text = `Jordan Avery\nSenior Data Analyst\n${phone}\n\nSUMMARY\nAnalyst.\n`;
    const at = text.indexOf(phone);
    expect(leakedDigits(text, coverage(text, blind(text)), at, at + phone.length)).toBe(0);
  });

  it('keeps prose with street-type words, sectors and numbers that are not addresses', () => {
    const text = 'Jordan Avery\njordan@mail.com\n\nEXPERIENCE\nArgued 12 High Court appeals; led 3 Quality Circle projects; 4 Year End Close cycles.\nCovered the banking sector in 2019 and Python 3, Java 17.\nArgued the 6th of October case; MS Office 2019, Excel; order 02-734 shipped.\n';
    const masked = blind(text).text;
    for (const keep of ['Argued 12 High Court appeals', 'led 3 Quality Circle projects', 'banking sector in 2019', 'Python 3, Java 17', 'the 6th of October case', 'MS Office 2019, Excel']) expect(masked).toContain(keep);
  });
});
