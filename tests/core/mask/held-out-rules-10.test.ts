/**
 * Blind masking rules added after the fresh10 synthetic split (tests/fixtures/synthetic-fresh10*.ts) showed leaks,
 * each written as a general cause (where a person stands, not who): the finders read a reading view of the text (a
 * word that a line-end hyphen wrapped is one word; LaTeX markup is not text) while masking still replaces spans of the
 * original; a CSV export's header row names the name columns; a JSON key "name"; sign-offs (a long closing, a
 * signature in capitals, a closing of another language before a given name, a declaration worded "correct to my
 * knowledge", a dash-signed line with place and month); referees after "recruited onto the team by", "took over …
 * from", "reviews with", a chain "A → B", an organisation before a colon, a "vouch for my work" heading, a clergy
 * title; addresses given as directions (a landmark, a turn, a coloured house, a street with no number) and Timorese
 * hamlet and village units.
 * The people and places are made up, not taken from the fixture lists; each case also checks the text that must stay.
 */
import { describe, expect, it } from 'vitest';
import { readingView } from '../../../src/lib/core/mask/reading-view';
import { landmarkAddresses } from '../../../src/lib/core/mask/landmark-addresses';
import { tableNameCells } from '../../../src/lib/core/mask/table-names';
import { workRelationNames } from '../../../src/lib/core/mask/person-slots';
import { fieldMentions, referenceNames, signatureNames, titledMentions } from '../../../src/lib/core/mask/name-sources';
import { closingNames } from '../../../src/lib/core/mask/introductions';
import { coverage } from '../../fixtures/mask-coverage';
import { addressLeaks, blind, nameLeaks, BODY, keepsSkills } from './held-out-helpers';

/** Tokens of `name` left visible where its pieces stand (a hyphen-wrapped or marked-up name is not one string). */
const pieceLeaks = (text: string, pieces: string[]) => {
  const cov = coverage(text, blind(text));
  return pieces.filter((p) => {
    const at = text.indexOf(p);
    return at >= 0 && [...cov.subarray(at, at + p.length)].some((c) => c === 0);
  });
};

describe('the reading view: wrapped words and LaTeX markup', () => {
  it('joins a word a line-end hyphen wrapped, keeps a hyphenated name its hyphen, maps spans back', () => {
    const view = readingView('Ottoline Brack-\nwater\nAnne-\nMarie Quist\n');
    expect(view?.text).toBe('Ottoline Brackwater\nAnne-Marie Quist\n');
    const at = view!.text.indexOf('Brackwater');
    expect(view!.toOriginal(at, at + 'Brackwater'.length)).toEqual({ start: 9, end: 9 + 'Brack-\nwater'.length });
  });

  it('masks a header name wrapped across two lines, and keeps the rest of the text as written', () => {
    const text = `Ottoline Brack-\nwater\nPlatform Engineer\nT: +44 20 7946 0018${BODY}- Re-\nbuilt the front-\nend.\n`;
    expect(pieceLeaks(text, ['Ottoline', 'Brack', 'water'])).toEqual([]);
    const masked = blind(text).text;
    expect(masked).toContain('- Re-\nbuilt the front-\nend.');
    keepsSkills(text);
  });

  it('reads LaTeX source as its text: commands, braces, comments and settings are markup', () => {
    const text = '\\documentclass[11pt]{moderncv}\n\\moderncvstyle{banking} % colours\n\\name{Sunniva}{Kvaale}\n\\title{Platform Engineer}\n\\phone[mobile]{+47 912 34 567}\n\\email{s.k@mail.example}\n\\begin{document}\n\\makecvtitle\n\\section{Skills}\n\\cvitem{Tools}{Kubernetes, Jenkins \\& Terraform}\n\\end{document}\n';
    const view = readingView(text)!;
    expect(view.text).toContain('Sunniva Kvaale\nPlatform Engineer\n+47 912 34 567');
    expect(view.text).not.toMatch(/documentclass|moderncv|colours|\\/);
    expect(pieceLeaks(text, ['Sunniva', 'Kvaale'])).toEqual([]);
    const masked = blind(text).text;
    // Masking replaces spans of the original: the markup around them stays as written.
    expect(masked).toContain('\\name{[NAME]}');
    expect(masked).toContain('\\cvitem{Tools}{Kubernetes, Jenkins \\& Terraform}');
  });

  it('leaves ordinary text without a view, and a backslash in prose is not LaTeX', () => {
    expect(readingView('Jordan Avery\nSenior Engineer\n')).toBeNull();
    expect(readingView('Paths like C:\\temp\\logs and \\n escapes.\n')).toBeNull();
  });
});

