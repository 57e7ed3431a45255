/**
 * Saving a file the app built in memory (exports and reports): a Blob URL clicked as a download, revoked later.
 * Nothing is sent anywhere. Non-goals: building the file's content (each export does).
 */

/** Downloads `body` (text, or bytes such as a zip) as `fileName`. */
export function downloadText(body: string | Uint8Array<ArrayBuffer>, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name-safe form of a title ("job" when nothing is left). */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'job';
}
