/**
 * Cleaning and junk rules. Text fields go through core/text's `cleanText` (mojibake repair, HTML
 * stripping, Unicode and whitespace normalisation); resumes are then judged by stated junk rules, each
 * with a stable id that the report counts:
 *   - `too-short`: fewer than `minChars` characters (default 200) or `minWords` words (default 30);
 *   - `mostly-non-letters`: letters are under `minLetterRatio` (default 0.5) of non-space characters;
 *   - `repeated-lines`: one line makes up over `maxRepeatedLineShare` (default 0.5) of the lines (spam,
 *     copy-paste loops), counted when the text has at least 6 lines;
 *   - `boilerplate`: over `maxBoilerplateShare` (default 0.8) of the lines are corpus boilerplate, i.e.
 *     lines found in at least 10% of documents (and at least 5 of them).
 *
 * Non-goals: language filtering, quality scoring, PII (mask.ts).
 */
import { cleanText } from '../../../src/lib/core/text/index';

export interface JunkRules {
  minChars: number;
  minWords: number;
  minLetterRatio: number;
  maxRepeatedLineShare: number;
  maxBoilerplateShare: number;
}

export const DEFAULT_JUNK_RULES: JunkRules = {
  minChars: 200,
  minWords: 30,
  minLetterRatio: 0.5,
  maxRepeatedLineShare: 0.5,
  maxBoilerplateShare: 0.8
};

export type JunkRuleId = 'too-short' | 'mostly-non-letters' | 'repeated-lines' | 'boilerplate';

/** Human-readable statement of each rule with its thresholds, written into every report. */
export function describeJunkRules(rules: JunkRules): Record<JunkRuleId, string> {
  return {
    'too-short': `fewer than ${rules.minChars} characters or ${rules.minWords} words after cleaning`,
    'mostly-non-letters': `letters are under ${Math.round(rules.minLetterRatio * 100)}% of non-space characters`,
    'repeated-lines': `one line is over ${Math.round(rules.maxRepeatedLineShare * 100)}% of the lines (texts of 6+ lines)`,
    boilerplate: `over ${Math.round(rules.maxBoilerplateShare * 100)}% of lines appear in ≥10% (and ≥5) of all documents`
  };
}

export interface CleanedField {
  text: string;
  mojibakeRepaired: number;
  htmlStripped: boolean;
}

/** Cleans one text field with the shared core pipeline. */
export function cleanField(raw: string | undefined): CleanedField {
  if (!raw) return { text: '', mojibakeRepaired: 0, htmlStripped: false };
  return cleanText(raw);
}

function lineKey(line: string): string {
  return line.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Lines (normalised) that appear in at least 10% and at least 5 of the documents. */
export function findBoilerplateLines(texts: readonly string[]): Set<string> {
  const documentFrequency = new Map<string, number>();
  for (const text of texts) {
    const lines = new Set(text.split('\n').map(lineKey).filter((l) => l.length >= 3));
    for (const line of lines) documentFrequency.set(line, (documentFrequency.get(line) ?? 0) + 1);
  }
  const minimum = Math.max(5, Math.ceil(texts.length * 0.1));
  return new Set([...documentFrequency].filter(([, n]) => n >= minimum).map(([line]) => line));
}

/** The first junk rule `text` breaks, or undefined when it is kept. */
export function junkRuleBroken(text: string, rules: JunkRules, boilerplate: ReadonlySet<string>): JunkRuleId | undefined {
  const words = text.split(/\s+/).filter(Boolean).length;
  if (text.length < rules.minChars || words < rules.minWords) return 'too-short';
  const visible = text.replace(/\s+/g, '');
  const letters = (visible.match(/\p{L}/gu) ?? []).length;
  if (letters / Math.max(1, visible.length) < rules.minLetterRatio) return 'mostly-non-letters';
  const lines = text.split('\n').map(lineKey).filter(Boolean);
  if (lines.length >= 6) {
    const counts = new Map<string, number>();
    for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
    if (Math.max(...counts.values()) / lines.length > rules.maxRepeatedLineShare) return 'repeated-lines';
  }
  if (boilerplate.size > 0 && lines.length > 0) {
    const shared = lines.filter((l) => boilerplate.has(l)).length;
    if (shared / lines.length > rules.maxBoilerplateShare) return 'boilerplate';
  }
  return undefined;
}
