/**
 * Blind masking rules added after the fresh8 synthetic split (tests/fixtures/synthetic-fresh8*.ts) showed leaks,
 * each written as a general cause (where a person stands, not who): a name part that the text also lists as a
 * skill stays a skill where it stands as one; names in machine-written records (vCard and MECARD fields, an e-mail
 * display name, a CSV export's name column, an applicant-tracking header) and in a folder of a file path; a
 * signature field after the date ("Signed: …"), "(signed) …, Town", a closing and the name on one line;
 * supervisors and referees after "on the recommendation of", "took over … from", "Under … we", "- Manager …",
 * "skip-level …", "second reader: …", "References from …"; street corners, Dhivehi street words, Moldovan abbreviations and Spanish directions in a
 * contact block; a team's sign-off ("Kind regards, Talent Desk") is no person.
 * The people are made up, not taken from the fixture lists; each case also checks the text that must stay.
 */
import { describe, expect, it } from 'vitest';
import { pathFolderNames, recordNames } from '../../../src/lib/core/mask/records';
import { skillListWords } from '../../../src/lib/core/mask/skill-lists';
import { coverage, leakedAddressTokens } from '../../fixtures/mask-coverage';
import { blind, nameLeaks, BODY, SKILLS, keepsSkills } from './held-out-helpers';


describe('a name part that the text lists as a skill', () => {
  it('reads list items beside skills and tools joined to a skill as skills', () => {
    expect([...skillListWords('Iosefa Tuilagi\nRobotics Engineer\n\nSKILLS\nDocker, Kubernetes, Terraform, Kuka, Lumion\n')]).toEqual(expect.arrayContaining(['kuka', 'lumion']));
    expect([...skillListWords('- Built the cell with Python and Kuka.\n')]).toContain('kuka');
    expect(skillListWords('Robotics Engineer\n\nREFERENCES\nReferees: Tavita Leota, Malia Sapolu, Iosefa Tuilagi\n').size).toBe(0);
    expect(skillListWords('Leota, Tavita | Python | AWS | Docker\nPlatform Engineer\n').has('tavita')).toBe(false);
  });

  it('keeps the skill where it stands as one and masks the name', () => {
    const text = `Iosefa Kuka\nRobotics Engineer\n\nSKILLS\nDocker, Kubernetes, Terraform, Kuka, Fanuc\n\nEXPERIENCE\n- Programmed cells with Python and Kuka.\n- Mr. Kuka received the safety award.\n`;
    const masked = blind(text).text;
    expect(masked).toContain('Terraform, Kuka, Fanuc');
    expect(masked).toContain('with Python and Kuka');
    expect(masked).not.toContain('Iosefa');
    expect(masked).not.toMatch(/Mr\. Kuka/);
  });

  it('keeps the skill when a referee has that name', () => {
    const text = `Platform Engineer${BODY}- Tuned cells with Python and Kuka.\n\nREFERENCES\nReferences from Tavita Kuka (Plant Manager, Orbis) on request.\n`;
    expect(blind(text).text).toContain('with Python and Kuka');
    expect(nameLeaks(text, 'Tavita Kuka')).toEqual([]);
  });
});

describe('names in machine-written records', () => {
  it.each([
    ['a vCard', 'BEGIN:VCARD\nVERSION:3.0\nN:Leota;Tavita;;;\nFN:Tavita Leota\nTEL;TYPE=CELL:+685 21 234\nEND:VCARD\n', ['Tavita', 'Leota']],
    ['a MECARD', 'QR: MECARD:N:Leota,Tavita;TEL:+685 21 234;EMAIL:owl@mail.to;;\n', ['Tavita', 'Leota']],
    ['a quoted display name', '"Tavita Leota" <owl@mail.to>  ·  +685 21 234\n', ['Tavita Leota']],
    ['a Reply-To display name', 'Reply-To: Tavita Leota <owl@mail.to>\n', ['Tavita Leota']],
    ['an applicant record', 'Applicant #48213 — Leota, Tavita — Stage: Screening — 2024-03-02\n', ['Leota, Tavita']],
    ['a CSV export row', 'req_id,candidate_name,received\nREQ-1182,"Tavita Leota",2024-03-02\n', ['Tavita Leota']],
    ['a folder of a file path', '/srv/share/applicants/2024/leota_tavita/resume_final.pdf\n', ['leota', 'tavita']]
  ])('%s', (_case, head, names) => {
    const text = `${head}\nPlatform Engineer${BODY}`;
    for (const n of names) expect(nameLeaks(text, n)).toEqual([]);
    keepsSkills(text);
  });

  it('takes no record field that is not a name', () => {
    expect(recordNames('BEGIN:VCARD\nTITLE:Senior DevOps Engineer\nEND:VCARD\n')).toEqual([]);
    expect(pathFolderNames('/home/shared-drive/resume_final/cv.pdf\n', new Set())).toEqual([]);
  });
});

