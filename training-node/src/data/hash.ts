/**
 * Audit hashes: SHA-256 (WebCrypto, available in browsers and Node 20) of the dedupe-normalised text, so
 * an exact-duplicate key is stable across runs and machines and can be checked against training_metadata.
 *
 * Non-goals: near-duplicate detection (dedupe.ts), file hashing (core/ingest hashes raw bytes).
 */

/** Lower-cases, drops punctuation and collapses whitespace: two texts differing only in layout collide. */
export function dedupeKeyText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Hex SHA-256 of a string's UTF-8 bytes. */
export async function sha256OfText(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The exact-duplicate hash of a resume text. */
export function contentHash(text: string): Promise<string> {
  return sha256OfText(dedupeKeyText(text));
}
