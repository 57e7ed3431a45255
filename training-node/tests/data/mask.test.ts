/**
 * Masker integration (the pipeline calls core/mask's maskText, pii profile): over generated resumes with
 * emails and phones in common formats, no email or phone pattern survives, and placeholders are stable per
 * entity (the same email twice → one placeholder; different emails → different placeholders).
 */
import { describe, expect, it } from 'vitest';
import { maskPii } from '../../src/data/mask';
import { seededRandom } from '../../src/data/random';
import { EMAIL_PATTERN, PHONE_PATTERN } from './helpers';

const PHONE_FORMATS = [
  (d: string) => `+1 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`,
  (d: string) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`,
  (d: string) => `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`,
  (d: string) => `+91 ${d.slice(0, 5)} ${d.slice(5)}`,
  (d: string) => `+44 20 ${d.slice(2, 6)} ${d.slice(6)}`,
  (d: string) => d
];

function digits(random: () => number): string {
  return String(6 + Math.floor(random() * 3)) + Array.from({ length: 9 }, () => Math.floor(random() * 10)).join('');
}

describe('PII masking in the pipeline', () => {
  it('leaves no email or phone pattern in 200 generated resumes', () => {
    const random = seededRandom(21);
    for (let i = 0; i < 200; i++) {
      const email = `user.${i}_${Math.floor(random() * 1e6)}@mail${i % 7}.example.org`;
      const phone = PHONE_FORMATS[i % PHONE_FORMATS.length](digits(random));
      const text = `Candidate ${i}\nEmail: ${email} | Phone: ${phone}\n\nSkills: Python, SQL. Worked 2019-2023 at Example Corp on 3 projects.\nContact me at ${email}.`;
      const masked = maskPii(text);
      expect(masked.text).not.toMatch(EMAIL_PATTERN);
      expect(masked.text).not.toMatch(PHONE_PATTERN);
      expect(masked.counts.email ?? 0).toBeGreaterThanOrEqual(2);
      expect(masked.counts.phone ?? 0).toBeGreaterThanOrEqual(1);
      // Years and counts are not phone numbers: the text around them survives.
      expect(masked.text).toContain('2019-2023');
    }
  });

  it('gives one placeholder per entity, stable across repeats within a document', () => {
    const text = 'a.one@example.com wrote to b.two@example.com; reply to a.one@example.com or call +1 415 555 0100 / +1 415 555 0100.';
    const masked = maskPii(text);
    const placeholders = masked.text.match(/\[EMAIL_\d+\]/g) ?? [];
    expect(placeholders).toHaveLength(3);
    expect(placeholders[0]).toBe(placeholders[2]);
    expect(placeholders[0]).not.toBe(placeholders[1]);
    const phones = masked.text.match(/\[PHONE_\d+\]/g) ?? [];
    expect(phones).toHaveLength(2);
    expect(phones[0]).toBe(phones[1]);
    expect(maskPii(text).text).toBe(masked.text);
  });
});
