/**
 * Shared setup of the held-out rules tests (held-out-rules-6 … -10): the blind masker, name-leak counting, and a
 * resume body whose skills (some of them also names) must survive every header rule.
 */
import { expect } from 'vitest';
import { maskText } from '../../../src/lib/core/mask';
import { coverage, leakedAddressTokens, leakedNameOccurrences } from '../../fixtures/mask-coverage';

export const blind = (text: string) => maskText(text, { profile: 'blind' });
export const nameLeaks = (text: string, name: string) => leakedNameOccurrences(text, coverage(text, blind(text)), name);
export const BODY = '\n\nSUMMARY\nPlatform engineer, 8 years of Kubernetes, Jenkins and Terraform.\n\nSKILLS\nRuby, Kafka, Docker\n\nEXPERIENCE\nSRE, Orbis Freight    2018 – Present\n- Built CI/CD for 40 services.\n';
export const SKILLS = ['Kubernetes', 'Jenkins', 'Ruby', 'Kafka', 'Terraform'];

/** Every skill of BODY is still in the masked text. */
export const keepsSkills = (text: string) => {
  const masked = blind(text).text;
  for (const s of SKILLS) expect(masked).toContain(s);
};

/** Tokens of an address line left visible when it stands under a job title and over a phone number, above BODY. */
export const addressLeaks = (line: string) => {
  const text = `Platform Engineer\n${line}\n+44 20 7946 0018${BODY}`;
  return leakedAddressTokens(text, coverage(text, blind(text)), text.indexOf(line), text.indexOf(line) + line.length);
};
