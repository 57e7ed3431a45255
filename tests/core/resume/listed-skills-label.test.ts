/**
 * groupLabel: the skills-line label regex with its pre-checks (a colon, at most five words before it) must answer
 * exactly what the regex alone answers, on labels, non-labels and lines built to make the regex backtrack.
 */
import { describe, expect, it } from 'vitest';
import { GROUP_LABEL_RE, groupLabel } from '../../../src/lib/core/resume/listed-skills';

const LINES = [
  'Build Tools: Maven, Gradle',
  'Cloud Services:: AWS, Azure',
  '• Programming Languages : Java, C++',
  ' ❖ - Tools used by me: Git',
  'One Two Three Four Five: x',
  'One Two Three Four Five Six: x',
  '•  • One Two Three Four Five: bullets before the label',
  'Web (HTML/CSS) & JS: React',
  'https://github.com/jane: profile',
  'Portfolio: https://example.com',
  'Meeting at 10:30 with the team',
  'Java, Python, SQL, AWS',
  'Developed and maintained the internal reporting platform for the finance team',
  'a'.repeat(40) + ' b c d e f:',
  'Skills:',
  ':leading colon',
  'Name\u00a0With\u00a0NBSP: value',
  'Ünïcödé Wörds: yes',
  ''
];

describe('groupLabel', () => {
  it('matches exactly what GROUP_LABEL_RE matches', () => {
    for (const line of LINES) expect(groupLabel(line), line).toEqual(GROUP_LABEL_RE.exec(line));
  });

  it('finds the label of a skills line and none in prose', () => {
    expect(groupLabel('Build Tools: Maven, Gradle')?.[1]).toBe('Build Tools');
    expect(groupLabel('One Two Three Four Five Six: x')).toBeNull();
    expect(groupLabel('Java, Python, SQL, AWS')).toBeNull();
  });
});
