/**
 * Blind masking rules added after the fresh11 synthetic split (tests/fixtures/synthetic-fresh11*.ts) showed leaks,
 * each written as a general cause (where a person stands, not who): invisible and look-alike characters inside or
 * around a name (no-break and wide spaces, soft hyphens, zero-width characters, icon-font glyphs) read as plain
 * text by the finders while the masked output keeps them outside masks; name fields keyed "first_name:" (YAML,
 * JSON); a maiden or former name noted beside the name; the end of a resume signed after a closing line of any
 * wording, in a signature bracket or an end-of-document line; referees, supervisors and relatives in relation
 * labels, passive and joint-work prose, a bullet's subject acting on the writer, a referee entry after a dash and
 * a contact card; addresses placed by a landmark or a neighbourhood; a lettered P.O. box; a dotted six-digit phone.
 * The people and places are made up, not taken from the fixture lists; each case also checks the text that must stay.
 */
import { describe, expect, it } from 'vitest';
import { colleagueSlotNames } from '../../../src/lib/core/mask/colleague-slots';
import { directionAddresses } from '../../../src/lib/core/mask/direction-addresses';
import { finderText } from '../../../src/lib/core/mask/invisible';
import { endSignatures, formerNameNotes } from '../../../src/lib/core/mask/name-notes';
import { coverage, leakedAddressTokens, leakedDigits } from '../../fixtures/mask-coverage';
import { blind, nameLeaks, BODY, keepsSkills } from './held-out-helpers';

describe('invisible characters are plain text to the finders, kept in the output', () => {
  it.each([
    ['no-break space', 'Oswin\u00a0Trelawney\n'],
    ['soft hyphen inside a word', 'Os\u00adwin Trela\u00adwney\n'],
    ['zero-width characters around and inside', '\u200bOswin\u200b Trelawney\u2060\n'],
    ['en and em spaces before a separator', 'OSWIN\u2002TRELAWNEY\u2003|\u2003']
  ])('%s', (_case, header) => {
    const text = `${header}Platform Engineer\nowl@mail.to${BODY}`;
    const result = blind(text);
    expect(result.text).not.toMatch(/oswin|trelawney/i);
    // Only the name is replaced: what stands outside the mask is the original, invisible characters included.
    const m = result.masks.find((x) => x.kind === 'name')!;
    expect(result.text.slice(0, m.maskedStart)).toBe(text.slice(0, m.start));
    expect(result.text.slice(m.maskedEnd, m.maskedEnd + 18)).toBe(text.slice(m.end, m.end + 18));
    keepsSkills(text);
  });

  it('masks a name after an icon-font glyph and keeps the glyphs', () => {
    const text = `\uf007 Oswin Trelawney\n\uf0b1 Platform Engineer\n\uf095 +44 20 7946 0018  \uf0e0 owl@mail.to${BODY}`;
    expect(nameLeaks(text, 'Oswin Trelawney')).toEqual([]);
    expect(blind(text).text).toContain('\uf0b1 Platform Engineer');
  });

  it('maps a folded span back over the characters it holds', () => {
    const f = finderText('a\u00adb\u200bc d');
    expect(f.text).toBe('abc d');
    expect(f.toOriginal([{ kind: 'name', start: 0, end: 3, entity: 'x' }])[0]).toMatchObject({ start: 0, end: 5 });
    expect(finderText('plain').text).toBe('plain');
  });
});

describe('the candidate named in a note or at the end', () => {
  it('masks name fields keyed like data ("first_name:", "last_name:")', () => {
    const text = `---\ncontact:\n  first_name: Oswin\n  last_name: Trelawney\nheadline: Platform Engineer\n---\n${BODY}`;
    expect(nameLeaks(text, 'Oswin')).toEqual([]);
    expect(nameLeaks(text, 'Trelawney')).toEqual([]);
    keepsSkills(text);
  });

  it.each([
    ['Marisol Quennell (née Ashgrove)', 'Ashgrove'],
    ['Marisol Quennell, geb. Ashgrove', 'Ashgrove'],
    ['Marisol Quennell (formerly Ashgrove)', 'Ashgrove'],
    ['Marisol Quennell (previously published as Marisol Ashgrove)', 'Marisol Ashgrove']
  ])('%s', (header, former) => {
    const text = `${header}\nPlatform Engineer\nowl@mail.to${BODY}`;
    expect(formerNameNotes(text)).toEqual([former]);
    expect(nameLeaks(text, former)).toEqual([]);
  });

  it('keeps a renamed firm in the experience section', () => {
    const text = `Marisol Quennell\nPlatform Engineer${BODY}SRE, Northwind Traders (formerly Orbis Freight)    2012 – 2014\n`;
    expect(formerNameNotes(text)).toEqual([]);
    expect(blind(text).text).toContain('Orbis Freight');
  });

  it.each([
    ['a closing of any wording, then a date', 'Hoping to hear from you soon,\nTobiah Wrenfield\n4 June 2024', 'Tobiah Wrenfield'],
    ['a closing in another language, a role after the name', 'Serdecznie pozdrawiam,\n\nTobiah Wrenfield | Candidate', 'Tobiah Wrenfield'],
    ['a given name and an initial after a dash', 'Warmest thanks,\n— Tobiah W.', 'Tobiah'],
    ['a signature bracket', 'Signed .................. (Tobiah Wrenfield)', 'Tobiah Wrenfield'],
    ['an end-of-document line', 'End of Lebenslauf — Tobiah Wrenfield', 'Tobiah Wrenfield']
  ])('%s', (_case, ending, name) => {
    const text = `Platform Engineer\nowl@mail.to${BODY}\n${ending}\n`;
    expect(endSignatures(text)).toContain(name);
    expect(nameLeaks(text, name)).toEqual([]);
    keepsSkills(text);
  });

  it('leaves a last skills line, a team and a job line alone', () => {
    expect(endSignatures(`x${BODY}\nTools I use daily,\nKubernetes Terraform\n`)).toEqual([]);
    expect(endSignatures(`x${BODY}\nWith thanks,\nRecruiting Team\n`)).toEqual([]);
    expect(endSignatures(`x${BODY}\nAlso,\nSenior Engineer, Orbis Freight\nMore lines\nAnd more\n`)).toEqual([]);
  });
});

