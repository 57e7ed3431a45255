/**
 * Blind masking rules added after the fresh6 synthetic split (tests/fixtures/synthetic-fresh6*.ts) showed leaks,
 * each written as a general cause (where a person stands, not who): a name interleaved with the contact fields of
 * an extracted header line, prose that introduces a person (cover notes, "My name is", "I, …") with the name broken
 * by the line wrap, referees and relatives by their slot (a role label and a dash, "(wife)", "(the head of my
 * department)", "…, Director of …"), a lone name after a closing line, a dated signature line, an HTML heading, a
 * year after the document title, header words broken into fragments by PDF extraction; address grammars with no
 * house number among capitalised words (directions from a landmark, "Quartier … près de …", Persian and Han-script
 * streets, the Saudi short address); an eponymous method kept.
 * The people are made up, not taken from the fixture lists; each case also checks the text that must stay.
 */
import { describe, expect, it } from 'vitest';
import { brokenHeaderNames, closingNames, contactLineNames, introducedNames, slotNames } from '../../../src/lib/core/mask/introductions';
import { coverage, leakedAddressTokens } from '../../fixtures/mask-coverage';
import { blind, nameLeaks, BODY } from './held-out-helpers';


describe('a name interleaved with the contact fields of a header line', () => {
  it.each([
    ['label, given name, phone, family name, email', 'Contact Bolormaa Mobile: +976 9911 2233 Tserendorj Email: quiet.owl@mail.mn\nBackend Developer', ['Bolormaa', 'Tserendorj']],
    ['given name, email, family name, job title', 'Enkhjin E-mail: owl.dev@mail.mn Ganbold Site Reliability Engineer', ['Enkhjin', 'Ganbold']],
    ['names in capitals around a phone', 'ENKHJIN  ☎ +976 9911 2233  GANBOLD\nPlatform Engineer\nowl@mail.mn', ['ENKHJIN', 'GANBOLD']]
  ])('%s', (_case, head, names) => {
    const text = head + BODY;
    for (const n of names) expect(nameLeaks(text, n)).toEqual([]);
    expect(blind(text).text).toMatch(/Engineer|Developer/);
  });

  it('takes skill words as names only when the email spells them', () => {
    expect(contactLineNames('Contact RUBY Mobile: +976 9911 2233 KAFKA Email: rubykafka@mail.mn\n').map((m) => m.name)).toEqual(['RUBY KAFKA', 'RUBY KAFKA']);
    expect(contactLineNames('Contact RUBY Mobile: +976 9911 2233 KAFKA Email: owl@mail.mn\n')).toEqual([]);
  });

  it('leaves a headline and contact line without name words alone', () => {
    expect(contactLineNames('Data Engineer | Mobile: +976 9911 2233 | Email: owl@mail.mn\n')).toEqual([]);
    expect(contactLineNames('Email: owl@mail.mn   Phone: +976 9911 2233   Kubernetes Docker\n')).toEqual([]);
  });
});

describe('prose that introduces a person', () => {
  it.each([
    ['the name broken by the line wrap', 'Thank you for considering the application of Bolormaa\nTserendorj, who has led two cloud\nmigrations.'],
    ['"My name is" with the family name on the next line', 'Hello. My name is Bolormaa\nTserendorj\nand I build delivery pipelines.'],
    ['"I," before a wrapped name', 'Over eight years as an engineer I, Bolormaa\nTserendorj, have automated releases.'],
    ['"the CV of our candidate"', 'Please see below the CV of our candidate Bolormaa Tserendorj; availability is four weeks.'],
    ['"resume of" in a cover note', 'Enclosed: resume of Bolormaa Tserendorj (shortlisted, second round).'],
    ['"prepared … by"', 'This profile was prepared for the hiring panel by Bolormaa\nTserendorj, and I build pipelines.'],
    ['"on behalf of"', 'I am writing on behalf of Bolormaa Tserendorj, who asked me to send this.']
  ])('%s', (_case, line) => {
    const text = 'Backend Developer\nowl@mail.mn\n\n' + line + BODY;
    const masked = blind(text).text;
    expect(masked).not.toMatch(/Bolormaa|Tserendorj/);
    for (const skill of ['Kubernetes', 'Jenkins', 'Ruby', 'Kafka']) expect(masked).toContain(skill);
  });

  it('keeps what such phrases introduce when it is not a person', () => {
    expect(introducedNames('- Led the application of Machine Learning to fraud.\n- I am AWS Certified.\n- Prepared by Data Engineering Team.\n')).toEqual([]);
    expect(introducedNames('the application of Bolormaa Tserendorj, an engineer')).toEqual(['Bolormaa Tserendorj']);
  });
});

