/** Shared assertion for hidden-text fixtures: visible lines survive, each hidden line is dropped and counted. */
import { expect } from 'vitest';
import type { ExtractedText } from '../../../src/lib/core/ingest';

const solidChars = (s: string) => s.replace(/\s/g, '').length;

/** Asserts `extracted` keeps every visible line and drops every hidden one, counted under its reason. */
export function expectOnlyVisibleText(extracted: ExtractedText, fixture: { visible: readonly string[]; hidden: Readonly<Record<string, string>> }): void {
  for (const line of fixture.visible) expect(extracted.text).toContain(line);
  for (const [reason, line] of Object.entries(fixture.hidden)) {
    expect(extracted.text).not.toContain(line.split(' ')[0]);
    expect(extracted.hidden.byReason[reason], reason).toBe(solidChars(line));
  }
  expect(extracted.hidden.chars).toBe(Object.values(fixture.hidden).reduce((n, l) => n + solidChars(l), 0));
  expect(extracted.warnings.join(' ')).toMatch(/prompt-injection/);
}
