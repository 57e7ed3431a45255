/**
 * The job screen's state as a runes class: the job, its candidate rows, the recruiter's filters and sort,
 * the derived ranked list, the compare selection and the per-file error rows. Loads through repositories
 * and reloads on app events; never writes (services do).
 *
 * Non-goals: actions (services/*.service.ts), layout (components/screening/*).
 */
import type { Job } from '../core/job';
import { getJob, listCandidateRows, listFailedItems, type BatchItemRecord, type CandidateRow, type JobRecord } from '../db';
import { onEvent } from '../events';

export type SortKey = 'score' | 'candidate' | 'must' | 'decision';
export type StatusFilter = 'all' | 'undecided' | 'selected' | 'rejected';

/** One ranked row as displayed and exported. */
export interface ShortlistEntry {
  row: CandidateRow;
  /** "Candidate #N" in blind mode, else the parsed name (or the same fallback). */
  label: string;
  /** File name, or only its type and size in blind mode (file names often contain the name). */
  fileLabel: string;
  score: number | null;
  mustMet: number;
  mustTotal: number;
}

/** Display label for a candidate that respects blind mode. */
export function candidateLabel(candidate: CandidateRow['candidate'], blind: boolean): string {
  const blindLabel = `Candidate #${candidate.ordinal}`;
  return blind || !candidate.name.trim() ? blindLabel : candidate.name;
}

/** File label that respects blind mode. */
export function fileLabel(candidate: CandidateRow['candidate'], blind: boolean): string {
  if (!blind) return candidate.fileName;
  const ext = candidate.fileName.split('.').pop()?.toUpperCase() ?? 'FILE';
  return `${ext} · ${Math.max(1, Math.round(candidate.fileSize / 1024))} KB`;
}

/** How many must-have requirements a score marks as met, out of the job's must-haves. */
export function mustHaveCoverage(job: Job | undefined, row: CandidateRow): { met: number; total: number } {
  const musts = new Set((job?.requirements ?? []).filter((r) => r.priority === 'must').map((r) => r.id));
  const met = (row.score?.result.requirements ?? []).filter((r) => r.met === 'yes' && musts.has(r.requirementId)).length;
  return { met, total: musts.size };
}

export class ShortlistState {
  job = $state<JobRecord | undefined>(undefined);
  rows = $state<CandidateRow[]>([]);
  failed = $state<BatchItemRecord[]>([]);
  loaded = $state(false);
  minScore = $state(0);
  mustHavesOnly = $state(false);
  status = $state<StatusFilter>('all');
  search = $state('');
  sortKey = $state<SortKey>('score');
  sortDescending = $state(true);
  compare = $state<string[]>([]);
  blind = $state(true);

  constructor(readonly jobId: string) {}

  /** All rows shaped for display, in rank order (score descending), before filters. */
  ranked = $derived.by(() => {
    const entries = this.rows.map((row) => this.toEntry(row));
    return entries.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.row.candidate.ordinal - b.row.candidate.ordinal);
  });

  /** The visible list: filters applied, then the chosen sort. */
  visible = $derived.by(() => {
    const query = this.search.trim().toLowerCase();
    const filtered = this.ranked.filter((e) => {
      if ((e.score ?? 0) < this.minScore) return false;
      if (this.mustHavesOnly && e.mustMet < e.mustTotal) return false;
      const decision = e.row.decision?.decision ?? 'undecided';
      if (this.status !== 'all' && decision !== this.status) return false;
      return !query || e.label.toLowerCase().includes(query) || e.fileLabel.toLowerCase().includes(query);
    });
    const dir = this.sortDescending ? -1 : 1;
    const key = (e: ShortlistEntry): number | string => {
      if (this.sortKey === 'score') return e.score ?? -1;
      if (this.sortKey === 'must') return e.mustTotal ? e.mustMet / e.mustTotal : 0;
      if (this.sortKey === 'decision') return e.row.decision?.decision ?? 'undecided';
      return e.row.candidate.ordinal;
    };
    return [...filtered].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : 0) * dir || a.row.candidate.ordinal - b.row.candidate.ordinal;
    });
  });

  /** Loads the job, rows and error rows; `false` when the job does not exist. */
  async load(): Promise<boolean> {
    const [job, rows, failed] = await Promise.all([getJob(this.jobId), listCandidateRows(this.jobId), listFailedItems(this.jobId)]);
    this.job = job;
    this.rows = rows;
    this.failed = failed;
    this.compare = this.compare.filter((id) => rows.some((r) => r.candidate.id === id));
    this.loaded = true;
    return job !== undefined;
  }

  /** Subscribes to changes of this job; returns the unsubscribe function for onDestroy. */
  subscribe(): () => void {
    const reload = ({ jobId }: { jobId: string }) => {
      if (jobId === this.jobId) void this.load();
    };
    const offs = [onEvent('candidates.changed', reload), onEvent('scores.updated', reload), onEvent('job.changed', reload)];
    return () => offs.forEach((off) => off());
  }

  /** Sorts by `key`, flipping direction when it is already the sort key. */
  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDescending = !this.sortDescending;
    else {
      this.sortKey = key;
      this.sortDescending = key !== 'candidate';
    }
  }

  /** Adds/removes a candidate from the compare pair (keeps the two most recent). */
  toggleCompare(candidateId: string): void {
    this.compare = this.compare.includes(candidateId) ? this.compare.filter((id) => id !== candidateId) : [...this.compare, candidateId].slice(-2);
  }

  private toEntry(row: CandidateRow): ShortlistEntry {
    const coverage = mustHaveCoverage(this.job?.job, row);
    return {
      row,
      label: candidateLabel(row.candidate, this.blind),
      fileLabel: fileLabel(row.candidate, this.blind),
      score: row.score ? Math.round(row.score.result.score) : null,
      mustMet: coverage.met,
      mustTotal: coverage.total
    };
  }
}
