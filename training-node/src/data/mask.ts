/**
 * PII masking step of the pipeline: runs core/mask's `maskText` with the `pii` profile (stable numbered
 * placeholders per entity, e.g. [NAME_1], [EMAIL_1]) over every text field of a record and tallies masks
 * by kind for the report. One masker for app and training: this file only calls it.
 *
 * Non-goals: detection rules (they live in src/lib/core/mask).
 */
import { maskText } from '../../../src/lib/core/mask/index';

export interface MaskedField {
  text: string;
  counts: Record<string, number>;
}

/** Masks PII in `text` (pii profile); `knownNames` are masked wherever they occur. */
export function maskPii(text: string, knownNames: string[] = []): MaskedField {
  if (!text) return { text, counts: {} };
  const result = maskText(text, { profile: 'pii', knownNames });
  const counts: Record<string, number> = {};
  for (const m of result.masks) counts[m.kind] = (counts[m.kind] ?? 0) + 1;
  return { text: result.text, counts };
}

/** Adds `more` into `total` kind by kind. */
export function addCounts(total: Record<string, number>, more: Record<string, number>): void {
  for (const [kind, n] of Object.entries(more)) total[kind] = (total[kind] ?? 0) + n;
}
