/**
 * What produced a score, as the decision log records it: the scorer (default signals, plus "+semantic" when an
 * embedding model's signal was part of the score), the shipped ranker's version and the app's version.
 * Non-goals: the models' own versions (the caller passes the active model ids with their manifest versions).
 */
import rankerData from '../../../../models/ranker.json';
import type { ScoreResult } from '../score/types';

/** "default-scorer+semantic/ranker-v1/app-0.1.0"; "none" parts when the candidate has no score. */
export function scorerVersionOf(result: ScoreResult | undefined, appVersion: string): string {
  const scorer = result ? `default-scorer${result.breakdown?.semantic ? '+semantic' : ''}` : 'unscored';
  return `${scorer}/ranker-v${rankerData.version}/app-${appVersion}`;
}