describe('referees, supervisors and relatives by where they stand', () => {
  it.each([
    ['a role label and a dash', '- Project sponsor — Bolormaa Tserendorj; delivery lead — Enkhjin Ganbold', 'Bolormaa Tserendorj', 'Project sponsor'],
    ['a relative in brackets after an emergency call', 'In case of emergency call Bolormaa Tserendorj (husband)', 'Bolormaa Tserendorj', 'In case of emergency'],
    ['a described person in brackets', 'Bolormaa Tserendorj (the head of my department) — +976 9911 2233', 'Bolormaa Tserendorj', 'head of my department'],
    ['a title and a role after the name', '- Performance reviewed each quarter by Bolormaa Tserendorj, Director of Platform.', 'Bolormaa Tserendorj', 'Director of Platform'],
    ['"reported to the CTO,"', '- Reported directly to the CTO, Bolormaa Tserendorj.', 'Bolormaa Tserendorj', 'Reported directly to the CTO']
  ])('%s', (_case, line, name, keep) => {
    const text = 'Backend Developer\nowl@mail.mn\n\nREFERENCES\n' + line + BODY;
    expect(nameLeaks(text, name)).toEqual([]);
    expect(blind(text).text).toContain(keep);
  });

  it('takes skill words as a relative\'s name, and keeps a firm described as a client', () => {
    expect(slotNames('Next of kin — Ruby Kafka (sister)')).toContain('Ruby Kafka');
    expect(slotNames('Northwind Traders (a client I delivered for) — +976 9911 2233')).toEqual([]);
    expect(slotNames('- Technical lead: Kubernetes Platform Team')).toEqual([]);
  });
});

describe('signatures at the end', () => {
  it('masks a lone name word after a closing line, not a closing word or a skill', () => {
    expect(closingNames('Backend Developer' + BODY + '\nThank you for reading.\nTserendorj\n').map((m) => m.name)).toEqual(['Tserendorj']);
    expect(closingNames('Backend Developer' + BODY + '\nThank you for reading.\nKubernetes\n')).toEqual([]);
    expect(closingNames('Backend Developer' + BODY + '\nRegards,\nTeam\n')).toEqual([]);
  });

  it('masks a dated signature line after a dash', () => {
    const text = 'Backend Developer\nowl@mail.mn' + BODY + '\n— Bolormaa Tserendorj, 19 October 2025\n';
    expect(nameLeaks(text, 'Bolormaa Tserendorj')).toEqual([]);
    expect(blind(text).text).toContain('19 October 2025');
  });
});

describe('header names in other wrappings', () => {
  it.each([
    ['an HTML heading', '<h1 align="center">Bolormaa Tserendorj</h1>\n*Backend Developer*\nowl@mail.mn\n', 'Bolormaa Tserendorj'],
    ['a year after the document title', 'Resume (2025) — Bolormaa Tserendorj\nowl@mail.mn\n', 'Bolormaa Tserendorj'],
    ['a tilde between the name and the phone', 'Bolormaa Tserendorj ~ +976 9911 2233 ~ owl@mail.mn\nBackend Developer\n', 'Bolormaa Tserendorj']
  ])('%s', (_case, head, name) => {
    expect(nameLeaks(head + BODY, name)).toEqual([]);
  });

  it('masks header name words that PDF extraction broke into fragments, not a broken headline', () => {
    const text = 'Ma ria   Tseren dorj\nBackend Developer\nowl@mail.mn' + BODY;
    expect(blind(text).text.split('\n')[0]).not.toMatch(/Ma ria|Tseren/);
    expect(brokenHeaderNames('Data engin eer   Python\nowl@mail.mn\n')).toEqual([]);
    expect(brokenHeaderNames('Clo ud   Engineer\n')).toEqual([]);
  });
});

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
