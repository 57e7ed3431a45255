/**
 * Integrity of downloaded model files: SHA-256 through WebCrypto (browser, worker and Node 20 alike), compared
 * with the manifest. A mismatch is an error that names the file, the expected and the actual hash, and the fix.
 *
 * Non-goals: downloading (manager.ts). Shape legend: hashes are lowercase hex, 64 chars.
 */

/** Lowercase hex SHA-256 of bytes. */
export async function sha256HexOfBytes(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A downloaded file does not match its manifest (hash or size). */
export class ModelIntegrityError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
    readonly what: 'sha256' | 'size' = 'sha256'
  ) {
    super(
      `Integrity check failed for ${file}: expected ${what} ${expected}, got ${actual}. ` +
        'The file on the server differs from its manifest (corrupted upload, partial sync, or tampering); re-publish the model or fix manifest.json.'
    );
    this.name = 'ModelIntegrityError';
  }
}

/** Throw ModelIntegrityError unless `bytes` has the expected size (when given) and sha256. */
export async function verifyFileIntegrity(file: string, bytes: Uint8Array, expected: { sha256: string; size_bytes?: number | null }): Promise<void> {
  if (expected.size_bytes != null && bytes.byteLength !== expected.size_bytes) {
    throw new ModelIntegrityError(file, `${expected.size_bytes} bytes`, `${bytes.byteLength} bytes`, 'size');
  }
  const actual = await sha256HexOfBytes(bytes);
  if (actual !== expected.sha256.toLowerCase()) throw new ModelIntegrityError(file, expected.sha256, actual);
}
