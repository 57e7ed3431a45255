/**
 * The resume's headline (JSON Resume `basics.label`): the candidate's current title as the top of the resume
 * states it: "SENIOR ACCOUNTANT" on the first line, "Senior Program coordinator - oracle India Limited" under
 * the name (→ "Senior Program coordinator"), "Data Engineer | jane@example.com | …".
 * Purpose: a title for scoring that does not depend on the experience section being parsed right.
 * Non-goals: titles inside the experience section (experience.ts).
 * Shape legend: the headline is one piece (pieces.ts) of one of the first lines of the header block; its span
 * is the provenance of 'basics.label'.
 */
import { isProse, splitLines, wordsOf } from './lines';
import { linePieces } from './pieces';
import { headingKind } from './sections';
import type { Provenance, ResumeSection, Span } from './types';
import { COMPANY_RE, INSTITUTION_RE, KNOWN_COMPANY_RE, TITLE_AT_END_RE, TITLE_RE } from './vocab';

/** Lines of the header block searched for a headline. */
const HEADLINE_LINES = 4;
const MAX_HEADLINE_WORDS = 8;

/** The headline piece, or undefined. `nameSpan` is basics.name's span (that line's name part is skipped). */
export function extractHeadline(text: string, sections: ResumeSection[], nameSpan?: Span): { label: string; provenance: Provenance } | undefined {
  const header = sections[0];
  if (!header || header.kind !== 'header') return undefined;
  const lines = splitLines(text, header.start, header.end).filter((l) => l.kind !== 'noise').slice(0, HEADLINE_LINES);
  for (const [i, line] of lines.entries()) {
    if (line.kind === 'text' && line.text.length > 80) continue;
    for (const p of linePieces(text, line, i)) {
      if (nameSpan && p.start < nameSpan.end && p.end > nameSpan.start) continue;
      const t = p.text;
      if (p.place || /[@/\\]|\d{3}|www\.|https?:/i.test(t) || isProse(t) || headingKind(t)) continue;
      if (wordsOf(t).length > MAX_HEADLINE_WORDS) continue;
      const titled = TITLE_AT_END_RE.test(t) || (TITLE_RE.test(t) && !COMPANY_RE.test(t) && !KNOWN_COMPANY_RE.test(t));
      const capsFirstLine = i === 0 && !nameSpan && t === t.toUpperCase() && /\p{Lu}{3}/u.test(t);
      if (!titled && !capsFirstLine) continue;
      if (INSTITUTION_RE.test(t) && !TITLE_AT_END_RE.test(t)) continue;
      return { label: t, provenance: { path: 'basics.label', start: p.start, end: p.end } };
    }
  }
  return undefined;
}
