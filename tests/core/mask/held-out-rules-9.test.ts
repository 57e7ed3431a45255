/**
 * Blind masking rules added after the fresh9 synthetic split (tests/fixtures/synthetic-fresh9*.ts) showed leaks,
 * each written as a general cause (where a person stands, not who): a short profile link on a header line
 * ("gh/…", "dev.to/…"), a name that a profile-link slug spells (LinkedIn PDF export), a header name before a "◦"
 * separator, the last lines that sign a resume (a declaration with place and date, a name over "(Applicant)", a
 * name and place after a declaration sentence, a page footer), a numbered reference written "FAMILY, Given —",
 * colleagues after a relation phrase of a work bullet (and a second one after "and"), a team that signs a letter
 * (kept), a school named after a person in another language (kept); addresses given by directions from a landmark, a street corner, "z/n" / "s/n", a village and town, a
 * Belarusian avenue abbreviation; a labelled six-digit phone.
 * The people and places are made up, not taken from the fixture lists; each case also checks the text that must stay.
 */
import { describe, expect, it } from 'vitest';
import { numberedReversedNames, signedLineNames, slugAgreeingNames, workRelationNames } from '../../../src/lib/core/mask/person-slots';
import { landmarkAddresses } from '../../../src/lib/core/mask/landmark-addresses';
import { addressLeaks, blind, nameLeaks, BODY, SKILLS, keepsSkills } from './held-out-helpers';


describe('header links and slugs that carry the name', () => {
  it('masks short profile links on a header line, keeps "GitHub/GitLab" in a skills list', () => {
    const text = `gh/brackwater-ottoline · dev.to/ottolineb\nPlatform Engineer${BODY}- CI on GitHub/GitLab runners.\n`;
    const masked = blind(text).text;
    expect(masked).not.toMatch(/ottoline|brackwater/i);
    expect(masked).toContain('GitHub/GitLab');
    keepsSkills(text);
  });

  it('masks the name a LinkedIn slug spells, hyphenated given names too', () => {
    const text = 'Contact\nwww.linkedin.com/in/taeyoon-brackwater-12ab3 (LinkedIn)\n\nTop Skills\nTerraform\n\nTae-yoon Brackwater\nSRE at Orbis Freight\n' + BODY;
    expect(slugAgreeingNames(text)).toContain('Tae-yoon Brackwater');
    expect(nameLeaks(text, 'Tae-yoon Brackwater')).toEqual([]);
    keepsSkills(text);
  });

  it('does not take a heading that a slug spells', () => {
    expect(slugAgreeingNames('linkedin.com/in/data-engineer-77\nData Engineer\n')).toEqual([]);
  });

  it('ends a header name at a "◦" separator', () => {
    const text = `Iolanthe Penhallow ◦ +44 20 7946 0018 ◦ owl@mail.to\nPlatform Engineer${BODY}`;
    expect(nameLeaks(text, 'Iolanthe Penhallow')).toEqual([]);
  });
});

describe('the last lines that sign a resume', () => {
  it.each([
    ['signed at place and date', 'Signed at Vestvik this 4th day of March 2024: Sunniva Kvaale', 'Sunniva Kvaale'],
    ['place, date, tabs, name', 'Vestvik, 04.03.2024\t\t\tSunniva Kvaale', 'Sunniva Kvaale'],
    ['declared by the applicant, capitals', 'Declared true by the applicant, SUNNIVA KVAALE — Vestvik — 2024-03-04', 'SUNNIVA KVAALE'],
    ['page footer', 'Professional history of Radomir Zelenka — page 2 of 2', 'Radomir Zelenka']
  ])('%s', (_case, line, name) => {
    const text = `Platform Engineer\nowl@mail.to${BODY}\n${line}\n`;
    expect(signedLineNames(text)).toContain(name);
    expect(nameLeaks(text, name)).toEqual([]);
    keepsSkills(text);
  });

  it('takes a name over an "(Applicant)" line and a name with a place after a declaration', () => {
    expect(signedLineNames(`x${BODY}\nRadomir Zelenka\n(Applicant)\n`)).toEqual(['Radomir Zelenka']);
    expect(signedLineNames(`x${BODY}\nAll details given here are correct.\nRadomir Zelenka, Vestvik\n`)).toEqual(['Radomir Zelenka']);
  });

  it('leaves job lines with dates, headings over a role line and skills alone', () => {
    expect(signedLineNames('EXPERIENCE\nSenior Engineer, Orbis Freight    06/2014 – 12/2017\n- Built pipelines.\n')).toEqual([]);
    expect(signedLineNames('x\nSenior Engineer\n(Applicant)\n')).toEqual([]);
    expect(signedLineNames('x\nKubernetes Terraform — page 2 of 2\n')).toEqual([]);
  });

  it('keeps a school named after a person in another language ("… Universiteit", "Universidad …")', () => {
    for (const school of ['Radomir Zelenka Universiteit van Vestvik', 'Hogeschool Sunniva Kvaale', 'Universidad Aldous Fenwick']) {
      expect(blind(`Jordan Avery\nSenior Engineer\n\nEDUCATION\nBSc in Physics, ${school}\n`).text).toContain(school);
    }
  });

  it('does not mask a team that signs a letter', () => {
    const masked = blind(`Platform Engineer${BODY}\nKind regards,\nTalent Desk\n`).text;
    expect(masked).toContain('Talent Desk');
  });
});

