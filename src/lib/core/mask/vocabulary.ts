/**
 * The vocabulary of ordinary resume language: words that occur in the shipped background corpus of 1,712 masked
 * resumes (models/background-corpus.json), as written or by stem.
 * Purpose: one test for the name finders (gazetteer.ts, name-sources.ts) of whether a capitalised word is resume
 * language ("Backend", "Particulars") rather than a word resumes do not use, as most names are not.
 * Non-goals: deciding whether a word stands as a name (the finders do, with the text's context).
 */
import background from '../../../../models/background-corpus.json';
import { stem } from '../score/text';

const DOC_FREQ = background.docFreq as Record<string, number>;

/** Whether a folded word belongs to ordinary resume language (the shipped background vocabulary). */
export const isVocabulary = (folded: string): boolean => (DOC_FREQ[folded] ?? 0) > 0 || (DOC_FREQ[stem(folded)] ?? 0) > 0;
