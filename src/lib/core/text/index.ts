/**
 * Shared text cleaning (public entry point): Unicode normalisation, mojibake repair and HTML stripping,
 * plus `cleanText`, the one pipeline the app, the CLI and training-node all run on extracted text.
 *
 * Non-goals: PII masking (core/mask), language detection, spelling correction.
 */
import { stripHtml, looksLikeHtml } from './html';
import { repairMojibake, countMojibake } from './mojibake';
import { normalizeText, type NormalizeOptions } from './normalize';

export { normalizeText, type NormalizeOptions } from './normalize';
export { repairMojibake, hasMojibake, countMojibake } from './mojibake';
export { stripHtml, decodeHtmlEntities, looksLikeHtml } from './html';

export interface CleanTextResult {
  text: string;
  /** Mojibake sequences repaired (first pass count; double encoding counts once). */
  mojibakeRepaired: number;
  /** Whether the input was detected as HTML and stripped. */
  htmlStripped: boolean;
}

/** Repairs mojibake, strips HTML when the input looks like markup, then normalises; reports what it did. */
export function cleanText(raw: string, options: NormalizeOptions & { html?: 'auto' | 'always' | 'never' } = {}): CleanTextResult {
  const mojibakeRepaired = countMojibake(raw);
  let text = mojibakeRepaired > 0 ? repairMojibake(raw) : raw;
  const mode = options.html ?? 'auto';
  const htmlStripped = mode === 'always' || (mode === 'auto' && looksLikeHtml(text));
  if (htmlStripped) text = stripHtml(text);
  return { text: normalizeText(text, options), mojibakeRepaired, htmlStripped };
}
