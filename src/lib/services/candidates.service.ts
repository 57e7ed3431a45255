/**
 * Candidate actions: the recruiter's final call (select/reject with a note), deletion (the file and all
 * derived data), and downloads of the shortlist as CSV (papaparse) or JSON. In blind mode an export holds
 * no name and the location only at the recruiter's level (core/mask/location locationLabel). CSV cells that a
 * spreadsheet would evaluate as formulas (hostile file names, notes) are neutralised.
 * Non-goals: ranking/filtering (state/shortlist.svelte.ts), persistence details (db).
 */
import { candidateLocation, locationLabel, type LocationLevel } from '../core/mask/location';
import { STAGE_LABELS } from '../core/shortlist';
import { safeCsv } from '../core/text/csv';
import { deleteCandidate, setDecision, type Decision } from '../db';
import { emitEvent } from '../events';
import { toasts } from '../state/toasts.svelte';
import type { ShortlistEntry } from '../state/shortlist.svelte';
import { parsesOf } from './parses';
import { currentDecisionContext } from './decision-log.service';
import { downloadText, slug } from './download';

/**
 * Records (or clears, with null) the recruiter's decision, logged with what the screens showed: blind mode and the
 * assistant's recommendation, if one was shown.
 */
export async function decideCandidate(input: { jobId: string; candidateId: string; decision: Decision | null; note: string; blind: boolean; recommendation?: 'select' | 'reject' | null }): Promise<void> {
  await setDecision({ candidateId: input.candidateId, decision: input.decision, note: input.note, context: currentDecisionContext(input.blind, input.recommendation ?? null) });
  emitEvent('candidates.changed', { jobId: input.jobId });
  toasts.show({ kind: 'success', message: input.decision ? `Marked as ${input.decision}` : 'Decision cleared' });
}

/** Deletes a candidate, its original file and everything derived from it. */
export async function removeCandidate(input: { jobId: string; candidateId: string; label: string }): Promise<void> {
  await deleteCandidate(input.candidateId);
  emitEvent('candidate.deleted', { jobId: input.jobId, candidateId: input.candidateId });
  emitEvent('candidates.changed', { jobId: input.jobId });
  toasts.show({ kind: 'info', message: `Deleted ${input.label} and its file` });
}

/** One exported row; names only when blind mode is off, location at the blind-mode level. */
export interface ExportRow {
  rank: number;
  candidate: string;
  file: string;
  location: string;
  score: number | null;
  mustHavesMet: string;
  /** The must-haves the candidate does not meet, "; "-separated (what a recruiter checks first). */
  mustHavesMissing: string;
  /** Most recent relevant title from the masked resume (safe in blind mode); empty before scoring. */
  title: string;
  /** Years in roles relevant to the job; null when none is dated or before scoring. */
  relevantYears: number | null;
  /** Pipeline stage as the table shows it (New, Shortlisted, Interview, Offer, Rejected). */
  stage: string;
  status: string;
  decision: string;
  note: string;
}

/**
 * Shapes entries into export rows (pure; shared by CSV and JSON). `rankOf` gives each candidate's rank in the
 * score ranking, so a filtered or re-sorted export keeps the ranks the table's Rank column shows.
 */
export function toExportRows(entries: ShortlistEntry[], rankOf: ReadonlyMap<string, number>, locationOf: (candidateId: string) => string = () => ''): ExportRow[] {
  return entries.map((entry) => ({
    rank: rankOfEntry(entry, rankOf),
    candidate: entry.label,
    file: entry.fileLabel,
    location: locationOf(entry.row.candidate.id),
    score: entry.score,
    mustHavesMet: `${entry.mustMet}/${entry.mustTotal}`,
    mustHavesMissing: (entry.mustChips ?? []).filter((c) => c.met === 'no').map((c) => c.label).join('; '),
    title: entry.profile?.title ?? '',
    relevantYears: entry.profile?.relevantYears ?? null,
    stage: STAGE_LABELS[entry.stage ?? 'new'],
    status: entry.row.candidate.status,
    decision: entry.row.decision?.decision ?? '',
    note: entry.row.decision?.note ?? ''
  }));
}

function rankOfEntry(entry: ShortlistEntry, rankOf: ReadonlyMap<string, number>): number {
  const rank = rankOf.get(entry.row.candidate.id);
  if (rank === undefined) throw new Error(`Export: candidate ${entry.row.candidate.id} is not in the ranking; reload the job and export again`);
  return rank;
}

/** Columns of the CSV export, in order. */
export const EXPORT_COLUMNS: Array<keyof ExportRow> = [
  'rank', 'candidate', 'file', 'location', 'score', 'mustHavesMet', 'mustHavesMissing', 'title', 'relevantYears', 'stage', 'status', 'decision', 'note'
];

/**
 * The shortlist as CSV (pure). File names and notes are the candidate's and the recruiter's text: any text cell
 * that a spreadsheet would evaluate is prefixed with ' by papaparse's escapeFormulae, so it shows as written.
 */
export function shortlistCsv(rows: ExportRow[]): string {
  return safeCsv(rows, EXPORT_COLUMNS);
}

/** Downloads the shortlist (the visible entries, in their order) as CSV or JSON (built in memory; nothing leaves the device). */
export async function exportShortlist(input: {
  jobId: string;
  jobTitle: string;
  entries: ShortlistEntry[];
  rankOf: ReadonlyMap<string, number>;
  format: 'csv' | 'json';
  blind: boolean;
  locationLevel: LocationLevel;
}): Promise<void> {
  const wantLocation = !input.blind || input.locationLevel !== 'none';
  const parses = wantLocation ? await parsesOf(input.jobId, new Set(input.entries.map((e) => e.row.candidate.id))) : new Map();
  const locationOf = (id: string) => {
    const resume = parses.get(id)?.resume;
    return resume ? locationLabel(candidateLocation(resume), { blind: input.blind, level: input.locationLevel }) : '';
  };
  const rows = toExportRows(input.entries, input.rankOf, locationOf);
  const body =
    input.format === 'csv'
      ? shortlistCsv(rows)
      : JSON.stringify({ job: input.jobTitle, blind: input.blind, locationLevel: input.blind ? input.locationLevel : 'full', exportedAt: new Date().toISOString(), candidates: rows }, null, 2);
  const type = input.format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json';
  downloadText(body, `shortlist-${slug(input.jobTitle)}.${input.format}`, type);
}
