/**
 * Untrusted resume text: long runs of letters, spaces, dots, list items or digits (junk PDFs, hidden-text
 * attacks) must parse, mask and score to valid results. These inputs once drove several regexes into
 * quadratic/cubic backtracking; the checks here are about valid output, the suite's timeout guards the rest.
 */
import { describe, expect, it } from 'vitest';
import { parseJob } from '../../../src/lib/core/job';
import { maskText } from '../../../src/lib/core/mask';
import { parseResume } from '../../../src/lib/core/resume';
import { scoreCandidate } from '../../../src/lib/core/score';

const N = 20000;
const INPUTS: Record<string, string> = {
  letters: 'a'.repeat(N),
  capitals: 'A'.repeat(N),
  dottedLetters: 'a.'.repeat(N / 2),
  spaces: ' '.repeat(N),
  newlines: '\n'.repeat(N),
  atSigns: 'a@'.repeat(N / 2),
  nameField: `Name: ${'A '.repeat(N / 2)}`,
  skillList: `SKILLS: ${'C, '.repeat(N / 3)}`,
  spacedWords: 'Aa   '.repeat(N / 5),
  longEmail: `${'a.'.repeat(N / 4)}@${'b.'.repeat(N / 4)}com`,
  digits: '1 '.repeat(N / 2),
  years: '2019 '.repeat(N / 5)
};

describe('pathological resume text', () => {
  const job = parseJob({ title: 'Engineer', description: 'Requirements: Python, 5+ years of experience, Bachelor degree' });
  for (const [name, text] of Object.entries(INPUTS)) {
    it(`handles ${name}`, () => {
      const resume = parseResume(text);
      for (const p of resume.provenance) {
        expect(p.start).toBeGreaterThanOrEqual(0);
        expect(p.end).toBeLessThanOrEqual(text.length);
      }
      const masked = maskText(text, { profile: 'pii' });
      masked.masks.forEach((m, i) => {
        expect(m.end).toBeGreaterThan(m.start);
        if (i > 0) expect(m.start).toBeGreaterThanOrEqual(masked.masks[i - 1].end);
      });
      const result = scoreCandidate(job, resume, { blind: true });
      expect(result.score).toBeGreaterThanOrEqual(0);
      expect(result.score).toBeLessThanOrEqual(100);
    });
  }
});