describe('signatures', () => {
  it.each([
    ['a signature field after the date', 'I confirm these statements.\n\nDate: 3.05.2024\t\tSigned: Tavita Leota\n', 'Tavita Leota'],
    ['"(signed)" and a town', '(signed) Tavita Leota, Apia\n', 'Tavita Leota'],
    ['a closing and the given name on one line', 'With thanks, Tavita\n', 'Tavita'],
    ['a closing outside English on one line', 'Cu stimă, Tavita\n', 'Tavita']
  ])('%s', (_case, end, name) => {
    const text = `Platform Engineer\nowl@mail.to${BODY}\n${end}`;
    expect(nameLeaks(text, name)).toEqual([]);
    keepsSkills(text);
  });

  it('does not sign a team or a place after a comma', () => {
    expect(blind(`Hi Sam,\n\nPlease find the CV below.${BODY}\nKind regards,\nTalent Desk\n`).text).toContain('Talent Desk');
    expect(blind(`Platform Engineer${BODY}\nLanguages, Samoan\n`).text).toContain('Languages, Samoan');
  });
});

describe('supervisors and referees by their slot', () => {
  it.each([
    ['"on the recommendation of"', '- Promoted on the recommendation of Tavita Leota.'],
    ['"took over … from"', '- Took over the on-call rota from Tavita Leota in 2021.'],
    ['"Under … we"', '- Under Tavita Leota we moved 300 VMs to Kubernetes.'],
    ['"- Manager …"', '- Manager Tavita Leota (Platform) · skip-level Malia Sapolu'],
    ['"second reader:"', '- Thesis read by the panel (second reader: Tavita Leota).'],
    ['"References from"', 'References from Tavita Leota (Staff Engineer, Orbis Cloud) can be obtained on request.']
  ])('%s', (_case, line) => {
    const text = `Platform Engineer\nowl@mail.to${BODY}${line}\n`;
    expect(nameLeaks(text, 'Tavita Leota')).toEqual([]);
    keepsSkills(text);
  });

  it('keeps firms and brands in the same slots', () => {
    const text = `Platform Engineer${BODY}- Took over the billing platform from Northwind Systems in 2021.\n- Migrated data from Oracle Exadata.\n`;
    const masked = blind(text).text;
    expect(masked).toContain('Northwind Systems');
    expect(masked).toContain('Oracle Exadata');
  });
});

describe('address grammars of a contact block', () => {
  const addressLeaks = (addr: string) => {
    const text = `Senior Data Analyst | ${addr} | +1 555 0100\nSUMMARY\nAnalyst with 6 years of SQL.\n`;
    const at = text.indexOf(addr);
    return leakedAddressTokens(text, coverage(text, blind(text)), at, at + addr.length);
  };
  it.each([
    ['a corner of two streets', 'Fenwick Street & Lomond Street, Port Alder'],
    ['a Dhivehi street word', 'G. Rasfari, Orchid Magu, Hulhumalé'],
    ['Moldovan abbreviations', 'mun. Orhei, bd. Ştefan cel Mare 14'],
    ['Spanish directions from a landmark', 'Barrio El Centro, frente a la Iglesia San Blas, Comayagua']
  ])('%s', (_case, addr) => {
    expect(addressLeaks(addr)).toEqual([]);
  });
});