describe('referees and colleagues by slot and grammar', () => {
  it('masks a numbered reference written "FAMILY, Given —"', () => {
    const text = `Platform Engineer${BODY}\nREFERENCES\n[1] ZELENKA, Radomir — Principal Architect — +420 601 123 456\n2. Ostrander, Wilhelmina | Head of Data\n`;
    expect(numberedReversedNames(text)).toEqual(['ZELENKA, Radomir', 'Ostrander, Wilhelmina']);
    expect(nameLeaks(text, 'Radomir Zelenka')).toEqual([]);
    expect(nameLeaks(text, 'Wilhelmina Ostrander')).toEqual([]);
    expect(blind(text).text).toContain('Principal Architect');
  });

  it('keeps a numbered list of skills written with a comma', () => {
    expect(numberedReversedNames('1. Kubernetes, Terraform — platform\n')).toEqual([]);
  });

  it.each([
    ['- Dotted-line report to Aldous Fenwick; solid line to Casimir Havelka.', ['Aldous Fenwick', 'Casimir Havelka']],
    ['- Worked alongside Aldous Fenwick and Casimir Havelka on the migration.', ['Aldous Fenwick', 'Casimir Havelka']],
    ['- Handed the platform over to Aldous Fenwick when I moved teams.', ['Aldous Fenwick']],
    ['- Team of six engineers under Aldous Fenwick.', ['Aldous Fenwick']],
    ['- Appraisals signed off by Lt Col Aldous Fenwick.', ['Aldous Fenwick']],
    ['- Research group of Dr. Aldous Fenwick, Riverside Polytechnic.', ['Aldous Fenwick']],
    ['Ask Aldous Fenwick about my work on billing: af@corp.example', ['Aldous Fenwick']]
  ])('%s', (line, names) => {
    const text = `Platform Engineer${BODY}${line}\n`;
    expect(workRelationNames(text)).toEqual(names);
    for (const n of names) expect(nameLeaks(text, n)).toEqual([]);
    keepsSkills(text);
  });

  it('keeps firms, skills and teams after the same phrases', () => {
    const text = '- Worked with BNY Mellon on settlement.\n- Reported to Product Management.\n- Worked alongside Kubernetes Terraform.\n- Team of four under Agile Scrum.\n';
    expect(workRelationNames(text)).toEqual([]);
    expect(blind(text).text).toContain('BNY Mellon');
  });
});

describe('address grammars with no numbered street', () => {
  it.each([
    ['directions from a landmark', 'De la Iglesia Santa Lucía 3 c. al norte, ½ c. abajo, casa #14, Masaya'],
    ['directions, one block towards the lake', 'Bo. San Judas, del antiguo mercado 2 c. al lago, Rivas'],
    ['a street corner', 'Croisement Av. Kabambare et Av. Kasa-Vubu, Matadi'],
    ['no number (z/n)', 'Kaya Flamboyan z/n, Brievengat, Willemstad'],
    ['no number (s/n)', 'Calle Real s/n, Barrio Alto, Teguise'],
    ['a village and a town', 'Vailele village, Apia'],
    ['a Belarusian avenue', 'pr. Pobediteley 41-12, 220004 Minsk']
  ])('%s', (_case, line) => {
    expect(addressLeaks(line)).toEqual([]);
  });

  it('leaves prose and skills alone', () => {
    expect(landmarkAddresses('Built 3 dashboards for the Sales team.\nKubernetes, Terraform\n')).toEqual([]);
  });

  it('masks a labelled six-digit phone, not a bare six-digit figure', () => {
    const masked = blind(`Platform Engineer${BODY}\nMobile: 673 657\nCut costs by 250 000 a year.\n`).text;
    expect(masked).not.toContain('673 657');
    expect(masked).toContain('250 000');
  });
});
