/**
 * The shipped topic space (models/topic-space.json, built by `training-node topic-space` from the masked text
 * of the dev split's resumes), decoded once on first use.
 * Purpose: the default space for the topic signal in the app, the CLI and the evaluation's product rows.
 * Non-goals: building or choosing spaces (training-node/src/topic/build.ts; ScoreOptions.topicSpace overrides it).
 */
import spaceData from '../../../../../models/topic-space.json';
import { decodeTopicSpace, type TopicSpace, type TopicSpaceFile } from './space';

let shipped: TopicSpace | undefined;

/** The shipped topic space, decoded on first call. */
export function shippedTopicSpace(): TopicSpace {
  shipped ??= decodeTopicSpace(spaceData as TopicSpaceFile);
  return shipped;
}