describe('exports and structured fields', () => {
  it('masks the name columns a CSV header row names, comma or semicolon, quoted or not', () => {
    const comma = `applicant_id,given_name,family_name,email,phone\n88123,Wilhelmina,Ostrander,w.o@mail.example,+44 20 7946 0018\n${BODY}`;
    expect(tableNameCells(comma).map((c) => c.name)).toEqual(['Wilhelmina', 'Ostrander']);
    expect(nameLeaks(comma, 'Wilhelmina')).toEqual([]);
    expect(nameLeaks(comma, 'Ostrander')).toEqual([]);
    const semi = `"Full Name";"E-mail";"Phone";"Position"\n"Casimir Havelka";"c.h@mail.example";"+420 601 123 456";"SRE"\n${BODY}`;
    expect(nameLeaks(semi, 'Casimir Havelka')).toEqual([]);
    keepsSkills(semi);
  });

  it('keeps comma lists that are no export: skills, a sentence with a name label', () => {
    expect(tableNameCells('Candidate, Engineer, Leader\nKubernetes, Jenkins, Terraform\n')).toEqual([]);
    expect(tableNameCells('Name, email and phone on request\nKubernetes, Jenkins\n')).toEqual([]);
  });

  it('masks a JSON "name" value and keeps the other values', () => {
    const text = `{\n  "basics": {\n    "name": "Radomir Zelenka",\n    "label": "Platform Engineer"\n  }\n}\n${BODY}`;
    expect(fieldMentions(text).map((f) => text.slice(f.start, f.end))).toEqual(['Radomir Zelenka']);
    expect(nameLeaks(text, 'Radomir Zelenka')).toEqual([]);
    expect(blind(text).text).toContain('"label": "Platform Engineer"');
  });
});

describe('sign-offs', () => {
  // Each case names the finder whose slot it is, so the test fails when the slot is lost even if another finder masks the name.
  const found = (text: string) => [...closingNames(text).map((c) => c.name), ...signatureNames(text)].join(' ');
  it.each([
    ['a long closing, the name in capitals', 'Looking forward to hearing from you,\n\nSUNNIVA KVAALE', 'SUNNIVA KVAALE'],
    ['a closing of another language and a given name', 'S pozdravem, Wilhelmina', 'Wilhelmina'],
    ['a declaration "correct to my knowledge", a signature line, the name', 'I hereby certify that the above particulars are correct to my knowledge and belief.\n\n__________\nCasimir Havelka', 'Casimir Havelka'],
    ['a dash-signed line with place and month', '— Radomir Zelenka, St. Albans, May 2024', 'Radomir Zelenka']
  ])('%s', (_case, lines, name) => {
    const text = `Platform Engineer\nowl@mail.example${BODY}\n${lines}\n`;
    expect(found(text)).toContain(name);
    expect(nameLeaks(text, name)).toEqual([]);
    keepsSkills(text);
  });

  it('keeps a last line of languages or skills after a comma', () => {
    const masked = blind(`Platform Engineer${BODY}\nLanguages\nEnglish, German\n`).text;
    expect(masked).toContain('English, German');
  });
});

