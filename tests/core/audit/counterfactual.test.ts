/**
 * Counterfactual check on real-shaped candidates: a resume's own identity cues (its name, pronouns, age and date of
 * birth) are swapped for each variant, only the variant's dimension changes, a text without a cue is not tested on
 * it, and blind scoring gives every variant the candidate's own score and rank. The summary's tally is checked on
 * made-up scores where one variant moves a candidate.
 */
import { describe, expect, it } from 'vitest';
import { parseJob } from '../../../src/lib/core/job';
import { maskText } from '../../../src/lib/core/mask';
import { parseResume } from '../../../src/lib/core/resume';
import { AUDIT_VARIANTS, counterfactualText, scoreVariants, summarizeCounterfactual, VARIANTS } from '../../../src/lib/core/audit';

const REF = new Date(Date.UTC(2024, 0, 1));
const JOB = parseJob({ title: 'Data Analyst', description: 'Requirements:\n- SQL and Python\n- 2+ years of reporting experience\n- Tableau or Power BI\nNice to have\n- Julia or R' });

const resumeText = (name: string, extra = '') => `${name}
Data Analyst | Age: 34 | Date of Birth: 14/03/1990
${extra}
SUMMARY
She builds dashboards; her reports cut month-end work by 30%.

EXPERIENCE
Data Analyst, Northwind    Jan 2018 – Dec 2023
- SQL and Python reporting for finance; Tableau dashboards

EDUCATION
B.Sc. in Statistics, 2017`;

const variant = (label: string) => VARIANTS.find((v) => v.label === label)!;

describe('counterfactualText', () => {
  const text = resumeText('Dana Whitfield');
  const { masks } = maskText(text, { profile: 'blind', knownNames: ['Dana Whitfield'] });

  it('swaps only the names for a name variant', () => {
    const out = counterfactualText(text, masks, variant('Jamal Robinson'), 2024)!;
    expect(out.startsWith('Jamal Robinson\n')).toBe(true);
    expect(out).not.toContain('Dana');
    expect(out).toContain('She builds dashboards; her reports');
    expect(out).toContain('Age: 34');
  });

  it('swaps pronouns with their case for a pronoun variant', () => {
    expect(counterfactualText(text, masks, variant('he'), 2024)).toContain('He builds dashboards; his reports');
    expect(counterfactualText(text, masks, variant('they'), 2024)).toContain('They builds dashboards; their reports');
  });

  it('swaps the age and the year of birth for an age variant', () => {
    const out = counterfactualText(text, masks, variant('age 58'), 2024)!;
    expect(out).toContain('Age: 58');
    expect(out).toContain('14/03/1966');
    expect(out.startsWith('Dana Whitfield')).toBe(true);
  });

  it('returns null when the text has no cue of the dimension', () => {
    const plain = 'SKILLS\nSQL, Python\n\nEXPERIENCE\nAnalyst, 2019 – 2023';
    const none = maskText(plain, { profile: 'blind' }).masks;
    expect(counterfactualText(plain, none, variant('he'), 2024)).toBeNull();
    expect(counterfactualText(plain, none, variant('age 23'), 2024)).toBeNull();
  });
});

describe('scoreVariants + summarizeCounterfactual', () => {
  it('gives every variant the base score and rank under blind scoring', () => {
    const names = ['Dana Whitfield', 'Grace King', 'Ruby Chen'];
    const resumes = names.map((n, i) => parseResume(resumeText(n, i === 1 ? 'Skills: Power BI, Julia' : ''), { referenceDate: REF }));
    const results = resumes.map((r) => scoreVariants(JOB, r, { referenceDate: REF }));
    const report = summarizeCounterfactual(names, results);
    expect(report.candidates).toBe(3);
    const tested = Object.fromEntries(report.rows.map((r) => [r.dimension, r.tested]));
    expect(tested).toEqual({ name: 3, 'skill-name': 3, pronoun: 3, age: 3 });
    // Every variant applies to every resume except a name variant equal to the candidate's own name (Grace King,
    // Ruby Chen): swapping it changes nothing, so it is not a test.
    expect(report.rows.map((r) => r.triples).reduce((a, b) => a + b)).toBe(3 * AUDIT_VARIANTS.length - 2);
    expect(report.maxScoreChange).toBe(0);
    expect(report.maxRankChange).toBe(0);
    expect(report.worst).toBeNull();
  });

  it('reports the largest score and rank change and who moved', () => {
    const variants = [variant('Jamal Robinson'), variant('he')];
    const report = summarizeCounterfactual(
      ['a', 'b', 'c'],
      [
        { base: 70, scores: [70, null] },
        { base: 60, scores: [75, 60] },
        { base: 50, scores: [50, 49] }
      ],
      variants
    );
    expect(report.rows).toEqual([
      { dimension: 'name', variants: 1, changed: 1, triples: 3, maxScoreChange: 15, maxRankChange: 1, worst: 'Jamal Robinson', tested: 3 },
      { dimension: 'pronoun', variants: 1, changed: 1, triples: 2, maxScoreChange: 1, maxRankChange: 0, worst: 'he', tested: 2 }
    ]);
    expect(report.worst).toEqual({ candidateId: 'b', dimension: 'name', variant: 'Jamal Robinson', scoreChange: 15, rankChange: 1 });
  });
});
