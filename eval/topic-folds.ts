/**
 * Topic spaces for the evaluation, one per resume fold: the shipped models/topic-space.json was built from
 * every dev-split resume, so scoring those resumes with it would let each one be ranked in a space it helped
 * build. Instead each resume is scored in a space built from the other two folds' resumes (same builder, same
 * options), as a held-out resume would be.
 * Purpose: honest product rows in the ranking table. Non-goals: the space itself (src/lib/core/score/topic).
 * Shape legend: a resume's fold is a hash of its dataset path mod FOLDS, so it does not move when others are
 * added or --limit picks a subset.
 */
import type { ParsedResume } from '../src/lib/core/resume/types';
import { fnv1a32 } from '../training-node/src/data/random';
import { buildTopicSpace, documentTerms } from '../training-node/src/topic/build';
import type { TopicSpace } from '../src/lib/core/score/topic/space';
import { shippedTopicSpace } from '../src/lib/core/score/topic/shipped';
import type { CategoryDoc } from './data';

const FOLDS = 3;

export interface TopicFolds {
  /** The space resume i is scored in. */
  spaceOf(i: number): TopicSpace;
  /** What the rows used, for the table's note. */
  description: string;
}

/** One topic space per fold, built from the other folds' resumes; the shipped space when a fold's complement is too small to build one. */
export function topicFolds(docs: CategoryDoc[], resumes: ParsedResume[]): TopicFolds {
  const fold = docs.map((d) => fnv1a32(d.id) % FOLDS);
  const terms = resumes.map(documentTerms);
  const dims = shippedTopicSpace().dims;
  try {
    const spaces = Array.from({ length: FOLDS }, (_, f) => buildTopicSpace(terms.filter((_, i) => fold[i] !== f), { dims }).space);
    return { spaceOf: (i) => spaces[fold[i]], description: `topic space per resume fold (${FOLDS} folds; each resume scored in a space built without it)` };
  } catch (e) {
    return { spaceOf: () => shippedTopicSpace(), description: `the shipped topic space (in-sample: ${(e as Error).message})` };
  }
}
