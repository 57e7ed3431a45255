/**
 * Reader of the DataTurks "Entity Recognition in Resumes" file, kept for tests outside the resume folder
 * that read it from an explicit path (tests/core/score/real-data.test.ts).
 * The field-extraction measurement that used to live here is eval/parse.ts (`npm run eval -- --only parse`);
 * tests/core/resume/real-data.test.ts asserts its floors.
 * Shape legend: DataTurks `end` is INCLUSIVE; spans are compared by their text elsewhere, never by offsets.
 */
import { readFileSync } from 'node:fs';
import type { NerRow } from '../../../eval/data';

export type { NerRow } from '../../../eval/data';

/** One annotated resume per line of `file`. */
export function loadNer(file: string): NerRow[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as NerRow);
}
