/**
 * The job screen's state as a runes class: the job, its candidate rows, the recruiter's filters (score, must-haves,
 * decision, pipeline stage, search over the blind-safe row profile) and sort, the derived ranked list with counts
 * per stage, the compare selection (two or three), the row the keyboard acts on, the per-file error rows and the
 * files skipped as duplicates. Loads through repositories and reloads on app events; never writes (services do).
 *
 * Non-goals: actions (services/*.service.ts), layout (components/screening/*, components/pipeline/*).
 */
import type { Job } from '../core/job';
import type { RequirementVerdict } from '../core/score';
import { STAGES, matchesTerms, queryTerms, stageCounts, type CandidateProfile, type Stage } from '../core/shortlist';
import { getJob, listCandidateRows, listDuplicateItems, listFailedItems, type BatchItemRecord, type CandidateRow, type JobRecord, type ScoreRecord, type StageRecord } from '../db';
import { onEvent } from '../events';
import { requirementLabel } from './requirements';

/** Rows rendered per page of the shortlist table. */
export const PAGE_SIZE = 50;

/** Most candidates the compare screen puts side by side (it needs at least two). */
export const MAX_COMPARE = 3;

/** Query keys of the compare screen's candidate ids, in column order (`?a=…&b=…&c=…`). */
export const COMPARE_KEYS = ['a', 'b', 'c'] as const;

export type SortKey = 'score' | 'candidate' | 'must' | 'decision' | 'stage';
export type StatusFilter = 'all' | 'undecided' | 'selected' | 'rejected';
export type StageFilter = 'all' | Stage;

/** One must-have of the job with this candidate's verdict (a chip on the row). */
export interface MustChip {
  id: string;
  label: string;
  met: RequirementVerdict;
}

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
  /** The job's must-haves with this candidate's verdicts, in job order. */
  mustChips: MustChip[];
  /** Title, relevant years, skills and search text from the MASKED resume (safe in blind mode); null before scoring. */
  profile: CandidateProfile | null;
  stage: Stage;
}

/** A row's pipeline stage ('new' until it is moved). */
export function stageOf(row: CandidateRow): Stage {
  return row.stage?.stage ?? 'new';
}

/** The must-haves of a job as chips with the verdicts of one score (missing when the score has none). */
export function mustChips(job: Job | undefined, row: CandidateRow): MustChip[] {
  const verdicts = new Map((row.score?.result.requirements ?? []).map((r) => [r.requirementId, r.met]));
  return (job?.requirements ?? []).filter((r) => r.priority === 'must').map((r) => ({ id: r.id, label: requirementLabel(r), met: verdicts.get(r.id) ?? 'no' }));
}

/**
 * What the search may look at for one row: in blind mode the blind label, the file's type and size and the profile
 * (masked text, title, skills); with blind mode off also the name and file name (which the label and file label
 * then are).
 */
