/**
 * Blind masking rules added after the fresh5 synthetic split (tests/fixtures/synthetic-fresh5*.ts) showed leaks,
 * each written as a general cause (where a person stands, not who): referees' entries and prose that credits a
 * person, name columns of tables, labels with a note in brackets, signatures, a name over two column cells, and
 * Baltic/Bulgarian/Latin-American address forms. The people are made up, not taken from the fixture lists; each
 * case also checks the text around the name that must stay.
 */
import { describe, expect, it } from 'vitest';
import { maskText } from '../../../src/lib/core/mask';
import { coverage, leakedAddressTokens } from '../../fixtures/mask-coverage';

const blind = (text: string) => maskText(text, { profile: 'blind' });

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
