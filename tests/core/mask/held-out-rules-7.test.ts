/**
 * Blind masking rules added after the fresh7 synthetic split (tests/fixtures/synthetic-fresh7*.ts) showed leaks,
 * each written as a general cause (where a person stands, not who): a lone signature after a closing in any
 * language, a second name field on the line of the first ("Surname: …    First name(s): …"), a running page header
 * or footer that comes back with only its page number changed, a nickname note beside the name ("[goes by …]"), a
 * declaration worded "I undertake that the above details …", "Let me introduce myself — …", referees after
 * "Referee name:", "You may contact …", "Paired with …", "Hired by …", "…, who was my …"; the GhanaPost digital
 * address, a named house before the street (VE "Quinta …"), directions from a landmark in English; a programme named
 * after a person kept.
 * The people are made up, not taken from the fixture lists; each case also checks the text that must stay.
 */
import { describe, expect, it } from 'vitest';
import { closingNames, nicknameMentions } from '../../../src/lib/core/mask/introductions';
import { detectHeaderName, fieldMentions } from '../../../src/lib/core/mask/name-sources';
import { coverage, leakedAddressTokens } from '../../fixtures/mask-coverage';
import { blind, nameLeaks, BODY, SKILLS } from './held-out-helpers';


describe('a lone signature after a closing in any language', () => {
  it.each([
    ['Swedish', 'Med vänliga hälsningar,'],
    ['Portuguese', 'Atenciosamente,'],
    ['Greek', 'Με εκτίμηση,'],
    ['English one word', 'Warmly,']
  ])('%s', (_case, closing) => {
    const text = `Platform Engineer\nowl@mail.to${BODY}\n${closing}\nMakerita\n`;
    expect(nameLeaks(text, 'Makerita')).toEqual([]);
    const masked = blind(text).text;
    for (const s of SKILLS) expect(masked).toContain(s);
  });

  it('takes an everyday word that is a name after a closing, never a skill or a heading', () => {
    expect(closingNames('Summary\n\nAtenciosamente,\nHope\n').map((m) => m.name)).toEqual(['Hope']);
    expect(closingNames('Summary\n\nWith thanks,\nKubernetes\n')).toEqual([]);
    expect(closingNames('Summary\n\nIn short,\nExperience\n')).toEqual([]);
  });
});

describe('forms, page headers, nicknames, declarations, introductions', () => {
  it('finds the second name field of a form line', () => {
    const text = 'APPLICATION FORM\nSurname: FONUA    First name(s): Makerita\nTelephone: +676 771 2345' + BODY;
    expect(fieldMentions(text).map((m) => m.name)).toEqual(['FONUA', 'Makerita']);
    expect(nameLeaks(text, 'Makerita')).toEqual([]);
  });

  it.each([
    ['"CV · NAME" with a page fraction', (p: number) => `CV · NALESONI PULU\t\t\t${p}/2`, ['NALESONI', 'PULU']],
    ['"Page n" and "Family, Given"', (p: number) => `Page ${p}\t\tHalaholo, Nalesoni`, ['Halaholo', 'Nalesoni']]
  ])('masks a running page header: %s', (_case, header, names) => {
    const text = `${header(1)}\n\nPlatform Engineer\nowl@mail.to${BODY}\n${header(2)}\n`;
    for (const n of names) expect(nameLeaks(text, n)).toEqual([]);
    expect(blind(text).text).toContain('Platform Engineer');
  });

  it('leaves repeated experience lines alone', () => {
    const text = `Nalesoni Pulu\nPlatform Engineer${BODY}SRE, Orbis Freight    2016 – 2018\n`;
    expect(blind(text).text).toContain('SRE, Orbis Freight');
  });

  it('masks a nickname note beside the name, not a skill in one', () => {
    expect(nicknameMentions('Nalesoni Pulu [goes by Loni]\n').map((m) => m.name)).toEqual(['Loni']);
    expect(nicknameMentions('Nalesoni Pulu (aka Kafka)\n')).toEqual([]);
    expect(nameLeaks('Nalesoni Pulu [goes by Loni]\nBackend Developer' + BODY, 'Loni')).toEqual([]);
  });

  it('masks the signer after "I undertake that the above details …"', () => {
    const text = `Platform Engineer\nowl@mail.to${BODY}\nI undertake that the above details are genuine and may be checked.\nNALESONI TAUFA  (candidate)\n`;
    expect(nameLeaks(text, 'NALESONI TAUFA')).toEqual([]);
  });

  it('reads no header name in a cover note greeting', () => {
    expect(detectHeaderName('Good morning,\n\nPlease find my CV below.\n\nMakerita Fonua\nPlatform Engineer\n')).toBe('Makerita Fonua');
    expect(blind('Good morning,\n\nPlease find my CV below.' + BODY).text).toContain('Good morning,');
  });

  it('masks the name after "Let me introduce myself —"', () => {
    const text = `Hello team,\n\nLet me introduce myself — Makerita Fonua, platform engineer.${BODY}`;
    expect(blind(text).text).not.toMatch(/Makerita|Fonua/);
  });
});

describe('referees by their slot', () => {
  it.each([
    ['"Referee name:" fields', 'Referee name: Aperahama Leauma; position: IT Manager; telephone: +685 21 234'],
    ['"You may contact … (role)"', 'You may contact Aperahama Leauma (former line manager) on +685 21 234.'],
    ['"…, who was my …"', 'Aperahama Leauma, who was my peer on the rota, has agreed to act as a referee.'],
    ['"Paired with … and …"', '- Paired with Kalani Akana and Aperahama Leauma on the billing rewrite.'],
    ['"Hired by …"', '- Hired by Aperahama Leauma, who later moved on.']
  ])('%s', (_case, line) => {
    const text = `Platform Engineer\nowl@mail.to${BODY}\nREFERENCES\n${line}\n`;
    expect(nameLeaks(text, 'Aperahama Leauma')).toEqual([]);
    const masked = blind(text).text;
    for (const s of SKILLS) expect(masked).toContain(s);
  });

  it('keeps skills after "Paired with"', () => {
    expect(blind(`Platform Engineer${BODY}- Paired with Kafka and Terraform on the upgrade.\n`).text).toContain('Paired with Kafka and Terraform');
  });
});

describe('address grammars and a programme named after a person', () => {
  const addressLeaks = (addr: string) => {
    const text = `Senior Data Analyst\n${addr}\n+233 24 555 0100${BODY}`;
    const at = text.indexOf(addr);
    return leakedAddressTokens(text, coverage(text, blind(text)), at, at + addr.length);
  };
  it.each([
    ['GhanaPost digital address and a place', 'AS-412-7788, Nhyiaeso, Kumasi'],
    ['a named house and an avenue (VE)', 'Quinta Los Mangos, Av. Bolívar Norte, Barquisimeto'],
    ['directions from a landmark', 'Rue des Lilas, behind the police station, Quatre Bornes']
  ])('%s', (_case, addr) => {
    expect(addressLeaks(addr)).toEqual([]);
  });

  it('does not read a GhanaPost code as a phone number', () => {
    expect(blind('Digital address: GA-183-4567\n').masks.filter((s) => s.kind === 'phone')).toEqual([]);
  });

  it('keeps a programme named after a person', () => {
    const text = 'Jordan Avery\nSenior Engineer\n\nEXPERIENCE\nChevening Scholar; Erasmus Mundus Joint Master\n';
    expect(blind(text).text).toContain('Erasmus Mundus Joint Master');
  });
});