describe('referees and colleagues by grammar', () => {
  it.each([
    ['- Recruited onto the team by Aldous Fenwick in 2019.', ['Aldous Fenwick']],
    ['- Took over the release rota from Aldous Fenwick.', ['Aldous Fenwick']],
    ['- Monthly reviews with Aldous Fenwick (my manager).', ['Aldous Fenwick']]
  ])('%s', (line, names) => {
    const text = `Platform Engineer${BODY}${line}\n`;
    expect(workRelationNames(text)).toEqual(names);
    for (const n of names) expect(nameLeaks(text, n)).toEqual([]);
    keepsSkills(text);
  });

  it('masks both people of a reporting chain "A → B"', () => {
    const text = `Platform Engineer${BODY}- Reporting line: Dr Aldous Fenwick → Casimir Havelka.\n`;
    expect(referenceNames(text).map((n) => n.replace(/\.$/, ''))).toEqual(['Aldous Fenwick', 'Casimir Havelka']);
    expect(nameLeaks(text, 'Aldous Fenwick')).toEqual([]);
    expect(nameLeaks(text, 'Casimir Havelka')).toEqual([]);
  });

  it('masks the referee after an organisation and a colon, keeps the organisation, under a "vouch" heading', () => {
    const text = `Platform Engineer${BODY}\nPeople who can vouch for my work\nHollowmere Polytechnic: Wilhelmina Ostrander (Senior Lecturer) — wo@hollowmere.example\nCasimir HAVELKA | Delivery Manager | ch@corp.example\n`;
    expect(referenceNames(text)).toEqual(expect.arrayContaining(['Wilhelmina Ostrander', 'Casimir HAVELKA']));
    expect(referenceNames(text)).not.toContain('Hollowmere Polytechnic');
    expect(nameLeaks(text, 'Wilhelmina Ostrander')).toEqual([]);
    expect(nameLeaks(text, 'Casimir HAVELKA')).toEqual([]);
    expect(blind(text).text).toContain('Hollowmere Polytechnic:');
  });

  it('masks a referee after a clergy title', () => {
    const text = `Platform Engineer${BODY}\nREFERENCES\n1. Pastor Aldous Fenwick — Community Director\n`;
    expect(titledMentions(text).map((t) => t.name)).toContain('Aldous Fenwick');
    expect(nameLeaks(text, 'Aldous Fenwick')).toEqual([]);
  });

  it('keeps tools and teams after the same phrases', () => {
    expect(workRelationNames('- Took over the Kubernetes Terraform work from Platform Engineering.\n- Reviews with Product Management.\n')).toEqual([]);
  });
});

describe('addresses given as directions', () => {
  it.each([
    ['next to a landmark', 'Ha Lekhalong, next to the clinic, Mafeteng'],
    ['off the main road', 'Palm Ridge, off the main road, Dennery'],
    ['French: behind a landmark', 'Derrière la gare routière, Oyem'],
    ['Portuguese: near a landmark', 'Perto do Mercado Municipal, Rua das Flores, Baucau'],
    ['a coloured house', 'Kawenu area, green house, Port Olry'],
    ['a turn', 'maison Agbodjan, 3e von à droite, Abomey'],
    ['a street with no number', 'Impasse Charlier, Route de Kenscoff, Pétion-Ville'],
    ['Timorese hamlet and village', 'Aldeia Lirialau, Suco Becora, Dili']
  ])('%s', (_case, line) => {
    // The grammar itself covers the line, whatever the other address finders do.
    expect(landmarkAddresses(`${line}\n`).map((a) => [a.start, a.end])).toContainEqual([0, line.length]);
    expect(addressLeaks(line)).toEqual([]);
  });

  it('leaves prose, awards and employer lines alone', () => {
    expect(landmarkAddresses('Above and beyond award, Globex\nWorked next to the data team on dashboards, SQL and Tableau.\nKubernetes, Terraform\n')).toEqual([]);
  });
});