describe('referees, supervisors and relatives by grammar', () => {
  it.each([
    ['- Skip-level: Ingrith Solvay; direct: Barnaby Quist.', ['Ingrith Solvay', 'Barnaby Quist']],
    ['Emergency contact / relationship: Ingrith Solvay / aunt', ['Ingrith Solvay']],
    ['- Onboarded by Ingrith Solvay; later co-led the design review with Barnaby Quist.', ['Ingrith Solvay', 'Barnaby Quist']],
    ['- Capacity planning done jointly with Ingrith Solvay (head of SRE).', ['Ingrith Solvay']],
    ['- Thesis assessed by Dr. Ingrith Solvay and Barnaby Quist (external examiner).', ['Ingrith Solvay', 'Barnaby Quist']],
    ['- Seconded to the data team under Madame Ingrith Solvay for a year.', ['Ingrith Solvay']],
    ['- Covered the on-call rota while Ingrith Solvay was on leave.', ['Ingrith Solvay']],
    ['- Ingrith Solvay approved my transfer in 2022.', ['Ingrith Solvay']],
    ['Referee two — Ingrith Solvay; Head of Data at Orbis Freight; reachable on +44 20 7946 0018', ['Ingrith Solvay']],
    ['SOLVAY Ingrith [Head of Data, Orbis Freight] +44 20 7946 0018', ['SOLVAY Ingrith']],
    ['Ingrith Solvay\nHead of Data\nOrbis Freight\nTel. 28.40.61', ['Ingrith Solvay']],
    ['Dr Ingrith Solvay\nHead of Data\nOrbis Freight\nTel. 28.40.61', ['Ingrith Solvay']]
  ])('%s', (line, names) => {
    const text = `Platform Engineer${BODY}${line}\n`;
    expect(colleagueSlotNames(text)).toEqual(names);
    for (const n of names) expect(nameLeaks(text, n)).toEqual([]);
    keepsSkills(text);
  });

  it('keeps skills, firms and teams in the same slots', () => {
    const text = '- Pipelines powered by Apache Kafka.\n- Built jointly with Google Cloud.\n- Team of four under Agile Scrum.\n- Kubernetes Terraform improved my deploys.\nSenior Engineer\nPlatform Team\nTel. 020 7946 0018\n';
    expect(colleagueSlotNames(text)).toEqual([]);
    expect(blind(text).text).toContain('Google Cloud');
  });

  it('keeps groups and plural roles named after a school (a real resume lost its university to this)', () => {
    const text = 'Education\nHOLLISTER UNIVERSITY, Marlow Business School 2007 Bachelor of Business Administration\nRecipient, 2007 Award. Given annually by vote of Hollister University Professors to the top student. Awarded by Hollister Professors; selected with Marlow Faculty.\n- Thesis reviewed by Grace Cookson.\n';
    expect(colleagueSlotNames(text)).toEqual(['Grace Cookson']);
    const masked = blind(text).text;
    expect(masked).toContain('HOLLISTER UNIVERSITY, Marlow Business School');
    expect(masked).toContain('Hollister Professors');
    expect(masked).toContain('Marlow Faculty');
    expect(masked).not.toContain('Grace Cookson');
  });
});

describe('addresses placed by a landmark or a neighbourhood, a lettered box, a dotted short phone', () => {
  const leaks = (line: string) => {
    const text = `Platform Engineer\n${line}\n+44 20 7946 0018${BODY}`;
    return leakedAddressTokens(text, coverage(text, blind(text)), text.indexOf(line), text.indexOf(line) + line.length);
  };
  it.each([
    ['behind a landmark', 'Hadda Street, behind the old flour mill, Ibb'],
    ['across from a landmark', 'Tamarind Road, across from the fire station, Vailoa'],
    ['French, facing a landmark', 'Rue des Pêcheurs, face au marché, Fomboni'],
    ['a neighbourhood and a town', 'Bairro Ponta Mina, Trindade'],
    ['a lettered P.O. box', 'P.O. Box K117, Falmouth Harbour']
  ])('%s', (_case, line) => {
    expect(leaks(line)).toEqual([]);
  });

  it('leaves directions in prose alone', () => {
    expect(directionAddresses('- Sat opposite the platform team, which helped.\n- Moved the Kafka cluster behind the firewall, Kubernetes next.\n')).toEqual([]);
  });

  it('masks a dotted six-digit phone after a label or no calendar has, keeps a date', () => {
    const text = `Platform Engineer${BODY}\nMobile: 27.04.93\nPlatform Engineer | 27.81.35\nCertified 12.05.19\n`;
    const masked = blind(text).text;
    expect(masked).not.toContain('27.04.93');
    expect(masked).not.toContain('27.81.35');
    expect(masked).toContain('12.05.19');
    expect(leakedDigits(text, coverage(text, blind(text)), 0, 5)).toBe(0);
  });
});
