/**
 * The "same text" key of a document, for dedupe beyond identical bytes: a resume re-saved, re-exported or
 * re-printed to PDF has other bytes but the same words. The key is the SHA-256 of the text folded to what a
 * reader would call the same: Unicode NFKC, lower case, and only its letters and digits in order (spacing, line
 * breaks, bullets and punctuation differ between exports). Pure TypeScript (WebCrypto: browsers, workers, Node).
 *
 * Non-goals: near-duplicates (an edited resume is a new version, and the recruiter decides), byte identity
 * (ExtractedText.sha256). Shape legend: the key is 64 lowercase hex chars, or null when there is too little text.
 */

/** Fewer letters and digits than this are no basis for calling two documents the same (scans, empty files). */
export const MIN_DEDUPE_CHARS = 40;

/** The text as the dedupe key sees it: NFKC, lower case, letters and digits only. */
export function dedupeFold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** SHA-256 (hex) of the folded text, or null when it has fewer than MIN_DEDUPE_CHARS letters and digits. */
export async function textDedupeKey(text: string): Promise<string | null> {
  const folded = dedupeFold(text);
  if (folded.length < MIN_DEDUPE_CHARS) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(folded));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
