/**
 * Blind masking rules added after the fresh6 synthetic split (tests/fixtures/synthetic-fresh6*.ts) showed leaks,
 * each written as a general cause (where a person stands, not who): a name interleaved with the contact fields of
 * an extracted header line, prose that introduces a person (cover notes, "My name is", "I, …") with the name broken
 * by the line wrap, a lone name after a closing line, a dated signature line, an HTML heading, a year after the
 * document title; address grammars with no house number among capitalised words (directions from a landmark,
 * "Quartier … près de …", Persian and Han-script streets, the Saudi short address); an eponymous method kept.
 * The people are made up, not taken from the fixture lists; each case also checks the text that must stay.
 */
import { describe, expect, it } from 'vitest';
import { maskText } from '../../../src/lib/core/mask';
import { coverage, leakedAddressTokens } from '../../fixtures/mask-coverage';

const blind = (text: string) => maskText(text, { profile: 'blind' });

describe('address grammars without a house number among capitalised words', () => {
  it.each([
    ['directions from a landmark (Costa Rica)', 'Heredia, Santo Domingo, 150 metros al norte de la escuela, casa esquinera'],
    ['a neighbourhood and a landmark (Cameroon)', 'Quartier Essos, près de la boulangerie du carrefour, Yaoundé'],
    ['a street without a number, a district and a city', 'Rue Koloko, Akwa, Douala'],
    ['Persian-script street, lane and plate', 'مشهد، خیابان امام، کوچه یاس، پلاک 12'],
    ['romanised Persian lane and plate', 'Tabriz, Imam St., Kuche Yas, Pelak 12'],
    ['a Han-script street and number', '高雄市苓雅區四維三路2號5樓'],
    ['the Saudi short national address', 'DAMM2345']
  ])('%s', (_case, addr) => {
    for (const [pre, mid] of [['Senior Data Analyst\n', '\n'], ['Senior Data Analyst | ', ' | ']]) {
      const text = pre + addr + mid + '+44 20 7946 0018\n\nSUMMARY\nAnalyst with 6 years of SQL.\n';
      const cov = coverage(text, blind(text));
      const at = text.indexOf(addr);
      expect(leakedAddressTokens(text, cov, at, at + addr.length)).toEqual([]);
      expect(blind(text).text).toContain('Senior Data Analyst');
    }
  });

  it('keeps prose with "près de" and directions words away from the contact block', () => {
    const text = 'Backend Developer\nowl@mail.mn\n+44 20 7946 0018\n\nEXPERIENCE\n- Géré près de 40 projets pour 12 clients.\n- Moved the data centre 200 metres north of the old site.\n';
    expect(blind(text).text).toContain('près de 40 projets');
    expect(blind(text).text).toContain('200 metres north');
  });
});

describe('methods named after people', () => {
  it('keeps "Monte Carlo simulation" and "Kaplan Meier estimator"', () => {
    const masked = blind('Bolormaa Tserendorj\nQuant Analyst\nowl@mail.mn\n\nEXPERIENCE\n- Priced options with Monte Carlo simulation.\n- Fitted a Kaplan Meier estimator to churn.\n').text;
    expect(masked).toContain('Monte Carlo simulation');
    expect(masked).toContain('Kaplan Meier estimator');
  });
});