export function searchFields(entry: Pick<ShortlistEntry, 'label' | 'fileLabel' | 'profile'>): string[] {
  const p = entry.profile;
  return [entry.label, entry.fileLabel, ...(p ? [p.title ?? '', p.skills.join(' · '), p.searchText] : [])];
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

/** Ids of the job's must-have requirements. */
export function mustHaveIds(job: Job | undefined): Set<string> {
  return new Set((job?.requirements ?? []).filter((r) => r.priority === 'must').map((r) => r.id));
}

/** How many must-have requirements a score marks as met, out of the job's must-haves. */
export function mustHaveCoverage(musts: Set<string>, row: CandidateRow): { met: number; total: number } {
  const met = (row.score?.result.requirements ?? []).filter((r) => r.met === 'yes' && musts.has(r.requirementId)).length;
  return { met, total: musts.size };
}

export class ShortlistState {
  // Raw (not deeply proxied): rows are large and always replaced wholesale, never mutated in place.
  job = $state.raw<JobRecord | undefined>(undefined);
  rows = $state.raw<CandidateRow[]>([]);
  failed = $state.raw<BatchItemRecord[]>([]);
  duplicates = $state.raw<BatchItemRecord[]>([]);
  loaded = $state(false);
  minScore = $state(0);
  mustHavesOnly = $state(false);
  status = $state<StatusFilter>('all');
  stageFilter = $state<StageFilter>('all');
  search = $state('');
  sortKey = $state<SortKey>('score');
  sortDescending = $state(true);
  compare = $state<string[]>([]);
  blind = $state(true);
  /** How many rows the table renders (more on "Show more"): keeps re-renders cheap during a big batch. */
  limit = $state(PAGE_SIZE);
  /** The candidate the keyboard shortcuts act on (null: none yet). */
  activeId = $state<string | null>(null);

  constructor(readonly jobId: string) {}

  private musts = $derived(mustHaveIds(this.job?.job));

  /** All rows shaped for display, in rank order (score descending), before filters. */
  ranked = $derived.by(() => {
    const entries = this.rows.map((row) => this.toEntry(row));
    return entries.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.row.candidate.ordinal - b.row.candidate.ordinal);
  });

  /** Candidates at each pipeline stage (all rows, before filters). */
  stageCounts = $derived(stageCounts(this.ranked.map((e) => e.stage)));

  /** The visible list: filters applied, then the chosen sort. */
  visible = $derived.by(() => {
    const terms = queryTerms(this.search);
    const filtered = this.ranked.filter((e) => {
      if ((e.score ?? 0) < this.minScore) return false;
      if (this.mustHavesOnly && e.mustMet < e.mustTotal) return false;
      const decision = e.row.decision?.decision ?? 'undecided';
      if (this.status !== 'all' && decision !== this.status) return false;
      if (this.stageFilter !== 'all' && e.stage !== this.stageFilter) return false;
      return matchesTerms(terms, searchFields(e));
    });
    const dir = this.sortDescending ? -1 : 1;
    const key = (e: ShortlistEntry): number | string => {
      if (this.sortKey === 'score') return e.score ?? -1;
      if (this.sortKey === 'must') return e.mustTotal ? e.mustMet / e.mustTotal : 0;
      if (this.sortKey === 'decision') return e.row.decision?.decision ?? 'undecided';
      if (this.sortKey === 'stage') return STAGES.indexOf(e.stage);
      return e.row.candidate.ordinal;
    };
    return [...filtered].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      return (ka < kb ? -1 : ka > kb ? 1 : 0) * dir || a.row.candidate.ordinal - b.row.candidate.ordinal;
    });
  });

  /** Rank (1-based, by score) of each candidate id. */
  rankOf = $derived(new Map(this.ranked.map((entry, index) => [entry.row.candidate.id, index + 1])));

  /** The rows the table renders now (the first `limit` of the visible list). */
  page = $derived(this.visible.slice(0, this.limit));

  private loading: Promise<boolean> | null = null;
  private reloadRequested = false;

  /** Loads the job, rows and error rows; `false` when the job does not exist. Overlapping calls coalesce. */
  async load(): Promise<boolean> {
    if (this.loading) {
      this.reloadRequested = true;
      return this.loading;
    }
    this.loading = this.read().finally(() => {
      this.loading = null;
      if (this.reloadRequested) {
        this.reloadRequested = false;
        void this.load();
      }
    });
    return this.loading;
  }

  private async read(): Promise<boolean> {
    const [job, rows, failed, duplicates] = await Promise.all([getJob(this.jobId), listCandidateRows(this.jobId), listFailedItems(this.jobId), listDuplicateItems(this.jobId)]);
    this.job = job;
    this.rows = rows;
    this.failed = failed;
    this.duplicates = duplicates;
    this.compare = this.compare.filter((id) => rows.some((r) => r.candidate.id === id));
    this.loaded = true;
    return job !== undefined;
  }

  /** Subscribes to changes of this job; returns the unsubscribe function for onDestroy. */
  subscribe(): () => void {
    const mine = (jobId: string) => jobId === this.jobId;
    let pendingRows: CandidateRow[] = [];
    let pendingFailed: BatchItemRecord[] = [];
    let pendingDuplicates: BatchItemRecord[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** `current` plus those of `incoming` whose id it does not hold yet (a load() may already have them). */
    const appendNew = (current: BatchItemRecord[], incoming: BatchItemRecord[]) => {
      const have = new Set(current.map((f) => f.id));
      const fresh = incoming.filter((f) => !have.has(f.id));
      return fresh.length ? [...current, ...fresh] : current;
    };
    // New rows, error rows and duplicates arrive one per file: apply them together about once a second.
    const flush = () => {
      timer = undefined;
      const haveRows = new Set(this.rows.map((r) => r.candidate.id));
      const newRows = pendingRows.filter((r) => !haveRows.has(r.candidate.id));
      if (newRows.length) this.rows = [...this.rows, ...newRows];
      this.failed = appendNew(this.failed, pendingFailed);
      this.duplicates = appendNew(this.duplicates, pendingDuplicates);
      pendingRows = [];
      pendingFailed = [];
      pendingDuplicates = [];
    };
    const schedule = () => (timer ??= setTimeout(flush, 1000));
    const offs = [
      onEvent('candidates.changed', ({ jobId }) => mine(jobId) && void this.load()),
      onEvent('job.changed', ({ jobId }) => mine(jobId) && void this.load()),
      onEvent('candidate.added', ({ jobId, row }) => {
        if (!mine(jobId)) return;
        pendingRows.push(row);
        schedule();
      }),
      onEvent('item.failed', ({ jobId, item }) => {
        if (!mine(jobId)) return;
        pendingFailed.push(item);
        schedule();
      }),
      onEvent('item.duplicate', ({ jobId, item }) => {
        if (!mine(jobId)) return;
        pendingDuplicates.push(item);
        schedule();
      }),
      onEvent('stage.changed', ({ jobId, record }) => mine(jobId) && this.patchStage(record)),
      onEvent('scores.updated', ({ jobId, scores }) => {
        if (!mine(jobId)) return;
        flush();
        if (scores) this.patchScores(scores);
        else void this.load();
      })
    ];
    return () => {
      clearTimeout(timer);
      offs.forEach((off) => off());
    };
  }

  /** Replaces the scores of the rows they belong to (no database read). */
  private patchScores(scores: ScoreRecord[]): void {
    const byId = new Map(scores.map((s) => [s.candidateId, s]));
    this.rows = this.rows.map((row) => {
      const score = byId.get(row.candidate.id);
      return score ? { ...row, score } : row;
    });
  }

  /** Replaces the stage of the row it belongs to (no database read). */
  patchStage(record: StageRecord): void {
    this.rows = this.rows.map((row) => (row.candidate.id === record.candidateId ? { ...row, stage: record } : row));
  }

  /** Sorts by `key`, flipping direction when it is already the sort key. */
  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.sortDescending = !this.sortDescending;
    else {
      this.sortKey = key;
      this.sortDescending = key !== 'candidate';
    }
  }

  /** Adds/removes a candidate from the compare selection (keeps the MAX_COMPARE most recent). */
  toggleCompare(candidateId: string): void {
    this.compare = this.compare.includes(candidateId) ? this.compare.filter((id) => id !== candidateId) : [...this.compare, candidateId].slice(-MAX_COMPARE);
  }

  // Entries are reused while their row, blind mode and must-haves are unchanged, so appending rows during a
  // batch does not rebuild (and re-render) every existing row.
  private entryCache = new WeakMap<CandidateRow, { blind: boolean; job: Job | undefined; entry: ShortlistEntry }>();

  private toEntry(row: CandidateRow): ShortlistEntry {
    const cached = this.entryCache.get(row);
    const job = this.job?.job;
    if (cached && cached.blind === this.blind && cached.job === job) return cached.entry;
    const entry = this.buildEntry(row);
    this.entryCache.set(row, { blind: this.blind, job, entry });
    return entry;
  }

  private buildEntry(row: CandidateRow): ShortlistEntry {
    const coverage = mustHaveCoverage(this.musts, row);
    return {
      row,
      label: candidateLabel(row.candidate, this.blind),
      fileLabel: fileLabel(row.candidate, this.blind),
      // Exact: the rank follows the score itself, not its rounding (81.83 ranks above 81.74; both show 82).
      score: row.score ? row.score.result.score : null,
      mustMet: coverage.met,
      mustTotal: coverage.total,
      mustChips: mustChips(this.job?.job, row),
      profile: row.score?.profile ?? null,
      stage: stageOf(row)
    };
  }
}
