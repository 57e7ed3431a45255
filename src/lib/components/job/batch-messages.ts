/**
 * Words for a batch's outcomes: counts with the right plural, and the toast that explains the duplicates a batch
 * skipped (which file, what it duplicates, where the list stays).
 * Non-goals: deciding what is a duplicate (ingest), the lists themselves (BatchNotice).
 */
import type { BatchItemRecord } from '$lib/db';

/** "1 file", "2 files". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One duplicate: why, in the recruiter's words ("the same file as Candidate #3"). */
function sameAs(item: BatchItemRecord, labelOf: (candidateId: string) => string): string {
  const of = item.candidateId ? labelOf(item.candidateId) : 'a stored candidate';
  return `${item.duplicateReason === 'same-text' ? 'the same resume text as' : 'the same file as'} ${of}`;
}

/** The toast after a batch that skipped `items` as duplicates. */
export function duplicateToast(items: BatchItemRecord[], labelOf: (candidateId: string) => string): string {
  if (items.length === 1) return `1 duplicate file skipped: ${items[0].fileName} is ${sameAs(items[0], labelOf)}. It stays listed under the drop zone until you dismiss it.`;
  return `${plural(items.length, 'duplicate file')} skipped: each is the same file or resume text as a candidate already here. They stay listed under the drop zone until you dismiss them.`;
}
