/**
 * The candidate pipeline's vocabulary: the stages a candidate moves through, their labels, the keyboard keys of
 * the common moves, and counts per stage.
 * Purpose: one list the table, its filters, the candidate screen and the stage history agree on.
 * Non-goals: persistence (db/stages.repo.ts), the move itself (services/pipeline.service.ts).
 * Shape legend: a candidate without a stored stage is 'new'.
 */

export const STAGES = ['new', 'shortlisted', 'interview', 'offer', 'rejected'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = { new: 'New', shortlisted: 'Shortlisted', interview: 'Interview', offer: 'Offer', rejected: 'Rejected' };

/** Keys that move the focused candidate to a stage (shown in the "?" help). */
export const STAGE_KEYS: Record<string, Stage> = { n: 'new', s: 'shortlisted', i: 'interview', o: 'offer', r: 'rejected' };

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** The stage after `stage` in the forward pipeline (new → shortlisted → interview → offer); offer and rejected stay. */
export function nextStage(stage: Stage): Stage {
  const forward: Stage[] = ['new', 'shortlisted', 'interview', 'offer'];
  const i = forward.indexOf(stage);
  return i < 0 || i === forward.length - 1 ? stage : forward[i + 1];
}

/** How many of `stages` are at each stage (every stage present, zero included). */
export function stageCounts(stages: Iterable<Stage>): Record<Stage, number> {
  const counts = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const s of stages) counts[s]++;
  return counts;
}
